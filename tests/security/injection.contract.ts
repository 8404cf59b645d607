import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanText } from '../../src/domain/cleanText.ts';
import { titleKey } from '../../src/domain/ids.ts';
import { ingestDocument } from '../../src/ingestion/write.ts';
import { startHttpServer, type RunningServer } from '../../src/server/http.ts';
import { loadTypeDefs } from '../../src/server/schema.ts';
import type { GraphStore } from '../../src/store/GraphStore.ts';
import { seedDocument } from '../store/graphStore.contract.ts';
import type { GraphSnapshot } from '../reliability/graphSnapshot.ts';

const API_KEY = 'injection-test-key-0123456789abcdef';

/**
 * Strings known to break out of string literals, identifiers and clauses in Cypher, of Lucene
 * query syntax (the full-text index), and of JSON and unicode handling. Each reaches every string
 * argument of the API; parameterized as they must be, they are only ever data.
 */
export const INJECTION_PAYLOADS: readonly string[] = [
  "' OR 1=1 //",
  '" OR 1=1 //',
  '"}) DETACH DELETE n //',
  "'}) MATCH (n) DETACH DELETE n //",
  'x"}) WITH 1 AS x MATCH (n) DETACH DELETE n RETURN 1 //',
  "' UNION MATCH (n) RETURN n //",
  '\u0027) CALL db.labels() YIELD label RETURN label //',
  '\\u0027 OR \\u00271\\u0027=\\u00271',
  '\\" OR true //',
  '`',
  '``) MATCH (n) DETACH DELETE n //',
  '`Paper`',
  'n`:Pwned',
  '$param',
  '$rows',
  '{id: $ids}',
  '/* comment */ RETURN 1',
  '\u0000',
  '\u202eevil\u202c',
  '\ud83d\udca5 \u00e9\u0301 \ufeff',
  '*:*',
  'title:(a OR b)',
  '"',
  'unbalanced "quote',
  'a AND NOT b || c && !d',
  'name:/.*/ OR abstract:[* TO *]',
  'hessian~2^10',
  '+-&&||!(){}[]^"~*?:\\/',
  '\\',
  "apoc.cypher.runWrite('MATCH (n) DETACH DELETE n', {})",
];

/** Where a payload goes: a root field's argument, or a string field inside an input object argument. */
interface Slot {
  operation: 'query' | 'mutation';
  field: GraphQLField<unknown, unknown>;
  argument: string;
  /** The input object field, when the argument is an input object (or a list of them). */
  inputField?: string;
}

/** Every string and ID argument of every query and mutation field, and every string field of their input objects. */
export function stringSlots(schema: GraphQLSchema): Slot[] {
  const slots: Slot[] = [];
  for (const [operation, type] of [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ] as const) {
    for (const field of Object.values(type?.getFields() ?? {})) {
      for (const argument of field.args) {
        const named = getNamedType(argument.type);
        if (isScalarType(named) && (named.name === 'String' || named.name === 'ID'))
          slots.push({ operation, field, argument: argument.name });
        if (isInputObjectType(named)) {
          for (const inputField of Object.values(named.getFields())) {
            const inner = getNamedType(inputField.type);
            if (isScalarType(inner) && (inner.name === 'String' || inner.name === 'ID'))
              slots.push({ operation, field, argument: argument.name, inputField: inputField.name });
          }
        }
      }
    }
  }
  return slots;
}

