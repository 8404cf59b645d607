import { NODE_LABELS, type RelationshipType } from '../../domain/graph.ts';
import { toNode } from '../documentRows.ts';
import type { EdgeView, GraphNodeView, NeighborhoodResult, PaperFilter } from '../GraphStore.ts';
import { currentDeadline } from '../deadline.ts';
import { firstInOrder } from '../firstInOrder.ts';
import { compareStrings as byCodePoint, edgeView, nodeText, sortEdges } from '../readRules.ts';
import { nodeKey, refOf, type GraphIndex } from './graphIndex.ts';
import { hasAnyPaperFilter, paperMatcherIn } from './paperFilter.ts';

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
  for (let d = 1; d <= depth && frontier.length > 0 && distance.size <= limit; d++) {
    const next: string[] = [];
    for (const key of frontier) {
      deadline.check();
      graph.forEachEdge(key, (_e, a, source, target) => {
        if (!types.has(a.type)) return;
        const other = source === key ? target : source;
        if (!distance.has(other) && allowed(other)) {
          distance.set(other, d);
          next.push(other);
        }
      });
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
