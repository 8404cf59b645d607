import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MultiDirectedGraph } from 'graphology';
import type { AbstractGraph } from 'graphology-types';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { ingestDocument } from '../../src/ingestion/write.ts';
import { startHttpServer, type RunningServer } from '../../src/server/http.ts';
import type { GraphStore } from '../../src/store/GraphStore.ts';
import { EmbeddedStore } from '../../src/store/embedded/EmbeddedStore.ts';
import { Neo4jStore } from '../../src/store/neo4j/Neo4jStore.ts';
import { runNode } from '../../testkit/processes.ts';
import { countingStore } from '../api/countingStore.ts';
import { explorationDocument } from './explorationGraph.ts';

const require = createRequire(import.meta.url);
const gexf = require('graphology-gexf') as { parse: (graph: unknown, source: string) => AbstractGraph };
const graphml = require('graphology-graphml') as { parse: (graph: unknown, source: string) => AbstractGraph };
const cytoscape = require('cytoscape') as (options: { headless: boolean; elements: unknown }) => {
  nodes: () => { length: number };
  edges: () => { length: number };
};

interface Response {
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: { code?: string; argumentName?: string } }[];
}

const VIEW_FIELDS = 'nodes { id type label weight community centrality x y } edges { id source target type weight } truncated';

/** Answers of the exploration fields on each store, kept to compare the two stores at the end. */
const answers = new Map<string, unknown[]>();

