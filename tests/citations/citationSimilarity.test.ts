import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { GraphDocument, PaperNode, Relationship } from '../../src/domain/graph.ts';
import { loadTaxonomy } from '../../src/extract/taxonomy.ts';
import { importFiles } from '../../src/ingestion/pipeline.ts';
import { ingestDocument } from '../../src/ingestion/write.ts';
import { loadSeedTaxonomy } from '../../src/ingestion/seeds.ts';
import { startHttpServer } from '../../src/server/http.ts';
import { EmbeddedStore } from '../../src/store/embedded/EmbeddedStore.ts';
import type { GraphStore, SimilarPaperResult } from '../../src/store/GraphStore.ts';
import { Neo4jStore } from '../../src/store/neo4j/Neo4jStore.ts';
import { recommendPapers } from '../../src/store/similarity/recommend.ts';

/** A paper whose title shares no word with the others, so only citations can make it similar. */
function paper(id: string, title: string, stub = false): PaperNode {
  return {
    id,
    title,
    abstract: '',
    arxivId: null,
    url: null,
    publishedAt: null,
    venue: null,
    keywords: [],
    sources: ['test'],
    ...(stub ? { stub: true as const } : {}),
  };
}
const cites = (from: string, to: string): Relationship => ({
  type: 'CITES',
  from,
  to,
  properties: { influential: false, intents: [], contexts: [] },
});

/**
 * a cites r1, r2, r3 (r3 a stub); b cites r1, r2; c cites r3; x cites a, b; y cites a, b, c.
 * For a: coupling with b through r1 and r2 (each cited by 2 papers: 1/2 + 1/2), with c through r3
 * (1/2); co-citation with b through x (x cites 2 papers: 1/2) and y (cites 3: 1/3), with c through y.
 */
const citationDocument: GraphDocument = {
  papers: [
    paper('a', 'Aardvark'),
    paper('b', 'Bison'),
    paper('c', 'Cheetah'),
    paper('r1', 'Dingo'),
    paper('r2', 'Emu'),
    paper('r3', 'Ferret', true),
    paper('x', 'Gazelle'),
    paper('y', 'Heron'),
  ],
  concepts: [],
  methods: [],
  repositories: [],
  authors: [],
  relationships: [
    cites('a', 'r1'),
    cites('a', 'r2'),
    cites('a', 'r3'),
    cites('b', 'r1'),
    cites('b', 'r2'),
    cites('c', 'r3'),
    cites('x', 'a'),
    cites('x', 'b'),
    cites('y', 'a'),
    cites('y', 'b'),
    cites('y', 'c'),
  ],
};

/** A result as numbers and ids only, to compare across stores and with the documented formulas. */
const summary = (results: SimilarPaperResult[]) =>
  results.map((r) => ({
    id: r.paper.id,
    score: r.score,
    signals: r.signals.map((s) => ({ name: s.name, score: s.score, shared: s.shared.map((x) => [x.label, x.node.id, x.contribution]) })),
  }));

