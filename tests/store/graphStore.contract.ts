import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GraphDocument } from '../../src/domain/graph.ts';
import { readBatchOneByOne, type BatchAnswer, type BatchRead } from '../../src/store/batchRead.ts';
import type { GraphStore } from '../../src/store/GraphStore.ts';
import { extractGraph, taxonomyDocument } from '../../src/extract/extractGraph.ts';
import { loadTaxonomy } from '../../src/extract/taxonomy.ts';
import { ingestDocument, mergeDocuments } from '../../src/ingestion/write.ts';
import { parseDailyPapers } from '../../src/ingestion/formats/parseDailyPapers.ts';
import { gammaUsesAlpha, hessianRelatedToZeroOrder, smallGraph, smallGraphWithoutRelated } from '../fixtures/smallGraph.ts';

const SEED_FILE = 'seeds/hf-daily-papers-aug-1.txt';

/** Builds the seed graph document the way `npm run ingest` does. */
export function seedDocument() {
  const taxonomy = loadTaxonomy('seeds/taxonomy.json');
  const { papers } = parseDailyPapers(readFileSync(SEED_FILE, 'utf8'), SEED_FILE);
  return mergeDocuments(taxonomyDocument(taxonomy), extractGraph(papers, taxonomy).document);
}

/**
 * The contract every GraphStore adapter passes. The same assertions, with exact expected values,
 * run against the embedded store and the real Neo4j, so both answer alike.
 */