function describeExplorationApi(name: string, makeStore: () => GraphStore) {
  describe(`exploration over GraphQL and /export on ${name}`, () => {
    let base: GraphStore;
    let counted: ReturnType<typeof countingStore>;
    let server: RunningServer;
    const gql = async (query: string, variables?: Record<string, unknown>): Promise<Response> => {
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as Response;
    };
    const keep = (key: string, value: unknown) => answers.set(key, [...(answers.get(key) ?? []), value]);

    beforeAll(async () => {
      base = makeStore();
      await base.init();
      await base.clear();
      await ingestDocument(base, explorationDocument());
      counted = countingStore(base);
      server = await startHttpServer({ store: counted.store, port: 0, host: '127.0.0.1' });
    });
    beforeEach(() => {
      counted.calls.length = 0;
    });
    afterAll(async () => {
      await server?.close();
      await base?.clear();
      await base?.close();
    });

    it('filters papers by author and year range, and names the argument of a bad filter', async () => {
      const r = await gql(
        `{ papers(filter: { author: "ada-lovelace", yearFrom: 2021, yearTo: 2021 }) { totalCount edges { node { id } } } }`,
      );
      expect(r.data!.papers).toEqual({ totalCount: 2, edges: [{ node: { id: 'x-hessian-2021' } }, { node: { id: 'x-zo-2021' } }] });
      const swapped = await gql(`{ papers(filter: { yearFrom: 2022, yearTo: 2020 }) { totalCount } }`);
      expect(swapped.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'filter.yearFrom' });
      const tooMany = await gql(`query($c: [ID!]) { papers(filter: { conceptsAny: $c }) { totalCount } }`, {
        c: Array.from({ length: 21 }, (_, i) => `c${i}`),
      });
      expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'filter.conceptsAny' });
    });

    it('pages authors by name with keyset cursors and a total', async () => {
      const first = await gql(
        `{ authors(first: 1, orderBy: { field: NAME }) { totalCount edges { node { name } } pageInfo { hasNextPage endCursor } } }`,
      );
      expect(first.data!.authors).toMatchObject({
        totalCount: 2,
        edges: [{ node: { name: 'Ada Lovelace' } }],
        pageInfo: { hasNextPage: true },
      });
      const next = await gql(
        `query($a: String) { authors(first: 1, after: $a, orderBy: { field: NAME }) { edges { node { name papers { id } } } pageInfo { hasNextPage } } }`,
        {
          a: first.data!.authors.pageInfo.endCursor,
        },
      );
      expect(next.data!.authors.edges).toEqual([
        { node: { name: 'Nicolò Cesa-Bianchi', papers: [{ id: 'x-hessian-2019' }, { id: 'x-hessian-2021' }] } },
      ]);
      const methods = await gql(`{ methods(first: 100) { totalCount edges { node { id } } } }`);
      expect(methods.data!.methods.edges.map((e: { node: { id: string } }) => e.node.id)).toContain('zo2');
      keep('methods', methods.data);
    });

    it('counts facets for the matching papers in one store call', async () => {
      const r = await gql(`{ facets(by: [YEAR, AUTHOR], filter: { venue: "ICML 2021" }, first: 5) { by values { value label count } } }`);
      expect(r.data!.facets).toEqual([
        { by: 'YEAR', values: [{ value: '2021', label: '2021', count: 2 }] },
        {
          by: 'AUTHOR',
          values: [
            { value: 'ada-lovelace', label: 'Ada Lovelace', count: 2 },
            { value: 'nicolo-cesa-bianchi', label: 'Nicolò Cesa-Bianchi', count: 1 },
          ],
        },
      ]);
      expect(counted.calls.map(([method]) => method)).toEqual(['paperFacets']);
      const empty = await gql(`{ facets(by: [], first: 5) { by } }`);
      expect(empty.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'by' });
      const big = await gql(`{ facets(by: [YEAR], first: 101) { by } }`);
      expect(big.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'first' });
    });

    it('suggests as one types, accents ignored, and refuses an empty prefix', async () => {
      const r = await gql(`{ suggest(prefix: "Nicol", first: 3) { type text node { id ... on Author { name } } } }`);
      expect(r.data!.suggest).toEqual([
        { type: 'AUTHOR', text: 'nicolo cesa bianchi', node: { id: 'nicolo-cesa-bianchi', name: 'Nicolò Cesa-Bianchi' } },
      ]);
      const concepts = await gql(`{ suggest(prefix: "information bo", types: [CONCEPT], first: 5) { node { id } } }`);
      expect(concepts.data!.suggest[0]).toEqual({ node: { id: 'information-bottleneck' } });
      keep('suggest', (await gql(`{ suggest(prefix: "ze", first: 20) { type text node { id } } }`)).data);
      const blank = await gql(`{ suggest(prefix: "  ") { text } }`);
      expect(blank.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'prefix' });
    });

    it('looks nodes up in the order given, null for an unknown id, in one store call', async () => {
      const r = await gql(`{ nodes(ids: ["zo2", "nobody", "x-hessian-2019", "hessian", "ada-lovelace"]) { __typename id } }`);
      expect(r.data!.nodes).toEqual([
        { __typename: 'Method', id: 'zo2' },
        null,
        { __typename: 'Paper', id: 'x-hessian-2019' },
        { __typename: 'Concept', id: 'hessian' },
        { __typename: 'Author', id: 'ada-lovelace' },
      ]);
      expect(counted.calls).toEqual([['readBatch', 'nodes:Author+nodes:Concept+nodes:Method+nodes:Paper+nodes:Repository']]);
      const tooMany = await gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: Array.from({ length: 501 }, (_, i) => `n${i}`) });
      expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'ids' });
    });

    it('gives a graph view with communities, centrality and a layout that are the same on every call', async () => {
      const query = `{ graphView(filter: { conceptsAny: ["hessian", "zeroth-order-optimization"] }, limit: 60) { ${VIEW_FIELDS} } }`;
      const [a, b] = [await gql(query), await gql(query)];
      expect(a.errors).toBeUndefined();
      expect(a.data).toEqual(b.data);
      const nodes = a.data!.graphView.nodes as { type: string; community: number; centrality: number; x: number; y: number }[];
      expect(nodes.filter((n) => n.type === 'PAPER').length).toBeGreaterThan(3);
      expect(nodes.reduce((s, n) => s + n.centrality, 0)).toBeCloseTo(1, 6);
      expect(new Set(nodes.map((n) => n.community)).size).toBeGreaterThan(1);
      expect(new Set(nodes.map((n) => `${n.x},${n.y}`)).size).toBe(nodes.length);
      keep('graphView', a.data);
      const timeline = await gql(
        `{ neighborhood(ids: ["hessian"], depth: 2, filter: { yearFrom: 2019, yearTo: 2020 }) { nodes { id type community x } } }`,
      );
      expect(
        timeline.data!.neighborhood.nodes.filter((n: { type: string }) => n.type === 'PAPER').map((n: { id: string }) => n.id),
      ).toEqual(['x-hessian-2019']);
      keep('timeline', timeline.data);
    });

    it('expands a node with only what the client does not have yet', async () => {
      const r = await gql(
        `{ expand(id: "ada-lovelace", known: ["ada-lovelace", "x-zo-2021"]) { nodes { id } edges { source target type } } }`,
      );
      expect(r.data!.expand).toEqual({
        nodes: [{ id: 'x-hessian-2021' }],
        edges: [{ source: 'x-hessian-2021', target: 'ada-lovelace', type: 'AUTHORED_BY' }],
      });
    });

    it('streams each export format, which its own library parses back', async () => {
      const get = async (query: string) => {
        const response = await fetch(`${server.url}/export?${query}`);
        return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
      };
      const filter = 'conceptsAny=hessian,zeroth-order-optimization&yearFrom=2019&limit=60';
      const view = (
        await gql(
          `{ graphView(filter: { conceptsAny: ["hessian", "zeroth-order-optimization"], yearFrom: 2019 }, limit: 60) { nodes { id } edges { id } } }`,
        )
      ).data!.graphView;
      const fromGexf = gexf.parse(MultiDirectedGraph, (await get(`format=gexf&${filter}`)).body);
      const fromGraphml = graphml.parse(MultiDirectedGraph, (await get(`format=graphml&${filter}`)).body);
      const json = await get(`format=graphology&${filter}`);
      expect(json.type).toMatch(/^application\/json/);
      const fromJson = MultiDirectedGraph.from(JSON.parse(json.body));
      for (const graph of [fromGexf, fromGraphml, fromJson]) {
        expect(graph.order).toBe(view.nodes.length);
        expect(graph.size).toBe(view.edges.length);
      }
      expect(fromGexf.getNodeAttribute('Author:nicolo-cesa-bianchi', 'label')).toBe('Nicolò Cesa-Bianchi');
      expect(fromGraphml.getNodeAttribute('Paper:x-hessian-2019', 'type')).toBe('PAPER');
      const cy = cytoscape({ headless: true, elements: JSON.parse((await get(`format=cytoscape&${filter}`)).body).elements });
      expect([cy.nodes().length, cy.edges().length]).toEqual([view.nodes.length, view.edges.length]);
      const bad = await get('format=pdf');
      expect(bad.status).toBe(400);
      expect(JSON.parse(bad.body).errors[0]).toMatchObject({
        extensions: { code: 'BAD_USER_INPUT' },
        message: expect.stringContaining('(format)'),
      });
      expect((await get('format=gexf&limit=100001')).status).toBe(400);
    });
  });
}

