import { toNode } from '../documentRows.ts';
import type { EdgeView, NodeRef, PathResult } from '../GraphStore.ts';
import { compareStrings, edgeView } from '../readRules.ts';
import { currentDeadline } from '../deadline.ts';
import { nodeKey, type GraphIndex } from './graphIndex.ts';
import { pathNeighbours, pathTypes } from './pathNeighbours.ts';

/**
 * conceptPath over the embedded store's graph index: the shortest path (at most maxHops edges,
 * either direction) between two concepts through BROADER, RELATED and MENTIONS (and CITES between
 * papers when `throughCitations`), the lexicographically smallest by node ids among shortest
 * paths, as Neo4jStore picks; null when there is none or an end is unknown.
 */
export function conceptPathIn(graph: GraphIndex, from: string, to: string, maxHops: number, throughCitations = false): PathResult | null {
  const types = pathTypes(throughCitations);
  const start = nodeKey('Concept', from);
  const goal = nodeKey('Concept', to);
  if (!graph.hasNode(start) || !graph.hasNode(goal)) return null;
  const ref = (key: string): NodeRef => {
    const { label, props } = graph.getNodeAttributes(key);
    return { label, id: props.id as string };
  };
  if (start === goal) return { nodes: [ref(start)], edges: [] };
  const neighboursOf = pathNeighbours(graph, throughCitations);
  /** The smallest path edge by (type, id) between `key` and its neighbour `other`, either direction. */
  const smallestEdge = (key: string, other: string): EdgeView => {
    let best: EdgeView | undefined;
    // Each edge once, with its own direction, whichever way the graph lists it for the pair.
    for (const edge of new Set([...graph.edges(key, other), ...graph.edges(other, key)])) {
      const a = graph.getEdgeAttributes(edge);
      if (!types.has(a.type)) continue;
      const view = edgeView(a.type, ref(graph.source(edge)).id, ref(graph.target(edge)).id, a.props);
      if (!best || compareStrings(view.type, best.type) < 0 || (view.type === best.type && compareStrings(view.id, best.id) < 0))
        best = view;
    }
    return best!;
  };
  /** The neighbours of `key` that `keep` accepts, each with its smallest edge: edge views are built for those only (a hub concept has thousands of neighbours). */
  const neighbours = (key: string, keep: (n: string) => boolean): Map<string, EdgeView> => {
    const out = new Map<string, EdgeView>();
    for (const other of neighboursOf(key)) if (keep(other)) out.set(other, smallestEdge(key, other));
    return out;
  };
  const deadline = currentDeadline();
  // A breadth-first search from both ends (the smaller frontier first, as Neo4j's shortest-path
  // search does), then the distance to the goal of every node on a shortest path, then a walk
  // from the start that always takes the smallest next id: the lexicographically smallest of all
  // shortest paths, which is what Neo4jStore picks too.
  const fromStart = new Map<string, number>([[start, 0]]);
  const fromGoal = new Map<string, number>([[goal, 0]]);
  const expand = (
    frontier: string[],
    seen: Map<string, number>,
    depth: number,
    other: Map<string, number>,
  ): { next: string[]; met: boolean } => {
    const next: string[] = [];
    let met = false;
    for (const key of frontier) {
      deadline.check();
      for (const n of neighboursOf(key)) {
        if (seen.has(n)) continue;
        seen.set(n, depth);
        next.push(n);
        if (other.has(n)) met = true;
      }
    }
    return { next, met };
  };
  let [startFrontier, goalFrontier] = [[start], [goal]];
  let [a, b] = [0, 0];
  let met = false;
  while (!met && a + b < maxHops && startFrontier.length > 0 && goalFrontier.length > 0) {
    if (startFrontier.length <= goalFrontier.length) ({ next: startFrontier, met } = expand(startFrontier, fromStart, ++a, fromGoal));
    else ({ next: goalFrontier, met } = expand(goalFrontier, fromGoal, ++b, fromStart));
  }
  if (!met) return null;
  // The frontiers met at length a + b: nodes a steps from the start and b from the goal. Going
  // back from them through the start's layers finds the nodes of those layers on a shortest path.
  const length = a + b;
  const distance = new Map<string, number>();
  for (const [n, d] of fromGoal) if (d <= b) distance.set(n, d);
  let layer = [...fromStart].filter(([n, d]) => d === a && fromGoal.get(n) === b).map(([n]) => n);
  for (let i = a - 1; i >= 0; i--) {
    const below: string[] = [];
    for (const key of layer) {
      for (const n of neighboursOf(key)) {
        if (fromStart.get(n) !== i || distance.has(n)) continue;
        distance.set(n, length - i);
        below.push(n);
      }
    }
    layer = below;
  }
  if (!distance.has(start)) return null;
  const nodes = [start];
  const edges: EdgeView[] = [];
  for (let key = start; key !== goal;) {
    const d = distance.get(key)!;
    const options = [...neighbours(key, (n) => distance.get(n) === d - 1)];
    options.sort(([x], [y]) =>
      compareStrings(graph.getNodeAttribute(x, 'props').id as string, graph.getNodeAttribute(y, 'props').id as string),
    );
    const [nextKey, edge] = options[0]!;
    nodes.push(nextKey);
    edges.push(edge);
    key = nextKey;
  }
  return {
    nodes: nodes.map(ref),
    edges,
    loaded: nodes.map((k) => {
      const { label, props } = graph.getNodeAttributes(k);
      return toNode(label, props);
    }),
  };
}