/** Valid values for required arguments other than the slot, by name; anything else gets a value of its type. */
function fillerFor(name: string, type: GraphQLInputType, probeId: string): unknown {
  if (isNonNullType(type)) return fillerFor(name, type.ofType, probeId);
  if (isListType(type)) return [fillerFor(name, type.ofType, probeId)];
  const known: Record<string, unknown> = {
    paperId: probeId,
    conceptId: 'hessian',
    from: 'hessian',
    to: 'sketching',
    ids: 'hessian',
    query: 'hessian',
    url: 'https://github.com/example/probe',
    title: 'Injection Probe Title',
    abstract: 'An abstract about the Hessian of deep networks.',
    text: 'Daily Papers\n\nAug 1\n\nInjection Probe Page Title\n\nAn abstract about the Hessian. It has two sentences.\n',
  };
  if (name in known) return known[name];
  if (isEnumType(type)) return type.getValues()[0]!.value;
  if (isInputObjectType(type)) {
    const value: Record<string, unknown> = {};
    for (const f of Object.values(type.getFields()))
      if (isNonNullType(f.type) && f.defaultValue === undefined) value[f.name] = fillerFor(f.name, f.type, probeId);
    return value;
  }
  const scalar = getNamedType(type).name;
  return scalar === 'Int' ? 1 : scalar === 'Float' ? 1 : scalar === 'Boolean' ? true : 'hessian';
}

/** A selection that makes the field resolve, and reports a mutation's outcome and the papers it wrote. */
function selectionFor(type: GraphQLOutputType): string {
  const named = getNamedType(type);
  if (!isObjectType(named) && !('getFields' in named)) return '';
  const fields = isObjectType(named) ? (named as GraphQLObjectType).getFields() : {};
  const parts = ['__typename'];
  if (fields.ok) parts.push('ok');
  if (fields.error) parts.push('error { code }');
  if (fields.papers && isListType(isNonNullType(fields.papers.type) ? fields.papers.type.ofType : fields.papers.type))
    parts.push('papers { id title abstract sources }');
  if (fields.pageInfo) parts.push('pageInfo { endCursor }');
  return `{ ${parts.join(' ')} }`;
}

/**
 * The operation for a slot, asking the field once per payload under aliases p0, p1, ... (every
 * payload still reaches its own resolver call), each argument a variable of its declared type.
 */
export function operationFor(
  slot: Slot,
  payloads: readonly unknown[],
  probeId: string,
): { query: string; variables: Record<string, unknown> } {
  const variables: Record<string, unknown> = {};
  const declarations: string[] = [];
  const selections: string[] = [];
  const used = slot.field.args.filter((a) => a.name === slot.argument || (isNonNullType(a.type) && a.defaultValue === undefined));
  payloads.forEach((payload, i) => {
    const args: string[] = [];
    for (const a of used) {
      const variable = `${a.name}${i}`;
      let value: unknown;
      if (a.name !== slot.argument) value = fillerFor(a.name, a.type, probeId);
      else if (!slot.inputField) value = isListType(isNonNullType(a.type) ? a.type.ofType : a.type) ? [payload] : payload;
      else {
        const base = fillerFor(a.name, a.type, probeId);
        // Each alias its own paper: records with one title are one paper, which keeps the longest abstract.
        const title = (o: unknown) =>
          slot.inputField !== 'title' && typeof (o as { title?: unknown }).title === 'string'
            ? { title: `${(o as { title: string }).title} ${i}` }
            : {};
        const withPayload = (o: unknown) => ({ ...(o as object), ...title(o), [slot.inputField!]: payload });
        value = Array.isArray(base) ? base.map(withPayload) : withPayload(base ?? {});
      }
      variables[variable] = value;
      declarations.push(`$${variable}: ${String(a.type)}`);
      args.push(`${a.name}: $${variable}`);
    }
    selections.push(`p${i}: ${slot.field.name}${args.length ? `(${args.join(', ')})` : ''} ${selectionFor(slot.field.type)}`);
  });
  const name = `${slot.field.name}_${slot.argument}${slot.inputField ? `_${slot.inputField}` : ''}`;
  return {
    query: `${slot.operation} ${name}${declarations.length ? `(${declarations.join(', ')})` : ''} { ${selections.join(' ')} }`,
    variables,
  };
}

interface Response {
  status: number;
  body: { data?: Record<string, any> | null; errors?: { message: string; extensions?: { code?: string } }[] };
}

