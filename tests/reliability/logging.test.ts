import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, requestIdFrom } from '../../src/logging.ts';
import { startHttpServer, type RunningServer } from '../../src/server/http.ts';
import type { GraphStore } from '../../src/store/GraphStore.ts';
import { EmbeddedStore } from '../../src/store/embedded/EmbeddedStore.ts';
import { captureLogs } from '../../testkit/logCapture.ts';

const API_KEY = 'logging-test-key-0123456789abcdef';
/** A string that must never appear in a log line: it is only ever sent as a variable. */
const VARIABLE_MARKER = 'variable-value-that-must-not-be-logged';

/** Every line the server logged. */
const logs = captureLogs('info');
const raw = logs.raw;
let server: RunningServer;
let store: EmbeddedStore;

beforeAll(async () => {
  store = new EmbeddedStore();
  await store.init();
  server = await startHttpServer({ store, port: 0, host: '127.0.0.1', apiKey: API_KEY, logger: logs.logger });
});
afterAll(async () => {
  await server?.close();
  await store?.close();
});
beforeEach(() => logs.clear());

const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('request logs', () => {
  it('writes one JSON line per request: id, method, path, status, duration, operation, error codes', async () => {
    const ok = await post({ query: 'query Counts { stats { nodeCount } }' });
    expect(ok.status).toBe(200);
    const failing = await post({ query: 'query Broken { papers(first: 1000) { totalCount } }' });
    expect(failing.status).toBe(200);
    await fetch(`${server.url}/health`);
    const logged = await logs.requestLines(3);
    expect(logged).toHaveLength(3);
    expect(logged[0]).toEqual({
      level: 'info',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      pid: process.pid,
      hostname: expect.any(String),
      reqId: ok.headers.get('x-request-id'),
      method: 'POST',
      path: '/graphql',
      status: 200,
      durationMs: expect.any(Number),
      operationName: 'Counts',
      operationType: 'query',
      msg: 'request',
    });
    expect(logged[1]).toMatchObject({ operationName: 'Broken', errorCodes: ['BAD_USER_INPUT'] });
    expect(logged[2]).toMatchObject({ method: 'GET', path: '/health', status: 200 });
    expect(logged[2]).not.toHaveProperty('operationName');
  });

  it('logs the code of errors raised before execution, and the status of refused HTTP requests', async () => {
    await post({ query: '{ nope }' });
    await post({ query: `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: stats { nodeCount }`).join(' ')} }` });
    await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
    const logged = await logs.requestLines(3);
    expect(logged.map((l) => [l.status, l.errorCodes])).toEqual([
      [200, ['GRAPHQL_VALIDATION_FAILED']],
      [400, ['QUERY_TOO_COMPLEX']],
      [415, undefined],
    ]);
  });

  it('honours a sane incoming x-request-id and echoes it; replaces anything else with a UUID', async () => {
    const sane = await post({ query: '{ __typename }' }, { 'x-request-id': 'trace-0af7651916cd43dd8448eb211c80319c' });
    expect(sane.headers.get('x-request-id')).toBe('trace-0af7651916cd43dd8448eb211c80319c');
    const forged = await post({ query: '{ __typename }' }, { 'x-request-id': '"},"level":"fatal' });
    const forgedId = forged.headers.get('x-request-id')!;
    expect(forgedId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const huge = await post({ query: '{ __typename }' }, { 'x-request-id': 'a'.repeat(129) });
    expect(huge.headers.get('x-request-id')).not.toBe('a'.repeat(129));
    const logged = await logs.requestLines(3);
    expect(logged.map((l) => l.reqId)).toEqual(['trace-0af7651916cd43dd8448eb211c80319c', forgedId, huge.headers.get('x-request-id')]);
    // Every response gets one, not only /graphql.
    expect((await fetch(`${server.url}/nowhere`)).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('never logs the API key, the Authorization header, query variables or a GET query string', async () => {
    const mutation = 'mutation Remove($id: ID!) { removePaper(id: $id) { ok } }';
    await post({ query: mutation, variables: { id: VARIABLE_MARKER } }, { authorization: `Bearer ${API_KEY}` });
    await post({ query: mutation, variables: { id: VARIABLE_MARKER } }, { authorization: `Bearer ${API_KEY}-wrong` });
    await fetch(`${server.url}/graphql?query=${encodeURIComponent(`{ paper(id: "${VARIABLE_MARKER}") { id } }`)}&apiKey=${API_KEY}`, {
      headers: { 'apollo-require-preflight': 'true', authorization: `Bearer ${API_KEY}` },
    });
    const logged = await logs.requestLines(3);
    expect(logged).toHaveLength(3);
    expect(logged.map((l) => l.errorCodes)).toEqual([undefined, ['UNAUTHENTICATED'], undefined]);
    expect(logged[2]!.path).toBe('/graphql');
    const all = raw.join('\n');
    expect(all).not.toContain(API_KEY);
    expect(all).not.toContain(VARIABLE_MARKER);
    expect(all.toLowerCase()).not.toContain('bearer');
  });

  it('redacts secrets even when code logs an object that holds them', () => {
    const captured: string[] = [];
    const logger = createLogger({ destination: { write: (line: string) => void captured.push(line) } });
    logger.info(
      {
        headers: { authorization: `Bearer ${API_KEY}` },
        config: { apiKey: API_KEY, neo4j: { password: 'hunter2' } },
        request: { variables: { id: 'x' } },
      },
      'oops',
    );
    logger.info({ apiKey: API_KEY, authorization: API_KEY }, 'top level');
    expect(captured.join('')).not.toContain(API_KEY);
    expect(captured.join('')).not.toContain('hunter2');
    expect(JSON.parse(captured[0]!)).toMatchObject({
      headers: { authorization: '[redacted]' },
      config: { apiKey: '[redacted]' },
      request: { variables: '[redacted]' },
    });
  });

  it('logs an unexpected resolver error once, with its stack and the request id; the client gets only the code', async () => {
    const failing: GraphStore = Object.create(store, {
      stats: { value: () => Promise.reject(new TypeError('store bug: cannot read x of undefined')) },
    });
    const captured = captureLogs('info');
    const broken = await startHttpServer({ store: failing, port: 0, host: '127.0.0.1', logger: captured.logger, production: true });
    try {
      const response = await fetch(`${broken.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ stats { nodeCount } }' }),
      });
      const body = (await response.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
      expect(body.errors).toEqual([
        { message: 'Internal server error', locations: expect.any(Array), path: ['stats'], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      ]);
      const reqId = response.headers.get('x-request-id');
      const errorLine = await captured.nextLine((l) => l.msg === 'unexpected error while executing an operation');
      expect(errorLine).toMatchObject({
        level: 'error',
        reqId,
        path: 'stats',
        err: { type: 'TypeError', message: 'store bug: cannot read x of undefined', stack: expect.stringContaining('TypeError') },
      });
      expect(await captured.nextLine((l) => l.msg === 'request')).toMatchObject({ reqId, errorCodes: ['INTERNAL_SERVER_ERROR'] });
    } finally {
      await broken.close();
    }
  });
});

describe('requestIdFrom', () => {
  it('keeps ids of 1 to 128 characters of letters, digits and ._:/+=- and replaces the rest', () => {
    for (const id of [
      'a',
      'req-1',
      '01HZX3J5Q6K7',
      '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      'YWJj+ZGVm/Zw==',
      'x'.repeat(128),
    ])
      expect(requestIdFrom(id)).toBe(id);
    for (const id of ['', ' ', 'a b', 'x'.repeat(129), 'id\u0000', 'ünï', '<script>', 'a"b']) expect(requestIdFrom(id)).not.toBe(id);
    expect(requestIdFrom(undefined)).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdFrom(['first', 'second'])).toBe('first');
  });
});
