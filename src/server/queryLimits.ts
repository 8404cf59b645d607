import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isIntrospectionType,
  isListType,
  isNonNullType,
  isObjectType,
  valueFromAST,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type GraphQLType,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { TRAVERSAL_LIMITS } from './resolvers/graph.ts';

/** Limits every operation must keep, checked after parsing and validation, before any resolver runs. */
export interface QueryLimits {
  /** Nesting of fields (the root field is depth 1), introspection fields aside. */
  maxDepth: number;
  /** Aliased fields in one operation: aliases multiply work without deepening the query. */
  maxAliases: number;
  /**
   * Estimated work: each field costs 1 (plus the store work of traversals, TRAVERSALS), times
   * the page sizes (`first`, `limit`) of the lists and views above it.
   */
  maxCost: number;
  /** Lexical tokens of the document: Apollo stops parsing beyond this. */
  maxTokens: number;
  /**
   * Characters of any one string in an argument, given inline or through a variable (except the
   * page text of ingestDailyPapers, bounded by the request body size): ids, names, search words
   * and abstracts are far shorter, and a megabyte of search words only costs the store work.
   */
  maxStringLength: number;
  /**
   * Nesting and estimated cost of introspection (`__schema`, `__type`), measured apart: the
   * standard introspection query of GraphiQL is 15 deep and costs about 52,000 by the same
   * estimate, while recursive `type { fields { type { fields ...` queries grow it tenfold per level.
   */
  maxIntrospectionDepth: number;
  maxIntrospectionCost: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  maxDepth: 12,
  maxAliases: 30,
  maxCost: 50_000,
  maxTokens: 4_000,
  maxStringLength: 10_000,
  maxIntrospectionDepth: 20,
  maxIntrospectionCost: 100_000,
};

/**
 * Bounds of the exploration fields (facets, typeahead, batch lookups, graph views, exports),
 * checked by their resolvers (and /export) before any store call; BAD_USER_INPUT names the argument.
 */
export const EXPLORATION_LIMITS = {
  /** Ids per `nodes` call. */
  nodesIds: 500,
  /** Facets per `facets` call (there are five kinds). */
  facetKinds: 5,
  /** Values per facet (`facets(first:)`). */
  facetValues: 100,
  /** Characters of a `suggest` prefix. */
  suggestPrefix: 100,
  /** Hits per `suggest` call. */
  suggestFirst: 50,
  /** Nodes of a `graphView` or `expand` (`limit`). */
  viewNodes: 1000,
  /** Ids in `expand(known:)`. */
  expandKnown: 5000,
  /** Concept ids in `filter.conceptsAll` and `filter.conceptsAny`. */
  filterConcepts: 20,
  /** Nodes of one /export (`limit`), and its default. */
  exportNodes: 100_000,
  exportDefaultNodes: 10_000,
} as const;

/**
 * How many items some lists hold, from their arguments, for the cost estimate: `nodes` answers one
 * per id, and `facets` holds `first` values for each facet of `by` (its Facet.values count as the
 * assumed list size, so the multiplier here makes up the rest).
 */
const LIST_SIZES: Record<string, (args: Record<string, unknown>) => number> = {
  'Query.nodes': (args) => (Array.isArray(args.ids) ? args.ids.length : 1),
  'Query.facets': (args) =>
    (Array.isArray(args.by) ? args.by.length : 1) * Math.max(1, Number(args.first ?? ASSUMED_LIST_SIZE) / ASSUMED_LIST_SIZE),
};

/**
 * Traversal fields, from their arguments: `work`, the store's work beyond what they return, added
 * to their own cost, and `size`, how many nodes the view they return holds (its lists count as
 * the assumed list size, so the multiplier makes up the rest). A neighbourhood walks up to `limit`
 * nodes per seed id at each of `depth` levels (depth 3, limit 1000 from 3 ids: 9,000; depth 1,
 * limit 10 from one id: 10); a path search may visit a large frontier at each of its `maxHops`.
 * Arguments are taken within their ranges (TRAVERSAL_LIMITS): beyond them the resolver refuses
 * the field with BAD_USER_INPUT naming the range, a more useful answer than a cost.
 */
