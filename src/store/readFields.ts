import type { NodeLabel, RelationshipType } from '../domain/graph.ts';
import { DOMAIN_PROPERTIES } from './documentRows.ts';

/**
 * The stored properties a batch read (GraphStore.readBatch) must bring back, by node label and
 * by relationship type: what the request that reads can look at. A store may leave the others
 * out of its answer (a node is then built with their defaults, documentRows.toNode) or bring
 * them all, as the embedded store does, since it copies nothing. A label or type not named is
 * read whole: its domain properties (DOMAIN_PROPERTIES), all properties of a relationship.
 *
 * Why: a lookup's answer on Neo4j was five times the bytes the query asked for (concept
 * descriptions and aliases, MENTIONS evidence sentences, the abstract), and unpacking them was
 * the largest share of the driver's CPU per request.
 */
export interface ReadFields {
  readonly nodes: Partial<Record<NodeLabel, readonly string[]>>;
  readonly relationships: Partial<Record<RelationshipType, readonly string[]>>;
}

/** The stored properties to read of a node of `label`: `id` always, in DOMAIN_PROPERTIES order. */
export function nodeFieldsOf(fields: ReadFields | undefined, label: NodeLabel): readonly string[] {
  const wanted = fields?.nodes[label];
  if (!wanted) return DOMAIN_PROPERTIES[label];
  return DOMAIN_PROPERTIES[label].filter((p) => p === 'id' || wanted.includes(p));
}

/** The stored properties to read of a relationship of `type`, or null for all of them. */
export function relationshipFieldsOf(fields: ReadFields | undefined, type: RelationshipType): readonly string[] | null {
  return fields?.relationships[type] ?? null;
}
