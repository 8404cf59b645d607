import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type RunningServer } from '../../src/server/http.ts';
import { EmbeddedStore } from '../../src/store/embedded/EmbeddedStore.ts';
import { smallGraph } from '../fixtures/smallGraph.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'papergraph-metrics-'));
let store: EmbeddedStore;
let server: RunningServer;

beforeAll(async () => {
  store = new EmbeddedStore({ dataDir });
  await store.init();
  await store.upsert(smallGraph());
  server = await startHttpServer({ store, port: 0, host: '127.0.0.1', dataDir });
});
afterAll(async () => {
  await server?.close();
  await store?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const graphql = (query: string) =>
  fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });

/** One sample of the exposition: its metric name, labels and value. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses the Prometheus text format's sample lines (comments skipped). */
function samples(text: string): Sample[] {
  return text.split('\n').flatMap((line) => {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) return [];
    const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]));
    return [{ name: match[1]!, labels, value: Number(match[3]) }];
  });
}

/** The value of the one sample of `name` whose labels include `labels`; undefined when there is none. */
function valueOf(all: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const found = all.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return found[0]?.value;
}

async function scrape(): Promise<Sample[]> {
  const response = await fetch(`${server.url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return samples(await response.text());
}

// Two lookups by id in one request: their relation loads go through the DataLoaders in one tick
// (a page of papers would bring them along with the page, past the loaders).
const PAPER_FIELDS = 'id concepts { concept { id name } } repositories { url }';
const PAPERS = `query Papers { a: paper(id: "p-alpha") { ${PAPER_FIELDS} } b: paper(id: "2401.00001") { ${PAPER_FIELDS} } }`;

describe('/metrics', () => {
  it('counts GraphQL requests by operation name, type and outcome, with their latency and error codes', async () => {
    expect((await graphql(PAPERS)).status).toBe(200);
    expect((await graphql('query Bad { papers(first: 1000) { totalCount } }')).status).toBe(200);
    const all = await scrape();
    expect(valueOf(all, 'papergraph_graphql_requests_total', { operation: 'Papers', type: 'query', outcome: 'ok' })).toBe(1);
    expect(valueOf(all, 'papergraph_graphql_requests_total', { operation: 'Bad', type: 'query', outcome: 'error' })).toBe(1);
    expect(valueOf(all, 'papergraph_graphql_errors_total', { code: 'BAD_USER_INPUT' })).toBe(1);
    expect(valueOf(all, 'papergraph_graphql_request_duration_seconds_count', { operation: 'Papers', type: 'query' })).toBe(1);
    expect(valueOf(all, 'papergraph_graphql_request_duration_seconds_bucket', { operation: 'Papers', type: 'query', le: '+Inf' })).toBe(1);
    expect(valueOf(all, 'papergraph_http_requests_total', { route: '/graphql', status: '200' })).toBe(2);
    // The scrape itself is the one request in flight.
    expect(valueOf(all, 'papergraph_http_requests_in_flight')).toBe(1);
  });

  it('records the store calls of each request and the keys of each DataLoader batch', async () => {
    const all = await scrape();
    // Both papers' concepts in one batch of two keys: the loaders batch.
    expect(valueOf(all, 'papergraph_dataloader_batch_size_count', { read: 'relationships:MENTIONS:out' })).toBe(1);
    expect(valueOf(all, 'papergraph_dataloader_batch_size_sum', { read: 'relationships:MENTIONS:out' })).toBe(2);
    expect(valueOf(all, 'papergraph_dataloader_batch_size_sum', { read: 'relationships:HAS_CODE:out' })).toBe(2);
    expect(valueOf(all, 'papergraph_store_calls_total', { method: 'readBatch' })).toBeGreaterThanOrEqual(1);
    // Calls per request add up to the calls by method: the same calls, counted twice.
    const byMethod = all.filter((s) => s.name === 'papergraph_store_calls_total').reduce((sum, s) => sum + s.value, 0);
    expect(valueOf(all, 'papergraph_graphql_store_calls_sum')).toBe(byMethod);
    expect(valueOf(all, 'papergraph_graphql_store_calls_count')).toBe(2);
  });

  it("reports the store's size: nodes and relationships from stats(), and the embedded database files", async () => {
    const all = await scrape();
    expect(valueOf(all, 'papergraph_store_nodes', { store: 'embedded', label: 'Paper' })).toBe(2);
    expect(valueOf(all, 'papergraph_store_nodes', { store: 'embedded', label: 'Concept' })).toBe(3);
    expect(valueOf(all, 'papergraph_store_relationships', { store: 'embedded', type: 'MENTIONS' })).toBe(3);
    expect(valueOf(all, 'papergraph_embedded_database_bytes', { file: 'papergraph.db' })).toBeGreaterThan(0);
    expect(valueOf(all, 'papergraph_embedded_database_bytes', { file: 'papergraph.db-wal' })).toBeGreaterThanOrEqual(0);
    expect(valueOf(all, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('keeps operation labels bounded: names past the first 200, and names that are not GraphQL names, count as other', async () => {
    for (let i = 0; i < 205; i += 1) await graphql(`query Name${i} { __typename }`);
    await graphql('{ __typename }');
    const all = await scrape();
    const operations = new Set(all.filter((s) => s.name === 'papergraph_graphql_requests_total').map((s) => s.labels.operation));
    expect(operations.size).toBeLessThanOrEqual(200 + 2);
    expect(valueOf(all, 'papergraph_graphql_requests_total', { operation: 'other', type: 'query', outcome: 'ok' })).toBe(7);
    expect(valueOf(all, 'papergraph_graphql_requests_total', { operation: 'anonymous', type: 'query', outcome: 'ok' })).toBe(1);
  });

  it('answers only GET and HEAD', async () => {
    const response = await fetch(`${server.url}/metrics`, { method: 'POST' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });
});
