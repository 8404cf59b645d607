import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging.ts';
import { startHttpServer, type RunningServer } from '../../src/server/http.ts';
import type { GraphStore } from '../../src/store/GraphStore.ts';
import { EmbeddedStore } from '../../src/store/embedded/EmbeddedStore.ts';

const API_KEY = 'timeout-test-key-0123456789abcdef';
const QUERY_TIMEOUT_MS = 300;

/**
 * A store that answers stats() and removePaper() only after `delayMs`: what a Neo4j whose Bolt
 * port is up while its database is still starting does to every query (it holds them).
 */
function slowStore(inner: GraphStore, delayMs: number): GraphStore {
  const later = <T>(value: () => Promise<T>) => new Promise<T>((resolve, reject) => setTimeout(() => value().then(resolve, reject), delayMs));
  return Object.create(inner, {
    stats: { value: () => later(() => inner.stats()) },
    removePaper: { value: (id: string) => later(() => inner.removePaper(id)) },
  });
}

let server: RunningServer;
const logged: Record<string, any>[] = [];

beforeAll(async () => {
  const memory = new EmbeddedStore();
  await memory.init();
  const logger = createLogger({ destination: { write: (line: string) => void logged.push(JSON.parse(line)) } });
  server = await startHttpServer({ store: slowStore(memory, 1_000), port: 0, host: '127.0.0.1', apiKey: API_KEY, logger, queryTimeoutMs: QUERY_TIMEOUT_MS });
});
afterAll(async () => {
  await server?.close();
});

const post = (query: string) =>
  fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` }, body: JSON.stringify({ query }) });

describe('a query the store does not answer in time', () => {
  it('is answered 503 SERVICE_UNAVAILABLE with Retry-After once queryTimeoutMs has passed, and logged so', async () => {
    const t0 = performance.now();
    const response = await post('query Slow { stats { nodeCount } }');
    const elapsed = performance.now() - t0;
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('2');
    const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors).toEqual([{ message: expect.stringMatching(/did not finish within 300 ms.*retry shortly/), extensions: { code: 'SERVICE_UNAVAILABLE' } }]);
    expect(elapsed).toBeGreaterThanOrEqual(QUERY_TIMEOUT_MS - 10);
    expect(elapsed).toBeLessThan(900); // well before the store's answer at 1 s
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(logged.find((l) => l.msg === 'request' && l.operationName === 'Slow')).toMatchObject({ status: 503, errorCodes: ['SERVICE_UNAVAILABLE'] });
  });

  it('leaves a quick query alone', async () => {
    const response = await post('{ __typename }');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('lets a mutation run to its end: a write cut short would still commit, unknown to the client', async () => {
    const t0 = performance.now();
    const response = await post('mutation { removePaper(id: "no-such-paper") { ok error { code } } }');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(950);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { removePaper: { ok: false, error: { code: 'NOT_FOUND' } } } });
  });
});
