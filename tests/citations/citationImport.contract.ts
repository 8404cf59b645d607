import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PaperNode } from '../../src/domain/graph.ts';
import { loadTaxonomy } from '../../src/extract/taxonomy.ts';
import { importFiles, type ImportOptions } from '../../src/ingestion/pipeline.ts';
import type { GraphStore } from '../../src/store/GraphStore.ts';

const fixture = (name: string) => `tests/fixtures/import/${name}`;
const OPENALEX_WORKS = fixture('openalex-works.jsonl');
const OPENALEX_API = fixture('openalex-api.json');
const S2_PAPERS = fixture('s2ag-papers.jsonl');
const S2_ABSTRACTS = fixture('s2ag-abstracts.jsonl');
const S2_CITATIONS = fixture('s2ag-citations.jsonl');
const taxonomy = loadTaxonomy('seeds/taxonomy.json');
const options: ImportOptions = { taxonomy, onError: 'fail', batchSize: 2, checkpoints: null };

/** Every paper (by its sorted external ids, which do not depend on import order) and every CITES edge between them. */
async function citationGraph(
  store: GraphStore,
): Promise<{ papers: Record<string, { title: string; stub: boolean; abstract: boolean }>; cites: string[] }> {
  const page = await store.findPapers({ first: 1000, after: null, filter: {}, orderBy: { field: 'ID', direction: 'ASC' } });
  const all = page.items.map((i) => i.node);
  const key = (p: PaperNode) => (p.externalIds ?? [p.id]).join(' ');
  const byId = new Map(all.map((p) => [p.id, p]));
  const out = await store.relationshipsOf(
    'CITES',
    'out',
    all.map((p) => p.id),
  );
  return {
    papers: Object.fromEntries(all.map((p) => [key(p), { title: p.title, stub: p.stub === true, abstract: p.abstract !== '' }])),
    cites: out
      .flat()
      .map((r) => `${key(byId.get(r.from)!)} -> ${key(byId.get(r.to)!)} ${JSON.stringify(r.properties)}`)
      .sort(),
  };
}

async function paperWith(store: GraphStore, externalId: string): Promise<PaperNode> {
  const [found] = await store.papersByExternalId([externalId]);
  expect(found, `a paper with ${externalId}`).toHaveLength(1);
  return found![0]!;
}