describe('similarity from citations (COUPLING, CO_CITATION) on both stores', () => {
  const stores: GraphStore[] = [];
  /** The answer on every store, after checking they are the same. */
  async function onBoth<T>(read: (store: GraphStore) => Promise<T>): Promise<T> {
    const [embedded, neo4j] = await Promise.all(stores.map(read));
    expect(neo4j, 'Neo4j answers as the embedded store does').toEqual(embedded);
    return embedded!;
  }

  beforeAll(async () => {
    stores.push(new EmbeddedStore(), new Neo4jStore({ uri: inject('neo4jUri') }));
    for (const store of stores) await store.init();
  });
  afterAll(async () => {
    for (const store of stores) {
      await store.clear();
      await store.close();
    }
  });

  describe('on a small citation graph', () => {
    beforeAll(async () => {
      for (const store of stores) {
        await store.clear();
        await ingestDocument(store, citationDocument);
      }
    });

    it('scores shared references (1/df each) and shared citers (1/df each), naming the papers shared', async () => {
      const similar = await onBoth(async (store) => summary(await store.similarPapers('a', 10)));
      expect(similar).toEqual([
        {
          id: 'b',
          // Added in posting-key order: Citer:x, Citer:y, Reference:r1, Reference:r2.
          score: 1 / 2 + 1 / 3 + 1 / 2 + 1 / 2,
          signals: [
            {
              name: 'COUPLING',
              score: 1,
              shared: [
                ['Paper', 'r1', 0.5],
                ['Paper', 'r2', 0.5],
              ],
            },
            {
              name: 'CO_CITATION',
              score: 1 / 2 + 1 / 3,
              shared: [
                ['Paper', 'x', 0.5],
                ['Paper', 'y', 1 / 3],
              ],
            },
          ],
        },
        {
          id: 'c',
          score: 1 / 2 + 1 / 3,
          signals: [
            { name: 'COUPLING', score: 0.5, shared: [['Paper', 'r3', 0.5]] },
            { name: 'CO_CITATION', score: 1 / 3, shared: [['Paper', 'y', 1 / 3]] },
          ],
        },
      ]);
    });

    it('finds papers cited together, stubs included, through co-citation alone', async () => {
      const similar = await onBoth(async (store) => summary(await store.similarPapers('r1', 10)));
      // r1's citers: a (cites 3 papers: 1/3 to each other) and b (cites 2: 1/2); a also cites the stub r3.
      expect(similar.map((s) => [s.id, s.signals.map((x) => x.name)])).toEqual([
        ['r2', ['CO_CITATION']],
        ['r3', ['CO_CITATION']],
      ]);
      expect(similar[0]!.score).toBe(1 / 3 + 1 / 2);
      expect(similar[1]!.score).toBe(1 / 3);
    });

    it('leaves out the papers asked to be left out', async () => {
      const similar = await onBoth(async (store) => summary(await store.similarPapers('a', 10, ['b'])));
      expect(similar.map((s) => s.id)).toEqual(['c']);
    });

    it('carries the citation signals into recommend, minus what the negative examples share', async () => {
      const liked = await onBoth(async (store) => summary(await recommendPapers(store, ['a'], [], 10)));
      expect(liked.map((r) => [r.id, r.signals.map((s) => s.name)])).toEqual([
        ['b', ['COUPLING', 'CO_CITATION']],
        ['c', ['COUPLING', 'CO_CITATION']],
      ]);
      // b is co-cited with c by y (y cites 3 papers: 1/3), which comes off c's score from a.
      const notLikeB = await onBoth(async (store) => summary(await recommendPapers(store, ['a'], ['b'], 10)));
      expect(notLikeB).toEqual([
        {
          id: 'c',
          score: 1 / 3 + 1 / 2 - 1 / 3,
          signals: [
            { name: 'COUPLING', score: 0.5, shared: [['Paper', 'r3', 0.5]] },
            { name: 'CO_CITATION', score: 1 / 3, shared: [['Paper', 'y', 1 / 3]] },
          ],
        },
      ]);
    });

    it('answers the citation signals through GraphQL (names in the schema enum, shared papers as nodes)', async () => {
      const query = `{ similarPapers(paperId: "a", first: 1) { paper { id } shared { id } signals { name score shared { id } } } }`;
      const answers = await Promise.all(
        stores.map(async (store) => {
          const server = await startHttpServer({ store, taxonomy: loadSeedTaxonomy('seeds'), apiKey: 'k', port: 0, host: '127.0.0.1' });
          try {
            const response = await fetch(`${server.url}/graphql`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ query }),
            });
            return (await response.json()) as unknown;
          } finally {
            await server.close();
          }
        }),
      );
      expect(answers[1], 'Neo4j answers as the embedded store does').toEqual(answers[0]);
      expect(answers[0]).toEqual({
        data: {
          similarPapers: [
            {
              paper: { id: 'b' },
              shared: [{ id: 'r1' }, { id: 'r2' }, { id: 'x' }, { id: 'y' }],
              signals: [
                { name: 'COUPLING', score: 1, shared: [{ id: 'r1' }, { id: 'r2' }] },
                { name: 'CO_CITATION', score: 1 / 2 + 1 / 3, shared: [{ id: 'x' }, { id: 'y' }] },
              ],
            },
          ],
        },
      });
    });
  });

  describe('on the OpenAlex and Semantic Scholar fixtures', () => {
    const taxonomy = loadTaxonomy('seeds/taxonomy.json');
    const FILES = ['openalex-works.jsonl', 'openalex-api.json', 's2ag-citations.jsonl', 's2ag-abstracts.jsonl', 's2ag-papers.jsonl'].map(
      (f) => `tests/fixtures/import/${f}`,
    );
    beforeAll(async () => {
      for (const store of stores) {
        await store.clear();
        for (const file of FILES) await importFiles(store, [file], { taxonomy, onError: 'fail', batchSize: 2, checkpoints: null });
      }
    });

    it('ranks every paper alike on both stores, with coupling among the signals', async () => {
      const page = await stores[0]!.findPapers({ first: 1000, after: null, filter: {}, orderBy: { field: 'ID', direction: 'ASC' } });
      const ids = page.items.map((i) => i.node.id);
      expect(ids.length).toBeGreaterThan(5);
      const all = await onBoth(async (store) => Promise.all(ids.map(async (id) => summary(await store.similarPapers(id, 20)))));
      const names = new Set(all.flat().flatMap((r) => r.signals.map((s) => s.name)));
      expect(names).toContain('COUPLING');
      expect(names).toContain('CO_CITATION');
    });
  });
});
