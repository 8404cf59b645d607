import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import Assembler from 'stream-json/assembler.js';
import { jsonParser } from 'stream-json/parser.js';
import { InputError } from '../errors.ts';

/**
 * How records sit in a file: the elements of a JSON array, one JSON value per line, an array
 * inside a JSON object, or a text page (a Daily Papers page, read by its page format).
 */
export type Container = 'json-array' | 'jsonl' | 'json-object' | 'text';

/** One record as read, before it is mapped: its parsed value and where it starts. */
export interface RawRecord {
  value: unknown;
  /** 1-based line where the record starts (1 for every record of a one-line JSON file). */
  line: number;
  /** 1-based position among the file's records. */
  index: number;
}

/** A place in the file that is not valid JSON. In a JSON array nothing after it can be read. */
export interface Unreadable {
  error: InputError;
  index: number;
}

export type ReadItem = RawRecord | Unreadable;

/** Keys under which a JSON object holds its array of records (`{ "papers": [...] }` as the Daily Papers archive has it). */
export const RECORD_ARRAY_KEYS = ['papers', 'data', 'results', 'records', 'items', 'rows'] as const;

const PEEK_BYTES = 64 * 1024;

/**
 * Given a file, tells how its records are laid out from its first bytes: `[` starts a JSON array;
 * a first line that is a whole JSON object starts JSON lines (unless it is an object holding a
 * record array); any other `{` starts a JSON object holding a record array; anything else is a
 * text page. Throws InputError for a missing or empty file and for binary data.
 */
export async function detectContainer(file: string): Promise<Container> {
  const head = await readHead(file);
  const text = head.replace(/^\uFEFF/, '');
  const start = text.search(/\S/);
  if (start < 0)
    throw new InputError({ file, line: 1 }, 'the file is empty (expected JSON or JSON lines of paper records, or a Daily Papers page)');
  if (text.includes('\u0000'))
    throw new InputError({ file, line: 1 }, 'binary data (a NUL byte), not JSON or text; was the file saved as UTF-8 text?');
  const first = text[start];
  if (first === '[') return 'json-array';
  if (first !== '{') return 'text';
  const end = text.indexOf('\n', start);
  if (end < 0) return 'json-object'; // one long line: a minified document, not a list of lines
  try {
    const value = JSON.parse(text.slice(start, end)) as unknown;
    if (isObject(value) && RECORD_ARRAY_KEYS.some((k) => Array.isArray(value[k]))) return 'json-object';
    return 'jsonl';
  } catch {
    return 'json-object';
  }
}

/**
 * Streams the records of a file, in order, with their line and position; memory stays flat
 * whatever the file's size. Broken JSON is yielded as Unreadable with its file:line: in JSON
 * lines reading goes on at the next line, in a JSON document it is the last item.
 */
export function readRecords(file: string, container: Exclude<Container, 'text'>): AsyncGenerator<ReadItem> {
  return container === 'jsonl' ? readJsonLines(file) : readJsonDocument(file, container);
}

async function* readJsonLines(file: string): AsyncGenerator<ReadItem> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let line = 0;
  let index = 0;
  try {
    for await (const raw of lines) {
      line += 1;
      const text = line === 1 ? raw.replace(/^\uFEFF/, '') : raw;
      if (text.trim() === '') continue;
      index += 1;
      try {
        yield { value: JSON.parse(text) as unknown, line, index };
      } catch (error) {
        yield {
          error: new InputError({ file, line }, `broken JSON (${jsonErrorDetail(error)}); each line must be one JSON record`),
          index,
        };
      }
    }
  } finally {
    lines.close();
  }
}

interface Token {
  name: string;
  value?: unknown;
}

/**
 * Feeds stream-json's tokenizer one line at a time, so every token is known to come from the
 * line being fed (JSON text has no raw newlines inside strings): record starts and syntax errors
 * get exact line numbers. Each record is assembled alone; nothing else of the file is kept.
 */
