import { UndirectedGraph } from 'graphology';
import { RELATIONSHIP_ENDS, type NodeLabel, type RelationshipType } from '../domain/graph.ts';
import type { EdgeView, GraphNodeView } from '../store/GraphStore.ts';

/** A graph view as the stores return it: nodes (with label and id) and edges between their ids. */
export interface ViewData {
  nodes: readonly GraphNodeView[];
  edges: readonly EdgeView[];
}

/** The key of a node in exploration graphs and exports: `Label:id` (ids are unique per label only). */
export const viewNodeKey = (label: NodeLabel, id: string): string => `${label}:${id}`;

/** The keys of an edge's ends, told by its type (domain/graph.ts RELATIONSHIP_ENDS). */
export function edgeEndKeys(edge: { type: RelationshipType; source: string; target: string }): [string, string] {
  const [from, to] = RELATIONSHIP_ENDS[edge.type];
  return [viewNodeKey(from, edge.source), viewNodeKey(to, edge.target)];
}

/**
 * A view as a simple undirected weighted graphology graph, for communities, centrality and layout:
 * nodes in the view's order, parallel edges merged (weights added), self-loops and edges to nodes
 * outside the view left out. The same view always gives the same graph, in the same order.
 */
export function undirectedViewGraph(view: ViewData): UndirectedGraph<Record<string, unknown>, { weight: number }> {
  const graph = new UndirectedGraph<Record<string, unknown>, { weight: number }>({ multi: false, allowSelfLoops: false });
  for (const node of view.nodes) graph.mergeNode(viewNodeKey(node.label, node.id));
  for (const edge of view.edges) {
    const [source, target] = edgeEndKeys(edge);
    if (source === target || !graph.hasNode(source) || !graph.hasNode(target)) continue;
    const existing = graph.edge(source, target);
    if (existing !== undefined) graph.updateEdgeAttribute(existing, 'weight', (w) => (w ?? 0) + edge.weight);
    else graph.addEdge(source, target, { weight: edge.weight });
  }
  return graph;
}
