import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ingestDocument } from '../../src/ingestion/write.ts';
import { loadSeedTaxonomy } from '../../src/ingestion/seeds.ts';
import type { GraphStore } from '../../src/store/GraphStore.ts';
import { startHttpServer, type RunningServer } from '../../src/server/http.ts';
import { seedDocument } from '../store/graphStore.contract.ts';
import { countingStore } from './countingStore.ts';

const API_KEY = 'test-api-key-0123456789abcdef';
const ZO2 = 'zo2-scalable-zeroth-order-fine-tuning-for-extremely-large-language-models-with';

interface GraphQLResponse {
  status: number;
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/**
 * The GraphQL API, end to end over HTTP on the seed graph. The same suite runs on the embedded
 * store and on Neo4j: same answers, same rankings, same errors.
 */
export function describeApi(name: string, makeStore: () => GraphStore) {
  describe(`GraphQL API on ${name}`, () => {
    let base: GraphStore;
    let counted: ReturnType<typeof countingStore>;
    let server: RunningServer;

    async function gql(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<GraphQLResponse> {
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as object) };
    }
    const codes = (r: GraphQLResponse) => (r.errors ?? []).map((e) => e.extensions?.code);

    beforeAll(async () => {
      base = makeStore();
      await base.init();
      await base.clear();
      await ingestDocument(base, seedDocument());
      counted = countingStore(base);
      server = await startHttpServer({
        store: counted.store,
        taxonomy: loadSeedTaxonomy('seeds'),
        apiKey: API_KEY,
        port: 0,
        host: '127.0.0.1',
      });
    });
    beforeEach(() => {
      counted.calls.length = 0;
    });
    afterAll(async () => {
      await server?.close();
      await base?.clear();
      await base?.close();
    });

    describe('the use cases of the README', () => {
      it('ranks the other zeroth-order papers first among papers sharing methods with ZO2', async () => {
        const r = await gql(`query($id: ID!) { papersSharingMethods(paperId: $id, first: 5) { score paper { id title } shared { id } } }`, {
          id: ZO2,
        });
        expect(r.errors).toBeUndefined();
        const top = r.data!.papersSharingMethods as { score: number; paper: { title: string }; shared: { id: string }[] }[];
        expect(top.slice(0, 3).map((o) => o.paper.title.slice(0, 30))).toEqual([
          'Efficient Personalization of Q',
          'DeepZero: Scaling up Zeroth-Or',
          'Federated Zeroth-Order Optimiz',
        ]);
        for (const overlap of top.slice(0, 4)) expect(overlap.shared.map((s) => s.id)).toContain('zeroth-order-optimization');
        const scores = top.map((o) => o.score);
        expect([...scores].sort((a, b) => b - a)).toEqual(scores);
      });

      it('finds concepts by plural names in lookup and search, and suggests names for one that matches nothing', async () => {
        const r = await gql(`{
          byName: concept(name: "diffusion models") { id }
          plural: concept(name: "Information bottlenecks") { id }
          search(query: "diffusion models", types: [CONCEPT], first: 3) { node { id } }
          nothing: concept(name: "informaton botleneck") { id }
          nameAlternatives(name: "informaton botleneck", first: 3) { name similarity node { id } }
        }`);
        expect(r.errors).toBeUndefined();
        expect(r.data!.byName).toEqual({ id: 'diffusion-model' });
        expect(r.data!.plural).toEqual({ id: 'information-bottleneck' });
        expect((r.data!.search as { node: { id: string } }[]).map((h) => h.node.id)).toContain('diffusion-model');
        expect(r.data!.nothing).toBeNull();
        expect((r.data!.nameAlternatives as { node: { id: string } }[])[0]!.node.id).toBe('information-bottleneck');
      });

      it('explains similar papers by signal, and recommends from liked and disliked papers', async () => {
        const ib = 'how-does-information-bottleneck-help-deep-learning';
        const r = await gql(
          `query($id: ID!) {
          paper(id: $id) { similarPapers(first: 3) { score paper { id } shared { id } signals { name score shared { id } terms } } }
          similarPapers(paperId: $id, first: 3) { score paper { id } }
          recommend(positive: [$id], first: 3) { score paper { id } }
        }`,
          { id: ib },
        );
        expect(r.errors).toBeUndefined();
        const similar = (
          r.data!.paper as {
            similarPapers: {
              score: number;
              paper: { id: string };
              shared: { id: string }[];
              signals: { name: string; score: number; shared: { id: string }[]; terms: string[] }[];
            }[];
          }
        ).similarPapers;
        expect(similar.length).toBe(3);
        expect(similar[0]!.shared.map((s) => s.id)).toContain('information-bottleneck');
        for (const s of similar)
          expect(s.score).toBeCloseTo(
            s.signals.reduce((sum, x) => sum + x.score, 0),
            9,
          );
        expect(similar[0]!.signals.find((x) => x.name === 'TECHNIQUES')!.shared.map((x) => x.id)).toContain('information-bottleneck');
        expect((r.data!.similarPapers as { paper: { id: string } }[]).map((x) => x.paper.id)).toEqual(similar.map((x) => x.paper.id));
        const recommended = (r.data!.recommend as { paper: { id: string } }[]).map((x) => x.paper.id);
        expect(recommended).not.toContain(ib);
        expect(recommended).toEqual(similar.map((x) => x.paper.id));
        const bad = await gql(`{ recommend(positive: []) { score } }`);
        expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
      });

      it('lists the information-bottleneck papers of a concept found by name', async () => {
        const r = await gql(
          `{ concept(name: "Information Bottleneck") { id kind paperCount papers(first: 10) { totalCount edges { node { title } } } related { id } broader { id } } }`,
        );
        expect(r.errors).toBeUndefined();
        const concept = r.data!.concept;
        expect(concept.id).toBe('information-bottleneck');
        expect(concept.paperCount).toBe(concept.papers.totalCount);
        const titles = concept.papers.edges.map((e: { node: { title: string } }) => e.node.title.slice(0, 30));
        expect(titles).toEqual(
          expect.arrayContaining([
            'How Does Information Bottlenec',
            'Cauchy-Schwarz Divergence Info',
            'Opening the Black Box of Deep ',
            'Adaptive Estimators Show Infor',
          ]),
        );
        expect(concept.related.map((c: { id: string }) => c.id)).toContain('mutual-information');
      });

      it('connects Hessian and zeroth-order optimization with a concept path', async () => {
        const r = await gql(
          `{ conceptPath(from: "hessian", to: "zeroth-order-optimization") { length nodes { id __typename } edges { source target type } } }`,
        );
        expect(r.errors).toBeUndefined();
        const path = r.data!.conceptPath;
        expect(path.nodes[0]).toEqual({ id: 'hessian', __typename: 'Concept' });
        expect(path.nodes.at(-1)).toEqual({ id: 'zeroth-order-optimization', __typename: 'Concept' });
        expect(path.length).toBe(path.edges.length);
        expect(path.nodes).toHaveLength(path.length + 1);
        // Each edge joins consecutive nodes of the path.
        path.edges.forEach((e: { source: string; target: string }, i: number) => {
          expect([e.source, e.target].sort()).toEqual([path.nodes[i].id, path.nodes[i + 1].id].sort());
        });
      });

      it('serves a neighbourhood a visualization library can load: every edge between listed nodes', async () => {
        const r = await gql(
          `{ neighborhood(ids: ["hessian"], depth: 2, limit: 60) { truncated nodes { id type label weight } edges { id source target type weight } } }`,
        );
        expect(r.errors).toBeUndefined();
        const view = r.data!.neighborhood;
        expect(view.nodes).toHaveLength(60);
        expect(view.truncated).toBe(true);
        const ids = new Set(view.nodes.map((n: { id: string }) => n.id));
        expect(ids.size).toBe(60);
        for (const e of view.edges) expect(ids.has(e.source) && ids.has(e.target)).toBe(true);
        expect(view.nodes[0]).toEqual({ id: 'hessian', type: 'CONCEPT', label: 'Hessian', weight: expect.any(Number) });
      });

      it('finds papers, concepts and methods by search, best first', async () => {
        const r = await gql(`{ search(query: "information bottleneck", first: 5) { score node { __typename id } } }`);
        expect(r.errors).toBeUndefined();
        const hits = r.data!.search;
        expect(hits[0].node).toEqual({ __typename: 'Concept', id: 'information-bottleneck' });
        const onlyPapers = await gql(`{ search(query: "zeroth order", types: [PAPER], first: 3) { node { __typename } } }`);
        expect(onlyPapers.data!.search.map((h: { node: { __typename: string } }) => h.node.__typename)).toEqual([
          'Paper',
          'Paper',
          'Paper',
        ]);
      });
    });

    describe('lookups', () => {
      it('resolves any node by id to its type, and an unknown id to null without an error', async () => {
        const r = await gql(
          `{ a: node(id: "hessian") { __typename id } b: node(id: "github:liangyuwang/zo2") { __typename } c: node(id: "zo2") { __typename } d: node(id: "no-such-thing") { id } e: paper(id: "nope") { id } }`,
        );
        expect(r.errors).toBeUndefined();
        expect(r.data).toEqual({
          a: { __typename: 'Concept', id: 'hessian' },
          b: { __typename: 'Repository' },
          c: { __typename: 'Method' },
          d: null,
          e: null,
        });
      });

      it('reads a paper with its concepts, evidence, methods and repositories', async () => {
        const r = await gql(
          `query($id: ID!) { paper(id: $id) { title concepts { concept { id } count weight evidence } proposes { name fullName proposedBy { id } } repositories { id url owner name papers { id } } } }`,
          { id: ZO2 },
        );
        expect(r.errors).toBeUndefined();
        const paper = r.data!.paper;
        expect(paper.concepts[0]).toMatchObject({ concept: { id: 'zeroth-order-optimization' }, weight: 1 });
        expect(paper.concepts[0].evidence.length).toBeGreaterThan(0);
        expect(paper.proposes).toEqual([{ name: 'ZO2', fullName: 'Zeroth-Order Offloading', proposedBy: [{ id: ZO2 }] }]);
        expect(paper.repositories).toEqual([
          {
            id: 'github:liangyuwang/zo2',
            url: 'https://github.com/liangyuwang/zo2',
            owner: 'liangyuwang',
            name: 'zo2',
            papers: [{ id: ZO2 }],
          },
        ]);
      });

      it('finds a repository by URL in any case, and a method by name', async () => {
        const r = await gql(
          `{ repository(url: "https://GitHub.com/OPTML-Group/DeepZero.") { id } method(name: "deepzero") { id concepts { id } } }`,
        );
        expect(r.data).toEqual({
          repository: { id: 'github:optml-group/deepzero' },
          method: { id: 'deepzero', concepts: [{ id: 'zeroth-order-optimization' }] },
        });
      });

      it('refuses a lookup with both or neither argument', async () => {
        const r = await gql(`{ concept(id: "hessian", name: "Hessian") { id } }`);
        expect(codes(r)).toEqual(['BAD_USER_INPUT']);
        expect(r.errors![0]!.message).toMatch(/exactly one of "id" and "name"/);
      });
    });

    describe('connections', () => {
      it('walks all 44 papers with keyset cursors, no duplicates, stable totals', async () => {
        const seen: string[] = [];
        let after: string | null = null;
        for (let i = 0; i < 10; i++) {
          const r: GraphQLResponse = await gql(
            `query($after: String) { papers(first: 10, after: $after, orderBy: { field: TITLE }) { totalCount edges { cursor node { id title } } pageInfo { hasNextPage endCursor } } }`,
            { after },
          );
          const conn = r.data!.papers;
          expect(conn.totalCount).toBe(44);
          seen.push(...conn.edges.map((e: { node: { id: string } }) => e.node.id));
          if (!conn.pageInfo.hasNextPage) break;
          after = conn.pageInfo.endCursor;
        }
        expect(seen).toHaveLength(44);
        expect(new Set(seen).size).toBe(44);
      });

      it('filters papers by concept (with narrower ones), method, repository presence and text', async () => {
        const r = await gql(`{
          withCode: papers(filter: { hasRepository: true }, first: 50) { totalCount }
          zo: papers(filter: { concept: "zeroth-order-optimization" }, orderBy: { field: RELEVANCE, direction: DESC }) { totalCount edges { node { id } } }
          secondOrder: papers(filter: { concept: "second-order-information" }) { totalCount }
          secondOrderWide: papers(filter: { concept: "second-order-information", includeNarrower: true }) { totalCount }
          usingSophia: papers(filter: { method: "sophia" }) { totalCount }
          text: papers(filter: { text: "KRONECKER" }) { totalCount }
        }`);
        expect(r.errors).toBeUndefined();
        expect(r.data!.withCode.totalCount).toBe(9);
        expect(r.data!.zo.totalCount).toBeGreaterThanOrEqual(5);
        expect(r.data!.secondOrderWide.totalCount).toBeGreaterThan(r.data!.secondOrder.totalCount);
        expect(r.data!.usingSophia.totalCount).toBe(1);
        expect(r.data!.text.totalCount).toBeGreaterThanOrEqual(2);
      });

      it('pages concepts of one kind', async () => {
        const r = await gql(
          `{ concepts(kind: METHOD, first: 5, orderBy: { field: NAME }) { totalCount edges { node { kind name } } pageInfo { hasNextPage } } }`,
        );
        expect(r.data!.concepts.edges).toHaveLength(5);
        expect(r.data!.concepts.edges.every((e: { node: { kind: string } }) => e.node.kind === 'METHOD')).toBe(true);
        expect(r.data!.concepts.pageInfo.hasNextPage).toBe(true);
      });
    });

    describe('bad arguments', () => {
      it.each([
        ['papers(first: 101) { totalCount }', 'first'],
        ['papers(first: 0) { totalCount }', 'first'],
        ['papers(after: "not-a-cursor") { totalCount }', 'after'],
        ['papers(orderBy: { field: RELEVANCE }) { totalCount }', 'orderBy'],
        ['neighborhood(ids: ["hessian"], limit: 5000) { truncated }', 'limit'],
        ['neighborhood(ids: ["hessian"], depth: 4) { truncated }', 'depth'],
        ['conceptPath(from: "hessian", to: "sketching", maxHops: 9) { length }', 'maxHops'],
        ['search(query: "x", first: 1000) { score }', 'first'],
      ])('answers %s with BAD_USER_INPUT naming the argument, before any store call', async (field, argument) => {
        const r = await gql(`{ ${field} }`);
        expect(codes(r)).toEqual(['BAD_USER_INPUT']);
        expect(r.errors![0]!.message).toContain(`"${argument}"`);
        expect(counted.calls.filter(([m]) => !['nodesById', 'relationshipsOf', 'readBatch'].includes(m))).toEqual([]);
      });

      it('refuses a cursor of another ordering', async () => {
        const first = await gql(`{ papers(first: 1) { pageInfo { endCursor } } }`);
        const r = await gql(`query($after: String) { papers(after: $after, orderBy: { field: TITLE }) { totalCount } }`, {
          after: first.data!.papers.pageInfo.endCursor,
        });
        expect(codes(r)).toEqual(['BAD_USER_INPUT']);
        expect(r.errors![0]!.message).toMatch(/same ordering/);
      });

      it('answers wrong variable types with BAD_USER_INPUT', async () => {
        const r = await gql(`query($n: Int) { papers(first: $n) { totalCount } }`, { n: 'ten' });
        expect(codes(r)).toEqual(['BAD_USER_INPUT']);
      });
    });

    describe('batching', () => {
      it('answers a page of papers with its relations in one store call, whatever the number of papers', async () => {
        const r = await gql(
          `{ papers(first: 44) { edges { node { id concepts { concept { name } } repositories { url } methods { name } } } } }`,
        );
        expect(r.errors).toBeUndefined();
        expect(r.data!.papers.edges).toHaveLength(44);
        const calls = counted.calls.map(([method, arg]) => `${method}:${typeof arg === 'string' ? arg : ''}`);
        // The page with the four relations of its 44 papers, their far ends included (the
        // look-ahead through edges.node), so concepts, repositories and methods cost no further call.
        expect(calls).toEqual(['readBatch:papers[MENTIONS:out,HAS_CODE:out,PROPOSES:out,USES:out]']);
      });

      it('answers paper(id) with the relations it selects in one store call', async () => {
        const r = await gql(
          `query($id: ID!) { paper(id: $id) { id concepts { weight concept { id name } } repositories { url } authors { name } } }`,
          { id: ZO2 },
        );
        expect(r.errors).toBeUndefined();
        expect(r.data!.paper.concepts.length).toBeGreaterThan(0);
        const calls = counted.calls.map(([method, arg]) => `${method}:${typeof arg === 'string' ? arg : ''}`);
        expect(calls).toEqual([
          'readBatch:nodes:Paper+relationships:AUTHORED_BY:out+relationships:HAS_CODE:out+relationships:MENTIONS:out',
        ]);
      });

      it('answers concept(id) with a page of its papers and their relations in one store call', async () => {
        const r = await gql(
          `{ concept(id: "zeroth-order-optimization") { name paperCount papers(first: 5) { totalCount edges { node { id repositories { url } authors { name } } } } } }`,
        );
        expect(r.errors).toBeUndefined();
        expect(r.data!.concept.papers.edges.length).toBeGreaterThan(0);
        const calls = counted.calls.map(([method, arg]) => `${method}:${typeof arg === 'string' ? arg : ''}`);
        expect(calls).toEqual(['readBatch:degree:MENTIONS:in+nodes:Concept+papers[HAS_CODE:out,AUTHORED_BY:out]']);
      });

      it('answers the nested request of the benchmark in one store call, with the answers of one lookup per paper', async () => {
        const nested = await gql(
          `query($id: ID!) { concept(id: $id) { name papers(first: 10) { edges { node { id title ...P } } } } } fragment P on Paper { authors { name } repositories { url } }`,
          { id: 'zeroth-order-optimization' },
        );
        expect(nested.errors).toBeUndefined();
        const calls = counted.calls.map(([method, arg]) => `${method}:${typeof arg === 'string' ? arg : ''}`);
        expect(calls).toEqual(['readBatch:nodes:Concept+papers[AUTHORED_BY:out,HAS_CODE:out]']);
        const edges = nested.data!.concept.papers.edges as { node: { id: string } }[];
        expect(edges.length).toBeGreaterThan(2);
        // The same papers, each read on its own (no page look-ahead): the same fields, in the same order.
        for (const { node } of edges) {
          const single = await gql(`query($id: ID!) { paper(id: $id) { id title authors { name } repositories { url } } }`, {
            id: node.id,
          });
          expect(node).toEqual(single.data!.paper);
        }
        const unbatched = await gql(`query($id: ID!) { concept(id: $id) { papers(first: 10) { totalCount edges { node { id } } } } }`, {
          id: 'zeroth-order-optimization',
        });
        expect(edges.map((e) => e.node.id)).toEqual(unbatched.data!.concept.papers.edges.map((e: { node: { id: string } }) => e.node.id));
        expect(unbatched.data!.concept.papers.totalCount).toBeGreaterThanOrEqual(edges.length);
      });

      it('gives the same answers with and without look-ahead (fragments, aliases, a bad page argument)', async () => {
        const withFragments = await gql(
          `query { a: paper(id: "${ZO2}") { ...P } b: concept(id: "hessian") { ... on Concept { papers(first: 3) { edges { node { id } } } } } } fragment P on Paper { concepts { concept { id } } methods { id } }`,
        );
        expect(withFragments.errors).toBeUndefined();
        const plain = await gql(
          `{ a: paper(id: "${ZO2}") { concepts { concept { id } } methods { id } } b: concept(id: "hessian") { papers(first: 3) { edges { node { id } } } } }`,
        );
        expect(withFragments.data).toEqual(plain.data);
        const bad = await gql(`{ concept(id: "hessian") { papers(first: 500) { totalCount } } }`);
        expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
        const unknown = await gql(`{ paper(id: "no-such-paper") { id concepts { weight } } }`);
        expect(unknown.errors).toBeUndefined();
        expect(unknown.data).toEqual({ paper: null });
      });

      it('answers a query that reads only what it selects as the same query read whole would (operationReadFields.ts)', async () => {
        // Narrow: a few properties per node type, picked through fields, aliases, fragments and an interface.
        const narrow = await gql(
          `{ paper(id: "${ZO2}") { title ...C } node(id: "hessian") { ... on Concept { name papers(first: 3) { edges { node { venue title authors { name } } } } } } }
           fragment C on Paper { concepts { weight concept { kind } } }`,
        );
        expect(narrow.errors).toBeUndefined();
        // Whole: a mutation-free query selecting every property of the same nodes, then the same picks made here.
        const whole = await gql(
          `{ paper(id: "${ZO2}") { id title abstract venue keywords sources concepts { weight count evidence concept { id name kind aliases description curated } } }
             node(id: "hessian") { ... on Concept { id name kind aliases description papers(first: 3) { edges { node { id title abstract venue authors { id name } } } } } } }`,
        );
        expect(whole.errors).toBeUndefined();
        const w = whole.data as any;
        expect(w.paper.abstract).not.toBe('');
        expect(w.paper.concepts[0].evidence.length).toBeGreaterThan(0);
        expect(w.node.papers.edges.map((e: any) => e.node.title).filter(Boolean)).toHaveLength(3);
        expect(narrow.data).toEqual({
          paper: {
            title: w.paper.title,
            concepts: w.paper.concepts.map((m: any) => ({ weight: m.weight, concept: { kind: m.concept.kind } })),
          },
          node: {
            name: w.node.name,
            papers: {
              edges: w.node.papers.edges.map((e: any) => ({
                node: { venue: e.node.venue, title: e.node.title, authors: e.node.authors.map((a: any) => ({ name: a.name })) },
              })),
            },
          },
        });
      });
    });

    describe('query limits', () => {
      it('refuses a too-deep query before any store call', async () => {
        const deep = `{ concept(id: "hessian") { broader { broader { broader { broader { broader { broader { broader { broader { broader { broader { broader { broader { id } } } } } } } } } } } } } }`;
        const r = await gql(deep);
        expect(r.status).toBe(400);
        expect(codes(r)).toEqual(['QUERY_TOO_COMPLEX']);
        expect(counted.calls).toEqual([]);
      });

      it('refuses an alias flood and a too-costly query before any store call', async () => {
        const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: stats { nodeCount }`).join(' ');
        expect(codes(await gql(`{ ${aliases} }`))).toEqual(['QUERY_TOO_COMPLEX']);
        const costly = `{ papers(first: 100) { edges { node { similarPapers(first: 100) { paper { concepts { concept { papers(first: 100) { totalCount } } } } } } } } }`;
        const r = await gql(costly);
        expect(codes(r)).toEqual(['QUERY_TOO_COMPLEX']);
        expect(r.errors![0]!.message).toMatch(/estimated cost/);
        expect(counted.calls).toEqual([]);
      });

      it('counts page sizes given as variables in the cost', async () => {
        const q = `query($n: Int) { papers(first: $n) { edges { node { similarPapers(first: $n) { paper { concepts { concept { papers(first: $n) { totalCount } } } } } } } } }`;
        expect(codes(await gql(q, { n: 100 }))).toEqual(['QUERY_TOO_COMPLEX']);
        expect(codes(await gql(q, { n: 2 }))).toEqual([]);
      });

      it('refuses a document with too many tokens', async () => {
        const r = await gql(`{ stats { ${'nodeCount '.repeat(5000)} } }`);
        expect(r.data).toBeUndefined();
        expect(r.errors![0]!.message).toMatch(/more that 4000 tokens/);
        expect(codes(r)).toEqual(['GRAPHQL_PARSE_FAILED']);
        expect(counted.calls).toEqual([]);
      });
    });

    describe('authors', () => {
      const paper = (id: string, title: string) => ({
        id,
        title,
        abstract: `${title}.`,
        arxivId: null,
        url: null,
        publishedAt: null,
        venue: 'ICLR 2018',
        keywords: ['bylines'],
        sources: ['authors-test'],
      });
      beforeAll(async () => {
        await base.upsert({
          papers: [paper('byline-one', 'Byline One'), paper('byline-two', 'Byline Two')],
          concepts: [],
          methods: [],
          repositories: [],
          authors: [
            { id: 'ada-lovelace', name: 'Ada Lovelace' },
            { id: 'grace-hopper', name: 'Grace Hopper' },
          ],
          relationships: [
            { type: 'AUTHORED_BY', from: 'byline-one', to: 'grace-hopper', properties: { position: 2 } },
            { type: 'AUTHORED_BY', from: 'byline-one', to: 'ada-lovelace', properties: { position: 1 } },
            { type: 'AUTHORED_BY', from: 'byline-two', to: 'grace-hopper', properties: { position: 1 } },
          ],
        });
      });
      afterAll(async () => {
        await base.removePaper('byline-one');
        await base.removePaper('byline-two');
      });

      it('lists a paper’s authors in byline order, with its venue and keywords', async () => {
        const r = await gql(`{ paper(id: "byline-one") { venue keywords authors { id name } } }`);
        expect(r.errors).toBeUndefined();
        expect(r.data!.paper).toEqual({
          venue: 'ICLR 2018',
          keywords: ['bylines'],
          authors: [
            { id: 'ada-lovelace', name: 'Ada Lovelace' },
            { id: 'grace-hopper', name: 'Grace Hopper' },
          ],
        });
      });

      it('finds an author by id or by a name as any source writes it, with their papers', async () => {
        const r = await gql(
          `{ byName: author(name: "Hopper, Grace") { id papers { id } } byId: author(id: "ada-lovelace") { name } none: author(name: "Nobody") { id } node(id: "grace-hopper") { __typename } }`,
        );
        expect(r.errors).toBeUndefined();
        expect(r.data).toEqual({
          byName: { id: 'grace-hopper', papers: [{ id: 'byline-one' }, { id: 'byline-two' }] },
          byId: { name: 'Ada Lovelace' },
          none: null,
          node: { __typename: 'Author' },
        });
        const both = await gql(`{ author(id: "x", name: "y") { id } }`);
        expect(codes(both)).toEqual(['BAD_USER_INPUT']);
      });

      it('makes one store call for the authors of a page of papers', async () => {
        const r = await gql(`{ papers(first: 10, filter: { text: "byline" }) { edges { node { authors { name } } } } }`);
        expect(r.errors).toBeUndefined();
        expect(r.data!.papers.edges).toHaveLength(2);
        const calls = counted.calls.map(([method, arg]) => `${method}:${typeof arg === 'string' ? arg : ''}`);
        expect(calls).toEqual(['readBatch:papers[AUTHORED_BY:out]']);
      });

      it('counts authors and authorships in the stats, and serves them in neighbourhoods', async () => {
        const r = await gql(
          `{ stats { nodes { label count } relationships { label count } } neighborhood(ids: ["grace-hopper"], depth: 1, edgeTypes: [AUTHORED_BY]) { nodes { id type } } }`,
        );
        expect(r.data!.stats.nodes).toContainEqual({ label: 'Author', count: 2 });
        expect(r.data!.stats.relationships).toContainEqual({ label: 'AUTHORED_BY', count: 3 });
        expect(r.data!.neighborhood.nodes).toEqual([
          { id: 'grace-hopper', type: 'AUTHOR' },
          { id: 'byline-one', type: 'PAPER' },
          { id: 'byline-two', type: 'PAPER' },
        ]);
      });
    });

    describe('mutations', () => {
      const auth = { authorization: `Bearer ${API_KEY}` };

      it('refuses mutations without the API key, before any store call', async () => {
        const none = await gql(`mutation { removePaper(id: "x") { ok } }`);
        expect(codes(none)).toEqual(['UNAUTHENTICATED']);
        const wrong = await gql(`mutation { removePaper(id: "x") { ok } }`, undefined, {
          authorization: 'Bearer wrong-key-wrong-key-wrong',
        });
        expect(codes(wrong)).toEqual(['UNAUTHENTICATED']);
        expect(counted.calls).toEqual([]);
      });

      it('returns a malformed page as an error with its line, writing nothing', async () => {
        const before = (await gql(`{ stats { nodeCount relationshipCount } }`)).data!.stats;
        const r = await gql(
          `mutation($t: String!) { ingestDailyPapers(text: $t) { ok error { code message line } summary { nodes { created } } } }`,
          { t: 'Aug 2\n\nSome abstract that goes on. And on. And on.\n\nA Title\n\nIts abstract goes on. And on. And on.\n' },
          auth,
        );
        expect(r.data!.ingestDailyPapers).toMatchObject({ ok: false, summary: null, error: { code: 'BAD_INPUT', line: 3 } });
        expect(r.data!.ingestDailyPapers.error.message).toMatch(/expected a paper title .* found a paragraph/);
        expect((await gql(`{ stats { nodeCount relationshipCount } }`)).data!.stats).toEqual(before);
      });

      it('imports a title without an abstract with a warning naming its line', async () => {
        const page = [
          'Daily Papers',
          '',
          'Aug 3',
          '',
          'A Paper With an Abstract About Hessians',
          '',
          'We study the Hessian of deep networks. It is large. We approximate it.',
          '',
          'A Paper Whose Abstract Is Missing',
          '',
          '',
          '',
          'Another Paper on Zeroth-Order Optimization',
          '',
          'Zeroth-order optimization needs no gradients. We make it faster. It works.',
          '',
        ].join('\n');
        const r = await gql(
          `mutation($t: String!) { ingestDailyPapers(text: $t, source: "gap.txt") { ok error { message line } warnings papers { id abstract } } }`,
          { t: page },
          auth,
        );
        expect(r.data!.ingestDailyPapers.ok).toBe(true);
        expect(r.data!.ingestDailyPapers.papers.map((p: { id: string }) => p.id)).toContain('a-paper-whose-abstract-is-missing');
        expect(r.data!.ingestDailyPapers.papers.find((p: { id: string }) => p.id === 'a-paper-whose-abstract-is-missing').abstract).toBe(
          '',
        );
        expect(r.data!.ingestDailyPapers.warnings).toEqual([expect.stringMatching(/:9\b.*no abstract/)]);
      });

      it('rejects a bad record naming its field, writing nothing', async () => {
        const r = await gql(
          `mutation($r: [PaperInput!]!) { ingestPapers(records: $r) { ok error { code field message } } }`,
          {
            r: [
              { title: 'Fine', abstract: 'Fine.' },
              { title: ' ', abstract: 'x' },
            ],
          },
          auth,
        );
        expect(r.data!.ingestPapers).toEqual({
          ok: false,
          error: { code: 'BAD_INPUT', field: 'records[1].title', message: 'expected a non-empty string, found an empty string' },
        });
        expect((await gql(`{ paper(id: "fine") { id } }`)).data!.paper).toBeNull();
      });

      it('ingests, links, tags and removes a paper', async () => {
        const ingest = await gql(
          `mutation($r: [PaperInput!]!) { ingestPapers(records: $r) { ok papers { id concepts { concept { id } } } summary { nodes { created } } } }`,
          {
            r: [
              {
                title: 'A Zeroth-Order Method for Hessian Estimation',
                abstract: 'We estimate the Hessian with zeroth-order optimization.',
                arxivId: '2501.00001v2',
              },
            ],
          },
          auth,
        );
        expect(ingest.data!.ingestPapers.ok).toBe(true);
        expect(ingest.data!.ingestPapers.papers[0].id).toBe('2501.00001');
        expect(ingest.data!.ingestPapers.papers[0].concepts.map((c: { concept: { id: string } }) => c.concept.id)).toEqual(
          expect.arrayContaining(['hessian', 'zeroth-order-optimization']),
        );

        const link = await gql(
          `mutation { linkRepository(paperId: "2501.00001", url: "https://github.com/Example/Estimator).") { ok repository { id url } paper { repositories { id } } } }`,
          undefined,
          auth,
        );
        expect(link.data!.linkRepository).toEqual({
          ok: true,
          repository: { id: 'github:example/estimator', url: 'https://github.com/Example/Estimator' },
          paper: { repositories: [{ id: 'github:example/estimator' }] },
        });

        const tag = await gql(
          `mutation { tagConcept(paperId: "2501.00001", conceptId: "fisher-information", evidence: "Curated.") { ok paper { concepts { concept { id } weight evidence } } } }`,
          undefined,
          auth,
        );
        expect(tag.data!.tagConcept.paper.concepts).toContainEqual({
          concept: { id: 'fisher-information' },
          weight: 1,
          evidence: ['Curated.'],
        });

        const missing = await gql(
          `mutation { tagConcept(paperId: "2501.00001", conceptId: "no-such") { ok error { code field } } }`,
          undefined,
          auth,
        );
        expect(missing.data!.tagConcept).toEqual({ ok: false, error: { code: 'NOT_FOUND', field: 'conceptId' } });

        const removed = await gql(`mutation { removePaper(id: "2501.00001") { ok id } }`, undefined, auth);
        expect(removed.data!.removePaper).toEqual({ ok: true, id: '2501.00001' });
        const after = await gql(`{ paper(id: "2501.00001") { id } repository(id: "github:example/estimator") { id } }`);
        expect(after.data).toEqual({ paper: null, repository: null });
        const again = await gql(`mutation { removePaper(id: "2501.00001") { ok error { code } } }`, undefined, auth);
        expect(again.data!.removePaper).toEqual({ ok: false, error: { code: 'NOT_FOUND' } });
      });
    });
  });
}
