import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type RunningServer } from '../../src/server/http.ts';
import type { GraphStore } from '../../src/store/GraphStore.ts';
import { EmbeddedStore } from '../../src/store/embedded/EmbeddedStore.ts';
import { captureLogs } from '../../testkit/logCapture.ts';

const API_KEY = 'timeout-test-key-0123456789abcdef';
const QUERY_TIMEOUT_MS = 300;

/** A promise the test resolves, and one that tells when the store has been reached. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  let reach!: () => void;
  const reached = new Promise<void>((resolve) => (reach = resolve));
  return { open, opened, reach, reached };
}

/**
 * A store whose stats() and removePaper() answer only once the test opens their gate: what a
 * Neo4j whose Bolt port is up while its database is still starting does to every query (it holds them).
 */
function heldStore(inner: GraphStore) {
  const stats = gate();
  const remove = gate();
  const store: GraphStore = Object.create(inner, {
    stats: {
      value: async () => {
        stats.reach();
        await stats.opened;
        return inner.stats();
      },
    },
    removePaper: {
      value: async (id: string) => {
        remove.reach();
        await remove.opened;
        return inner.removePaper(id);
      },
    },
  });
  return { store, stats, remove };
}

let server: RunningServer;
let held: ReturnType<typeof heldStore>;
const logs = captureLogs('info');

beforeAll(async () => {
  const memory = new EmbeddedStore();
  await memory.init();
  held = heldStore(memory);
  server = await startHttpServer({
    store: held.store,
    port: 0,
    host: '127.0.0.1',
    apiKey: API_KEY,
    logger: logs.logger,
    queryTimeoutMs: QUERY_TIMEOUT_MS,
  });
});
afterAll(async () => {
  held?.stats.open();
  held?.remove.open();
  await server?.close();
});

const post = (query: string) =>
  fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
    body: JSON.stringify({ query }),
  });

describe('a query the store does not answer in time', () => {
  it('is answered 503 SERVICE_UNAVAILABLE with Retry-After while the store still holds it, and logged so', async () => {
    // The store never answers until the test says so: only the deadline can produce this response.
    const response = await post('query Slow { stats { nodeCount } }');
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('2');
    const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors).toEqual([
      { message: expect.stringMatching(/did not finish within 300 ms.*retry shortly/), extensions: { code: 'SERVICE_UNAVAILABLE' } },
    ]);
    expect(await logs.nextLine((l) => l.msg === 'request' && l.operationName === 'Slow')).toMatchObject({
      status: 503,
      errorCodes: ['SERVICE_UNAVAILABLE'],
    });
  });

  it('leaves a quick query alone', async () => {
    const response = await post('{ __typename }');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('lets a mutation run to its end: a write cut short would still commit, unknown to the client', async () => {
    const mutation = post('mutation Remove { removePaper(id: "no-such-paper") { ok error { code } } }');
    await held.remove.reached;
    // A query sent after the mutation reached the store: once it is cut, the mutation's own
    // deadline (as long, set earlier) has passed too.
    expect((await post('query AfterIt { stats { nodeCount } }')).status).toBe(503);
    let answered = false;
    void mutation.then(() => (answered = true));
    await logs.nextLine((l) => l.msg === 'request' && l.operationName === 'AfterIt');
    expect(answered).toBe(false);
    held.remove.open();
    const response = await mutation;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { removePaper: { ok: false, error: { code: 'NOT_FOUND' } } } });
  });
});
