import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { GraphDocument } from '../../src/domain/graph.ts';
import { ingestDocument } from '../../src/ingestion/write.ts';
import { startHttpServer, type RunningServer } from '../../src/server/http.ts';
import { Deadline, QueryDeadlineError, runWithDeadline } from '../../src/store/deadline.ts';
import type { GraphStore } from '../../src/store/GraphStore.ts';
import { EmbeddedStore } from '../../src/store/embedded/EmbeddedStore.ts';
import { Neo4jStore } from '../../src/store/neo4j/Neo4jStore.ts';
import { captureLogs } from '../../testkit/logCapture.ts';
import { waitFor } from '../../testkit/processes.ts';
import { smallGraph } from '../fixtures/smallGraph.ts';

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

/**
 * A star of `papers` papers around one concept, each also mentioning one of 50 others: a depth-3
 * neighbourhood of the hub walks every node and edge, thousands of steps.
 */
function starGraph(papers: number): GraphDocument {
  const concept = (id: string) => ({ id, name: id, kind: 'THEORY' as const, aliases: [], description: null, curated: false });
  const mention = (from: string, to: string) => ({
    type: 'MENTIONS' as const,
    from,
    to,
    properties: { count: 1, weight: 1, evidence: [], extractor: 'test' },
  });
  const ids = Array.from({ length: papers }, (_, i) => `star-${i}`);
  return {
    papers: ids.map((id) => ({
      id,
      title: `Star paper ${id}`,
      abstract: 'A paper.',
      arxivId: null,
      url: null,
      publishedAt: null,
      venue: null,
      keywords: [],
      sources: ['star.txt'],
    })),
    concepts: [concept('hub'), ...Array.from({ length: 50 }, (_, i) => concept(`leaf-${i}`))],
    methods: [],
    authors: [],
    repositories: [],
    relationships: ids.flatMap((id, i) => [mention(id, 'hub'), mention(id, `leaf-${i % 50}`)]),
  };
}

/** A store wrapper that keeps the promise of every call to `method`, to see how the store call ended. */
function watched(inner: GraphStore, method: keyof GraphStore) {
  const calls: Promise<unknown>[] = [];
  const store: GraphStore = Object.create(inner, {
    [method]: {
      value: (...args: unknown[]) => {
        const call = (inner[method] as (...a: unknown[]) => Promise<unknown>).apply(inner, args);
        calls.push(call);
        return call;
      },
    },
  });
  return { store, calls };
}

const outcome = (call: Promise<unknown>) =>
  call.then(
    () => 'answered',
    (error: unknown) => error,
  );

describe('the embedded traversals under a deadline', () => {
  const store = new EmbeddedStore();
  beforeAll(async () => {
    await store.init();
    await store.upsert(smallGraph());
  });
  afterAll(() => store.close());

  const passed = () => new Deadline(0);

  it('gives up conceptPath, neighborhood, papersSharingMethods and similarPapers with QueryDeadlineError once the deadline has passed', async () => {
    await expect(runWithDeadline(passed(), () => store.conceptPath('hessian', 'optimization', 6))).rejects.toBeInstanceOf(
      QueryDeadlineError,
    );
    await expect(runWithDeadline(passed(), () => store.neighborhood(['hessian'], 2, 100, ['MENTIONS', 'RELATED']))).rejects.toBeInstanceOf(
      QueryDeadlineError,
    );
    await expect(runWithDeadline(passed(), () => store.papersSharingMethods('2401.00001', 10, 1))).rejects.toMatchObject({
      code: 'QUERY_TIMEOUT',
    });
    await expect(runWithDeadline(passed(), () => store.similarPapers('2401.00001', 10))).rejects.toMatchObject({ code: 'QUERY_TIMEOUT' });
  });

  it('answers the same traversals in full before the deadline, and without one', async () => {
    const later = new Deadline(60_000);
    expect(await runWithDeadline(later, () => store.conceptPath('hessian', 'optimization', 6))).toEqual(
      await store.conceptPath('hessian', 'optimization', 6),
    );
    expect((await runWithDeadline(later, () => store.papersSharingMethods('2401.00001', 10, 1))).map((o) => o.paper.id)).toEqual([
      'p-alpha',
    ]);
  });

  it('does not cut a deadline that does not apply (a mutation)', async () => {
    const lifted = new Deadline(0, () => false);
    expect((await runWithDeadline(lifted, () => store.neighborhood(['hessian'], 1, 100, ['MENTIONS']))).nodes.length).toBeGreaterThan(1);
  });
});

