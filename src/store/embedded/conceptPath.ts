import type { EdgeView, PathResult } from '../GraphStore.ts';
import { compareStrings, edgeView } from '../readRules.ts';
import { currentDeadline } from '../deadline.ts';
import { labelledOf, nodeKey, refOf, type GraphIndex } from './graphIndex.ts';
import { pathAdjacency, pathTypes } from './pathAdjacency.ts';

/**
 * conceptPath over the embedded store's graph index: the shortest path (at most maxHops edges,
 * either direction) between two concepts through BROADER, RELATED and MENTIONS (and CITES between
 * papers when `throughCitations`), the lexicographically smallest by node ids among shortest
 * paths, as Neo4jStore picks; null when there is none or an end is unknown.
 */
export function conceptPathIn(graph: GraphIndex, from: string, to: string, maxHops: number, throughCitations = false): PathResult | null {
  const types = pathTypes(throughCitations);
  const startKey = nodeKey('Concept', from);
  const goalKey = nodeKey('Concept', to);
  if (!graph.hasNode(startKey) || !graph.hasNode(goalKey)) return null;
  if (startKey === goalKey) return { nodes: [refOf(graph, startKey)], edges: [] };
  const adjacency = pathAdjacency(graph, throughCitations);
  const { keys, ids } = adjacency;
  const marks = adjacency.marks();
  const { seenStart, depthStart, seenGoal, depthGoal, seenBack, depthBack } = marks;
  const stamp = marks.next();
  const start = adjacency.ordinalOf(startKey);
  const goal = adjacency.ordinalOf(goalKey);
  seenStart[start] = stamp;
  depthStart[start] = 0;
  seenGoal[goal] = stamp;
  depthGoal[goal] = 0;
  /** The smallest path edge by (type, id) between two nodes, either direction. */
  const smallestEdge = (key: string, other: string): EdgeView => {
    let best: EdgeView | undefined;
    // Each edge once, with its own direction, whichever way the graph lists it for the pair.
    for (const edge of new Set([...graph.edges(key, other), ...graph.edges(other, key)])) {
      const a = graph.getEdgeAttributes(edge);
      if (!types.has(a.type)) continue;
      const view = edgeView(a.type, refOf(graph, graph.source(edge)).id, refOf(graph, graph.target(edge)).id, a.props);
      if (!best || compareStrings(view.type, best.type) < 0 || (view.type === best.type && compareStrings(view.id, best.id) < 0))
        best = view;
    }
    return best!;
  };
  const deadline = currentDeadline();
  // A breadth-first search from both ends (the smaller frontier first, as Neo4j's shortest-path
  // search does), then the distance to the goal of every node on a shortest path, then a walk
  // from the start that always takes the smallest next id: the lexicographically smallest of all
  // shortest paths, which is what Neo4jStore picks too.
  const expand = (
    frontier: number[],
    seen: Int32Array,
    depthOf: Int32Array,
    depth: number,
    otherSeen: Int32Array,
  ): { next: number[]; met: boolean } => {
    const next: number[] = [];
    let met = false;
    for (const node of frontier) {
      deadline.check();
      for (const n of adjacency.neighbours(node)) {
        if (seen[n] === stamp) continue;
        seen[n] = stamp;
        depthOf[n] = depth;
        next.push(n);
        if (otherSeen[n] === stamp) met = true;
      }
    }
    return { next, met };
  };
  // Each frontier holds exactly the nodes at its side's current depth.
  let [startFrontier, goalFrontier] = [[start], [goal]];
  let [a, b] = [0, 0];
  let met = false;
  while (!met && a + b < maxHops && startFrontier.length > 0 && goalFrontier.length > 0) {
    if (startFrontier.length <= goalFrontier.length)
      ({ next: startFrontier, met } = expand(startFrontier, seenStart, depthStart, ++a, seenGoal));
    else ({ next: goalFrontier, met } = expand(goalFrontier, seenGoal, depthGoal, ++b, seenStart));
  }
  if (!met) return null;
  // The frontiers met at length a + b: nodes a steps from the start and b from the goal. Going
  // back from them through the start's layers finds the nodes of those layers on a shortest path.
  // A node's distance to the goal: its depth from the goal (every node the goal's side reached is
  // at most b from it), or the one the walk back found.
  const length = a + b;
  const toGoal = (n: number): number => (seenGoal[n] === stamp ? depthGoal[n]! : seenBack[n] === stamp ? depthBack[n]! : -1);
  let layer = startFrontier.filter((n) => seenGoal[n] === stamp && depthGoal[n] === b);
  for (let i = a - 1; i >= 0; i--) {
    const below: number[] = [];
    for (const node of layer) {
      for (const n of adjacency.neighbours(node)) {
        if (seenStart[n] !== stamp || depthStart[n] !== i || toGoal(n) >= 0) continue;
        seenBack[n] = stamp;
        depthBack[n] = length - i;
        below.push(n);
      }
    }
    layer = below;
  }
  if (toGoal(start) < 0) return null;
  const nodes = [start];
  const edges: EdgeView[] = [];
  for (let node = start; node !== goal;) {
    const d = toGoal(node);
    // The first of the smallest ids among the neighbours one step nearer the goal.
    let next = -1;
    for (const n of adjacency.neighbours(node)) if (toGoal(n) === d - 1 && (next < 0 || compareStrings(ids[n]!, ids[next]!) < 0)) next = n;
    nodes.push(next);
    edges.push(smallestEdge(keys[node]!, keys[next]!));
    node = next;
  }
  return {
    nodes: nodes.map((n) => refOf(graph, keys[n]!)),
    edges,
    loaded: nodes.map((n) => labelledOf(graph, keys[n]!).node),
  };
}
