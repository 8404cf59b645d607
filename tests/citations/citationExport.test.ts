import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadTaxonomy } from '../../src/extract/taxonomy.ts';
import { importFiles } from '../../src/ingestion/pipeline.ts';
import { startHttpServer, type RunningServer } from '../../src/server/http.ts';
import { EmbeddedStore } from '../../src/store/embedded/EmbeddedStore.ts';
import type { GraphStore } from '../../src/store/GraphStore.ts';
import { Neo4jStore } from '../../src/store/neo4j/Neo4jStore.ts';

const FILES = ['openalex-works.jsonl', 'openalex-api.json', 's2ag-citations.jsonl', 's2ag-abstracts.jsonl', 's2ag-papers.jsonl'].map(
  (f) => `tests/fixtures/import/${f}`,
);
const taxonomy = loadTaxonomy('seeds/taxonomy.json');

interface GraphologyExport {
  nodes: { key: string; attributes: { id: string; type: string } }[];
  edges: { source: string; target: string; attributes: { type: string } }[];
}

/** Exports (GET /export) of a citation graph, loaded from the OpenAlex and Semantic Scholar fixtures into both stores. */
describe('exports carry citations', () => {
  const stores: GraphStore[] = [];
  const servers: RunningServer[] = [];
  /** Every CITES edge of a store, as `Paper:from -> Paper:to`, sorted. */
  const citesOf = async (store: GraphStore) => {
    const page = await store.findPapers({ first: 1000, after: null, filter: {}, orderBy: { field: 'ID', direction: 'ASC' } });
    const lists = await store.relationshipsOf(
      'CITES',
      'out',
      page.items.map((i) => i.node.id),
    );
    return lists
      .flat()
      .map((r) => `Paper:${r.from} -> Paper:${r.to}`)
      .sort();
  };
  const exported = async (server: RunningServer, query: string): Promise<GraphologyExport> => {
    const response = await fetch(`${server.url}/export?${query}`);
    expect(response.status).toBe(200);
    return (await response.json()) as GraphologyExport;
  };
  const citesIn = (graph: GraphologyExport) =>
    graph.edges
      .filter((e) => e.attributes.type === 'CITES')
      .map((e) => `${e.source} -> ${e.target}`)
      .sort();

  beforeAll(async () => {
    stores.push(new EmbeddedStore(), new Neo4jStore({ uri: inject('neo4jUri') }));
    for (const store of stores) {
      await store.init();
      await store.clear();
      for (const file of FILES) await importFiles(store, [file], { taxonomy, onError: 'fail', batchSize: 2, checkpoints: null });
      servers.push(await startHttpServer({ store, taxonomy, apiKey: 'k', port: 0, host: '127.0.0.1' }));
    }
  });
  afterAll(async () => {
    for (const server of servers) await server.close();
    for (const store of stores) {
      await store.clear();
      await store.close();
    }
  });

  it('writes every CITES edge of the graph view by default, stubs as Paper nodes, alike on both stores', async () => {
    const expected = await citesOf(stores[0]!);
    expect(expected.length).toBeGreaterThan(5);
    expect(await citesOf(stores[1]!)).toEqual(expected);
    const graphs = await Promise.all(servers.map((s) => exported(s, 'format=graphology')));
    for (const graph of graphs) {
      expect(citesIn(graph)).toEqual(expected);
      const keys = new Set(graph.nodes.map((n) => n.key));
      for (const edge of expected) for (const end of edge.split(' -> ')) expect(keys, end).toContain(end);
    }
    expect(citesIn(graphs[1]!)).toEqual(citesIn(graphs[0]!));
  });

  it('writes only CITES edges when asked for edgeTypes=CITES, in every format', async () => {
    const [graph] = await Promise.all(servers.map((s) => exported(s, 'format=graphology&edgeTypes=CITES')));
    expect(graph!.edges.length).toBeGreaterThan(5);
    expect(new Set(graph!.edges.map((e) => e.attributes.type))).toEqual(new Set(['CITES']));
    for (const format of ['gexf', 'graphml', 'cytoscape']) {
      const response = await fetch(`${servers[0]!.url}/export?format=${format}&edgeTypes=CITES`);
      expect(response.status, format).toBe(200);
      expect(await response.text(), format).toContain('CITES');
    }
  });
});
