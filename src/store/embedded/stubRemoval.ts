import type { GraphIndex } from './graphIndex.ts';
import { nodeKey } from './graphIndex.ts';

/**
 * Given the index and the ids of stub papers merged into other papers (GraphDocument.removedStubs),
 * produces the node and edge keys to drop in the same write. Only stubs go: an id that is not a
 * stub paper (a full paper, or unknown) is left alone.
 */
export function stubRemovalIn(graph: GraphIndex, ids: readonly string[]): { droppedNodes: string[]; droppedEdges: string[] } {
  const droppedNodes = ids
    .map((id) => nodeKey('Paper', id))
    .filter((key) => graph.hasNode(key) && graph.getNodeAttribute(key, 'props').stub === true);
  const droppedEdges = new Set<string>();
  for (const key of droppedNodes) graph.forEachEdge(key, (edge) => void droppedEdges.add(edge));
  return { droppedNodes, droppedEdges: [...droppedEdges] };
}
