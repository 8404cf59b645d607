import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type HTTPGraphQLRequest, type HTTPGraphQLResponse } from '@apollo/server';
import type { Taxonomy } from '../extract/taxonomy.ts';
import { requestIdFrom, silentLogger, type Logger } from '../logging.ts';
import type { GraphStore } from '../store/GraphStore.ts';
import { EXPLORER_PATH, serveExplorer } from './explorer.ts';
import { createApollo, requestFacts, type RequestFacts } from './apollo.ts';
import { createContext, type Context } from './context.ts';
import { appendVary, createCorsHandler } from './cors.ts';
import { GRAPHIQL_ASSET_PREFIX, serveGraphiqlAsset, serveGraphiqlPage, wantsGraphiql } from './graphiql.ts';

/** Request bodies larger than this are refused with 413 before parsing. */
export const MAX_BODY_BYTES = 1_000_000;

/** Methods /graphql answers; anything else gets 405 with this as `Allow`. */
const GRAPHQL_METHODS = 'GET, POST, OPTIONS';

/** How long close() waits for requests in flight before cutting their connections, by default. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;

/**
 * /ready answers 503 when the store has not answered ping() within this. A Neo4j that is down
 * fails faster (see store/neo4j/driverConfig.ts); this bounds a store that hangs, so that a
 * load balancer's probe, typically given 1 to 5 s, gets an answer rather than its own timeout.
 */
export const READY_TIMEOUT_MS = 3_000;

/** The header carrying the request id, both ways. */
const REQUEST_ID_HEADER = 'x-request-id';

export interface ServerOptions {
  store: GraphStore;
  port: number;
  host: string;
  production?: boolean;
  /** The server's API key (PAPERGRAPH_API_KEY). Omitted or null: mutations are off. */
  apiKey?: string | null;
  /** The concept taxonomy ingest mutations match against. Omitted: an empty one (nothing matches). */
  taxonomy?: Taxonomy;
  /**
   * Origins whose pages may call /graphql from a browser (CORS), e.g. from CORS_ORIGINS through
   * parseCorsOrigins; `*` allows any origin. Omitted or empty: same-origin only.
   */
  corsOrigins?: readonly string[];
  /** One JSON line per request goes here (see logRequest); omitted: nothing is logged. */
  logger?: Logger;
  /** How long close() lets requests in flight finish; default DEFAULT_SHUTDOWN_TIMEOUT_MS. */
  shutdownTimeoutMs?: number;
  /**
   * How long a query may run before it is answered 503 SERVICE_UNAVAILABLE (QUERY_TIMEOUT_MS);
   * omitted: as long as it takes. Mutations always run to their end: a write cut short would
   * still commit, unknown to the client. A Neo4j that refuses connections fails faster (see
   * driverConfig.ts), but one whose Bolt port is up while its database is still starting or
   * recovering holds queries until the database is available, and nothing in the driver bounds that.
   */
  queryTimeoutMs?: number;
}

export interface RunningServer {
  url: string;
  server: Server;
  apollo: ApolloServer<Context>;
  /**
   * Stops taking connections, lets the requests in flight finish (their responses say
   * `Connection: close`, and /ready answers 503 meanwhile), cuts whatever is still running after
   * `shutdownTimeoutMs`, then stops Apollo. The store is the caller's to close. Resolves with
   * how many requests were in flight and how many of them had to be cut.
   */
  close(): Promise<{ inFlight: number; cut: number }>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, facts: RequestFacts) => Promise<void>;

/**
 * Starts the HTTP server and resolves once it listens:
 * - /graphql: GraphQL over HTTP (Apollo; GET and POST, CSRF prevention on), the GraphiQL page for
 *   browsers (GET with Accept preferring text/html and no `query`), CORS for `corsOrigins`;
 * - /graphql/assets/<name>: GraphiQL's scripts and stylesheets, from node_modules;
 * - /health: 200 while the process runs; /ready: 200 when the store answers ping() within
 *   READY_TIMEOUT_MS, else 503 with the reason (and 503 "stopping" while close() drains).
 * A query still running after `queryTimeoutMs`, when given, is answered 503 SERVICE_UNAVAILABLE (mutations run to the end).
 * Every response carries `x-request-id` (the request's own when sane, see requestIdFrom, else a
 * new UUID), and every request is logged as one line to `logger` when it ends (see logRequest).
 * Errors are JSON: 404 unknown path, 405 wrong method, 413 body over MAX_BODY_BYTES,
 * 415 POST body not JSON, 400 malformed JSON. Throws if `corsOrigins` holds something not an origin.
 */
