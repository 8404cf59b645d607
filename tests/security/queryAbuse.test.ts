import { buildSchema, getIntrospectionQuery, Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ingestDocument } from '../../src/ingestion/write.ts';
import { startHttpServer, type RunningServer } from '../../src/server/http.ts';
import { DEFAULT_QUERY_LIMITS, measureOperation } from '../../src/server/queryLimits.ts';
import { loadTypeDefs } from '../../src/server/schema.ts';
import { EmbeddedStore } from '../../src/store/embedded/EmbeddedStore.ts';
import { countingStore } from '../api/countingStore.ts';
import { seedDocument } from '../store/graphStore.contract.ts';

const API_KEY = 'abuse-test-key-0123456789abcdef';

let server: RunningServer;
let production: RunningServer;
let counted: ReturnType<typeof countingStore>;

beforeAll(async () => {
  const store = new EmbeddedStore();
  await store.init();
  await ingestDocument(store, seedDocument());
  counted = countingStore(store);
  server = await startHttpServer({ store: counted.store, port: 0, host: '127.0.0.1', apiKey: API_KEY });
  production = await startHttpServer({ store: counted.store, port: 0, host: '127.0.0.1', apiKey: API_KEY, production: true });
});
afterAll(async () => {
  await server?.close();
  await production?.close();
});
beforeEach(() => {
  counted.calls.length = 0;
});

interface Answer {
  status: number;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] } | null;
}

