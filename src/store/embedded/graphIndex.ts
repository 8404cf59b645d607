import { MultiDirectedGraph } from 'graphology';
import type { NodeLabel, RelationshipType } from '../../domain/graph.ts';
import type { Props } from '../documentRows.ts';

/**
 * The embedded store's in-memory index: a graphology multigraph with Neo4j's semantics (labels
 * as id namespaces, one relationship per type and pair of nodes). The queries run on it; the
 * database (SQLite) is the source of truth it is loaded from and kept up to date with.
 * Read-only helpers over it (one query each, in files of their own) take it as `GraphIndex`.
 */
export interface NodeAttributes {
  label: NodeLabel;
  props: Props;
}
export interface EdgeAttributes {
  type: RelationshipType;
  props: Props;
}

export type GraphIndex = MultiDirectedGraph<NodeAttributes, EdgeAttributes>;

export const newGraphIndex = (): GraphIndex => new MultiDirectedGraph<NodeAttributes, EdgeAttributes>({ allowSelfLoops: false });

// Keys are joined, not built with template literals: a template makes a tree of cons strings,
// which the graph would keep, one per part, for each of its (millions of) keys.
/** The index key of a node: `Label:id`. */
export const nodeKey = (label: NodeLabel, id: string): string => [label, id].join(':');
/** The index key of a relationship: `TYPE|fromKey|toKey`. */
export const edgeKey = (type: RelationshipType, fromKey: string, toKey: string): string => [type, fromKey, toKey].join('|');