/**
 * Sends every payload through every string argument of the API (queries, and mutations with the
 * API key) against a store seeded with the seed graph, and checks the store holds exactly what it
 * held before, save what a mutation was asked to write (which is then removed): no payload is
 * ever read as Cypher, Lucene or JSON syntax. No response is a 5xx or an INTERNAL_SERVER_ERROR.
 */
export function describeInjection(name: string, setup: () => Promise<{ store: GraphStore; snapshot: () => Promise<GraphSnapshot> }>) {
  describe(`injection payloads through every string argument, on ${name}`, () => {
    const schema = buildSchema(loadTypeDefs());
    const slots = stringSlots(schema);
    let store: GraphStore;
    let snapshot: () => Promise<GraphSnapshot>;
    let server: RunningServer;
    let base: GraphSnapshot;
    const PROBE_ID = 'injection-probe-paper';

    async function post(query: string, variables: Record<string, unknown> = {}): Promise<Response> {
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, body: (await response.json()) as Response['body'] };
    }

    /** No 5xx, no unexpected error, every error with a code. */
    function expectHandled(response: Response, what: string) {
      expect(response.status, what).toBeLessThan(500);
      for (const error of response.body.errors ?? []) {
        expect(error.extensions?.code, `${what}: ${error.message}`).toBeDefined();
        expect(error.extensions?.code, `${what}: ${error.message}`).not.toBe('INTERNAL_SERVER_ERROR');
      }
    }

    beforeAll(async () => {
      ({ store, snapshot } = await setup());
      await store.clear();
      await ingestDocument(store, seedDocument());
      // The seed page names no authors: one paper with a byline, so every connection (authors
      // included) has a page to take a real cursor from.
      await ingestDocument(store, {
        papers: [
          {
            id: 'p-byline',
            title: 'A Paper With a Byline',
            abstract: 'It has an author.',
            arxivId: null,
            url: null,
            publishedAt: '2024-01-02',
            venue: 'Test 2024',
            keywords: [],
            sources: ['injection'],
          },
        ],
        concepts: [],
        methods: [],
        repositories: [],
        authors: [{ id: 'ada-lovelace', name: 'Ada Lovelace' }],
        relationships: [{ type: 'AUTHORED_BY', from: 'p-byline', to: 'ada-lovelace', properties: { position: 1 } }],
      });
      // No taxonomy for extraction: each ingest mutation would upsert all of it again, hundreds of
      // times over; the seed graph already holds the concepts the payloads are tagged with.
      server = await startHttpServer({ store, apiKey: API_KEY, port: 0, host: '127.0.0.1' });
      base = await snapshot();
    }, 300_000);
    afterAll(async () => {
      await server?.close();
      await store?.clear();
      await store?.close();
    });

    it('covers the string arguments of every query and mutation, input objects included', () => {
      const names = slots.map((s) => `${s.field.name}.${s.argument}${s.inputField ? `.${s.inputField}` : ''}`);
      expect(names).toEqual(
        expect.arrayContaining([
          'paper.id',
          'concept.name',
          'search.query',
          'papers.after',
          'papers.filter.text',
          'neighborhood.ids',
          'ingestPapers.records.title',
          'tagConcept.evidence',
          'removePaper.id',
        ]),
      );
    });

    it('reads: every payload in every query argument answers without a server error and changes nothing', async () => {
      let sent = 0;
      for (const slot of slots.filter((s) => s.operation === 'query')) {
        const batches: unknown[][] = [[...INJECTION_PAYLOADS]];
        if (slot.argument === 'after') {
          // Cursors that decode: their sort key and id, which reach the store, carry the payloads.
          const first = await post(`{ ${slot.field.name} { pageInfo { endCursor } } }`);
          const cursor = (first.body.data?.[slot.field.name] as { pageInfo: { endCursor: string | null } }).pageInfo.endCursor;
          expect(cursor, `${slot.field.name} has a first page on the test graph`).toEqual(expect.any(String));
          const ordering = (JSON.parse(Buffer.from(cursor!, 'base64url').toString('utf8')) as unknown[])[0];
          batches.push(INJECTION_PAYLOADS.map((p) => Buffer.from(JSON.stringify([ordering, p, p])).toString('base64url')));
        }
        for (const payloads of batches) {
          const { query, variables } = operationFor(slot, payloads, PROBE_ID);
          expectHandled(await post(query, variables), query);
          sent += payloads.length;
        }
      }
      expect(sent).toBeGreaterThan(500);
      expect(await snapshot()).toEqual(base);
    }, 300_000);

    it('writes: every payload in every mutation argument (with the API key) is stored verbatim or refused, and nothing else changes', async () => {
      const probe = await post('mutation($r: [PaperInput!]!) { ingestPapers(records: $r) { ok papers { id } } }', {
        r: [{ title: 'Injection Probe Paper', abstract: 'We probe the Hessian with zeroth-order optimization. Nothing else.' }],
      });
      expect(probe.body.data?.ingestPapers).toEqual({ ok: true, papers: [{ id: PROBE_ID }] });
      // The probe mentions Hessian from the start, so tagConcept with a payload only rewrites that edge.
      const tagged = await post('mutation($id: ID!) { tagConcept(paperId: $id, conceptId: "hessian", evidence: "Probe.") { ok } }', {
        id: PROBE_ID,
      });
      expect(tagged.body.data?.tagConcept).toEqual({ ok: true });
      const withProbe = await snapshot();
      let written = 0;
      for (const slot of slots.filter((s) => s.operation === 'mutation')) {
        const { query, variables } = operationFor(slot, INJECTION_PAYLOADS, PROBE_ID);
        const response = await post(query, variables);
        expectHandled(response, query);
        for (const [i, payload] of INJECTION_PAYLOADS.entries()) {
          const what = `${slot.field.name}(${slot.argument}${slot.inputField ? `.${slot.inputField}` : ''}: ${JSON.stringify(payload)})`;
          const outcome = response.body.data?.[`p${i}`] as
            { ok?: boolean; papers?: { id: string; title: string; abstract: string; sources: string[] }[] } | null | undefined;
          if (!outcome?.ok) continue;
          written += 1;
          // What was asked is what was stored: the payload is data, cleaned like any text.
          for (const paper of outcome.papers ?? []) {
            // One paper per normalised title: payloads that differ only in punctuation (' OR 1=1 // and " OR 1=1 //) are one paper.
            if (slot.inputField === 'title' && paper.id !== PROBE_ID)
              expect(titleKey(paper.title), what).toBe(titleKey(cleanText(payload)));
            if (slot.inputField === 'abstract' && paper.id !== PROBE_ID) expect(paper.abstract, what).toBe(cleanText(payload));
            if (slot.argument === 'source') expect(paper.sources, what).toContain(payload);
            if (paper.id !== PROBE_ID)
              expectHandled(await post('mutation($id: ID!) { removePaper(id: $id) { ok } }', { id: paper.id }), `removing ${paper.id}`);
          }
          if (slot.field.name === 'tagConcept' && slot.argument === 'evidence') {
            const read = await post('query($id: ID!) { paper(id: $id) { concepts { concept { id } evidence } } }', { id: PROBE_ID });
            const hessian = read.body.data?.paper.concepts.find((c: { concept: { id: string } }) => c.concept.id === 'hessian');
            expect(hessian.evidence, what).toContain(cleanText(payload) || payload);
          }
          if (slot.field.name === 'removePaper') throw new Error(`removePaper removed something for ${JSON.stringify(payload)}`);
        }
      }
      // The probe's own edges took the payloads of tagConcept; everything else must be as it was.
      const afterWrites = await snapshot();
      expect(afterWrites.counts).toEqual(withProbe.counts);
      expect(afterWrites.paperIds).toEqual(withProbe.paperIds);
      expect(written).toBeGreaterThan(0);
      expectHandled(await post('mutation($id: ID!) { removePaper(id: $id) { ok } }', { id: PROBE_ID }), 'removing the probe');
      expect(await snapshot()).toEqual(base);
    }, 300_000);
  });
}