async function send(
  body: unknown,
  { headers = {}, to = server }: { headers?: Record<string, string>; to?: RunningServer } = {},
): Promise<Answer> {
  const response = await fetch(`${to.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: Answer['body'];
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  return { status: response.status, body: parsed };
}

const codesOf = (answer: Answer) => (answer.body?.errors ?? []).map((e) => e.extensions?.code);

/** `depth` nested `broader { ... }` around `leaf`. */
const nest = (depth: number, leaf = 'id') => `${'broader { '.repeat(depth)}${leaf}${' }'.repeat(depth)}`;

/** A chain of `depth` fragments, each nesting the next one level deeper. */
function fragmentChain(depth: number): string {
  const fragments = Array.from(
    { length: depth },
    (_, i) => `fragment F${i} on Concept { id broader { ${i + 1 < depth ? `...F${i + 1}` : 'id'} } }`,
  );
  return `{ concept(id: "hessian") { ...F0 } } ${fragments.join(' ')}`;
}

/** `levels` fragments, each spreading the next one twice: 2^levels expansions of the innermost. */
function fragmentBomb(levels: number): string {
  const fragments = Array.from(
    { length: levels },
    (_, i) => `fragment B${i} on Concept { ${i + 1 < levels ? `a${i}: broader { ...B${i + 1} } b${i}: narrower { ...B${i + 1} }` : 'id'} }`,
  );
  return `{ concept(id: "hessian") { ...B0 } } ${fragments.join(' ')}`;
}

/** Lists nested six deep without three nested `fields`, so graphql-js's MaxIntrospectionDepthRule lets it through. */
const INTROSPECTION_THROUGH_ARGS =
  '{ __schema { types { fields { args { type { fields { args { type { enumValues { name } } } } } } } } } }';

/**
 * Hostile documents, each refused with its code before any store call. `status` is the HTTP
 * status with `application/json`: GraphQL-level refusals of a well-formed request are 200 or 400.
 */
const CATALOGUE: { name: string; body: unknown; codes: string[]; status?: number }[] = [
  { name: 'deep nesting', body: { query: `{ concept(id: "hessian") { ${nest(13)} } }` }, codes: ['QUERY_TOO_COMPLEX'], status: 400 },
  { name: 'deep nesting through a chain of fragments', body: { query: fragmentChain(14) }, codes: ['QUERY_TOO_COMPLEX'], status: 400 },
  {
    name: 'deep nesting through inline fragments',
    body: { query: `{ node(id: "hessian") { ... on Concept { ${'broader { ... on Concept { '.repeat(12)}id${' } }'.repeat(12)} } } }` },
    codes: ['QUERY_TOO_COMPLEX'],
  },
  {
    name: 'a fragment cycle',
    body: {
      query: '{ concept(id: "hessian") { ...A } } fragment A on Concept { broader { ...B } } fragment B on Concept { narrower { ...A } }',
    },
    codes: ['GRAPHQL_VALIDATION_FAILED'],
  },
  {
    name: 'a fragment spreading itself',
    body: { query: '{ concept(id: "hessian") { ...A } } fragment A on Concept { id ...A }' },
    codes: ['GRAPHQL_VALIDATION_FAILED'],
  },
  { name: 'a fragment bomb (2^24 expansions)', body: { query: fragmentBomb(24) }, codes: ['QUERY_TOO_COMPLEX'] },
  {
    name: 'an alias flood on a store field',
    body: { query: `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: stats { nodeCount }`).join(' ')} }` },
    codes: ['QUERY_TOO_COMPLEX'],
  },
  {
    name: 'an alias flood on __typename',
    body: { query: `{ ${Array.from({ length: 500 }, (_, i) => `t${i}: __typename`).join(' ')} }` },
    codes: ['QUERY_TOO_COMPLEX'],
  },
  {
    name: 'aliases multiplied by a fragment',
    body: {
      query: `{ concept(id: "hessian") { ...M } } fragment M on Concept { ${Array.from({ length: 20 }, (_, i) => `x${i}: id`).join(' ')} p: broader { ...N } q: narrower { ...N } } fragment N on Concept { ${Array.from({ length: 10 }, (_, i) => `y${i}: id`).join(' ')} }`,
    },
    codes: ['QUERY_TOO_COMPLEX'],
  },
  { name: 'huge first', body: { query: '{ papers(first: 1000000) { edges { node { id } } } }' }, codes: ['QUERY_TOO_COMPLEX'] },
  {
    name: 'huge first in a variable',
    body: {
      query: 'query($n: Int) { papers(first: $n) { edges { node { id concepts { concept { id } } } } } }',
      variables: { n: 2_000_000_000 },
    },
    codes: ['QUERY_TOO_COMPLEX'],
  },
  {
    name: 'first beyond a 32-bit Int',
    body: { query: '{ papers(first: 99999999999) { totalCount } }' },
    codes: ['GRAPHQL_VALIDATION_FAILED'],
  },
  { name: 'negative first', body: { query: '{ papers(first: -1) { totalCount } }' }, codes: ['BAD_USER_INPUT'] },
  {
    name: 'huge neighbourhood limit',
    body: { query: '{ neighborhood(ids: ["hessian"], depth: 3, limit: 100000) { truncated } }' },
    codes: ['BAD_USER_INPUT'],
  },
  {
    name: 'nested pages multiplying',
    body: {
      query:
        '{ papers(first: 100) { edges { node { similarPapers(first: 100) { paper { concepts { concept { papers(first: 100) { totalCount } } } } } } } } }',
    },
    codes: ['QUERY_TOO_COMPLEX'],
  },
  {
    name: 'a repeated directive',
    body: { query: `{ stats ${'@include(if: true) '.repeat(300)} { nodeCount } }` },
    codes: ['GRAPHQL_VALIDATION_FAILED'],
  },
  {
    name: 'an unknown directive, spammed',
    body: { query: `{ stats ${'@x '.repeat(1000)} { nodeCount } }` },
    codes: ['GRAPHQL_VALIDATION_FAILED'],
  },
  {
    name: 'directives past the token limit',
    body: { query: `{ stats { nodeCount ${'@skip(if: false) '.repeat(1000)} } }` },
    codes: ['GRAPHQL_PARSE_FAILED'],
  },
  { name: 'a token flood', body: { query: `{ stats { ${'nodeCount '.repeat(5000)} } }` }, codes: ['GRAPHQL_PARSE_FAILED'] },
  {
    name: 'a very long search string',
    body: { query: `{ search(query: "${'zeroth order '.repeat(2000)}") { score } }` },
    codes: ['BAD_USER_INPUT'],
    status: 200,
  },
  {
    name: 'a very long id in a variable',
    body: { query: 'query($id: ID!) { paper(id: $id) { id } }', variables: { id: 'x'.repeat(500_000) } },
    codes: ['BAD_USER_INPUT'],
  },
  {
    name: 'a long string deep inside an input object',
    body: { query: 'query($f: PaperFilter) { papers(filter: $f) { totalCount } }', variables: { f: { text: 'y'.repeat(20_000) } } },
    codes: ['BAD_USER_INPUT'],
  },
  {
    name: 'a list of 100,000 ids',
    body: {
      query: 'query($ids: [ID!]!) { neighborhood(ids: $ids) { truncated } }',
      variables: { ids: Array.from({ length: 100_000 }, (_, i) => `c${i}`) },
    },
    codes: ['BAD_USER_INPUT'],
  },
  {
    name: 'a variable nested 100,000 deep',
    body: `{"query":"query($ids: [ID!]!) { neighborhood(ids: $ids) { truncated } }","variables":{"ids":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`,
    codes: ['BAD_USER_INPUT'],
  },
  {
    name: 'a huge unused variable (harmless: only a 200 with no store call)',
    body: { query: '{ __typename }', variables: { unused: 'z'.repeat(900_000) } },
    codes: [],
  },
  {
    name: 'introspection recursing through fields (graphql-js refuses it)',
    body: { query: `{ __schema { types { ${'fields { type { '.repeat(10)}name${' } }'.repeat(10)} } } }` },
    codes: ['GRAPHQL_VALIDATION_FAILED'],
  },
  {
    name: 'introspection recursing through args and enum values',
    body: { query: INTROSPECTION_THROUGH_ARGS },
    codes: ['QUERY_TOO_COMPLEX'],
    status: 400,
  },
  {
    name: 'an ofType chain',
    body: { query: `{ __type(name: "Paper") { ${'ofType { '.repeat(30)}name${' }'.repeat(30)} } }` },
    codes: ['QUERY_TOO_COMPLEX'],
  },
  {
    name: 'several operations and no operationName',
    body: { query: 'query A { stats { nodeCount } } query B { stats { nodeCount } }' },
    codes: ['OPERATION_RESOLUTION_FAILURE'],
    status: 200,
  },
  {
    name: 'a subscription (the API has none)',
    body: { query: 'subscription { stats { nodeCount } }' },
    codes: ['GRAPHQL_VALIDATION_FAILED'],
  },
  { name: 'a mutation without the API key', body: { query: 'mutation { removePaper(id: "x") { ok } }' }, codes: ['UNAUTHENTICATED'] },
  {
    name: 'an ingest without the API key',
    body: { query: 'mutation($t: String!) { ingestDailyPapers(text: $t) { ok } }', variables: { t: `Aug 1\n\nA title\n\nAn abstract.` } },
    codes: ['UNAUTHENTICATED'],
  },
];

