import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ingestDocument } from '../../src/ingestion/write.ts';
import { startHttpServer, type RunningServer } from '../../src/server/http.ts';
import { RELATION_LOADS } from '../../src/server/relationLoads.ts';
import { EmbeddedStore } from '../../src/store/embedded/EmbeddedStore.ts';
import { countingStore } from '../api/countingStore.ts';
import { smallGraph } from '../fixtures/smallGraph.ts';

/** What each relation field of the look-ahead is asked for in these tests: one entry per RELATION_LOADS entry. */
const SELECTIONS: Record<keyof typeof RELATION_LOADS, Record<string, string>> = {
  Paper: {
    concepts: 'concepts { weight concept { id name } }',
    methods: 'methods { id name }',
    proposes: 'proposes { id }',
    repositories: 'repositories { id url }',
    authors: 'authors { name }',
  },
  Concept: {
    broader: 'broader { id }',
    narrower: 'narrower { id }',
    related: 'related { id }',
    methods: 'methods { id }',
    paperCount: 'paperCount',
    papers: 'papers(first: 5) { totalCount edges { node { id title } } }',
  },
};

/** An id of each type whose relations are not all empty in smallGraph. */
const LOOKUPS = { Paper: 'paper(id: "p-alpha")', Concept: 'concept(id: "zeroth-order-optimization")' };

let server: RunningServer;
let counted: ReturnType<typeof countingStore>;

beforeAll(async () => {
  const store = new EmbeddedStore();
  await store.init();
  await ingestDocument(store, smallGraph());
  counted = countingStore(store);
  server = await startHttpServer({ store: counted.store, port: 0, host: '127.0.0.1', apiKey: null });
});
afterAll(() => server?.close());
beforeEach(() => {
  counted.calls.length = 0;
});

async function query(text: string): Promise<{ data?: unknown; errors?: unknown }> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: text }),
  });
  return (await response.json()) as { data?: unknown; errors?: unknown };
}

describe('the look-ahead of paper(id:) and concept(id:)', () => {
  it('has a test selection for every entry of the field-to-load table, and the table no entry the schema lacks', () => {
    for (const type of ['Paper', 'Concept'] as const)
      expect(Object.keys(SELECTIONS[type]).sort()).toEqual(Object.keys(RELATION_LOADS[type]).sort());
  });

  const cases = (['Paper', 'Concept'] as const).flatMap((type) =>
    Object.entries(SELECTIONS[type]).map(([field, selection]) => ({ type, field, selection })),
  );

  it.each(cases)(
    'answers $type field $field together with its node in one store call: the resolver loads what was prefetched',
    async ({ type, selection }) => {
      const answer = await query(`{ ${LOOKUPS[type]} { id ${selection} } }`);
      expect(answer.errors).toBeUndefined();
      // One batch: the node and the field's relation reads, sent in the same tick. Had the resolver
      // asked a loader the look-ahead did not, its read would come in a second call.
      expect(counted.calls).toHaveLength(1);
      expect(counted.calls[0]![0]).toBe('readBatch');
      expect(String(counted.calls[0]![1])).toContain(`nodes:${type}`);
      expect(String(counted.calls[0]![1]).split('+').length).toBeGreaterThan(1);
    },
  );

  it('answers every relation field of a paper at once in one store call, with the same data as without the look-ahead', async () => {
    const all = Object.values(SELECTIONS.Paper).join(' ');
    const looked = await query(`{ paper(id: "p-alpha") { id ${all} } }`);
    expect(counted.calls).toHaveLength(1);
    // Through `node(id:)` there is no look-ahead: the relations load a level later.
    const plain = await query(`{ node(id: "p-alpha") { ... on Paper { id ${all} } } }`);
    expect(plain).toEqual({ data: { node: (looked.data as { paper: unknown }).paper } });
    expect(counted.calls.length).toBeGreaterThan(2);
  });

  it('leaves a field with a bad argument to its resolver, which reports it', async () => {
    const answer = (await query('{ concept(id: "hessian") { id papers(first: 0) { totalCount } } }')) as {
      errors?: { extensions: { code: string } }[];
    };
    expect(answer.errors?.map((e) => e.extensions.code)).toEqual(['BAD_USER_INPUT']);
  });
});
