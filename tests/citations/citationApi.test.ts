import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadTaxonomy } from '../../src/extract/taxonomy.ts';
import { importFiles } from '../../src/ingestion/pipeline.ts';
import { loadSeedTaxonomy } from '../../src/ingestion/seeds.ts';
import { startHttpServer, type RunningServer } from '../../src/server/http.ts';
import { EmbeddedStore } from '../../src/store/embedded/EmbeddedStore.ts';
import type { GraphStore } from '../../src/store/GraphStore.ts';
import { Neo4jStore } from '../../src/store/neo4j/Neo4jStore.ts';

const FILES = ['openalex-works.jsonl', 'openalex-api.json', 's2ag-citations.jsonl', 's2ag-abstracts.jsonl', 's2ag-papers.jsonl'].map(
  (f) => `tests/fixtures/import/${f}`,
);
const taxonomy = loadTaxonomy('seeds/taxonomy.json');
/** Adam keeps the id OpenAlex's record gave it (a title slug): Semantic Scholar's arXiv id came later. */
const ADAM = 'adam-a-method-for-stochastic-optimization';

interface Response {
  data?: Record<string, unknown>;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** The citation API on both stores, loaded from the same OpenAlex and Semantic Scholar fixtures: each answer checked on the embedded store and equal on Neo4j. */
describe('the citation API (references, citedBy, priorWorks, derivativeWorks, CITES in graph views) on both stores', () => {
  const stores: GraphStore[] = [];
  const servers: RunningServer[] = [];
  /** The query's answer on every store, after checking they are all the same. */
  async function gql(query: string, variables?: Record<string, unknown>): Promise<Response> {
    const answers = await Promise.all(
      servers.map(async (server) => {
        const response = await fetch(`${server.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query, variables }),
        });
        return (await response.json()) as Response;
      }),
    );
    // Data and error codes (messages carry request ids).
    const comparable = (r: Response) => ({ data: r.data, codes: (r.errors ?? []).map((e) => e.extensions?.code) });
    expect(comparable(answers[1]!), 'Neo4j answers as the embedded store does').toEqual(comparable(answers[0]!));
    return answers[0]!;
  }

  beforeAll(async () => {
    stores.push(new EmbeddedStore(), new Neo4jStore({ uri: inject('neo4jUri') }));
    for (const store of stores) {
      await store.init();
      await store.clear();
      for (const file of FILES) await importFiles(store, [file], { taxonomy, onError: 'fail', batchSize: 2, checkpoints: null });
      servers.push(await startHttpServer({ store, taxonomy: loadSeedTaxonomy('seeds'), apiKey: 'k', port: 0, host: '127.0.0.1' }));
    }
  });
  afterAll(async () => {
    for (const server of servers) await server.close();
    for (const store of stores) {
      await store.clear();
      await store.close();
    }
  });

  it('pages references with keyset cursors and totalCount, with influential, intents and contexts', async () => {
    const query = `query ($after: String) { paper(id: "2010.01412") { referenceCount citationCount externalIds references(first: 2, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id stub } influential intents contexts } } } }`;
    const first = await gql(query);
    expect(first.errors).toBeUndefined();
    const paper = first.data!.paper as {
      referenceCount: number;
      citationCount: number;
      externalIds: string[];
      references: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: unknown[] };
    };
    expect(paper).toMatchObject({ referenceCount: 5, citationCount: 0, references: { totalCount: 5, pageInfo: { hasNextPage: true } } });
    expect(paper.externalIds).toContain('corpus:222134093');
    expect(paper.references.edges).toEqual([
      { node: { id: '1609.04836', stub: false }, influential: false, intents: [], contexts: [] },
      {
        node: { id: '1611.01838', stub: false },
        influential: false,
        intents: ['background', 'result'],
        contexts: ['Entropy-SGD (Chaudhari et al., 2017) also seeks flat minima.'],
      },
    ]);
    const rest = await gql(query, { after: paper.references.pageInfo.endCursor });
    const edges = (
      rest.data!.paper as { references: { edges: { node: { id: string; stub: boolean }; influential: boolean; intents: string[] }[] } }
    ).references.edges;
    expect(edges.map((e) => [e.node.id, e.node.stub, e.influential, e.intents])).toEqual([
      [ADAM, false, true, ['methodology']],
      ['corpus:11430218', true, false, []],
    ]);
  });

  it('lists the papers citing a paper, and counts them', async () => {
    const answer = await gql(`{ paper(id: "${ADAM}") { citationCount citedBy(first: 10) { totalCount edges { node { id title } } } } }`);
    const paper = answer.data!.paper as { citationCount: number; citedBy: { totalCount: number; edges: { node: { id: string } }[] } };
    expect(paper.citationCount).toBe(4);
    expect(paper.citedBy.edges.map((e) => e.node.id)).toEqual([
      '1609.04836',
      '1611.01838',
      '2010.01412',
      'visualizing-the-loss-landscape-of-neural-nets',
    ]);
  });

  it('refuses a cursor of another connection with BAD_USER_INPUT', async () => {
    const refs = await gql(`{ paper(id: "2010.01412") { references(first: 1) { pageInfo { endCursor } } } }`);
    const cursor = (refs.data!.paper as { references: { pageInfo: { endCursor: string } } }).references.pageInfo.endCursor;
    const answer = await gql(`query ($c: String) { paper(id: "${ADAM}") { citedBy(after: $c) { totalCount } } }`, { c: cursor });
    expect(answer.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });

  it('ranks prior works (most cited by a set) and derivative works (citing most of a set)', async () => {
    const answer = await gql(`{
      priorWorks(paperIds: ["2010.01412", "visualizing-the-loss-landscape-of-neural-nets"], first: 3) { paper { id } count via }
      derivativeWorks(paperIds: ["${ADAM}", "1609.04836"], first: 3) { paper { id } count via } }`);
    expect(answer.data!.priorWorks).toEqual([
      { paper: { id: '1609.04836' }, count: 2, via: ['2010.01412', 'visualizing-the-loss-landscape-of-neural-nets'] },
      { paper: { id: ADAM }, count: 2, via: ['2010.01412', 'visualizing-the-loss-landscape-of-neural-nets'] },
      { paper: { id: '1611.01838' }, count: 1, via: ['2010.01412'] },
    ]);
    expect(answer.data!.derivativeWorks).toEqual([
      { paper: { id: '2010.01412' }, count: 2, via: ['1609.04836', ADAM] },
      { paper: { id: 'visualizing-the-loss-landscape-of-neural-nets' }, count: 2, via: ['1609.04836', ADAM] },
      { paper: { id: '1611.01838' }, count: 1, via: [ADAM] },
    ]);
  });

  it('carries CITES edges in neighborhood, stubs included', async () => {
    const answer = await gql(
      `{ neighborhood(ids: ["corpus:11430218"], depth: 1, edgeTypes: [CITES]) { nodes { id type } edges { source target type } } }`,
    );
    expect(answer.data!.neighborhood).toEqual({
      nodes: [
        { id: 'corpus:11430218', type: 'PAPER' },
        { id: '2010.01412', type: 'PAPER' },
      ],
      edges: [{ source: '2010.01412', target: 'corpus:11430218', type: 'CITES' }],
    });
  });
});