describe('query limits refuse hostile documents before any store call', () => {
  it.each(CATALOGUE)('refuses $name', async ({ body, codes, status }) => {
    const answer = await send(body);
    expect(codesOf(answer)).toEqual(expect.arrayContaining(codes));
    expect(new Set(codesOf(answer))).toEqual(new Set(codes));
    if (status !== undefined) expect(answer.status).toBe(status);
    expect(answer.status).toBeLessThan(500);
    expect(counted.calls).toEqual([]);
  });

  it('refuses each one whole, fragment bombs included: the answer carries no data', async () => {
    // Work that grew with the expansion of fragments would show here as the test's timeout.
    for (const { name, body } of CATALOGUE.filter(({ codes }) => codes.length > 0)) {
      const answer = await send(body);
      expect(answer.body?.data ?? null, name).toBeNull();
    }
  });

  it('lets the standard introspection query of GraphiQL through in development', async () => {
    const full = getIntrospectionQuery({
      descriptions: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      schemaDescription: true,
      inputValueDeprecation: true,
    });
    const answer = await send({ query: full });
    expect(answer.body?.errors).toBeUndefined();
    expect((answer.body?.data as { __schema: { types: unknown[] } }).__schema.types.length).toBeGreaterThan(20);
  });

  it('measures the standard introspection query within its own limits, and its deepest variants outside them', () => {
    const schema = buildSchema(loadTypeDefs());
    const measure = (source: string) => {
      const doc = parse(source);
      const operation = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
      return measureOperation(
        schema,
        operation,
        doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION),
      );
    };
    const standard = measure(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true, schemaDescription: true }));
    expect(standard.introspectionDepth).toBeLessThanOrEqual(DEFAULT_QUERY_LIMITS.maxIntrospectionDepth);
    expect(standard.introspectionCost).toBeLessThanOrEqual(DEFAULT_QUERY_LIMITS.maxIntrospectionCost);
    expect(standard).toMatchObject({ depth: 0, cost: 0, aliases: 0 });
    expect(measure(INTROSPECTION_THROUGH_ARGS).introspectionCost).toBeGreaterThan(DEFAULT_QUERY_LIMITS.maxIntrospectionCost);
    expect(measure(`{ __type(name: "Paper") { ${'ofType { '.repeat(25)}name${' }'.repeat(25)} } }`).introspectionDepth).toBeGreaterThan(
      DEFAULT_QUERY_LIMITS.maxIntrospectionDepth,
    );
    // A fragment bomb is measured in time linear in its size, with the true (astronomical) count.
    expect(measure(fragmentBomb(40)).aliases).toBeGreaterThan(2 ** 39);
  });

  it('refuses batched HTTP requests (an array of operations) with 400, running none', async () => {
    const answer = await send([{ query: '{ stats { nodeCount } }' }, { query: '{ stats { nodeCount } }' }]);
    expect(answer.status).toBe(400);
    expect(answer.body?.data).toBeUndefined();
    expect(counted.calls).toEqual([]);
  });

  it('refuses a body over 1 MB with 413, before parsing it', async () => {
    const answer = await send({ query: '{ stats { nodeCount } }', variables: { padding: 'p'.repeat(1_100_000) } });
    expect(answer.status).toBe(413);
    expect(counted.calls).toEqual([]);
  });

  it('keeps CSRF prevention on: a simple GET or a form POST runs nothing', async () => {
    const get = await fetch(`${server.url}/graphql?query=${encodeURIComponent('{ stats { nodeCount } }')}`);
    expect(get.status).toBe(400);
    expect(await get.text()).toMatch(/CSRF/);
    const form = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'query=%7B%20stats%20%7B%20nodeCount%20%7D%20%7D',
    });
    expect(form.status).toBe(415);
    const textPlain = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ stats { nodeCount } }' }),
    });
    expect(textPlain.status).toBe(415);
    expect(counted.calls).toEqual([]);
  });

  it('refuses a mutation sent with GET, even with the API key', async () => {
    const response = await fetch(`${server.url}/graphql?query=${encodeURIComponent('mutation { removePaper(id: "x") { ok } }')}`, {
      headers: { 'apollo-require-preflight': 'true', authorization: `Bearer ${API_KEY}` },
    });
    expect(response.status).toBe(405);
    expect(counted.calls).toEqual([]);
  });
});

