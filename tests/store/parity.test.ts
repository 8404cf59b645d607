import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ingestDocument } from '../../src/ingestion/write.ts';
import type { GraphStore } from '../../src/store/GraphStore.ts';
import { EmbeddedStore } from '../../src/store/embedded/EmbeddedStore.ts';
import { Neo4jStore } from '../../src/store/neo4j/Neo4jStore.ts';
import { seedDocument } from './graphStore.contract.ts';

/**
 * The embedded store answers exactly as Neo4j does: the same reads, asked of both stores loaded
 * with the seed graph, give deep-equal answers (ids, order, scores to the last bit).
 */
describe('the embedded store and Neo4j give identical answers on the seed graph', () => {
  const memory = new EmbeddedStore();
  const neo4j = new Neo4jStore({ uri: inject('neo4jUri') });
  const doc = seedDocument();
  const conceptIds = [...new Set(doc.concepts.map((c) => c.id))].sort();
  const paperIds = doc.papers.map((p) => p.id).sort();

  beforeAll(async () => {
    for (const store of [memory, neo4j] as GraphStore[]) {
      await store.init();
      await store.clear();
      await ingestDocument(store, doc);
    }
  });
  afterAll(async () => {
    await neo4j.clear();
    await neo4j.close();
  });

  const both = async <T>(read: (store: GraphStore) => Promise<T>) => {
    const [fromMemory, fromNeo4j] = await Promise.all([read(memory), read(neo4j)]);
    expect(fromMemory).toEqual(fromNeo4j);
    return fromMemory;
  };

  it('counts alike', async () => {
    await both((s) => s.stats());
  });

  it('pages every concept’s papers alike, with and without narrower concepts', async () => {
    for (const conceptId of conceptIds) {
      for (const includeNarrower of [false, true]) {
        await both((s) =>
          s.findPapers({
            first: 100,
            after: null,
            filter: { conceptId, includeNarrower },
            orderBy: { field: 'RELEVANCE', direction: 'DESC' },
          }),
        );
      }
    }
  });

  it('pages through every concept’s papers alike, cursor after cursor, in the order of its first page', async () => {
    let walked = 0;
    for (const conceptId of conceptIds) {
      for (const includeNarrower of [false, true]) {
        const query = (after: { key: string | number; id: string } | null) => ({
          first: 3,
          after,
          filter: { conceptId, includeNarrower },
          orderBy: { field: 'RELEVANCE', direction: 'DESC' } as const,
        });
        const whole = await both((s) => s.findPapers({ ...query(null), first: 100 }));
        const seen: string[] = [];
        let after: { key: string | number; id: string } | null = null;
        for (;;) {
          const page = await both((s) => s.findPapers(query(after)));
          expect(page.totalCount).toBe(whole.totalCount);
          seen.push(...page.items.map((item) => item.node.id));
          const last = page.items.at(-1);
          if (!page.hasNextPage || !last) break;
          after = { key: last.key, id: last.node.id };
        }
        expect(seen).toEqual(whole.items.map((item) => item.node.id));
        if (seen.length > 3) walked += 1;
      }
    }
    expect(walked).toBeGreaterThan(3);
  });

  it('ranks papers sharing methods alike for every paper', async () => {
    let nonEmpty = 0;
    for (const paperId of paperIds) {
      const overlaps = await both((s) => s.papersSharingMethods(paperId, 10, 1));
      if (overlaps.length > 0) nonEmpty += 1;
    }
    expect(nonEmpty).toBeGreaterThan(30);
  });

  it('ranks similar papers alike for every paper, signals and shared items included', async () => {
    let nonEmpty = 0;
    for (const paperId of paperIds) {
      if ((await both((s) => s.similarPapers(paperId, 10))).length > 0) nonEmpty += 1;
    }
    expect(nonEmpty).toBe(paperIds.length);
  });

  it('finds concepts by plural names and searches plurals alike', async () => {
    for (const name of [
      'diffusion models',
      'Hessians',
      'information bottlenecks',
      'large language models',
      'LLMs',
      'zeroth-order optimizations',
    ]) {
      expect((await both((s) => s.findByName('Concept', name)))?.id, name).toBeDefined();
      expect((await both((s) => s.search(name, ['Concept'], 5))).length, name).toBeGreaterThan(0);
    }
  });

  it('searches alike', async () => {
    const queries = [
      ...doc.concepts.slice(0, 60).map((c) => c.name),
      'gradient',
      'zeroth order',
      'ZO2',
      'information bottleneck regression',
      'github',
      'learning',
      'deep neural networks',
    ];
    for (const query of queries) await both((s) => s.search(query, ['Paper', 'Concept', 'Method', 'Repository'], 10));
  });

  it('finds the same shortest concept paths', async () => {
    const pairs: [string, string][] = [];
    for (let i = 0; i < conceptIds.length; i += 7) pairs.push([conceptIds[i]!, conceptIds[(i * 13 + 5) % conceptIds.length]!]);
    pairs.push(['hessian', 'zeroth-order-optimization'], ['information-bottleneck', 'diffusion-model']);
    let found = 0;
    for (const [from, to] of pairs) {
      if (await both((s) => s.conceptPath(from, to, 6))) found += 1;
    }
    expect(found).toBeGreaterThan(pairs.length / 2);
  });

  it("finds on Neo4j the paths Neo4j's own search (allShortestPaths) picks", async () => {
    // Both stores run store/pathSearch.ts; Neo4j's allShortestPaths is the answer independent of it.
    const ownSearch = new Neo4jStore({ uri: inject('neo4jUri'), conceptPathSearch: 'all-shortest-paths' });
    try {
      let found = 0;
      for (let i = 0; i < conceptIds.length; i += 3) {
        const [from, to] = [conceptIds[i]!, conceptIds[(i * 17 + 11) % conceptIds.length]!];
        for (const [hops, throughCitations] of [
          [6, false],
          [2, false],
          [6, true],
        ] as const) {
          const [searched, own] = await Promise.all([
            neo4j.conceptPath(from, to, hops, throughCitations),
            ownSearch.conceptPath(from, to, hops, throughCitations),
          ]);
          expect(searched, `${from} -> ${to}, ${hops} hops${throughCitations ? ', through citations' : ''}`).toEqual(own);
          if (searched && searched.edges.length > 1) found += 1;
        }
      }
      expect(found).toBeGreaterThan(10);
    } finally {
      await ownSearch.close();
    }
  });

  it('returns the same neighbourhoods', async () => {
    let truncated = 0;
    for (const seed of ['hessian', 'zeroth-order-optimization', 'information-bottleneck', paperIds[0]!, 'zo2', 'github:liangyuwang/zo2']) {
      await both((s) => s.neighborhood([seed], 2, 150, ['MENTIONS', 'PROPOSES', 'USES', 'APPLIES', 'HAS_CODE', 'BROADER', 'RELATED']));
      await both((s) => s.neighborhood([seed], 1, 20, ['MENTIONS', 'BROADER']));
      // More than the limit one hop out, deeper levels left: the embedded walk stops early, yet
      // must keep the same nodes and say truncated as Neo4j, which walks every level.
      const cut = await both((s) => s.neighborhood([seed], 3, 5, ['MENTIONS', 'BROADER', 'RELATED', 'AUTHORED_BY', 'HAS_CODE']));
      if (cut.truncated) truncated += 1;
    }
    expect(truncated).toBeGreaterThan(0);
  });

  it('pages concepts and papers in every order alike', async () => {
    for (const field of ['ID', 'NAME'] as const) {
      for (const direction of ['ASC', 'DESC'] as const)
        await both((s) => s.findConcepts({ first: 100, after: null, orderBy: { field, direction } }));
    }
    for (const field of ['ID', 'TITLE', 'PUBLISHED_AT'] as const) {
      for (const direction of ['ASC', 'DESC'] as const)
        await both((s) => s.findPapers({ first: 50, after: null, filter: {}, orderBy: { field, direction } }));
    }
    await both((s) =>
      s.findPapers({
        first: 50,
        after: null,
        filter: { text: 'hessian', hasRepository: false },
        orderBy: { field: 'TITLE', direction: 'ASC' },
      }),
    );
  });
});
