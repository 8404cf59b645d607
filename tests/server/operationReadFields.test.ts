import { buildSchema, getNamedType, isLeafType, parse, type GraphQLObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { NODE_LABELS } from '../../src/domain/graph.ts';
import { DOMAIN_PROPERTIES } from '../../src/store/documentRows.ts';
import { readFieldsOf } from '../../src/server/operationReadFields.ts';
import { buildResolvers } from '../../src/server/resolvers/index.ts';
import { loadTypeDefs } from '../../src/server/schema.ts';
import { nodeProjection, relationshipProjection } from '../../src/store/neo4j/cypher.ts';

const schema = buildSchema(loadTypeDefs());

describe('the stored properties an operation reads (operationReadFields.ts)', () => {
  it('are the fields it selects on each node type, with id, and the relationship properties its fields show or resolvers sort by', () => {
    const fields = readFieldsOf(
      schema,
      parse(
        `{ paper(id: "x") { title concepts { weight concept { name } } authors { name } references { edges { intents node { venue } } } } }`,
      ),
    );
    expect(fields.nodes).toEqual({
      Paper: ['id', 'title', 'venue'],
      Concept: ['id', 'name'],
      Method: ['id'],
      Repository: ['id'],
      Author: ['id', 'name'],
    });
    expect(fields.relationships.MENTIONS).toEqual(['weight', 'count']);
    expect(fields.relationships.AUTHORED_BY).toEqual(['position']);
    expect(fields.relationships.CITES).toEqual(['intents']);
    expect(fields.relationships.HAS_CODE).toEqual([]);
  });

  it('count fields of fragments, inline fragments on an interface, and evidence when it is selected', () => {
    const fields = readFieldsOf(
      schema,
      parse(
        `query { node(id: "x") { id ... on Paper { abstract ...More } ... on Concept { description } } } fragment More on Paper { concepts { evidence } keywords }`,
      ),
    );
    expect(fields.nodes.Paper).toEqual(['id', 'abstract', 'keywords']);
    expect(fields.nodes.Concept).toEqual(['id', 'description']);
    expect(fields.relationships.MENTIONS).toEqual(['weight', 'count', 'evidence']);
  });

  it('are computed once per parsed document', () => {
    const document = parse('{ paper(id: "x") { title } }');
    expect(readFieldsOf(schema, document)).toBe(readFieldsOf(schema, document));
  });

  it('cover every leaf field of a node type that has no resolver of its own: such a field reads the stored property of its name', () => {
    const resolvers = buildResolvers() as Record<string, Record<string, unknown> | undefined>;
    const unread: string[] = [];
    for (const label of NODE_LABELS) {
      const type = schema.getType(label) as GraphQLObjectType;
      for (const [name, field] of Object.entries(type.getFields())) {
        if (!isLeafType(getNamedType(field.type)) || resolvers[label]?.[name] !== undefined) continue;
        if (!DOMAIN_PROPERTIES[label].includes(name)) unread.push(`${label}.${name}`);
      }
    }
    // A new field read by the default resolver must be a domain property, or narrowed reads would leave it out.
    expect(unread).toEqual([]);
  });

  it('become Cypher map projections: the named properties, none, or all of them', () => {
    const fields = readFieldsOf(schema, parse('{ paper(id: "x") { title concepts { concept { name } } } }'));
    expect(nodeProjection('n', 'Paper', fields)).toBe('n {.id, .title}');
    expect(nodeProjection('n', 'Author')).toBe('n {.id, .name}');
    expect(relationshipProjection('r', 'MENTIONS', fields)).toBe('r {.weight, .count}');
    expect(relationshipProjection('r', 'HAS_CODE', fields)).toBe('{}');
    expect(relationshipProjection('r', 'MENTIONS')).toBe('properties(r)');
  });
});