/** `n` aliases of one neighbourhood with these arguments, selecting its nodes and edges. */
const neighbourhoods = (n: number, args: string) =>
  `{ ${Array.from({ length: n }, (_, i) => `n${i}: neighborhood(${args}) { nodes { id label } edges { id source target } truncated }`).join(' ')} }`;
const HEAVY = 'ids: ["hessian", "optimization", "zeroth-order-optimization"], depth: 3, limit: 1000';
const LIGHT = 'ids: ["hessian"], depth: 1, limit: 10';

describe('the cost estimate weighs what a traversal asks the store for', () => {
  const schema = buildSchema(loadTypeDefs());
  const costOf = (source: string, variables: Record<string, unknown> = {}) => {
    const doc = parse(source);
    const operation = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
    return measureOperation(schema, operation, [], variables).cost;
  };

  it('prices a neighbourhood of depth 3 and limit 1000 from 3 ids over a hundred times one of depth 1 and limit 10', () => {
    expect(costOf(neighbourhoods(1, HEAVY))).toBeGreaterThan(100 * costOf(neighbourhoods(1, LIGHT)));
  });

  it('grows with each of limit, depth and the number of ids, given inline or through variables', () => {
    const base = costOf(neighbourhoods(1, 'ids: ["a"], depth: 1, limit: 100'));
    expect(costOf(neighbourhoods(1, 'ids: ["a"], depth: 1, limit: 500'))).toBeGreaterThan(base);
    expect(costOf(neighbourhoods(1, 'ids: ["a"], depth: 3, limit: 100'))).toBeGreaterThan(base);
    expect(costOf(neighbourhoods(1, 'ids: ["a", "b"], depth: 1, limit: 100'))).toBeGreaterThan(base);
    const query = 'query($ids: [ID!]!, $d: Int, $l: Int) { neighborhood(ids: $ids, depth: $d, limit: $l) { nodes { id } } }';
    expect(costOf(query, { ids: ['a', 'b', 'c'], d: 3, l: 1000 })).toBeGreaterThan(100 * costOf(query, { ids: ['a'], d: 1, l: 10 }));
  });

  it('multiplies by aliases: thirty heavy neighbourhoods cost thirty times one, beyond maxCost, while one alone fits', () => {
    const one = costOf(neighbourhoods(1, HEAVY));
    expect(costOf(neighbourhoods(30, HEAVY))).toBe(30 * one);
    expect(one).toBeLessThanOrEqual(DEFAULT_QUERY_LIMITS.maxCost);
    expect(30 * one).toBeGreaterThan(DEFAULT_QUERY_LIMITS.maxCost);
  });

  it('weighs `first` of a list: a page of 100 similar papers costs ten times one of 10', () => {
    const page = (first: number) => costOf(`{ similarPapers(paperId: "p", first: ${first}) { paper { id title } } }`);
    expect(page(100) - 1).toBe(10 * (page(10) - 1));
  });
});

