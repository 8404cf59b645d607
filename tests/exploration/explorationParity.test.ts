import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ingestDocument } from '../../src/ingestion/write.ts';
import type { FacetKind, GraphStore, PaperFilter } from '../../src/store/GraphStore.ts';
import { EmbeddedStore } from '../../src/store/embedded/EmbeddedStore.ts';
import { Neo4jStore } from '../../src/store/neo4j/Neo4jStore.ts';
import { explorationDocument } from './explorationGraph.ts';

const ALL_FACETS: FacetKind[] = ['YEAR', 'VENUE', 'CONCEPT', 'METHOD', 'AUTHOR'];
const ALL_TYPES = ['MENTIONS', 'PROPOSES', 'USES', 'APPLIES', 'HAS_CODE', 'BROADER', 'RELATED', 'AUTHORED_BY'] as const;

/** Filters, facets, typeahead and filtered neighbourhoods answer alike on both stores (the tests/store/parity.test.ts pattern). */
describe('exploration reads give identical answers on the embedded store and Neo4j', () => {
  const memory = new EmbeddedStore();
  const neo4j = new Neo4jStore({ uri: inject('neo4jUri') });

  beforeAll(async () => {
    for (const store of [memory, neo4j] as GraphStore[]) {
      await store.init();
      await store.clear();
      await ingestDocument(store, explorationDocument());
    }
  });
  afterAll(async () => {
    await neo4j.clear();
    await neo4j.close();
    await memory.close();
  });

  const both = async <T>(read: (store: GraphStore) => Promise<T>) => {
    const [fromMemory, fromNeo4j] = await Promise.all([read(memory), read(neo4j)]);
    expect(fromMemory).toEqual(fromNeo4j);
    return fromMemory;
  };
  const ids = (page: { items: { node: { id: string } }[] }) => page.items.map((i) => i.node.id);
  const papers = (filter: PaperFilter) =>
    both((s) => s.findPapers({ first: 100, after: null, filter, orderBy: { field: 'ID', direction: 'ASC' } }));

  it('filters papers by author, venue, year range, all and any of several concepts, and method', async () => {
    expect(ids(await papers({ authorId: 'nicolo-cesa-bianchi' }))).toEqual(['x-hessian-2019', 'x-hessian-2021']);
    expect(ids(await papers({ venue: 'ICML 2021' }))).toEqual(['x-hessian-2021', 'x-zo-2021']);
    expect(ids(await papers({ yearFrom: 2020, yearTo: 2022 }))).toEqual(['x-hessian-2021', 'x-zo-2021']);
    expect(ids(await papers({ yearFrom: 2022 }))).toEqual(['x-ib-2023']);
    expect(ids(await papers({ conceptsAll: ['hessian', 'zeroth-order-optimization'] }))).toEqual(['x-hessian-2021']);
    const anyOf = await papers({ conceptsAny: ['hessian', 'information-bottleneck'], yearFrom: 2019 });
    expect(ids(anyOf)).toEqual(['x-hessian-2019', 'x-hessian-2021', 'x-ib-2023']);
    expect(ids(await papers({ methodId: 'zo2', authorId: 'ada-lovelace' }))).toEqual(['x-zo-2021']);
    expect((await papers({ authorId: 'nobody' })).totalCount).toBe(0);
  });

  it('combines the new filters with the concept filter and relevance order alike', async () => {
    const page = await both((s) =>
      s.findPapers({
        first: 2,
        after: null,
        filter: { conceptId: 'hessian', yearTo: 2021 },
        orderBy: { field: 'RELEVANCE', direction: 'DESC' },
      }),
    );
    expect(page.items.map((i) => [i.node.id, i.key])).toEqual([
      ['x-hessian-2019', 1],
      ['x-hessian-2021', 0.75],
    ]);
  });

  it('pages authors and methods by id and name with keyset cursors', async () => {
    for (const label of ['Author', 'Method'] as const) {
      for (const field of ['ID', 'NAME'] as const) {
        for (const direction of ['ASC', 'DESC'] as const) {
          const first = await both((s) => s.findNamedNodes(label, { first: 1, after: null, orderBy: { field, direction } }));
          const last = first.items.at(-1)!;
          await both((s) =>
            s.findNamedNodes(label, { first: 5, after: { key: last.key, id: last.node.id }, orderBy: { field, direction } }),
          );
        }
      }
    }
    const authors = await both((s) => s.findNamedNodes('Author', { first: 10, after: null, orderBy: { field: 'NAME', direction: 'ASC' } }));
    expect(authors.items.map((i) => i.node.name)).toEqual(['Ada Lovelace', 'Nicolò Cesa-Bianchi']);
    expect(authors.totalCount).toBe(2);
  });

  it('counts facets alike, by count then value, for all papers and for a filter', async () => {
    const all = await both((s) => s.paperFacets({}, ALL_FACETS, 5));
    expect(all.map((f) => f.by)).toEqual(ALL_FACETS);
    expect(all[0]!.values).toEqual([
      { value: '2021', label: '2021', count: 2 },
      { value: '2019', label: '2019', count: 1 },
      { value: '2023', label: '2023', count: 1 },
    ]);
    expect(all[1]!.values[0]).toEqual({ value: 'ICML 2021', label: 'ICML 2021', count: 2 });
    expect(all[4]!.values).toEqual([
      { value: 'ada-lovelace', label: 'Ada Lovelace', count: 2 },
      { value: 'nicolo-cesa-bianchi', label: 'Nicolò Cesa-Bianchi', count: 2 },
    ]);
    const hessian = await both((s) => s.paperFacets({ conceptId: 'hessian', includeNarrower: true }, ['CONCEPT', 'YEAR'], 3));
    expect(hessian[0]!.values[0]!.value).toBe('hessian');
    await both((s) => s.paperFacets({ text: 'zeroth', hasRepository: false }, ALL_FACETS, 100));
    await both((s) => s.paperFacets({ conceptsAny: ['hessian', 'zeroth-order-optimization'], yearFrom: 2020 }, ALL_FACETS, 10));
  });

  it('suggests alike, accents and case ignored, by matched text then type then id', async () => {
    const hits = await both((s) => s.suggest('NICOLO', ['Author'], 5));
    expect(hits.map((h) => [h.node.id, h.text])).toEqual([['nicolo-cesa-bianchi', 'nicolo cesa bianchi']]);
    expect((await both((s) => s.suggest('cesa', ['Author'], 5))).map((h) => h.node.id)).toEqual(['nicolo-cesa-bianchi']);
    expect((await both((s) => s.suggest('über bott', ['Paper'], 5))).map((h) => h.node.id)).toEqual(['x-ib-2023']);
    const hessian = await both((s) => s.suggest('hess', ['Paper', 'Concept', 'Method', 'Author', 'Repository'], 10));
    expect(hessian[0]).toMatchObject({ label: 'Concept', text: 'hessian' });
    const texts = hessian.map((h) => h.text);
    expect([...texts].sort()).toEqual(texts);
    for (const prefix of [
      'z',
      'ze',
      'zeroth-order',
      'info',
      'information b',
      'the',
      'a',
      'gradient',
      'large language',
      'zo2',
      'github',
      'deep neural n',
      'x',
    ]) {
      await both((s) => s.suggest(prefix, ['Paper', 'Concept', 'Method', 'Author', 'Repository'], 20));
      await both((s) => s.suggest(prefix, ['Method'], 3));
    }
  });

  it('sees a changed name in typeahead after a write (the embedded prefix index is rebuilt)', async () => {
    for (const store of [memory, neo4j] as GraphStore[]) {
      await store.upsert({
        papers: [],
        concepts: [],
        methods: [],
        repositories: [],
        authors: [{ id: 'ada-lovelace', name: 'Augusta Ada King' }],
        relationships: [],
      });
    }
    expect((await both((s) => s.suggest('augusta', ['Author'], 5))).map((h) => h.node.id)).toEqual(['ada-lovelace']);
    expect(await both((s) => s.suggest('lovelace', ['Author'], 5))).toEqual([]);
    for (const store of [memory, neo4j] as GraphStore[]) {
      await store.upsert({
        papers: [],
        concepts: [],
        methods: [],
        repositories: [],
        authors: [{ id: 'ada-lovelace', name: 'Ada Lovelace' }],
        relationships: [],
      });
    }
  });

  it('leaves papers outside the filter out of neighbourhoods, and does not walk through them', async () => {
    const view = await both((s) => s.neighborhood(['hessian'], 2, 200, ALL_TYPES, { yearFrom: 2019, yearTo: 2021 }));
    const paperIds = view.nodes.filter((n) => n.label === 'Paper').map((n) => n.id);
    expect(paperIds).toEqual(['x-hessian-2019', 'x-hessian-2021']);
    // Authors are reached only through the papers kept.
    expect(view.nodes.filter((n) => n.label === 'Author').map((n) => n.id)).toEqual(['ada-lovelace', 'nicolo-cesa-bianchi']);
    for (const filter of [
      { authorId: 'ada-lovelace' },
      { venue: 'ICML 2021' },
      { conceptId: 'hessian' },
      { text: 'order', hasRepository: false },
    ] as PaperFilter[]) {
      await both((s) => s.neighborhood(['zeroth-order-optimization', 'hessian'], 2, 300, ALL_TYPES, filter));
    }
    // A filtered-out seed paper is not a seed.
    expect((await both((s) => s.neighborhood(['x-undated'], 1, 10, ALL_TYPES, { yearFrom: 2000 }))).nodes).toEqual([]);
  });
});
