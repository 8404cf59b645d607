import { NODE_LABELS, type RelationshipType } from '../../domain/graph.ts';
import { toNode } from '../documentRows.ts';
import type { EdgeView, GraphNodeView, NeighborhoodResult, PaperFilter } from '../GraphStore.ts';
import { currentDeadline } from '../deadline.ts';
import { firstInOrder } from '../firstInOrder.ts';
import { compareStrings as byCodePoint, edgeView, nodeText, sortEdges } from '../readRules.ts';
import { nodeKey, refOf, type GraphIndex } from './graphIndex.ts';
import { hasAnyPaperFilter, paperMatcherIn } from './paperFilter.ts';
import { sortedNeighbours, type SortedNeighbours } from './sortedNeighbours.ts';

/** The nodes within `depth` hops of the seeds and every edge among them (GraphStore.neighborhood). */
export function neighborhoodIn(
  graph: GraphIndex,
  ids: readonly string[],
  depth: number,
  limit: number,
  edgeTypes: readonly RelationshipType[],
  paperFilter?: PaperFilter,
): NeighborhoodResult {
  const deadline = currentDeadline();
  const types = new Set(edgeTypes);
  const distance = new Map<string, number>();
  // With a paper filter, papers outside it are not part of the graph walked.
  const papers = hasAnyPaperFilter(paperFilter) ? paperMatcherIn(graph, paperFilter) : null;
  const allowed = (key: string) => !papers || graph.getNodeAttribute(key, 'label') !== 'Paper' || papers.matches(key);
  let frontier = NODE_LABELS.flatMap((l) => ids.map((id) => nodeKey(l, id))).filter((k) => graph.hasNode(k) && allowed(k));
  for (const k of frontier) distance.set(k, 0);
  // Nodes are kept nearest first, so once more than `limit` are within d - 1 hops none farther is
  // kept and the answer is already known to be truncated: the walk stops there. From a hub concept
  // at depth 2 that skips the tens of thousands of nodes its papers reach, all of which would
  // otherwise be found, labelled and sorted only to be cut.
  // Within a level the new nodes are met in the order they are kept (id, then label: the
  // frontier's neighbour lists merged), so the level that takes the walk past `limit` stops at
  // the node that does: its other nodes would all be cut. From a hub concept that is a few
  // hundred of its tens of thousands of papers.
  for (let d = 1; d <= depth && frontier.length > 0 && distance.size <= limit; d++) {
    const next: string[] = [];
    const lists = frontier.map((key) => {
      deadline.check();
      return sortedNeighbours(graph, key);
    });
    for (const { list, at } of inNodeOrder(lists, deadline)) {
      const other = list.keys[at]!;
      if (!types.has(list.types[at]!) || distance.has(other) || !allowed(other)) continue;
      distance.set(other, d);
      next.push(other);
      if (distance.size > limit) break;
    }
    frontier = next;
  }
  const ordered = [...distance].map(([key, d]) => ({ key, d, ...refOf(graph, key) }));
  // Nearest first, then by id and label (a total order): the nodes past `limit` are only counted.
  const kept = firstInOrder(ordered, limit, (a, b) => a.d - b.d || byCodePoint(a.id, b.id) || byCodePoint(a.label, b.label));
  const keys = new Set(kept.map((n) => n.key));
  const nodes: GraphNodeView[] = kept.map(({ key, d, label, id }) => ({
    label,
    id,
    text: nodeText(label, toNode(label, graph.getNodeAttribute(key, 'props'))),
    weight: graph.degree(key),
    distance: d,
  }));
  const edges: EdgeView[] = [];
  for (const key of keys) {
    graph.forEachOutEdge(key, (_e, a, source, target) => {
      if (types.has(a.type) && keys.has(target)) edges.push(edgeView(a.type, refOf(graph, source).id, refOf(graph, target).id, a.props));
    });
  }
  return { nodes, edges: sortEdges(edges), truncated: ordered.length > limit };
}

/** Every entry of the lists, smallest (id, then label) first: a k-way merge over a binary heap of list positions. */
function* inNodeOrder(lists: readonly SortedNeighbours[], deadline: { check(): void }): Generator<{ list: SortedNeighbours; at: number }> {
  const at = new Int32Array(lists.length);
  const heap = lists.map((_, i) => i).filter((i) => lists[i]!.keys.length > 0);
  const less = (i: number, j: number) => {
    const [a, b] = [lists[i]!, lists[j]!];
    return byCodePoint(a.ids[at[i]!]!, b.ids[at[j]!]!) || byCodePoint(a.labels[at[i]!]!, b.labels[at[j]!]!) || i - j;
  };
  const siftDown = (from: number) => {
    for (let parent = from; ;) {
      const [left, right] = [2 * parent + 1, 2 * parent + 2];
      let smallest = parent;
      if (left < heap.length && less(heap[left]!, heap[smallest]!) < 0) smallest = left;
      if (right < heap.length && less(heap[right]!, heap[smallest]!) < 0) smallest = right;
      if (smallest === parent) return;
      [heap[parent], heap[smallest]] = [heap[smallest]!, heap[parent]!];
      parent = smallest;
    }
  };
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftDown(i);
  for (let step = 1; heap.length > 0; step++) {
    if ((step & 4095) === 0) deadline.check();
    const i = heap[0]!;
    yield { list: lists[i]!, at: at[i]! };
    at[i] = at[i]! + 1;
    if (at[i]! >= lists[i]!.keys.length) {
      // That list is done: the last position takes its place at the top.
      const last = heap.pop()!;
      if (heap.length === 0) return;
      heap[0] = last;
    }
    siftDown(0);
  }
}