describe('a flood of heavy aliases over HTTP', () => {
  it('is refused with QUERY_TOO_COMPLEX naming the cost, before any store call', async () => {
    const answer = await send({ query: neighbourhoods(30, HEAVY) });
    expect(answer.status).toBe(400);
    expect(answer.body?.data).toBeUndefined();
    expect(answer.body?.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/estimated cost is \d+; the limit is 50000/),
        extensions: expect.objectContaining({ code: 'QUERY_TOO_COMPLEX', maxCost: DEFAULT_QUERY_LIMITS.maxCost }),
      }),
    ]);
    expect(counted.calls).toEqual([]);
  });

  it('lets one heavy neighbourhood through to the store', async () => {
    const answer = await send({ query: neighbourhoods(1, HEAVY) });
    expect(answer.body?.errors).toBeUndefined();
    expect(counted.calls.map(([method]) => method)).toContain('neighborhood');
  });
});

describe('production mode', () => {
  it('turns introspection off: __schema and __type are refused, __typename still works', async () => {
    for (const query of ['{ __schema { types { name } } }', '{ __type(name: "Paper") { fields { name } } }', getIntrospectionQuery()]) {
      const answer = await send({ query }, { to: production });
      expect(codesOf(answer)).toContain('GRAPHQL_VALIDATION_FAILED');
      expect(answer.body?.data).toBeUndefined();
    }
    expect((await send({ query: '{ __typename }' }, { to: production })).body).toEqual({ data: { __typename: 'Query' } });
  });

  it('hides field suggestions, which development shows', async () => {
    const dev = await send({ query: '{ paperz { id } }' });
    expect(dev.body?.errors?.[0]?.message).toMatch(/Did you mean "paper"/);
    const prod = await send({ query: '{ paperz { id } }' }, { to: production });
    expect(prod.body?.errors?.[0]?.message).toBe('Cannot query field "paperz" on type "Query".');
    const argument = await send({ query: '{ papers(frist: 3) { totalCount } }' }, { to: production });
    expect(argument.body?.errors?.[0]?.message).not.toMatch(/Did you mean/);
    const enumValue = await send({ query: '{ search(query: "x", types: [PAPR]) { score } }' }, { to: production });
    expect(enumValue.body?.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });

  it('sends no stack traces', async () => {
    const answer = await send({ query: '{ papers(first: 0) { totalCount } }' }, { to: production });
    expect(codesOf(answer)).toEqual(['BAD_USER_INPUT']);
    expect(JSON.stringify(answer.body)).not.toMatch(/stacktrace|node_modules|\.ts:\d+/);
  });
});