const TRAVERSALS: Record<string, (args: Record<string, unknown>) => { work: number; size?: number }> = {
  'Query.neighborhood': (args) => {
    const ids = Math.min(Array.isArray(args.ids) ? args.ids.length : 1, TRAVERSAL_LIMITS.seedIds);
    const limit = count(args.limit, TRAVERSAL_LIMITS.neighborhoodLimit);
    return { work: ids * limit * count(args.depth, TRAVERSAL_LIMITS.depth), size: limit };
  },
  'Query.conceptPath': (args) => ({ work: ASSUMED_LIST_SIZE * count(args.maxHops, TRAVERSAL_LIMITS.maxHops) }),
  // A view of up to `limit` nodes (default 200), laid out and clustered in the server on request.
  'Query.graphView': (args) => {
    const limit = count(args.limit ?? 200, EXPLORATION_LIMITS.viewNodes);
    return { work: limit, size: limit };
  },
  'Query.expand': (args) => {
    const limit = count(args.limit ?? 200, EXPLORATION_LIMITS.viewNodes);
    return { work: limit, size: limit };
  },
};

/** A numeric argument as a count from 1 to `max` (absent, null or below 1: 1). */
const count = (value: unknown, max: number): number => (typeof value === 'number' && value > 1 ? Math.min(value, max) : 1);

/** Arguments exempt from maxStringLength, as Type.field.argument. */
const BULK_TEXT_ARGUMENTS = new Set(['Mutation.ingestDailyPapers.text']);

/** Lists without a size argument are assumed this long when estimating cost. */
const ASSUMED_LIST_SIZE = 10;
const SIZE_ARGUMENTS = ['first', 'limit'];

function tooComplex(message: string, extensions: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 }, ...extensions } });
}

function isList(type: GraphQLType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

/** The longest string found in an argument, and where. */
interface LongestString {
  length: number;
  /** Type.field.argument */
  argument: string;
}

/** What a selection set (or an operation) asks for, relative to where it stands. */
interface Measure {
  /** Levels of non-introspection fields, this set's fields being level 1. */
  depth: number;
  introspectionDepth: number;
  aliases: number;
  cost: number;
  introspectionCost: number;
  longestString: LongestString | null;
}

const NOTHING: Measure = { depth: 0, introspectionDepth: 0, aliases: 0, cost: 0, introspectionCost: 0, longestString: null };

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  /**
   * Each fragment is measured once (its measure does not depend on where it is spread), so a
   * document that spreads fragments within fragments many times over costs the walk no more than
   * its size: without this, 20 levels of doubling spreads would make a million walks.
   */
  measuredFragments: Map<string, Measure>;
  /** Fragments being measured, so that a cycle (refused by validation anyway) cannot recurse forever. */
  visiting: Set<string>;
}

function longer(a: LongestString | null, b: LongestString | null): LongestString | null {
  if (!a) return b;
  if (!b) return a;
  return b.length > a.length ? b : a;
}

function combine(a: Measure, b: Measure): Measure {
  return {
    depth: Math.max(a.depth, b.depth),
    introspectionDepth: Math.max(a.introspectionDepth, b.introspectionDepth),
    aliases: a.aliases + b.aliases,
    cost: a.cost + b.cost,
    introspectionCost: a.introspectionCost + b.introspectionCost,
    longestString: longer(a.longestString, b.longestString),
  };
}

function measureSelectionSet(walk: Walk, selectionSet: SelectionSetNode, parent: GraphQLNamedType): Measure {
  let measure = NOTHING;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) measure = combine(measure, measureField(walk, selection, parent));
    else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const typed = selection.typeCondition ? walk.schema.getType(selection.typeCondition.name.value) : parent;
      measure = combine(measure, measureSelectionSet(walk, selection.selectionSet, typed ?? parent));
    } else measure = combine(measure, measureFragment(walk, selection.name.value, parent));
  }
  return measure;
}

function measureFragment(walk: Walk, name: string, parent: GraphQLNamedType): Measure {
  const known = walk.measuredFragments.get(name);
  if (known) return known;
  const fragment = walk.fragments.get(name);
  if (!fragment || walk.visiting.has(name)) return NOTHING; // unknown or cyclic fragments fail validation anyway
  walk.visiting.add(name);
  const measure = measureSelectionSet(walk, fragment.selectionSet, walk.schema.getType(fragment.typeCondition.name.value) ?? parent);
  walk.visiting.delete(name);
  walk.measuredFragments.set(name, measure);
  return measure;
}

