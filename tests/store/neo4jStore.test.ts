import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { gammaUsesAlpha, smallGraph } from '../fixtures/smallGraph.ts';
import { Neo4jStore } from '../../src/store/neo4j/Neo4jStore.ts';
import { describeGraphStoreContract } from './graphStore.contract.ts';

describeGraphStoreContract('Neo4j', () => new Neo4jStore({ uri: inject('neo4jUri') }));

describe('papersSharingMethods on Neo4j, with another process writing', () => {
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
});
