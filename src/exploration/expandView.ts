import type { NeighborhoodResult } from '../store/GraphStore.ts';
import { edgeEndKeys, viewNodeKey } from './viewGraph.ts';

/**
 * What an expansion adds for a client that shows `known` (node ids): the nodes of `view` not in
 * `known`, and the edges with at least one end among those new nodes; `truncated` as the view's.
 */
export function newToClient(view: NeighborhoodResult, known: readonly string[]): NeighborhoodResult {
  const knownIds = new Set(known);
  const nodes = view.nodes.filter((n) => !knownIds.has(n.id));
  const fresh = new Set(nodes.map((n) => viewNodeKey(n.label, n.id)));
  const edges = view.edges.filter((e) => edgeEndKeys(e).some((k) => fresh.has(k)));
  return { nodes, edges, truncated: view.truncated };
}
