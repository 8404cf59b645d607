import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  getNamedType,
  isListType,
  isNonNullType,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLSchema,
  type GraphQLType,
  type OperationDefinitionNode,
  type SelectionSetNode,
  valueFromAST,
  isCompositeType,
  isObjectType,
  isInterfaceType,
  type GraphQLNamedType,
} from 'graphql';

/** Limits every operation must keep, checked after parsing and before any resolver runs. */
export interface QueryLimits {
  /** Nesting of fields (the root field is depth 1). */
  maxDepth: number;
  /** Aliased fields in one operation: aliases multiply work without deepening the query. */
  maxAliases: number;
  /** Estimated work: each field costs 1, times the page sizes of the lists above it. */
  maxCost: number;
  /** Lexical tokens of the document: Apollo stops parsing beyond this. */
  maxTokens: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = { maxDepth: 12, maxAliases: 30, maxCost: 50_000, maxTokens: 4_000 };

/** Lists without a size argument are assumed this long when estimating cost. */
const ASSUMED_LIST_SIZE = 10;
const SIZE_ARGUMENTS = ['first', 'limit'];

function tooComplex(message: string, extensions: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 }, ...extensions } });
}

function isList(type: GraphQLType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  aliases: number;
  maxDepth: number;
}

/** Cost of a selection set: 1 per field plus its children, multiplied by the page size of list fields. */
function costOf(walk: Walk, selectionSet: SelectionSetNode, parent: GraphQLNamedType, depth: number, visiting: Set<string>): number {
  let cost = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) cost += fieldCost(walk, selection, parent, depth, visiting);
    else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const typed = selection.typeCondition ? walk.schema.getType(selection.typeCondition.name.value) : parent;
      cost += costOf(walk, selection.selectionSet, typed ?? parent, depth, visiting);
    } else {
      const name = selection.name.value;
      const fragment = walk.fragments.get(name);
      if (!fragment || visiting.has(name)) continue; // unknown or cyclic fragments fail validation anyway
      visiting.add(name);
      cost += costOf(walk, fragment.selectionSet, walk.schema.getType(fragment.typeCondition.name.value) ?? parent, depth, visiting);
      visiting.delete(name);
    }
  }
  return cost;
}

function fieldCost(walk: Walk, node: FieldNode, parent: GraphQLNamedType, depth: number, visiting: Set<string>): number {
  if (node.alias) walk.aliases += 1;
  walk.maxDepth = Math.max(walk.maxDepth, depth);
  if (node.name.value.startsWith('__')) return 0;
  const field: GraphQLField<unknown, unknown> | undefined = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[node.name.value] : undefined;
  if (!field) return 1;
  let multiplier = 1;
  if (isList(field.type) || /Connection$/.test(getNamedType(field.type).name)) {
    multiplier = ASSUMED_LIST_SIZE;
    for (const name of SIZE_ARGUMENTS) {
      const definition = field.args.find((a) => a.name === name);
      if (!definition) continue;
      const given = node.arguments?.find((a) => a.name.value === name);
      const value = given ? valueFromAST(given.value, definition.type, walk.variables) : definition.defaultValue;
      if (typeof value === 'number' && value > 0) multiplier = value;
    }
  }
  const type = getNamedType(field.type);
  const children = node.selectionSet && isCompositeType(type) ? costOf(walk, node.selectionSet, type, depth + 1, visiting) : 0;
  return 1 + multiplier * children;
}

/**
 * Measures an operation: its deepest field, its aliases and its estimated cost, given the
 * variables. Pure, so tests can check the numbers without a server.
 */
export function measureOperation(schema: GraphQLSchema, operation: OperationDefinitionNode, fragments: FragmentDefinitionNode[], variables: Record<string, unknown> = {}) {
  const walk: Walk = { schema, fragments: new Map(fragments.map((f) => [f.name.value, f])), variables, aliases: 0, maxDepth: 0 };
  const root = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
  const cost = root ? costOf(walk, operation.selectionSet, root, 1, new Set()) : 0;
  return { depth: walk.maxDepth, aliases: walk.aliases, cost };
}

/**
 * An Apollo plugin that refuses operations over the limits once the operation is resolved and
 * before execution starts, so an abusive query never reaches the store. The error says which
 * limit and by how much, with code QUERY_TOO_COMPLEX and HTTP 400.
 */
export function queryLimitsPlugin(limits: QueryLimits = DEFAULT_QUERY_LIMITS): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, operation, document, request }) {
          if (!operation) return;
          const fragments = document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION);
          const measured = measureOperation(schema, operation, fragments, request.variables ?? {});
          if (measured.depth > limits.maxDepth) {
            throw tooComplex(`The query is ${measured.depth} levels deep; the limit is ${limits.maxDepth}. Split it into several queries.`, { depth: measured.depth, maxDepth: limits.maxDepth });
          }
          if (measured.aliases > limits.maxAliases) {
            throw tooComplex(`The query uses ${measured.aliases} aliases; the limit is ${limits.maxAliases}.`, { aliases: measured.aliases, maxAliases: limits.maxAliases });
          }
          if (measured.cost > limits.maxCost) {
            throw tooComplex(`The query's estimated cost is ${measured.cost}; the limit is ${limits.maxCost}. Ask for smaller pages (first/limit) or fewer nested lists.`, {
              cost: measured.cost,
              maxCost: limits.maxCost,
            });
          }
        },
      };
    },
  };
}
