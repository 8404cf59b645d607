import fc from 'fast-check';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UpsertSummary } from '../../src/domain/graph.ts';
import { ingestDocument } from '../../src/ingestion/write.ts';
import { loadSeedTaxonomy } from '../../src/ingestion/seeds.ts';
import { startHttpServer, type RunningServer } from '../../src/server/http.ts';
import { loadTypeDefs } from '../../src/server/schema.ts';
import type { GraphStore } from '../../src/store/GraphStore.ts';
import { EmbeddedStore } from '../../src/store/embedded/EmbeddedStore.ts';
import { seedDocument } from '../store/graphStore.contract.ts';

/**
 * Random variables for every argument of every query and mutation (valid values, edge values,
 * wrong types, nulls, junk), sent over HTTP with the API key: no answer is a 5xx, every error
 * carries extensions.code and none is INTERNAL_SERVER_ERROR, and a mutation that does not report
 * ok has written nothing (no batch of it committed).
 */
const SEED = 20_260_702;
const API_KEY = 'fuzz-test-key-0123456789abcdef';
const schema = buildSchema(loadTypeDefs());

/** Ids and names of the seed graph, so that a good share of generated arguments hit real nodes. */
const KNOWN = [
  'hessian',
  'zeroth-order-optimization',
  'information bottleneck',
  'deepzero',
  'm-fac',
  'github:optml-group/deepzero',
  'https://github.com/OPTML-Group/DeepZero',
  '2310.02025',
  'sketching',
  'Hessian',
];

const stringValue = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...KNOWN) },
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('', ' ', '\u0000', 'Aug 1\n\nA Title\n\nAn abstract. With sentences. Three of them.', 'x'.repeat(10_001)),
  },
);
const intValue = fc.oneof(
  fc.integer({ min: -3, max: 120 }),
  fc.constantFrom(0, -1, 1000, 2 ** 31 - 1, -(2 ** 31)),
  fc.constantFrom(2 ** 31, 2 ** 53, 1.5, Number.MAX_VALUE),
);
/** Values of no expected type: what a careless or hostile client sends. */
const junk = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.double(),
  fc.string({ maxLength: 5 }),
  fc.constant({}),
  fc.constant([]),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
);

/** An arbitrary for a GraphQL input type: mostly values of the type, sometimes null or junk. */
function valueOf(type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
  const inner = isNonNullType(type) ? type.ofType : type;
  const typed = ((): fc.Arbitrary<unknown> => {
    if (isListType(inner))
      return fc.oneof(fc.array(valueOf(inner.ofType, depth + 1), { maxLength: depth > 0 ? 3 : 60 }), valueOf(inner.ofType, depth + 1));
    if (isEnumType(inner))
      return fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...inner.getValues().map((v) => v.value)) },
        { weight: 1, arbitrary: fc.constantFrom('NOPE', 'paper', 0) },
      );
    if (isInputObjectType(inner)) {
      const fields = Object.values(inner.getFields());
      return fc.record(Object.fromEntries(fields.map((f) => [f.name, valueOf(f.type, depth + 1)])), {
        requiredKeys: fields.filter((f) => isNonNullType(f.type)).map((f) => f.name),
      });
    }
    switch (getNamedType(inner).name) {
      case 'Int':
        return intValue;
      case 'Float':
        return fc.double();
      case 'Boolean':
        return fc.boolean();
      default:
        return stringValue;
    }
  })();
  return fc.oneof({ weight: 12, arbitrary: typed }, { weight: 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: junk });
}

/** A selection that resolves the field and a level below it, and reports a mutation's outcome. */
function selectionFor(type: GraphQLOutputType): string {
  const named = getNamedType(type);
  if (!isObjectType(named) && !('getFields' in named)) return '';
  const fields = isObjectType(named) ? named.getFields() : {};
  const parts = ['__typename'];
  if (fields.id) parts.push('id');
  if (fields.ok) parts.push('ok error { code }');
  if (fields.papers && isObjectType(getNamedType(fields.papers.type)) && getNamedType(fields.papers.type).name === 'Paper')
    parts.push('papers { id }');
  if (fields.totalCount) parts.push('totalCount edges { cursor node { id } }');
  if (fields.nodes) parts.push('nodes { id }');
  if (fields.node) parts.push('node { id }');
  if (fields.paper && !fields.ok) parts.push('paper { id }');
  return `{ ${parts.join(' ')} }`;
}

