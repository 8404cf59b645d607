import { buildSchema, Kind, parse, validate, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  CONCEPT_BY_NAME_QUERY,
  CONCEPT_PAPERS,
  CONCEPT_PATH_QUERY,
  FACET_VALUES,
  FACETS_QUERY,
  FACETS_SHOWN,
  GRAPH_VIEW_LIMIT,
  GRAPH_VIEW_QUERY,
  NEIGHBOURHOOD_LIMIT,
  NEIGHBOURHOOD_MAX_LIMIT,
  NEIGHBOURHOOD_QUERY,
  COMMUNITY_SEED_IDS,
  NODE_DETAILS_QUERY,
  SUGGEST_HITS,
  SUGGEST_QUERY,
  SHARING_PAPERS,
  SHARING_QUERY,
  STATS_QUERY,
} from '../../explorer/src/documents.ts';
import { DEFAULT_QUERY_LIMITS, measureOperation } from '../../src/server/queryLimits.ts';
import { loadTypeDefs } from '../../src/server/schema.ts';

/** Every document the explorer sends, with the largest variables it sends it with. */
const DOCUMENTS: Record<string, { document: string; variables: Record<string, unknown> }> = {
  neighbourhood: {
    document: NEIGHBOURHOOD_QUERY,
    variables: { ids: ['hessian'], depth: 1, limit: NEIGHBOURHOOD_LIMIT, filter: { yearFrom: 2016, yearTo: 2020 } },
  },
  // The communities of a whole drawing: the neighbourhoods of its last seeds taken together.
  'drawing communities': {
    document: NEIGHBOURHOOD_QUERY,
    variables: {
      ids: Array.from({ length: COMMUNITY_SEED_IDS }, (_, i) => `n${i}`),
      depth: 1,
      limit: NEIGHBOURHOOD_MAX_LIMIT,
      filter: null,
    },
  },
  'graph view': {
    document: GRAPH_VIEW_QUERY,
    variables: { filter: { venue: 'ICLR 2018', conceptsAll: ['hessian'] }, limit: GRAPH_VIEW_LIMIT },
  },
  facets: { document: FACETS_QUERY, variables: { by: [...FACETS_SHOWN], filter: { author: 'a' }, first: FACET_VALUES } },
  suggest: { document: SUGGEST_QUERY, variables: { prefix: 'hess', types: null, first: SUGGEST_HITS } },
  'node details': { document: NODE_DETAILS_QUERY, variables: { id: 'hessian', conceptPapers: CONCEPT_PAPERS } },
  'papers sharing methods': { document: SHARING_QUERY, variables: { paperId: 'p', first: SHARING_PAPERS } },
  'concept path': { document: CONCEPT_PATH_QUERY, variables: { from: 'hessian', to: 'zeroth-order-optimization' } },
  'concept by name': { document: CONCEPT_BY_NAME_QUERY, variables: { name: 'Hessian' } },
  stats: { document: STATS_QUERY, variables: {} },
};

describe('the graph explorer uses only the public API', () => {
  const schema = buildSchema(loadTypeDefs());

  for (const [name, { document, variables }] of Object.entries(DOCUMENTS)) {
    it(`sends a ${name} query that validates against schema/ and keeps within the query limits`, () => {
      const parsed = parse(document);
      expect(validate(schema, parsed).map((error) => error.message)).toEqual([]);
      const operations = parsed.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
      expect(operations).toHaveLength(1);
      expect(operations[0]!.operation).toBe('query');
      expect(operations[0]!.name?.value, 'named, so server logs say which explorer request it was').toMatch(/^Explorer/);
      const fragments = parsed.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION);
      const measured = measureOperation(schema, operations[0]!, fragments, variables);
      expect(measured.depth).toBeLessThanOrEqual(DEFAULT_QUERY_LIMITS.maxDepth);
      expect(measured.aliases).toBeLessThanOrEqual(DEFAULT_QUERY_LIMITS.maxAliases);
      expect(measured.cost).toBeLessThanOrEqual(DEFAULT_QUERY_LIMITS.maxCost);
    });
  }
});