export function describeGraphStoreContract(name: string, makeStore: () => GraphStore) {
  describe(`GraphStore contract on ${name}`, () => {
    let store: GraphStore;

    beforeAll(async () => {
      store = makeStore();
      await store.init();
    });
    beforeEach(async () => {
      await store.clear();
    });
    afterAll(async () => {
      await store?.clear();
      await store?.close();
    });

    it('starts empty after clear', async () => {
      const stats = await store.stats();
      expect(Object.values(stats.nodes).every((n) => n === 0)).toBe(true);
      expect(Object.values(stats.relationships).every((n) => n === 0)).toBe(true);
    });

    it('creates every node and relationship of a document and counts them by label and type', async () => {
      const summary = await store.upsert(smallGraph());
      expect(summary).toEqual({ nodes: { created: 7, updated: 0, unchanged: 0 }, relationships: { created: 9, updated: 0, unchanged: 0 } });
      expect(await store.stats()).toEqual({
        nodes: { Paper: 2, Concept: 3, Method: 1, Repository: 1, Author: 0 },
        relationships: { MENTIONS: 3, PROPOSES: 1, USES: 1, APPLIES: 1, HAS_CODE: 1, BROADER: 1, RELATED: 1, AUTHORED_BY: 0, CITES: 0 },
      });
    });

    it('changes nothing when the same document is written again', async () => {
      await store.upsert(smallGraph());
      const again = await store.upsert(smallGraph());
      expect(again).toEqual({ nodes: { created: 0, updated: 0, unchanged: 7 }, relationships: { created: 0, updated: 0, unchanged: 9 } });
    });

    it('counts changed properties as updates and stores the new values', async () => {
      await store.upsert(smallGraph());
      const doc = smallGraph();
      doc.papers[0]!.title = 'Alpha: Faster Things';
      (doc.relationships[0]!.properties as { count: number }).count = 4;
      const summary = await store.upsert(doc);
      expect(summary.nodes).toEqual({ created: 0, updated: 1, unchanged: 6 });
      expect(summary.relationships).toEqual({ created: 0, updated: 1, unchanged: 8 });
      const [paper] = await store.nodesById('Paper', ['p-alpha']);
      expect(paper!.title).toBe('Alpha: Faster Things');
      const [mentions] = await store.relationshipsOf('MENTIONS', 'out', ['p-alpha']);
      expect(mentions![0]!.properties.count).toBe(4);
    });

    it('merges the sources of a paper seen in two inputs', async () => {
      await store.upsert(smallGraph());
      const doc = smallGraph();
      doc.papers[0]!.sources = ['c.txt'];
      const summary = await store.upsert({ ...doc, relationships: [] });
      expect(summary.nodes.updated).toBe(1);
      const [paper] = await store.nodesById('Paper', ['p-alpha']);
      expect(paper!.sources).toEqual(['a.txt', 'c.txt']);
    });

    it('rejects a relationship to a missing node and writes nothing of that document', async () => {
      const doc = smallGraph();
      doc.relationships.push({
        type: 'MENTIONS',
        from: 'p-alpha',
        to: 'no-such-concept',
        properties: { count: 1, weight: 0.25, evidence: [], extractor: 'test' },
      });
      await expect(store.upsert(doc)).rejects.toThrow(/MENTIONS p-alpha -> no-such-concept.*no Concept node with id no-such-concept/);
      const stats = await store.stats();
      expect(stats.nodes).toEqual({ Paper: 0, Concept: 0, Method: 0, Repository: 0, Author: 0 });
    });

    it('links to nodes written by an earlier upsert', async () => {
      const doc = smallGraph();
      await store.upsert({ ...doc, relationships: [] });
      const summary = await store.upsert({
        papers: [],
        concepts: [],
        methods: [],
        repositories: [],
        authors: [],
        relationships: doc.relationships,
      });
      expect(summary.relationships.created).toBe(9);
    });

    it('answers nodes by id in key order, null for unknown ids, null properties as null', async () => {
      await store.upsert(smallGraph());
      const papers = await store.nodesById('Paper', ['2401.00001', 'unknown', 'p-alpha']);
      expect(papers.map((p) => p?.id ?? null)).toEqual(['2401.00001', null, 'p-alpha']);
      expect(papers[2]).toEqual({
        id: 'p-alpha',
        title: 'Alpha: Fast Things',
        abstract: 'We propose Alpha.',
        arxivId: null,
        url: null,
        publishedAt: '2024-08-01',
        venue: null,
        keywords: [],
        sources: ['a.txt'],
      });
      expect(await store.nodesById('Concept', ['hessian'])).toEqual([
        { id: 'hessian', name: 'Hessian', kind: 'THEORY', aliases: ['Hessian matrix'], description: 'Second derivatives.', curated: true },
      ]);
      expect(await store.nodesById('Repository', ['github:org/alpha'])).toEqual([
        { id: 'github:org/alpha', url: 'https://github.com/org/alpha/tree/main/src', owner: 'org', name: 'alpha', path: 'tree/main/src' },
      ]);
      expect(await store.nodesById('Method', [])).toEqual([]);
    });

    it('keeps each label its own id namespace, as Neo4j labels do', async () => {
      await store.upsert(smallGraph());
      expect(await store.nodesById('Concept', ['alpha'])).toEqual([null]);
      expect((await store.nodesById('Method', ['alpha']))[0]?.name).toBe('Alpha');
    });

    it('answers relationships per id in both directions, sorted by the other end, with integer counts', async () => {
      await store.upsert(smallGraph());
      const out = await store.relationshipsOf('MENTIONS', 'out', ['p-alpha', 'nobody', '2401.00001']);
      expect(out.map((list) => list.map((r) => r.to))).toEqual([['hessian', 'zeroth-order-optimization'], [], ['hessian']]);
      expect(out[0]![0]).toEqual({
        type: 'MENTIONS',
        from: 'p-alpha',
        to: 'hessian',
        properties: { count: 3, weight: 1, evidence: ['Alpha uses the Hessian.', 'Hessian twice.'], extractor: 'test' },
      });
      expect(Number.isInteger(out[0]![0]!.properties.count)).toBe(true);
      const incoming = await store.relationshipsOf('MENTIONS', 'in', ['hessian']);
      expect(incoming[0]!.map((r) => r.from)).toEqual(['2401.00001', 'p-alpha']);
      const applies = await store.relationshipsOf('APPLIES', 'out', ['alpha']);
      expect(applies).toEqual([[{ type: 'APPLIES', from: 'alpha', to: 'zeroth-order-optimization', properties: {} }]]);
    });

    it('removes a paper, its relationships and the method and repository only it pointed at', async () => {
      await store.upsert(smallGraph());
      expect(await store.removePaper('2401.00001')).toBe(true);
      let stats = await store.stats();
      expect(stats.nodes).toEqual({ Paper: 1, Concept: 3, Method: 1, Repository: 1, Author: 0 });
      expect(stats.relationships.USES).toBe(0);
      expect(await store.removePaper('p-alpha')).toBe(true);
      stats = await store.stats();
      expect(stats.nodes).toEqual({ Paper: 0, Concept: 3, Method: 0, Repository: 0, Author: 0 });
      expect(stats.relationships).toMatchObject({ BROADER: 1, RELATED: 1, APPLIES: 0 });
      expect(await store.removePaper('p-alpha')).toBe(false);
    });

    describe('authors, venues, keywords and title keys', () => {
      /** Two papers by Ada (first author of both) and Grace (second author of the second only). */
      const withAuthors = (): GraphDocument => {
        const doc = smallGraph();
        doc.papers[0]!.venue = 'ICLR 2018';
        doc.papers[0]!.keywords = ['zeroth-order methods', 'Hessian'];
        doc.authors = [
          { id: 'ada-lovelace', name: 'Ada Lovelace' },
          { id: 'grace-hopper', name: 'Grace Hopper' },
        ];
        doc.relationships.push(
          { type: 'AUTHORED_BY', from: 'p-alpha', to: 'ada-lovelace', properties: { position: 1 } },
          { type: 'AUTHORED_BY', from: '2401.00001', to: 'ada-lovelace', properties: { position: 1 } },
          { type: 'AUTHORED_BY', from: '2401.00001', to: 'grace-hopper', properties: { position: 2 } },
        );
        return doc;
      };

      it('writes authors and their positions, and reads them from both ends', async () => {
        const summary = await store.upsert(withAuthors());
        expect(summary).toEqual({
          nodes: { created: 9, updated: 0, unchanged: 0 },
          relationships: { created: 12, updated: 0, unchanged: 0 },
        });
        expect((await store.stats()).nodes.Author).toBe(2);
        expect(await store.nodesById('Author', ['grace-hopper', 'nobody'])).toEqual([{ id: 'grace-hopper', name: 'Grace Hopper' }, null]);
        const byline = await store.relationshipsOf('AUTHORED_BY', 'out', ['2401.00001']);
        expect(byline[0]!.map((r) => [r.to, r.properties.position])).toEqual([
          ['ada-lovelace', 1],
          ['grace-hopper', 2],
        ]);
        expect(Number.isInteger(byline[0]![0]!.properties.position)).toBe(true);
        const papers = await store.relationshipsOf('AUTHORED_BY', 'in', ['ada-lovelace']);
        expect(papers[0]!.map((r) => r.from)).toEqual(['2401.00001', 'p-alpha']);
        const [paper] = await store.nodesById('Paper', ['p-alpha']);
        expect([paper!.venue, paper!.keywords]).toEqual(['ICLR 2018', ['zeroth-order methods', 'Hessian']]);
        expect(await store.upsert(withAuthors())).toMatchObject({
          nodes: { created: 0, updated: 0 },
          relationships: { created: 0, updated: 0 },
        });
      });

      it('removes an author with the last paper that names them, and keeps one another paper still names', async () => {
        await store.upsert(withAuthors());
        await store.removePaper('2401.00001');
        expect(await store.nodesById('Author', ['ada-lovelace', 'grace-hopper'])).toEqual([
          { id: 'ada-lovelace', name: 'Ada Lovelace' },
          null,
        ]);
        expect((await store.stats()).relationships.AUTHORED_BY).toBe(1);
        await store.removePaper('p-alpha');
        expect((await store.stats()).nodes.Author).toBe(0);
      });

      it('finds papers by title key, one list per key, in id order', async () => {
        const doc = withAuthors();
        doc.papers.push({ ...doc.papers[1]!, id: '2401.00002', arxivId: '2401.00002', title: 'Beta uses ALPHA!' });
        await store.upsert(doc);
        const found = await store.papersByTitleKey(['beta uses alpha', 'alpha fast things', 'nothing like it']);
        expect(found.map((list) => list.map((p) => p.id))).toEqual([['2401.00001', '2401.00002'], ['p-alpha'], []]);
        doc.papers[0]!.title = 'Alpha: Faster Things';
        await store.upsert({ ...doc, relationships: [] });
        expect((await store.papersByTitleKey(['alpha fast things', 'alpha faster things'])).map((list) => list.map((p) => p.id))).toEqual([
          [],
          ['p-alpha'],
        ]);
        await store.removePaper('p-alpha');
        expect(await store.papersByTitleKey(['alpha faster things'])).toEqual([[]]);
      });

      it('finds authors by name in search, and papers by keyword', async () => {
        await store.upsert(withAuthors());
        expect((await store.search('grace hopper', ['Author', 'Paper'], 5)).map((h) => [h.label, h.node.id, h.score])).toEqual([
          ['Author', 'grace-hopper', 17],
        ]);
        expect((await store.search('zeroth-order methods', ['Paper'], 5)).map((h) => h.node.id)).toEqual(['p-alpha']);
      });
    });

    describe('reads for the API', () => {
      beforeEach(async () => {
        await store.upsert(smallGraph());
      });

      it('counts relationships per id', async () => {
        expect(await store.degreeOf('MENTIONS', 'in', ['hessian', 'optimization', 'nope'])).toEqual([2, 0, 0]);
        expect(await store.degreeOf('MENTIONS', 'out', ['p-alpha'])).toEqual([2]);
      });

      it('finds concepts by name or alias and methods by name or full name, ignoring case and hyphens', async () => {
        expect((await store.findByName('Concept', 'hessian MATRIX'))?.id).toBe('hessian');
        expect((await store.findByName('Concept', 'zeroth order optimization'))?.id).toBe('zeroth-order-optimization');
        expect((await store.findByName('Method', 'a lovely optimizer'))?.id).toBe('alpha');
        expect(await store.findByName('Concept', 'Hess')).toBeNull();
      });

      it('pages papers in keyset order with totals, filters and cursors', async () => {
        const all = await store.findPapers({ first: 1, after: null, filter: {}, orderBy: { field: 'ID', direction: 'ASC' } });
        expect(all.totalCount).toBe(2);
        expect(all.hasNextPage).toBe(true);
        expect(all.items.map((i) => [i.node.id, i.key])).toEqual([['2401.00001', '2401.00001']]);
        const next = await store.findPapers({
          first: 1,
          after: { key: '2401.00001', id: '2401.00001' },
          filter: {},
          orderBy: { field: 'ID', direction: 'ASC' },
        });
        expect(next.items.map((i) => i.node.id)).toEqual(['p-alpha']);
        expect(next.hasNextPage).toBe(false);

        const byTitleDesc = await store.findPapers({ first: 10, after: null, filter: {}, orderBy: { field: 'TITLE', direction: 'DESC' } });
        expect(byTitleDesc.items.map((i) => i.node.id)).toEqual(['2401.00001', 'p-alpha']);

        const relevance = await store.findPapers({
          first: 10,
          after: null,
          filter: { conceptId: 'hessian' },
          orderBy: { field: 'RELEVANCE', direction: 'DESC' },
        });
        expect(relevance.items.map((i) => [i.node.id, i.key])).toEqual([
          ['p-alpha', 1],
          ['2401.00001', 0.25],
        ]);

        const withCode = await store.findPapers({
          first: 10,
          after: null,
          filter: { hasRepository: true },
          orderBy: { field: 'ID', direction: 'ASC' },
        });
        expect(withCode.items.map((i) => i.node.id)).toEqual(['p-alpha']);
        const withoutCode = await store.findPapers({
          first: 10,
          after: null,
          filter: { hasRepository: false },
          orderBy: { field: 'ID', direction: 'ASC' },
        });
        expect(withoutCode.items.map((i) => i.node.id)).toEqual(['2401.00001']);
        const usingAlpha = await store.findPapers({
          first: 10,
          after: null,
          filter: { methodId: 'alpha' },
          orderBy: { field: 'ID', direction: 'ASC' },
        });
        expect(usingAlpha.totalCount).toBe(2);
        const text = await store.findPapers({
          first: 10,
          after: null,
          filter: { text: 'BUILDS ON' },
          orderBy: { field: 'ID', direction: 'ASC' },
        });
        expect(text.items.map((i) => i.node.id)).toEqual(['2401.00001']);
        const published = await store.findPapers({
          first: 10,
          after: null,
          filter: {},
          orderBy: { field: 'PUBLISHED_AT', direction: 'ASC' },
        });
        expect(published.items.map((i) => [i.node.id, i.key])).toEqual([
          ['2401.00001', ''],
          ['p-alpha', '2024-08-01'],
        ]);
      });

      it('reads a page of papers with the relationships of its papers in one readBatch, as the single reads answer them', async () => {
        const include = [
          { type: 'MENTIONS', direction: 'out' },
          { type: 'AUTHORED_BY', direction: 'out' },
          { type: 'HAS_CODE', direction: 'out' },
          { type: 'PROPOSES', direction: 'out' },
          { type: 'USES', direction: 'out' },
          { type: 'CITES', direction: 'in' },
        ] as const;
        const pages: BatchRead[] = [
          { kind: 'papers', query: { first: 2, after: null, filter: {}, orderBy: { field: 'ID', direction: 'ASC' } }, include },
          {
            kind: 'papers',
            query: { first: 5, after: null, filter: { conceptId: 'hessian' }, orderBy: { field: 'RELEVANCE', direction: 'DESC' } },
            include,
            countTotal: false,
          },
          {
            kind: 'papers',
            query: {
              first: 5,
              after: null,
              filter: { conceptId: 'optimization', includeNarrower: true, hasRepository: true },
              orderBy: { field: 'TITLE', direction: 'DESC' },
            },
            include: include.slice(1, 3),
          },
          {
            kind: 'papers',
            query: { first: 5, after: null, filter: { conceptId: 'nope' }, orderBy: { field: 'ID', direction: 'ASC' } },
            include,
          },
        ];
        const batched = await store.readBatch([{ kind: 'nodes', label: 'Concept', ids: ['hessian'] }, ...pages]);
        expect(batched).toEqual(await readBatchOneByOne(store, [{ kind: 'nodes', label: 'Concept', ids: ['hessian'] }, ...pages]));
        const hessian = batched[2] as BatchAnswer & { kind: 'papers' };
        expect(hessian.page.totalCount).toBeNull();
        expect(hessian.page.items.length).toBeGreaterThan(0);
        expect(hessian.included[0]!.lists.flat().length).toBeGreaterThan(0);
      });

      it('includes papers of narrower concepts when asked', async () => {
        const exact = await store.findPapers({
          first: 10,
          after: null,
          filter: { conceptId: 'optimization' },
          orderBy: { field: 'ID', direction: 'ASC' },
        });
        expect(exact.totalCount).toBe(0);
        const narrower = await store.findPapers({
          first: 10,
          after: null,
          filter: { conceptId: 'optimization', includeNarrower: true },
          orderBy: { field: 'ID', direction: 'ASC' },
        });
        expect(narrower.items.map((i) => i.node.id)).toEqual(['p-alpha']);
      });

      it('pages concepts by kind and name, and repositories by id', async () => {
        const methods = await store.findConcepts({ first: 10, after: null, kind: 'METHOD', orderBy: { field: 'ID', direction: 'ASC' } });
        expect(methods.items.map((i) => i.node.id)).toEqual(['zeroth-order-optimization']);
        const byName = await store.findConcepts({ first: 2, after: null, orderBy: { field: 'NAME', direction: 'ASC' } });
        expect(byName.items.map((i) => i.node.name)).toEqual(['Hessian', 'Optimization']);
        expect(byName.totalCount).toBe(3);
        expect(byName.hasNextPage).toBe(true);
        const repos = await store.findRepositories({ first: 5, after: null });
        expect(repos.items.map((i) => i.node.id)).toEqual(['github:org/alpha']);
      });

      it.each([
        ['Concept', 'Hessian matrices', 'hessian'],
        ['Concept', "hessian's", 'hessian'],
        ['Concept', 'Zeroth-order optimizations', 'zeroth-order-optimization'],
        ['Concept', 'ZOs', 'zeroth-order-optimization'],
        ['Method', 'alphas', 'alpha'],
        ['Method', 'a lovely optimizers', 'alpha'],
      ] as const)('finds the %s named "%s" whatever its number (stemWord): %s', async (label, name, id) => {
        expect((await store.findByName(label, name))?.id).toBe(id);
      });

      it.each([
        ['hessians', ['Concept:hessian']],
        ['Hessian matrices', ['Concept:hessian']],
        ['second derivative', ['Concept:hessian']],
        ['gradient', ['Concept:zeroth-order-optimization']],
        ['zeroth-order optimizations', ['Concept:zeroth-order-optimization']],
        ['lovely optimizers', ['Method:alpha']],
        ['proposes alphas', []],
      ] as const)('searches "%s" with plurals folded as in the index: %j', async (query, hits) => {
        expect((await store.search(query, ['Concept', 'Method'], 5)).map((h) => `${h.label}:${h.node.id}`)).toEqual(hits);
      });

      it('searches names, aliases and abstracts, best first, every word required', async () => {
        const hits = await store.search('hessian', ['Paper', 'Concept', 'Method', 'Repository'], 10);
        // name weight 4 + exact-name bonus 7
        expect(hits.map((h) => [h.label, h.node.id, h.score])).toEqual([['Concept', 'hessian', 11]]);
        expect(await store.search('Alpha', ['Method'], 10)).toEqual([
          { label: 'Method', node: { id: 'alpha', name: 'Alpha', fullName: 'A Lovely Optimizer' }, score: 11 },
        ]);
        // title weight 3 + phrase-in-title bonus 2; ties broken by id
        expect((await store.search('alpha', ['Paper'], 10)).map((h) => [h.node.id, h.score])).toEqual([
          ['2401.00001', 5],
          ['p-alpha', 5],
        ]);
        expect((await store.search('lovely optimizer', ['Method', 'Paper'], 10)).map((h) => [h.node.id, h.score])).toEqual([['alpha', 10]]);
        expect((await store.search('second derivatives', ['Concept'], 1)).map((h) => h.node.id)).toEqual(['hessian']);
        expect(await store.search('hessian nonexistentword', ['Concept'], 10)).toEqual([]);
        expect(await store.search('  ', ['Concept'], 10)).toEqual([]);
      });

      it('ranks papers sharing methods by the documented formula', async () => {
        const overlaps = await store.papersSharingMethods('2401.00001', 10, 1);
        // Shared: the method alpha (w=1 in both, 2 papers) -> 1*1/2.
        expect(overlaps.map((o) => [o.paper.id, o.score, o.shared.map((s) => [s.label, s.node.id, s.contribution])])).toEqual([
          ['p-alpha', 0.5, [['Method', 'alpha', 0.5]]],
        ]);
        expect(await store.papersSharingMethods('2401.00001', 10, 2)).toEqual([]);
        expect(await store.papersSharingMethods('unknown', 10, 1)).toEqual([]);
      });

      it('answers papersSharingMethods exactly after writes, though it keeps postings between calls', async () => {
        expect((await store.papersSharingMethods('2401.00001', 10, 1)).map((o) => [o.paper.id, o.score])).toEqual([['p-alpha', 0.5]]);
        // A third paper using alpha: df(alpha) becomes 3, and it ranks with p-alpha (ties by id).
        await store.upsert(gammaUsesAlpha());
        expect((await store.papersSharingMethods('2401.00001', 10, 1)).map((o) => [o.paper.id, o.score])).toEqual([
          ['p-alpha', 1 / 3],
          ['p-gamma', 1 / 3],
        ]);
        expect(await store.removePaper('p-gamma')).toBe(true);
        expect((await store.papersSharingMethods('2401.00001', 10, 1)).map((o) => [o.paper.id, o.score])).toEqual([['p-alpha', 0.5]]);
        await store.clear();
        expect(await store.papersSharingMethods('2401.00001', 10, 1)).toEqual([]);
        await store.upsert(smallGraph());
        expect((await store.papersSharingMethods('2401.00001', 10, 1)).map((o) => [o.paper.id, o.score])).toEqual([['p-alpha', 0.5]]);
      });

      it('finds the shortest concept path through concept links and papers', async () => {
        const path = await store.conceptPath('hessian', 'optimization', 6);
        // The nodes themselves come along, in path order (the API resolves them without a lookup).
        expect(path?.loaded?.map((n) => [n.id, (n as { name: string }).name])).toEqual([
          ['hessian', 'Hessian'],
          ['zeroth-order-optimization', 'Zeroth-order optimization'],
          ['optimization', 'Optimization'],
        ]);
        expect({ ...path, loaded: undefined }).toEqual({
          nodes: [
            { label: 'Concept', id: 'hessian' },
            { label: 'Concept', id: 'zeroth-order-optimization' },
            { label: 'Concept', id: 'optimization' },
          ],
          edges: [
            {
              id: 'hessian-RELATED->zeroth-order-optimization',
              type: 'RELATED',
              source: 'hessian',
              target: 'zeroth-order-optimization',
              weight: 1,
            },
            {
              id: 'zeroth-order-optimization-BROADER->optimization',
              type: 'BROADER',
              source: 'zeroth-order-optimization',
              target: 'optimization',
              weight: 1,
            },
          ],
        });
        expect(await store.conceptPath('hessian', 'optimization', 1)).toBeNull();
        expect(await store.conceptPath('hessian', 'hessian', 3)).toEqual({ nodes: [{ label: 'Concept', id: 'hessian' }], edges: [] });
        expect(await store.conceptPath('hessian', 'unknown', 3)).toBeNull();
      });

      it('goes through a paper when no concept link joins two concepts', async () => {
        await store.upsert({ papers: [], concepts: [], methods: [], repositories: [], authors: [], relationships: [] });
        const doc = smallGraphWithoutRelated();
        await store.clear();
        await store.upsert(doc);
        const path = await store.conceptPath('hessian', 'zeroth-order-optimization', 4);
        expect(path?.nodes.map((n) => n.id)).toEqual(['hessian', 'p-alpha', 'zeroth-order-optimization']);
        expect(path?.edges.map((e) => e.type)).toEqual(['MENTIONS', 'MENTIONS']);
      });

      it('follows every write in its concept paths (the embedded store keeps neighbour lists between requests)', async () => {
        const doc = smallGraphWithoutRelated();
        await store.clear();
        await store.upsert(doc);
        const ids = async () => (await store.conceptPath('hessian', 'zeroth-order-optimization', 4))?.nodes.map((n) => n.id) ?? null;
        expect(await ids()).toEqual(['hessian', 'p-alpha', 'zeroth-order-optimization']);
        // The only paper joining them goes: the path must go round, or there is none.
        expect(await store.removePaper('p-alpha')).toBe(true);
        const without = await ids();
        expect(without?.includes('p-alpha') ?? false).toBe(false);
        // A concept link written now is the shortest path at once.
        await store.upsert(hessianRelatedToZeroOrder());
        expect(await ids()).toEqual(['hessian', 'zeroth-order-optimization']);
        await store.clear();
        expect(await ids()).toBeNull();
        await store.upsert(doc);
        expect(await ids()).toEqual(['hessian', 'p-alpha', 'zeroth-order-optimization']);
      });

      it('returns a neighbourhood nearest first with every edge among its nodes', async () => {
        const view = await store.neighborhood(['hessian'], 1, 200, ['MENTIONS', 'RELATED', 'BROADER']);
        expect(view.truncated).toBe(false);
        expect(view.nodes.map((n) => [n.label, n.id, n.distance, n.weight, n.text])).toEqual([
          ['Concept', 'hessian', 0, 3, 'Hessian'],
          ['Paper', '2401.00001', 1, 2, 'Beta Uses Alpha'],
          ['Paper', 'p-alpha', 1, 4, 'Alpha: Fast Things'],
          ['Concept', 'zeroth-order-optimization', 1, 4, 'Zeroth-order optimization'],
        ]);
        expect(view.edges.map((e) => e.id)).toEqual([
          '2401.00001-MENTIONS->hessian',
          'hessian-RELATED->zeroth-order-optimization',
          'p-alpha-MENTIONS->hessian',
          'p-alpha-MENTIONS->zeroth-order-optimization',
        ]);
        const ids = new Set(view.nodes.map((n) => n.id));
        for (const e of view.edges) expect(ids.has(e.source) && ids.has(e.target)).toBe(true);
      });

      it('marks a neighbourhood cut by the limit as truncated', async () => {
        const view = await store.neighborhood(['hessian'], 2, 3, [
          'MENTIONS',
          'RELATED',
          'BROADER',
          'PROPOSES',
          'USES',
          'HAS_CODE',
          'APPLIES',
        ]);
        expect(view.truncated).toBe(true);
        expect(view.nodes.map((n) => n.id)).toEqual(['hessian', '2401.00001', 'p-alpha']);
        expect(view.edges.map((e) => e.id)).toEqual(['2401.00001-MENTIONS->hessian', 'p-alpha-MENTIONS->hessian']);
      });

      it('follows only the edge types asked for', async () => {
        const view = await store.neighborhood(['alpha'], 1, 50, ['APPLIES']);
        expect(view.nodes.map((n) => n.id)).toEqual(['alpha', 'zeroth-order-optimization']);
        const seedsOnly = await store.neighborhood(['alpha', 'unknown'], 2, 50, []);
        expect(seedsOnly.nodes.map((n) => n.id)).toEqual(['alpha']);
        expect(seedsOnly.edges).toEqual([]);
      });
    });

    describe('with the seed graph', () => {
      it('ingests the seed twice with identical counts, the second time changing nothing', async () => {
        const doc = seedDocument();
        const first = await ingestDocument(store, doc, { papersPerBatch: 10 });
        const statsAfterFirst = await store.stats();
        const second = await ingestDocument(store, seedDocument(), { papersPerBatch: 10 });
        expect(await store.stats()).toEqual(statsAfterFirst);
        expect(second.nodes.created + second.nodes.updated + second.relationships.created + second.relationships.updated).toBe(0);
        expect(second.nodes.unchanged).toBe(first.nodes.created);
        expect(second.relationships.unchanged).toBe(first.relationships.created);
        expect(statsAfterFirst.nodes.Paper).toBe(44);
        expect(statsAfterFirst.nodes.Repository).toBe(9);
        expect(statsAfterFirst.relationships.HAS_CODE).toBe(9);
        expect(statsAfterFirst.nodes.Concept).toBe(new Set(doc.concepts.map((c) => c.id)).size);
      });

      it('stores every relationship of the extracted seed document', async () => {
        const doc = seedDocument();
        await ingestDocument(store, doc);
        const stats = await store.stats();
        const expected: Record<string, number> = {};
        const unique = new Set(doc.relationships.map((r) => `${r.type}|${r.from}|${r.to}`));
        for (const key of unique) expected[key.split('|')[0]!] = (expected[key.split('|')[0]!] ?? 0) + 1;
        for (const [type, count] of Object.entries(stats.relationships)) expect([type, count]).toEqual([type, expected[type] ?? 0]);
        const zo2 = doc.papers.find((p) => p.title.startsWith('ZO2:'))!;
        const [code] = await store.relationshipsOf('HAS_CODE', 'out', [zo2.id]);
        expect(code!.map((r) => r.to)).toEqual(['github:liangyuwang/zo2']);
      });
    });
  });
}