interface Case {
  operation: 'query' | 'mutation';
  field: GraphQLField<unknown, unknown>;
}
const cases: Case[] = (['query', 'mutation'] as const).flatMap((operation) =>
  Object.values((operation === 'query' ? schema.getQueryType() : schema.getMutationType())?.getFields() ?? {}).map((field) => ({
    operation,
    field,
  })),
);

/** A document asking one field with every argument as a variable, and random variables for it (some left out). */
const requestFor = ({ operation, field }: Case) =>
  fc.record(Object.fromEntries(field.args.map((a) => [a.name, valueOf(a.type)])), { requiredKeys: [] }).map((variables) => {
    const declarations = field.args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
    const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
    const query = `${operation} Fuzz${declarations ? `(${declarations})` : ''} { ${field.name}${args ? `(${args})` : ''} ${selectionFor(field.type)} }`;
    return { query, variables };
  });

/** The store, recording the writes that committed a change during the request being checked. */
function writeRecordingStore(inner: GraphStore) {
  const committed: string[] = [];
  const changed = (s: UpsertSummary) => s.nodes.created + s.nodes.updated + s.relationships.created + s.relationships.updated > 0;
  const store: GraphStore = new Proxy(inner, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (property === 'upsert')
        return async (...args: unknown[]) => {
          const summary = (await (value as (...a: unknown[]) => Promise<UpsertSummary>).apply(target, args)) as UpsertSummary;
          if (changed(summary)) committed.push('upsert');
          return summary;
        };
      if (property === 'removePaper')
        return async (...args: unknown[]) => {
          const removed = (await (value as (...a: unknown[]) => Promise<boolean>).apply(target, args)) as boolean;
          if (removed) committed.push('removePaper');
          return removed;
        };
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
  return { store, committed };
}

let server: RunningServer;
let recording: ReturnType<typeof writeRecordingStore>;

beforeAll(async () => {
  const memory = new EmbeddedStore();
  await memory.init();
  await ingestDocument(memory, seedDocument());
  recording = writeRecordingStore(memory);
  server = await startHttpServer({
    store: recording.store,
    taxonomy: loadSeedTaxonomy('seeds'),
    apiKey: API_KEY,
    port: 0,
    host: '127.0.0.1',
  });
});
afterAll(async () => {
  await server?.close();
});

async function post(body: { query: string; variables: Record<string, unknown> }) {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    body: (await response.json()) as { data?: Record<string, any> | null; errors?: { message: string; extensions?: { code?: string } }[] },
  };
}

describe('GraphQL variables, fuzzed', () => {
  it('lists every query and mutation field of the schema', () => {
    expect(cases.filter((c) => c.operation === 'query').length).toBeGreaterThanOrEqual(12);
    expect(cases.filter((c) => c.operation === 'mutation').map((c) => c.field.name)).toEqual(
      expect.arrayContaining(['ingestDailyPapers', 'ingestPapers', 'removePaper']),
    );
  });

  for (const operation of ['query', 'mutation'] as const) {
    const numRuns = operation === 'query' ? 1_000 : 400;
    it(`answers ${numRuns} random ${operation === 'query' ? 'queries' : 'mutations'} with no 5xx and a code on every error${operation === 'mutation' ? ', writing nothing unless ok' : ''}`, async () => {
      const request = fc.constantFrom(...cases.filter((c) => c.operation === operation)).chain(requestFor);
      await fc.assert(
        fc.asyncProperty(request, async (body) => {
          recording.committed.length = 0;
          const { status, body: answer } = await post(body);
          expect(status, JSON.stringify(answer)).toBeLessThan(500);
          for (const error of answer.errors ?? []) {
            expect(error.extensions?.code, error.message).toBeTypeOf('string');
            expect(error.extensions?.code, error.message).not.toBe('INTERNAL_SERVER_ERROR');
          }
          if (operation === 'mutation') {
            const outcome = Object.values(answer.data ?? {})[0] as { ok?: boolean } | null | undefined;
            if (outcome?.ok !== true)
              expect(recording.committed, `a failed mutation committed writes: ${JSON.stringify(answer)}`).toEqual([]);
          }
        }),
        { seed: SEED + (operation === 'query' ? 0 : 1), numRuns },
      );
    }, 120_000);
  }
});