/** The citation imports (OpenAlex works, Semantic Scholar datasets) on one store. */
export function describeCitationImportContract(name: string, makeStore: () => GraphStore): void {
  describe(`citation imports (${name})`, () => {
    let store: GraphStore;
    beforeAll(async () => {
      store = makeStore();
      await store.init();
    });
    afterAll(async () => {
      await store?.clear();
      await store?.close();
    });
    beforeEach(async () => {
      await store.clear();
    });

    it('imports OpenAlex works with their ids, the abstract rebuilt from its inverted index, and references to stubs', async () => {
      const summary = await importFiles(store, [OPENALEX_WORKS], options);
      expect(summary.files[0]).toMatchObject({ format: 'openalex', records: 3, rejected: 0 });
      const sam = await paperWith(store, 'openalex:W3092358254');
      expect(sam.id).toBe('2010.01412');
      expect(sam.externalIds).toEqual(['arxiv:2010.01412', 'doi:10.48550/arxiv.2010.01412', 'mag:3092358254', 'openalex:W3092358254']);
      expect(sam.abstract).toMatch(
        /^In today's heavily overparameterized models, the value of the training loss .* performed efficiently\.$/,
      );
      expect(sam.venue).toBe('arXiv (Cornell University)');
      const adam = await paperWith(store, 'openalex:W1522301498');
      expect(adam).toMatchObject({ id: 'adam-a-method-for-stochastic-optimization', abstract: '', url: null });
      const stub = await paperWith(store, 'openalex:W2519453539');
      expect(stub).toMatchObject({ id: 'openalex:W2519453539', stub: true, title: '' });
      const [cited] = await store.relationshipsOf('CITES', 'in', [stub.id]);
      expect(cited!.map((r) => r.from)).toEqual(['2010.01412', 'visualizing-the-loss-landscape-of-neural-nets']);
      expect((await store.stats()).relationships.CITES).toBe(5);
    });

    it('merges a stub into the paper imported later, moving its CITES edges in the same write', async () => {
      await importFiles(store, [OPENALEX_WORKS], options);
      await importFiles(store, [OPENALEX_API], options);
      expect(await store.nodesById('Paper', ['openalex:W2519453539'])).toEqual([null]);
      const largeBatch = await paperWith(store, 'openalex:W2519453539');
      expect(largeBatch.id).toBe('1609.04836');
      expect(largeBatch.stub).toBeUndefined();
      const [citedBy] = await store.relationshipsOf('CITES', 'in', ['1609.04836']);
      expect(citedBy!.map((r) => r.from)).toEqual(['2010.01412', 'visualizing-the-loss-landscape-of-neural-nets']);
      const [references] = await store.relationshipsOf('CITES', 'out', ['1609.04836']);
      expect(references!.map((r) => r.to)).toEqual(['adam-a-method-for-stochastic-optimization']);
      expect(await store.stats()).toMatchObject({ relationships: { CITES: 6 }, nodes: { Paper: 4 } });
    });

    it('joins Semantic Scholar papers, abstracts and citations by corpus id, citations first', async () => {
      await importFiles(store, [S2_CITATIONS], options);
      const citingStub = await paperWith(store, 'corpus:222134093');
      expect(citingStub).toMatchObject({ id: 'corpus:222134093', stub: true });
      await importFiles(store, [S2_ABSTRACTS, S2_PAPERS], options);
      const sam = await paperWith(store, 'corpus:222134093');
      expect(sam).toMatchObject({
        id: '2010.01412',
        title: 'Sharpness-Aware Minimization for Efficiently Improving Generalization',
        venue: 'International Conference on Learning Representations',
      });
      const adam = await paperWith(store, 'corpus:6628106');
      expect(adam).toMatchObject({ id: '1412.6980', abstract: expect.stringMatching(/^We introduce Adam/) });
      // Cited, with an abstract, never imported as a paper: still a stub, abstract kept.
      expect(await paperWith(store, 'corpus:11430218')).toMatchObject({
        stub: true,
        abstract: expect.stringMatching(/^Deep learning models generalize/),
      });
      const [references] = await store.relationshipsOf('CITES', 'out', ['2010.01412']);
      expect(references!.map((r) => [r.to, r.properties])).toEqual([
        [
          '1412.6980',
          {
            influential: true,
            intents: ['methodology'],
            contexts: ['All models are trained with Adam.', 'We use Adam as the base optimizer (Kingma & Ba, 2015).'],
          },
        ],
        [
          '1611.01838',
          {
            influential: false,
            intents: ['background', 'result'],
            contexts: ['Entropy-SGD (Chaudhari et al., 2017) also seeks flat minima.'],
          },
        ],
        ['corpus:11430218', { influential: false, intents: [], contexts: [] }],
      ]);
      expect(await store.stats()).toMatchObject({ relationships: { CITES: 4 }, nodes: { Paper: 4 } });
    });

    it('ends with the same graph whatever order the OpenAlex and Semantic Scholar files come in, one node per paper with every id', async () => {
      const orders = [
        [S2_CITATIONS, S2_ABSTRACTS, OPENALEX_WORKS, OPENALEX_API, S2_PAPERS],
        [S2_PAPERS, S2_ABSTRACTS, S2_CITATIONS, OPENALEX_API, OPENALEX_WORKS],
      ];
      const graphs = [];
      for (const files of orders) {
        await store.clear();
        for (const file of files) await importFiles(store, [file], options);
        graphs.push(await citationGraph(store));
      }
      expect(graphs[1]).toEqual(graphs[0]);
      const sam = await paperWith(store, 'openalex:W3092358254');
      expect(sam.externalIds).toEqual([
        'arxiv:2010.01412',
        'corpus:222134093',
        'doi:10.48550/arxiv.2010.01412',
        'mag:3092358254',
        'openalex:W3092358254',
      ]);
      expect((await paperWith(store, 'mag:1522301498')).externalIds).toEqual([
        'arxiv:1412.6980',
        'corpus:6628106',
        'mag:1522301498',
        'openalex:W1522301498',
      ]);
      expect(Object.values(graphs[0]!.papers).filter((p) => p.stub)).toEqual([{ title: '', stub: true, abstract: true }]);
      expect(graphs[0]!.cites).toHaveLength(9);
    });

    it('changes nothing when the same exports are imported again', async () => {
      const files = [OPENALEX_WORKS, OPENALEX_API, S2_CITATIONS, S2_ABSTRACTS, S2_PAPERS];
      for (const file of files) await importFiles(store, [file], options);
      const before = await citationGraph(store);
      const again = await importFiles(store, files, options);
      expect(again.relationships).toMatchObject({ created: 0, updated: 0 });
      expect(again.nodes.created).toBe(0);
      expect(await citationGraph(store)).toEqual(before);
    });
  });
}