describeExplorationApi('the embedded store', () => new EmbeddedStore());
describeExplorationApi('Neo4j', () => new Neo4jStore({ uri: inject('neo4jUri') }));

describe('the exploration answers of the two stores', () => {
  it('are identical, communities, centrality and positions included', () => {
    expect([...answers.keys()]).toEqual(['methods', 'suggest', 'graphView', 'timeline']);
    for (const [key, [embedded, neo4j]] of answers) expect(embedded, key).toEqual(neo4j);
  });
});

describe('npm run export', () => {
  const dir = mkdtempSync(join(tmpdir(), 'papergraph-export-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a filtered graph to a file that graphology-gexf reads back, and refuses a bad format', async () => {
    const store = new EmbeddedStore({ dataDir: dir });
    await store.init();
    await ingestDocument(store, explorationDocument());
    await store.close();
    const out = join(dir, 'icml.gexf');
    const env = { PAPERGRAPH_DATA_DIR: dir, NEO4J_URI: undefined };
    const done = await runNode('src/cli/export.ts', ['--format', 'gexf', '--out', out, '--venue', 'ICML 2021'], env).exited;
    expect(done.code).toBe(0);
    const graph = gexf.parse(MultiDirectedGraph, readFileSync(out, 'utf8'));
    expect(graph.filterNodes((_k, a) => a.type === 'PAPER').sort()).toEqual(['Paper:x-hessian-2021', 'Paper:x-zo-2021']);
    const bad = await runNode('src/cli/export.ts', ['--format', 'pdf', '--out', join(dir, 'x.pdf')], env).exited;
    expect(bad.code).toBe(1);
  });
});
