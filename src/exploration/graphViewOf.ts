import type { RelationshipType } from '../domain/graph.ts';
import type { GraphStore, NeighborhoodResult, PaperFilter } from '../store/GraphStore.ts';

/**
 * The graph view of a paper filter (Query.graphView and /export): the first papers matching it in
 * id order, at most half of `limit` (so that what they link to has room), and the nodes they link
 * to along `edgeTypes`, at most `limit` nodes in all (papers first), with every edge among them;
 * papers outside the filter are not walked through. Two store calls.
 */
export async function graphViewOf(
  store: GraphStore,
  filter: PaperFilter,
  limit: number,
  edgeTypes: readonly RelationshipType[],
): Promise<NeighborhoodResult> {
  const papers = await store.findPapers({ first: Math.ceil(limit / 2), after: null, filter, orderBy: { field: 'ID', direction: 'ASC' } });
  if (papers.items.length === 0) return { nodes: [], edges: [], truncated: false };
  return store.neighborhood(
    papers.items.map((p) => p.node.id),
    1,
    limit,
    edgeTypes,
    filter,
  );
}
