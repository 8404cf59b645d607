import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { gammaUsesAlpha, hessianRelatedToZeroOrder, smallGraph, smallGraphWithoutRelated } from '../fixtures/smallGraph.ts';
import neo4j from 'neo4j-driver';
import { Neo4jStore } from '../../src/store/neo4j/Neo4jStore.ts';
import { TERM_INDEX, TERM_TEXT_PROPERTY } from '../../src/store/neo4j/cypher.ts';
import { describeGraphStoreContract } from './graphStore.contract.ts';

describeGraphStoreContract('Neo4j', () => new Neo4jStore({ uri: inject('neo4jUri') }));

describe('cached reads on Neo4j, with another process writing', () => {
  const uri = inject('neo4jUri');
  const reader = new Neo4jStore({ uri });
  const writer = new Neo4jStore({ uri });
  beforeAll(async () => {
    await reader.init();
    await reader.clear();
    await reader.upsert(smallGraph());
  });
  afterAll(async () => {
    await reader.clear();
    await Promise.all([reader.close(), writer.close()]);
  });

  it('sees a write made through another store at once: the graph version in Neo4j drops its cached postings', async () => {
    expect((await reader.papersSharingMethods('2401.00001', 10, 1)).map((o) => [o.paper.id, o.score])).toEqual([['p-alpha', 0.5]]);
    await writer.upsert(gammaUsesAlpha());
    expect((await reader.papersSharingMethods('2401.00001', 10, 1)).map((o) => [o.paper.id, o.score])).toEqual([
      ['p-alpha', 1 / 3],
      ['p-gamma', 1 / 3],
    ]);
    await writer.removePaper('p-gamma');
    expect((await reader.papersSharingMethods('2401.00001', 10, 1)).map((o) => [o.paper.id, o.score])).toEqual([['p-alpha', 0.5]]);
  });

  it("follows another store's writes in its concept paths: the kept neighbours go with the version", async () => {
    await writer.clear();
    await writer.upsert(smallGraphWithoutRelated());
    const ids = async () => (await reader.conceptPath('hessian', 'zeroth-order-optimization', 4))?.nodes.map((n) => n.id) ?? null;
    expect(await ids()).toEqual(['hessian', 'p-alpha', 'zeroth-order-optimization']);
    await writer.upsert(hessianRelatedToZeroOrder());
    expect(await ids()).toEqual(['hessian', 'zeroth-order-optimization']);
    await writer.clear();
    expect(await ids()).toBeNull();
    await writer.upsert(smallGraph());
  });
});

describe('text similarity on Neo4j through the term index', () => {
  const uri = inject('neo4jUri');
  const store = new Neo4jStore({ uri });
  const paper = (id: string, title: string) => ({
    ...smallGraph().papers[0]!,
    id,
    title,
    abstract: '',
    keywords: [],
    sources: ['terms.txt'],
  });
  beforeAll(async () => {
    await store.init();
    await store.clear();
    await store.upsert({
      papers: [
        paper('t-1', 'Zebrafish morphogen gradients'),
        paper('t-2', 'Morphogen gradients in zebrafish fins'),
        paper('t-3', 'Quantum annealing schedules'),
      ],
      concepts: [],
      methods: [],
      repositories: [],
      authors: [],
      relationships: [],
    });
  });
  afterAll(async () => {
    await store.clear();
    await store.close();
  });

  const textMatches = async (s: Neo4jStore) =>
    (await s.similarPapers('t-1', 5)).map((r) => [r.paper.id, r.signals.map((x) => x.name), r.signals[0]!.terms.map((t) => t.term).sort()]);

  it('finds papers by shared terms, and so does a store started on papers written before the index (backfilled once)', async () => {
    const before = await textMatches(store);
    expect(before).toEqual([['t-2', ['TEXT'], ['gradient', 'morphogen', 'zebrafish']]]);
    const driver = neo4j.driver(uri);
    try {
      await driver.executeQuery(`MATCH (p:Paper) REMOVE p.${TERM_TEXT_PROPERTY}`);
      const indexed = async () =>
        (
          await driver.executeQuery(`CALL db.index.fulltext.queryNodes('${TERM_INDEX}', '"morphogen"') YIELD node RETURN count(*) AS n`)
        ).records[0]!.get('n').toNumber();
      expect(await indexed()).toBe(0);
      const restarted = new Neo4jStore({ uri });
      try {
        await restarted.init();
        expect(await indexed()).toBe(2);
        expect(await textMatches(restarted)).toEqual(before);
      } finally {
        await restarted.close();
      }
    } finally {
      await driver.close();
    }
  });
});
