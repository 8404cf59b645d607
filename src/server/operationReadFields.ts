import type { ApolloServerPlugin } from '@apollo/server';
import { TypeInfo, visit, visitWithTypeInfo, isInterfaceType, type DocumentNode, type GraphQLSchema } from 'graphql';
import { NODE_LABELS, type NodeLabel, type RelationshipType } from '../domain/graph.ts';
import { DOMAIN_PROPERTIES } from '../store/documentRows.ts';
import type { ReadFields } from '../store/readFields.ts';
import type { Context } from './context.ts';
import { narrowReads } from './loaders.ts';

/**
 * The stored properties of each relationship type that the API reads: 'always' for those the
 * resolvers order by (a paper's concepts by weight and count, its authors by position), or the
 * GraphQL fields (`Type.field`) that show it. A property not listed (MENTIONS.extractor,
 * PROPOSES.evidence, HAS_CODE.official, ...) is shown by no field and never read through the API.
 * Keep this next to the resolvers it describes: a resolver reading a relationship property not
 * listed here would see it missing on Neo4j (the contract suite compares such answers).
 */
const RELATIONSHIP_PROPERTY_READERS: Record<RelationshipType, Record<string, 'always' | readonly string[]>> = {
  MENTIONS: { weight: 'always', count: 'always', evidence: ['ConceptMention.evidence'] },
  PROPOSES: {},
  USES: {},
  APPLIES: {},
  HAS_CODE: {},
  BROADER: {},
  RELATED: {},
  AUTHORED_BY: { position: 'always' },
  CITES: { influential: ['CitationEdge.influential'], intents: ['CitationEdge.intents'], contexts: ['CitationEdge.contexts'] },
};

const LABELS = new Set<string>(NODE_LABELS);

/**
 * What the reads of an operation in `document` need (store/readFields.ts): for each node label,
 * the domain properties selected as fields of its GraphQL type (the five node types name their
 * fields after their stored properties; a field of an interface counts for every type that
 * implements it), and for each relationship type the properties of RELATIONSHIP_PROPERTY_READERS
 * that are always read or whose field is selected. Every operation and fragment of the document
 * counts, whatever its directives: a read may bring more than is asked, never less.
 */
function readFieldsOfDocument(schema: GraphQLSchema, document: DocumentNode): ReadFields {
  const nodes = new Map<NodeLabel, Set<string>>(NODE_LABELS.map((l) => [l, new Set(['id'])]));
  const selected = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(field) {
        const parent = typeInfo.getParentType();
        if (!parent) return;
        const name = field.name.value;
        selected.add(`${parent.name}.${name}`);
        const labels = isInterfaceType(parent) ? schema.getPossibleTypes(parent).map((t) => t.name) : [parent.name];
        for (const type of labels) {
          if (LABELS.has(type) && DOMAIN_PROPERTIES[type as NodeLabel].includes(name)) nodes.get(type as NodeLabel)!.add(name);
        }
      },
    }),
  );
  const relationships = Object.fromEntries(
    Object.entries(RELATIONSHIP_PROPERTY_READERS).map(([type, readers]) => [
      type,
      Object.entries(readers)
        .filter(([, by]) => by === 'always' || by.some((coordinate) => selected.has(coordinate)))
        .map(([property]) => property),
    ]),
  ) as Record<RelationshipType, string[]>;
  return { nodes: Object.fromEntries([...nodes].map(([l, props]) => [l, [...props]])), relationships };
}

/** Per parsed document: Apollo hands the same DocumentNode to every request of the same query text (its document store). */
const cache = new WeakMap<DocumentNode, ReadFields>();

/** readFieldsOfDocument, computed once per parsed document. */
export function readFieldsOf(schema: GraphQLSchema, document: DocumentNode): ReadFields {
  let fields = cache.get(document);
  if (!fields) {
    fields = readFieldsOfDocument(schema, document);
    cache.set(document, fields);
  }
  return fields;
}

/**
 * Narrows the reads of every query to what its document selects (narrowReads). A mutation reads
 * whole: its services may hand what they read back to a write.
 */
export function narrowReadsPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, schema, contextValue }) {
          if (operation?.operation === 'query') narrowReads(contextValue.loaders, readFieldsOf(schema, document));
        },
      };
    },
  };
}