export async function startHttpServer(options: ServerOptions): Promise<RunningServer> {
  const logger = options.logger ?? silentLogger();
  const cors = createCorsHandler(options.corsOrigins ?? []);
  const apollo = createApollo({ production: options.production, logger });
  await apollo.start();

  const lifecycle: Lifecycle = { stopping: false, inFlight: 0, onIdle: null };
  const handle = createHandler(options, apollo, cors, lifecycle);
  const server = createServer((req, res) => {
    const started = performance.now();
    const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    const facts: RequestFacts = { requestId, operationName: null, operationType: null, errorCodes: [] };
    lifecycle.inFlight += 1;
    // A keep-alive client must not send its next request on a connection about to be closed.
    if (lifecycle.stopping) res.setHeader('connection', 'close');
    let failure: unknown;
    res.once('close', () => {
      lifecycle.inFlight -= 1;
      logRequest(logger, req, res, facts, performance.now() - started, failure);
      if (lifecycle.inFlight === 0) lifecycle.onIdle?.();
    });
    handle(req, res, facts).catch((error: unknown) => {
      failure = error;
      if (!res.headersSent) sendError(res, 500, 'Internal server error', 'INTERNAL_SERVER_ERROR');
      else res.destroy(error as Error);
    });
  });
  // Slow clients cannot hold a connection open forever: headers within 10 s, the whole request
  // (at most MAX_BODY_BYTES) within 30 s.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
  let closing: Promise<{ inFlight: number; cut: number }> | undefined;
  return {
    url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`,
    server,
    apollo,
    close: () => (closing ??= drainAndClose(server, apollo, lifecycle, shutdownTimeoutMs)),
  };
}

/** The server's state as close() and the request handler share it. */
interface Lifecycle {
  stopping: boolean;
  inFlight: number;
  /** Called when the last request in flight has ended. */
  onIdle: (() => void) | null;
}

async function drainAndClose(server: Server, apollo: ApolloServer<Context>, lifecycle: Lifecycle, timeoutMs: number): Promise<{ inFlight: number; cut: number }> {
  lifecycle.stopping = true;
  const inFlight = lifecycle.inFlight;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // Keep-alive connections between requests would otherwise hold close() open until they time out.
  server.closeIdleConnections();
  const drained = await new Promise<boolean>((resolve) => {
    if (lifecycle.inFlight === 0) return resolve(true);
    const timer = setTimeout(() => resolve(false), timeoutMs);
    lifecycle.onIdle = () => {
      clearTimeout(timer);
      resolve(true);
    };
  });
  const cut = drained ? 0 : lifecycle.inFlight;
  if (drained) server.closeIdleConnections();
  else server.closeAllConnections();
  await closed;
  await apollo.stop();
  return { inFlight, cut };
}

/**
 * One line per request, when its response has gone out or its connection closed: the request id,
 * method, path (never the query string, which can hold a GET's query and variables), status,
 * duration, operation and error codes. Headers (the API key is one) and variables are never logged.
 */
function logRequest(logger: Logger, req: IncomingMessage, res: ServerResponse, facts: RequestFacts, durationMs: number, failure: unknown): void {
  const line: Record<string, unknown> = {
    reqId: facts.requestId,
    method: req.method,
    path: pathOf(req.url),
    status: res.statusCode,
    durationMs: Math.round(durationMs * 10) / 10,
  };
  if (facts.operationName) line.operationName = facts.operationName;
  if (facts.operationType) line.operationType = facts.operationType;
  if (facts.errorCodes.length > 0) line.errorCodes = [...new Set(facts.errorCodes)];
  if (!res.writableFinished) line.aborted = true;
  if (failure !== undefined) line.err = failure;
  if (res.statusCode >= 500) logger.error(line, 'request');
  else logger.info(line, 'request');
}

/** The path of a request target, without its query string; `/` for anything unparsable. */
function pathOf(target: string | undefined): string {
  try {
    return new URL(target ?? '/', 'http://localhost').pathname;
  } catch {
    return '/';
  }
}

/** Stands in when no taxonomy is given: ingest then matches no curated concept. */
const EMPTY_TAXONOMY: Taxonomy = { version: 1, concepts: [] };

function createHandler(options: ServerOptions, apollo: ApolloServer<Context>, cors: (req: IncomingMessage, res: ServerResponse) => boolean, lifecycle: Lifecycle): Handler {
  const contextInput = { store: options.store, taxonomy: options.taxonomy ?? EMPTY_TAXONOMY, apiKey: options.apiKey ?? null };
  const queryTimeoutMs = options.queryTimeoutMs ?? null;
  return async (req, res, facts) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    const path = url.pathname;

    if (path === '/health' || path === '/ready') {
      if (method !== 'GET' && method !== 'HEAD') return sendMethodNotAllowed(res, 'GET, HEAD');
      if (path === '/health') return sendJson(res, 200, { status: 'ok' });
      // Draining: tell the load balancer to send new requests elsewhere.
      if (lifecycle.stopping) return sendJson(res, 503, { status: 'stopping', store: options.store.kind });
      try {
        await withTimeout(options.store.ping(), READY_TIMEOUT_MS, `the ${options.store.kind} store did not answer within ${READY_TIMEOUT_MS} ms`);
        return sendJson(res, 200, { status: 'ready', store: options.store.kind });
      } catch (error) {
        return sendJson(res, 503, { status: 'unavailable', store: options.store.kind, error: (error as Error).message });
      }
    }
    if (path.startsWith(GRAPHIQL_ASSET_PREFIX)) {
      if (method !== 'GET' && method !== 'HEAD') return sendMethodNotAllowed(res, 'GET, HEAD');
      // The name is looked up in an allow-list, never joined into a file path.
      return serveGraphiqlAsset(path.slice(GRAPHIQL_ASSET_PREFIX.length), req, res);
    }
    if (path === EXPLORER_PATH || path.startsWith(`${EXPLORER_PATH}/`)) {
      if (method !== 'GET' && method !== 'HEAD') return sendMethodNotAllowed(res, 'GET, HEAD');
      return serveExplorer(path, req, res);
    }
    if (path !== '/graphql') return sendJson(res, 404, { error: `no route ${path}; GraphQL is at /graphql` });

    if (cors(req, res)) return; // a preflight, answered
    if (method === 'OPTIONS') {
      // Not a preflight we allow (same-origin, or a foreign origin that gets no CORS headers, so the browser refuses).
      res.statusCode = 204;
      res.setHeader('allow', GRAPHQL_METHODS);
      res.end();
      return;
    }
    if (wantsGraphiql(method, url.searchParams, req.headers.accept)) {
      appendVary(res, 'Accept');
      return serveGraphiqlPage(res);
    }
    // Apollo would answer these too, but with an Allow header that omits OPTIONS.
    if (method !== 'GET' && method !== 'POST') return sendMethodNotAllowed(res, GRAPHQL_METHODS);

    let body: unknown;
    if (method === 'POST') {
      const parsed = await readJsonBody(req);
      if (!parsed.ok) return sendError(res, parsed.status, parsed.message, parsed.code, parsed.headers);
      body = parsed.value;
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    // Apollo runs its CSRF prevention here: a GET (or a POST with a CORS-safelisted content type,
    // which readJsonBody already refused) must carry apollo-require-preflight or
    // x-apollo-operation-name, else it gets 400 without executing, so a foreign page cannot run
    // an operation through a plain <img> or <form> request.
    const httpGraphQLRequest: HTTPGraphQLRequest = { method, headers, search: url.search, body };
    requestFacts.set(httpGraphQLRequest, facts);
    const execution = apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest,
      context: () => createContext({ ...contextInput, authorization: req.headers.authorization }),
    });
    const response = queryTimeoutMs === null ? await execution : await withDeadline(execution, queryTimeoutMs, () => facts.operationType !== 'mutation');
    if (response === DEADLINE_PASSED) {
      // The execution goes on unobserved (it cannot be cancelled); its store calls end on their own timeouts.
      execution.catch(() => undefined);
      facts.errorCodes = ['SERVICE_UNAVAILABLE'];
      return sendError(res, 503, `The query did not finish within ${queryTimeoutMs} ms: the graph store is slow or unreachable right now; retry shortly (GET /ready reports its state).`, 'SERVICE_UNAVAILABLE', {
        'retry-after': '2',
      });
    }
    for (const [key, value] of response.headers) {
      if (key === 'vary') value.split(',').forEach((field) => appendVary(res, field.trim()));
      else res.setHeader(key, value);
    }
    // The response's media type depends on Accept (application/json or application/graphql-response+json).
    appendVary(res, 'Accept');
    res.statusCode = legacyJsonStatus(response);
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
}

/**
 * Apollo error codes of a well-formed HTTP request whose GraphQL document or variables are at
 * fault (it does not parse, does not validate, names no operation of the document, or its
 * variables do not coerce). Apollo answers them with 400 whatever the response media type.
 */
const REQUEST_ERROR_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'OPERATION_RESOLUTION_FAILURE', 'BAD_USER_INPUT']);

/**
 * The status to send for Apollo's response. GraphQL over HTTP asks for 200 on such request errors
 * when the response is `application/json` (legacy clients treat any non-2xx as a transport
 * failure and would never read the errors), while `application/graphql-response+json` keeps
 * Apollo's 400. Malformed HTTP requests (code BAD_REQUEST, e.g. the CSRF check) keep their 400.
 */
function legacyJsonStatus(response: HTTPGraphQLResponse): number {
  const status = response.status ?? 200;
  if (status !== 400 || response.body.kind !== 'complete') return status;
  if (mediaType(response.headers.get('content-type')) !== 'application/json') return status;
  let result: unknown;
  try {
    result = JSON.parse(response.body.string);
  } catch {
    return status;
  }
  if (typeof result !== 'object' || result === null || 'data' in result || !('errors' in result) || !Array.isArray(result.errors)) return status;
  const codes = result.errors.map((error: unknown) => (error as { extensions?: { code?: unknown } } | null)?.extensions?.code);
  return codes.length > 0 && codes.every((code) => typeof code === 'string' && REQUEST_ERROR_CODES.has(code)) ? 200 : status;
}

type BodyResult =
  | { ok: true; value: unknown }
  | { ok: false; status: 400 | 413 | 415; message: string; code: string; headers?: Record<string, string> };

/**
 * How much of a refused (too large) body is read and thrown away so that the client, which is
 * still uploading, gets to read the 413: a client stops at its first write error, before
 * reading the response. Past this the connection is cut rather than tie the server up.
 */
const MAX_DISCARD_BYTES = 16 * MAX_BODY_BYTES;

/**
 * Reads and parses a POST body. GraphQL over HTTP requests are `application/json`, in UTF-8
 * (assumed when no charset is given); a body over MAX_BODY_BYTES is refused (413) as soon as its
 * Content-Length or its streamed size shows it, without buffering it. An empty body is
 * `undefined`, which Apollo answers with its own 400.
 */
async function readJsonBody(req: IncomingMessage): Promise<BodyResult> {
  const contentType = req.headers['content-type'];
  if (mediaType(contentType) !== 'application/json') {
    return { ok: false, status: 415, message: 'POST requests must have content-type: application/json', code: 'UNSUPPORTED_MEDIA_TYPE' };
  }
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    return { ok: false, status: 415, message: `request bodies must be UTF-8, not ${charset}`, code: 'UNSUPPORTED_MEDIA_TYPE' };
  }
  const tooLarge = { ok: false, status: 413, message: `request body larger than ${MAX_BODY_BYTES} bytes`, code: 'PAYLOAD_TOO_LARGE' } as const;
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

const DEADLINE_PASSED = Symbol('deadline passed');

/**
 * Settles like `promise`, or with DEADLINE_PASSED once `ms` have passed and `cut()` agrees; when
 * it does not (a mutation), waits for the promise after all.
 */
async function withDeadline<T>(promise: Promise<T>, ms: number, cut: () => boolean): Promise<T | typeof DEADLINE_PASSED> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<typeof DEADLINE_PASSED | null>((resolve) => {
    timer = setTimeout(() => resolve(cut() ? DEADLINE_PASSED : null), ms);
  });
  try {
    const first = await Promise.race([promise, deadline]);
    return first === null ? await promise : first;
  } finally {
    clearTimeout(timer);
  }
}

/** Settles like `promise`, or rejects with `message` after `ms`. */
async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The lower-case type/subtype of a Content-Type value, without parameters; '' when absent. */
function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  for (const [key, headerValue] of Object.entries(headers)) res.setHeader(key, headerValue);
  res.end(JSON.stringify(value));
}

/** A GraphQL-shaped error response (`errors[0].extensions.code`), as clients of /graphql expect. */
function sendError(res: ServerResponse, status: number, message: string, code: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { errors: [{ message, extensions: { code } }] }, headers);
}

function sendMethodNotAllowed(res: ServerResponse, allow: string): void {
  sendError(res, 405, `method not allowed; use ${allow}`, 'METHOD_NOT_ALLOWED', { allow });
}