function measureField(walk: Walk, node: FieldNode, parent: GraphQLNamedType): Measure {
  const aliases = node.alias ? 1 : 0;
  const field = fieldDefinition(walk.schema, parent, node.name.value);
  const introspection =
    isIntrospectionType(parent) || node.name.value === SchemaMetaFieldDef.name || node.name.value === TypeMetaFieldDef.name;
  if (!field) {
    // An unknown field fails validation before this plugin runs; count it like a leaf.
    return { ...NOTHING, depth: 1, aliases, cost: 1 };
  }
  const longestString = longestArgumentString(walk, parent, field, node);
  let multiplier = 1;
  if (isList(field.type) || /Connection$/.test(getNamedType(field.type).name)) {
    multiplier = sizeArgument(walk, field, node) ?? ASSUMED_LIST_SIZE;
    const listSize = LIST_SIZES[`${parent.name}.${field.name}`];
    if (listSize) multiplier = Math.max(1, listSize(argumentValues(field, node, walk.variables)));
  }
  const traversal = TRAVERSALS[`${parent.name}.${field.name}`]?.(argumentValues(field, node, walk.variables));
  if (traversal?.size !== undefined) multiplier = Math.max(1, traversal.size / ASSUMED_LIST_SIZE);
  const work = traversal?.work ?? 0;
  const type = getNamedType(field.type);
  const children = node.selectionSet && isCompositeType(type) ? measureSelectionSet(walk, node.selectionSet, type) : NOTHING;
  // __typename is answered without any resolver work.
  const own = field === TypeNameMetaFieldDef ? 0 : 1 + work;
  return {
    depth: introspection ? children.depth : 1 + children.depth,
    introspectionDepth: introspection || children.introspectionDepth > 0 ? 1 + children.introspectionDepth : 0,
    aliases: aliases + children.aliases,
    cost: introspection ? multiplier * children.cost : own + multiplier * children.cost,
    introspectionCost: introspection ? own + multiplier * children.introspectionCost : multiplier * children.introspectionCost,
    longestString: longer(longestString, children.longestString),
  };
}

/** The page size a field is asked for (its `first` or `limit`, given or by default), or null when it takes none. */
function sizeArgument(walk: Walk, field: GraphQLField<unknown, unknown>, node: FieldNode): number | null {
  let size: number | null = null;
  for (const name of SIZE_ARGUMENTS) {
    const definition = field.args.find((a) => a.name === name);
    if (!definition) continue;
    const given = node.arguments?.find((a) => a.name.value === name);
    const value = given ? valueFromAST(given.value, definition.type, walk.variables) : definition.defaultValue;
    if (typeof value === 'number' && value > 0) size = value;
  }
  return size;
}

/** A field's argument values (inline or from variables, defaults filled in), for LIST_SIZES and TRAVERSALS. */
function argumentValues(
  field: GraphQLField<unknown, unknown>,
  node: FieldNode,
  variables: Record<string, unknown>,
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const definition of field.args) {
    const given = node.arguments?.find((a) => a.name.value === definition.name);
    values[definition.name] = given ? valueFromAST(given.value, definition.type, variables) : definition.defaultValue;
  }
  return values;
}

/** A field's definition on its parent type, including the introspection fields. */
function fieldDefinition(schema: GraphQLSchema, parent: GraphQLNamedType, name: string): GraphQLField<unknown, unknown> | undefined {
  if (name === TypeNameMetaFieldDef.name) return TypeNameMetaFieldDef;
  if (parent === schema.getQueryType() && name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
  if (parent === schema.getQueryType() && name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
  return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
}

function longestArgumentString(
  walk: Walk,
  parent: GraphQLNamedType,
  field: GraphQLField<unknown, unknown>,
  node: FieldNode,
): LongestString | null {
  let longest: LongestString | null = null;
  for (const argument of node.arguments ?? []) {
    const coordinate = `${parent.name}.${field.name}.${argument.name.value}`;
    if (BULK_TEXT_ARGUMENTS.has(coordinate)) continue;
    longest = longer(longest, { length: longestStringIn(argument.value, walk.variables), argument: coordinate });
  }
  return longest;
}

/** The length of the longest string in an argument's value, inline or in the variables it uses. */
function longestStringIn(value: ValueNode, variables: Record<string, unknown>): number {
  switch (value.kind) {
    case Kind.STRING:
      return value.value.length;
    case Kind.VARIABLE:
      return longestStringInJson(variables[value.name.value]);
    case Kind.LIST:
      return Math.max(0, ...value.values.map((v) => longestStringIn(v, variables)));
    case Kind.OBJECT:
      return Math.max(0, ...value.fields.map((f) => longestStringIn(f.value, variables)));
    default:
      return 0;
  }
}

/** The same over a variable's JSON value, without recursion: a variable can be nested a million deep. */
function longestStringInJson(value: unknown): number {
  let longest = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'string') longest = Math.max(longest, next.length);
    else if (Array.isArray(next)) for (const item of next) pending.push(item);
    else if (typeof next === 'object' && next !== null) for (const item of Object.values(next)) pending.push(item);
  }
  return longest;
}

