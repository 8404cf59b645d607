import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NODE_LABELS, RELATIONSHIP_TYPES, type NodeLabel, type RelationshipType } from '../../src/domain/graph.ts';
import type { BatchRead } from '../../src/store/batchRead.ts';
import * as cypher from '../../src/store/neo4j/cypher.ts';
import { findPapersParams } from '../../src/store/neo4j/Neo4jStore.ts';
import { INJECTION_PAYLOADS } from './injection.contract.ts';

/** One read of cypher.readBatch, the statement behind every batch read of Neo4jStore. */
const batch = (read: BatchRead) => cypher.readBatch([read], (q) => cypher.findPapers(findPapersParams(q)));

/**
 * The Cypher layer, without a database: whatever strings a caller passes, they travel as
 * parameters and never reach the query text; what does reach it (labels, relationship types,
 * bounds of variable-length patterns) comes from closed sets or validated integers.
 */
const SEED = 20_260_703;
/** Never part of any query text, so finding it there means a value was spliced in. */
const MARK = 'ZqX7inj';
const value = fc.oneof(fc.constantFrom(...INJECTION_PAYLOADS), fc.string(), fc.string({ unit: 'binary' })).map((s) => `${MARK}${s}`);
const values = fc.array(value, { minLength: 1, maxLength: 4 });
const label = fc.constantFrom(...NODE_LABELS);
const type = fc.constantFrom(...RELATIONSHIP_TYPES);
const direction = fc.constantFrom('out' as const, 'in' as const);

/** Every query builder that takes a caller's strings, with arbitraries for its arguments. */
const BUILDERS: [string, fc.Arbitrary<cypher.CypherQuery>][] = [
  ['readBatch: nodes', fc.tuple(label, values).map(([l, ids]) => batch({ kind: 'nodes', label: l, ids }))],
  [
    'readBatch: relationships',
    fc.tuple(type, direction, values).map(([t, d, ids]) => batch({ kind: 'relationships', type: t, direction: d, ids })),
  ],
  ['readBatch: degree', fc.tuple(type, direction, values).map(([t, d, ids]) => batch({ kind: 'degree', type: t, direction: d, ids }))],
  [
    'readBatch: a page of papers with other reads',
    fc.tuple(value, values).map(([conceptId, ids]) =>
      cypher.readBatch(
        [
          { kind: 'nodes', label: 'Concept', ids },
          {
            kind: 'papers',
            query: {
              first: 20,
              after: { key: conceptId, id: conceptId },
              filter: { conceptId, text: conceptId },
              orderBy: { field: 'RELEVANCE', direction: 'DESC' },
            },
          },
        ],
        (q) => cypher.findPapers(findPapersParams(q)),
      ),
    ),
  ],
  ['paperMethods', value.map((id) => cypher.paperMethods(id))],
  ['methodPostings', fc.tuple(values, values).map(([concepts, methods]) => cypher.methodPostings(concepts, methods))],
  ['removePaper', value.map((id) => cypher.removePaper(id))],
  ['paperExists', value.map((id) => cypher.paperExists(id))],
  ['papersByTitleKey', values.map((keys) => cypher.papersByTitleKey(keys))],
  ['findByName', fc.tuple(fc.constantFrom('Concept' as const, 'Method' as const), value).map(([l, key]) => cypher.findByName(l, key))],
  [
    'findPapers',
    fc
      .record({
        conceptId: fc.option(value),
        methodId: fc.option(value),
        text: value,
        afterKey: fc.option(value),
        afterId: fc.option(value),
        orderField: fc.constantFrom('ID', 'TITLE', 'PUBLISHED_AT', 'RELEVANCE' as const),
        descending: fc.boolean(),
        includeNarrower: fc.boolean(),
      })
      .map((p) => cypher.findPapers({ ...p, hasRepository: null, limit: 21 })),
  ],
  [
    'findNodesPage',
    fc
      .record({
        l: fc.constantFrom('Concept' as const, 'Repository' as const),
        kind: value,
        afterKey: fc.option(value),
        afterId: fc.option(value),
        orderField: fc.constantFrom('ID' as const, 'NAME' as const),
        descending: fc.boolean(),
      })
      .map(({ l, ...p }) => cypher.findNodesPage(l, { ...p, limit: 21 })),
  ],
  [
    'searchCandidates',
    fc.tuple(values, fc.array(label, { minLength: 1 })).map(([words, labels]) => cypher.searchCandidates(words, labels, 200)),
  ],
  [
    'conceptPaths',
    fc.tuple(value, value, fc.integer({ min: 1, max: 8 })).map(([from, to, hops]) => cypher.conceptPaths(from, to, hops, 100)),
  ],
  [
    'pathNeighbours',
    fc
      .tuple(values, values, fc.boolean())
      .map(([concepts, papers, throughCitations]) => cypher.pathNeighbours(concepts, papers, throughCitations)),
  ],
  [
    'neighborhood',
    fc
      .tuple(values, fc.integer({ min: 0, max: 3 }), fc.uniqueArray(type))
      .map(([ids, depth, types]) => cypher.neighborhood(ids, depth, 200, types)),
  ],
  [
    'upsertNodes',
    fc.tuple(label, values).map(([l, ids]) =>
      cypher.upsertNodes(
        l,
        ids.map((id) => ({ id, props: { id, title: id } })),
      ),
    ),
  ],
  [
    'upsertRelationships',
    fc.tuple(type, values).map(([t, ids]) =>
      cypher.upsertRelationships(
        t,
        ids.map((id) => ({ from: id, to: id, props: { evidence: [id] } })),
      ),
    ),
  ],
  [
    'missingRelationshipEnds',
    fc.tuple(type, values).map(([t, ids]) =>
      cypher.missingRelationshipEnds(
        t,
        ids.map((id) => ({ from: id, to: id, props: {} })),
      ),
    ),
  ],
];