describe('a heavy neighbourhood over the HTTP API on the embedded store, with QUERY_TIMEOUT_MS of 1 ms', () => {
  let cut: RunningServer;
  let watch: ReturnType<typeof watched>;
  beforeAll(async () => {
    const store = new EmbeddedStore();
    await store.init();
    await ingestDocument(store, starGraph(3000));
    watch = watched(store, 'neighborhood');
    cut = await startHttpServer({
      store: watch.store,
      port: 0,
      host: '127.0.0.1',
      apiKey: API_KEY,
      logger: logs.logger,
      queryTimeoutMs: 1,
    });
  });
  afterAll(() => cut?.close());

  it('is answered 503 with Retry-After, and the traversal itself was cut (it did not run on to its end)', async () => {
    const response = await fetch(`${cut.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ neighborhood(ids: ["hub"], depth: 3, limit: 1000) { nodes { id } edges { id } } }' }),
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors.map((e) => e.extensions.code)).toEqual([
      'SERVICE_UNAVAILABLE',
    ]);
    expect(watch.calls).toHaveLength(1);
    expect(await outcome(watch.calls[0]!)).toMatchObject({ name: 'QueryDeadlineError', code: 'QUERY_TIMEOUT' });
  });
});

describe('a read on Neo4j that cannot finish before QUERY_TIMEOUT_MS', () => {
  const MARKER = 'papergraph-query-timeout-test';
  // Counts to a billion: minutes of work whatever the data, so only the deadline can end it.
  const slowRead = { text: `UNWIND range(1, 1000000000) AS x WITH x WHERE x < 0 RETURN count(x) AS n, '${MARKER}' AS marker`, params: {} };
  const neo4jStore = new Neo4jStore({ uri: inject('neo4jUri') });
  let server: RunningServer;
  let watch: ReturnType<typeof watched>;
  /** Transactions now running the slow read (not counting the SHOW TRANSACTIONS that lists them). */
  const running = async () =>
    (
      await neo4jStore.query({
        text: 'SHOW TRANSACTIONS YIELD transactionId, currentQuery WHERE currentQuery CONTAINS $marker AND NOT currentQuery STARTS WITH "SHOW" RETURN transactionId',
        params: { marker: MARKER },
      })
    ).map((r) => r.transactionId as string);

  beforeAll(async () => {
    await neo4jStore.init();
    // stats() stands for any read the store makes: here it is one that cannot finish in time.
    const slow: GraphStore = Object.create(neo4jStore, { stats: { value: () => neo4jStore.query(slowRead) } });
    watch = watched(slow, 'stats');
    server = await startHttpServer({
      store: watch.store,
      port: 0,
      host: '127.0.0.1',
      apiKey: API_KEY,
      logger: logs.logger,
      queryTimeoutMs: 1_500,
    });
  });
  afterAll(async () => {
    await server?.close();
    await neo4jStore.close();
  });

  it('is answered 503 with Retry-After, and Neo4j terminated its transaction at the deadline', async () => {
    const answer = fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query SlowOnNeo4j { stats { nodeCount } }' }),
    });
    const [transaction] = await waitFor(
      'the slow read to be running in Neo4j',
      async () => ((await running()).length > 0 ? await running() : undefined),
      10_000,
      50,
    );
    expect(transaction).toEqual(expect.any(String));
    const response = await answer;
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors.map((e) => e.extensions.code)).toEqual([
      'SERVICE_UNAVAILABLE',
    ]);
    // The store call failed with Neo4j's own timeout (the transaction config the store set), and the transaction is gone.
    expect(await outcome(watch.calls[0]!)).toMatchObject({
      code: expect.stringMatching(/^Neo\.ClientError\.Transaction\.TransactionTimedOut/),
    });
    expect(await running()).toEqual([]);
  });
});