async function* readJsonDocument(file: string, container: 'json-array' | 'json-object'): AsyncGenerator<ReadItem> {
  const tokenize = jsonParser({ packValues: true, streamValues: false }) as unknown as (text: string) => unknown;
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 });
  let line = 1;
  let depth = 0;
  /** Depth of the records array's elements, once it is found. */
  let recordDepth = -1;
  let pendingKey: string | null = null;
  let sawRoot = false;
  let finished = false;
  let index = 0;
  let assembler: Assembler | null = null;
  let recordLine = 0;
  const out: ReadItem[] = [];

  const fail = (reason: string): InputError => new InputError({ file, line }, reason);

  const onToken = (token: Token): void => {
    const opens = token.name === 'startObject' || token.name === 'startArray';
    const closes = token.name === 'endObject' || token.name === 'endArray';
    if (finished) throw fail('more JSON after the end of the document');
    if (depth === 0 && !sawRoot) {
      sawRoot = true;
      if (container === 'json-array' && token.name !== 'startArray') throw fail('expected a JSON array of records');
      if (container === 'json-array') recordDepth = 1;
      if (container === 'json-object' && token.name !== 'startObject') throw fail('expected a JSON object holding an array of records');
    }
    // A record starts: a value at the records array's depth.
    if (assembler === null && recordDepth >= 0 && depth === recordDepth && !closes && token.name !== 'keyValue') {
      index += 1;
      recordLine = line;
      if (!opens) {
        out.push({
          value: token.value === undefined ? null : token.name === 'numberValue' ? Number(token.value) : token.value,
          line,
          index,
        });
        return;
      }
      assembler = new Assembler();
    }
    if (assembler) {
      assembler.consume(token as never);
      if (opens) depth += 1;
      if (closes) depth -= 1;
      if (assembler.done) {
        out.push({ value: assembler.current, line: recordLine, index });
        assembler = null;
      }
      return;
    }
    if (token.name === 'keyValue' && depth === 1 && container === 'json-object') {
      pendingKey = String(token.value);
      return;
    }
    if (opens) {
      depth += 1;
      // The record array of a JSON object: the first known key whose value is an array.
      if (
        container === 'json-object' &&
        recordDepth === -1 &&
        depth === 2 &&
        token.name === 'startArray' &&
        RECORD_ARRAY_KEYS.includes(pendingKey as never)
      )
        recordDepth = 2;
    } else if (closes) {
      if (recordDepth >= 0 && depth === recordDepth) recordDepth = -2; // the record array ended; the rest is skipped
      depth -= 1;
      if (depth === 0) finished = true;
    }
    if (depth === 1) pendingKey = null;
  };

  try {
    let rest = '';
    let firstChunk = true;
    for await (const chunk of stream as AsyncIterable<string>) {
      let text = rest + chunk;
      if (firstChunk) text = text.replace(/^\uFEFF/, '');
      firstChunk = false;
      let from = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
        feed(text.slice(from, nl + 1));
        from = nl + 1;
        line += 1;
        yield* out.splice(0);
      }
      rest = text.slice(from);
      // A minified file is one huge line: feed it chunk by chunk rather than hold it whole.
      if (rest.length > 1024 * 1024) {
        feed(rest);
        rest = '';
        yield* out.splice(0);
      }
    }
    if (rest) feed(rest);
    yield* out.splice(0);
    if (!finished) {
      throw fail(
        !sawRoot
          ? 'the file is empty'
          : `the JSON ends too early (unclosed ${assembler ? `record ${index}` : depth > 1 ? 'array or object' : container === 'json-array' ? 'array' : 'object'}); was the file cut short?`,
      );
    }
    if (container === 'json-object' && recordDepth === -1) {
      throw new InputError(
        { file },
        `a JSON object with no array of records (expected a top-level array, or an object with one of ${RECORD_ARRAY_KEYS.join(', ')} holding one)`,
      );
    }
  } catch (error) {
    yield* out.splice(0);
    // The record still being assembled is the unreadable one; otherwise it is the next.
    if (error instanceof InputError) yield { error, index: assembler ? index : index + 1 };
    else throw error;
  } finally {
    stream.destroy();
  }

  function feed(text: string): void {
    let result: unknown;
    try {
      result = tokenize(text);
    } catch (error) {
      throw fail(`broken JSON (${(error as Error).message.replace(/^Parser /, 'the parser ')}); nothing after this point can be read`);
    }
    const tokens = (result as { values?: Token[] } | undefined)?.values;
    if (tokens) for (const token of tokens) onToken(token);
  }
}

/** Why a file cannot be opened ("no such file"), or null when it can be read. */
export async function unreadableFile(file: string): Promise<string | null> {
  try {
    const handle = await open(file, 'r');
    try {
      await handle.read(Buffer.alloc(1), 0, 1, 0);
    } finally {
      await handle.close();
    }
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT'
      ? 'no such file'
      : code === 'EISDIR'
        ? 'is a directory, expected a file'
        : code === 'EACCES'
          ? 'permission denied'
          : `cannot read: ${(error as Error).message}`;
  }
}

/** The first bytes of a file, as text; InputError when it cannot be read. */
async function readHead(file: string): Promise<string> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    throw new InputError({ file }, (await unreadableFile(file)) ?? 'cannot be opened');
  }
  try {
    const buffer = Buffer.alloc(PEEK_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, PEEK_BYTES, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EISDIR') throw new InputError({ file }, 'is a directory, expected a file');
    throw error;
  } finally {
    await handle.close();
  }
}

/** JSON.parse's message with the position as a column ("Unexpected token } at column 13"). */
function jsonErrorDetail(error: unknown): string {
  const message = (error as Error).message;
  const position = / in JSON at position (\d+)/.exec(message);
  const reason = message.replace(/ in JSON at position \d+.*$/, '').replace(/\s*\(line \d+ column \d+\)$/, '');
  return position ? `${reason} at column ${Number(position[1]) + 1}` : reason;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
