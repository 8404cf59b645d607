import { MultiDirectedGraph } from 'graphology';
import type { NodeLabel, RelationshipType } from '../../domain/graph.ts';
import { toNode, type Props } from '../documentRows.ts';
import type { LabelledNode, NodeRef } from '../GraphStore.ts';

/**
 * The embedded store's in-memory index: a graphology multigraph with Neo4j's semantics (labels
 * as id namespaces, one relationship per type and pair of nodes). The queries run on it; the
 * database (SQLite) is the source of truth it is loaded from and kept up to date with.
 * Read-only helpers over it (one query each, in files of their own) take it as `GraphIndex`;
 * the small lookups they share are at the end of this file.
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

/** The label and id of the node at a key. */
export function refOf(graph: GraphIndex, key: string): NodeRef {
  const { label, props } = graph.getNodeAttributes(key);
  return { label, id: props.id as string };
}

/** The node at a key as a domain node, with its label. */
export function labelledOf(graph: GraphIndex, key: string): LabelledNode {
  const { label, props } = graph.getNodeAttributes(key);
  return { label, node: toNode(label, props) };
}

/** The property maps of every node of one label. */
export function propsOfLabel(graph: GraphIndex, label: NodeLabel): Props[] {
  const out: Props[] = [];
  graph.forEachNode((_k, a) => {
    if (a.label === label) out.push(a.props);
  });
  return out;
}

/** Whether the node at a key has an outgoing relationship of a type. */
export function hasOut(graph: GraphIndex, key: string, type: RelationshipType): boolean {
  return graph.someOutEdge(key, (_e, a) => a.type === type);
}