/**
 * Measures an operation: its deepest field, its aliases, its estimated cost, the same two for
 * introspection, and its longest argument string, given the variables. Pure, so tests can check
 * the numbers without a server; linear in the size of the document, fragments included.
 */
export function measureOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: FragmentDefinitionNode[],
  variables: Record<string, unknown> = {},
) {
  const walk: Walk = {
    schema,
    fragments: new Map(fragments.map((f) => [f.name.value, f])),
    variables,
    measuredFragments: new Map(),
    visiting: new Set(),
  };
  const root =
    operation.operation === 'mutation'
      ? schema.getMutationType()
      : operation.operation === 'subscription'
        ? schema.getSubscriptionType()
        : schema.getQueryType();
  const measure = root ? measureSelectionSet(walk, operation.selectionSet, root) : NOTHING;
  return {
    depth: measure.depth,
    aliases: measure.aliases,
    cost: measure.cost,
    introspectionDepth: measure.introspectionDepth,
    introspectionCost: measure.introspectionCost,
    longestString: measure.longestString,
  };
}

/**
 * An Apollo plugin that refuses operations over the limits once the operation is resolved and
 * before execution starts, so an abusive query never reaches the store. The error says which
 * limit and by how much: QUERY_TOO_COMPLEX for depth, aliases and cost, BAD_USER_INPUT naming the
 * argument for a too-long string; HTTP 400 either way.
 */
export function queryLimitsPlugin(limits: QueryLimits = DEFAULT_QUERY_LIMITS): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, operation, document, request }) {
          if (!operation) return;
          // graphql-js 16 validates a subscription against a schema without Subscription type and
          // only fails while executing, as an INTERNAL_SERVER_ERROR: it is the client's mistake.
          if (operation.operation !== 'query' && !schema.getRootType(operation.operation)) {
            throw new GraphQLError(`This API has no ${operation.operation} operations; send a query or a mutation.`, {
              nodes: [operation],
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } },
            });
          }
          const fragments = document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION);
          const measured = measureOperation(schema, operation, fragments, request.variables ?? {});
          if (measured.depth > limits.maxDepth) {
            throw tooComplex(
              `The query is ${measured.depth} levels deep; the limit is ${limits.maxDepth}. Split it into several queries.`,
              { depth: measured.depth, maxDepth: limits.maxDepth },
            );
          }
          if (measured.aliases > limits.maxAliases) {
            throw tooComplex(`The query uses ${measured.aliases} aliases; the limit is ${limits.maxAliases}.`, {
              aliases: measured.aliases,
              maxAliases: limits.maxAliases,
            });
          }
          if (measured.cost > limits.maxCost) {
            throw tooComplex(
              `The query's estimated cost is ${measured.cost}; the limit is ${limits.maxCost}. Ask for smaller pages (first/limit) or fewer nested lists.`,
              {
                cost: measured.cost,
                maxCost: limits.maxCost,
              },
            );
          }
          if (measured.introspectionDepth > limits.maxIntrospectionDepth || measured.introspectionCost > limits.maxIntrospectionCost) {
            throw tooComplex(
              `The introspection query is ${measured.introspectionDepth} levels deep with an estimated cost of ${measured.introspectionCost}; the limits are ${limits.maxIntrospectionDepth} and ${limits.maxIntrospectionCost}. The standard introspection query (getIntrospectionQuery) fits.`,
              { introspectionDepth: measured.introspectionDepth, introspectionCost: measured.introspectionCost },
            );
          }
          const longest = measured.longestString;
          if (longest && longest.length > limits.maxStringLength) {
            const [type, field, argument] = longest.argument.split('.');
            throw new GraphQLError(
              `Argument "${argument}" of ${type}.${field} holds a string of ${longest.length} characters; the limit is ${limits.maxStringLength}.`,
              {
                extensions: {
                  code: 'BAD_USER_INPUT',
                  argumentName: argument,
                  maxStringLength: limits.maxStringLength,
                  http: { status: 400 },
                },
              },
            );
          }
        },
      };
    },
  };
}
