import type { EdgeView, PathResult } from '../GraphStore.ts';
import { edgeView } from '../readRules.ts';
import { currentDeadline } from '../deadline.ts';
import { labelledOf, nodeKey, refOf, type GraphIndex } from './graphIndex.ts';
import { pathAdjacency, pathTypes } from './pathAdjacency.ts';
import { edgeComesFirst, runToEnd, smallestShortestPath } from '../pathSearch.ts';

/**
 * conceptPath over the embedded store's graph index: the shortest path (at most maxHops edges,
 * either direction) between two concepts through BROADER, RELATED and MENTIONS (and CITES between
 * papers when `throughCitations`), the lexicographically smallest by node ids among shortest
 * paths, as Neo4jStore picks (store/pathSearch.ts, the search both stores run); null when there is
 * none or an end is unknown.
 */
export function conceptPathIn(graph: GraphIndex, from: string, to: string, maxHops: number, throughCitations = false): PathResult | null {
  const types = pathTypes(throughCitations);
  const startKey = nodeKey('Concept', from);
  const goalKey = nodeKey('Concept', to);
  if (!graph.hasNode(startKey) || !graph.hasNode(goalKey)) return null;
  if (startKey === goalKey) return { nodes: [refOf(graph, startKey)], edges: [] };
  const adjacency = pathAdjacency(graph, throughCitations);
  const { keys } = adjacency;
  /** The smallest path edge by (type, id) between two nodes, either direction. */
  const smallestEdge = (key: string, other: string): EdgeView => {
    let best: EdgeView | undefined;
    // Each edge once, with its own direction, whichever way the graph lists it for the pair.
    for (const edge of new Set([...graph.edges(key, other), ...graph.edges(other, key)])) {
      const a = graph.getEdgeAttributes(edge);
      if (!types.has(a.type)) continue;
      const view = edgeView(a.type, refOf(graph, graph.source(edge)).id, refOf(graph, graph.target(edge)).id, a.props);
      if (!best || edgeComesFirst(view, best)) best = view;
    }
    return best!;
  };
  // Every neighbour list is at hand (made on first use): the search runs through without pausing.
  const nodes = runToEnd(
    smallestShortestPath(
      adjacency,
      adjacency.marks(),
      adjacency.ordinalOf(startKey),
      adjacency.ordinalOf(goalKey),
      maxHops,
      currentDeadline(),
    ),
  );
  if (!nodes) return null;
  const edges = nodes.slice(1).map((node, i) => smallestEdge(keys[nodes[i]!]!, keys[node]!));
  return {
    nodes: nodes.map((n) => refOf(graph, keys[n]!)),
    edges,
    loaded: nodes.map((n) => labelledOf(graph, keys[n]!).node),
  };
}
