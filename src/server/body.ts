import type { IncomingMessage } from 'node:http';
import { mediaType } from './responses.ts';

/** Request bodies larger than this are refused with 413 before parsing. */
export const MAX_BODY_BYTES = 1_000_000;

/**
 * How much of a refused (too large) body is read and thrown away so that the client, which is
 * still uploading, gets to read the 413: a client stops at its first write error, before
 * reading the response. Past this the connection is cut rather than tie the server up.
 */
const MAX_DISCARD_BYTES = 16 * MAX_BODY_BYTES;

/** A parsed body, or the error response to send instead. */
export type BodyResult =
  { ok: true; value: unknown } | { ok: false; status: 400 | 413 | 415; message: string; code: string; headers?: Record<string, string> };

/**
 * Reads and parses a POST body. GraphQL over HTTP requests are `application/json`, in UTF-8
 * (assumed when no charset is given); a body over MAX_BODY_BYTES is refused (413) as soon as its
 * Content-Length or its streamed size shows it, without buffering it. An empty body is
 * `undefined`, which Apollo answers with its own 400.
 */
export async function readJsonBody(req: IncomingMessage): Promise<BodyResult> {
  const contentType = req.headers['content-type'];
  if (mediaType(contentType) !== 'application/json') {
    return { ok: false, status: 415, message: 'POST requests must have content-type: application/json', code: 'UNSUPPORTED_MEDIA_TYPE' };
  }
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    return { ok: false, status: 415, message: `request bodies must be UTF-8, not ${charset}`, code: 'UNSUPPORTED_MEDIA_TYPE' };
  }
  const tooLarge = {
    ok: false,
    status: 413,
    message: `request body larger than ${MAX_BODY_BYTES} bytes`,
    code: 'PAYLOAD_TOO_LARGE',
  } as const;
  const declared = Number(req.headers['content-length']);
  // Not worth reading: Node closes the connection once the 413 is out (the client may see only that).
  if (declared > MAX_DISCARD_BYTES) return { ...tooLarge, headers: { connection: 'close' } };
  if (declared > MAX_BODY_BYTES) {
    discardBody(req, 0);
    return tooLarge;
  }
  const raw = await readBody(req);
  if (raw === null) return tooLarge;
  if (raw.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch {
    return { ok: false, status: 400, message: 'the request body is not valid JSON', code: 'BAD_REQUEST' };
  }
}

/** The body as UTF-8 text, or null as soon as it passes MAX_BODY_BYTES (the rest is discarded, see discardBody). */
function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) return void chunks.push(chunk);
      req.off('data', onData);
      discardBody(req, size);
      resolve(null);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
    // A client that hangs up mid-body: settle, so the handler does not wait forever.
    req.on('close', () => {
      if (!req.complete) reject(new Error('the client closed the connection before the request body ended'));
    });
  });
}

/**
 * Reads the rest of a refused body without keeping it, so the connection stays usable and the
 * client reads the 413; cuts the connection once more than MAX_DISCARD_BYTES have come in.
 */
function discardBody(req: IncomingMessage, alreadyRead: number): void {
  let read = alreadyRead;
  req.on('data', (chunk: Buffer) => {
    read += chunk.length;
    if (read > MAX_DISCARD_BYTES) req.socket.destroy();
  });
  req.resume();
}
