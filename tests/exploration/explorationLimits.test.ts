import { buildSchema, parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { measureOperation } from '../../src/server/queryLimits.ts';
import { loadTypeDefs } from '../../src/server/schema.ts';

const schema = buildSchema(loadTypeDefs());
const cost = (query: string, variables: Record<string, unknown> = {}) =>
  measureOperation(schema, parse(query).definitions[0] as OperationDefinitionNode, [], variables).cost;

describe('the cost estimate of the exploration fields', () => {
  it('counts one item per id of nodes(ids:), given inline or as a variable', () => {
    expect(cost(`{ nodes(ids: ["a", "b", "c"]) { id } }`)).toBe(1 + 3 * 1);
    expect(cost(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: Array.from({ length: 400 }, (_, i) => `n${i}`) })).toBe(1 + 400);
  });

  it('counts first values for each facet asked for', () => {
    expect(cost(`{ facets(by: [YEAR, VENUE, AUTHOR], first: 50) { by values { value } } }`)).toBe(1 + 15 * (1 + 1 + 10 * 1));
  });

  it('counts the nodes of a graph view and of an expansion by their limit', () => {
    const view = (limit: number) => cost(`{ graphView(limit: ${limit}) { nodes { id x y } } }`);
    expect(view(1000)).toBeGreaterThan(3000);
    expect(view(1000) / view(10)).toBeGreaterThan(50);
    expect(cost(`{ expand(id: "a", known: [], limit: 500) { nodes { id } edges { id } } }`)).toBeGreaterThan(500 * 2);
  });
});
