import type { NodeByLabel } from '../../domain/graph.ts';
import { toNode } from '../documentRows.ts';
import type { NamedNodeQuery, Page } from '../GraphStore.ts';
import { compareByKeyThenId, isAfter } from '../readRules.ts';
import type { GraphIndex } from './graphIndex.ts';

/** findNamedNodes over the embedded index: authors or methods in (id | name, id) keyset order, a page after the cursor, and the total. */
export function namedNodesPageIn<L extends 'Author' | 'Method'>(graph: GraphIndex, label: L, query: NamedNodeQuery): Page<NodeByLabel[L]> {
  const { field, direction } = query.orderBy;
  const rows: { key: string; id: string; props: Record<string, unknown> }[] = [];
  graph.forEachNode((_k, a) => {
    if (a.label === label)
      rows.push({ key: field === 'NAME' ? String(a.props.name) : (a.props.id as string), id: a.props.id as string, props: a.props });
  });
  rows.sort((a, b) => compareByKeyThenId(a, b, direction));
  const after = rows.filter((r) => isAfter(r, query.after, direction));
  return {
    items: after.slice(0, query.first).map((r) => ({ node: toNode(label, r.props) as NodeByLabel[L], key: r.key })),
    totalCount: rows.length,
    hasNextPage: after.length > query.first,
  };
}