describe('Cypher query text never holds a caller value', () => {
  it.each(BUILDERS)('%s keeps every value in its parameters (300 runs)', (_name, query) => {
    fc.assert(
      fc.property(query, (q) => {
        expect(q.text).not.toContain(MARK);
        expect(JSON.stringify(q.params)).toContain(MARK);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('quotes each search word as one Lucene phrase, so Lucene syntax in it is only text', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...INJECTION_PAYLOADS), fc.string()), { minLength: 1, maxLength: 6 }), (words) => {
        const { lucene } = cypher.searchCandidates(words, ['Paper'], 10).params as { lucene: string };
        const phrases = lucene.match(/\+"[^"\\]*"/g) ?? [];
        expect(phrases).toHaveLength(words.length);
        expect(phrases.join(' ')).toBe(lucene);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });
});

describe('what does reach the query text comes from closed sets', () => {
  const notIn = (set: readonly string[]) => fc.oneof(fc.constantFrom(...INJECTION_PAYLOADS), fc.string()).filter((s) => !set.includes(s));

  it('refuses any node label outside the model', () => {
    fc.assert(
      fc.property(notIn(NODE_LABELS), (bad) => {
        expect(() => batch({ kind: 'nodes', label: bad as NodeLabel, ids: ['x'] })).toThrow(/not a node label/);
        expect(() => cypher.upsertNodes(bad as NodeLabel, [])).toThrow(/not a node label/);
        expect(() => cypher.searchCandidates(['x'], [bad as NodeLabel], 10)).toThrow(/not a node label/);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('refuses any relationship type outside the model', () => {
    fc.assert(
      fc.property(notIn(RELATIONSHIP_TYPES), (bad) => {
        expect(() => batch({ kind: 'relationships', type: bad as RelationshipType, direction: 'out', ids: ['x'] })).toThrow();
        expect(() => batch({ kind: 'degree', type: bad as RelationshipType, direction: 'in', ids: ['x'] })).toThrow();
        expect(() => cypher.upsertRelationships(bad as RelationshipType, [])).toThrow();
        expect(() => cypher.neighborhood(['x'], 1, 10, [bad as RelationshipType])).toThrow();
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('refuses pattern bounds that are not small integers (they cannot be parameters)', () => {
    for (const bad of [0, -1, 1.5, 21, Number.NaN, Number.POSITIVE_INFINITY, '3) DETACH DELETE (n' as unknown as number]) {
      expect(() => cypher.conceptPaths('a', 'b', bad, 10), String(bad)).toThrow(/maxHops/);
    }
    for (const bad of [-1, 0.5, 6, Number.NaN, '1]-(x) DETACH DELETE x //' as unknown as number]) {
      expect(() => cypher.neighborhood(['a'], bad, 10, []), String(bad)).toThrow(/depth/);
    }
  });
});
