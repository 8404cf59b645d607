import type { ConceptNode, NodeByLabel, PaperNode, RepositoryNode } from '../../domain/graph.ts';
import { toNode, type Props } from '../documentRows.ts';
import { firstInOrder } from '../firstInOrder.ts';
import type { ConceptQuery, Page, PageQuery, PaperQuery } from '../GraphStore.ts';
import { compareByKeyThenId, compareStrings as byCodePoint, isAfter, nameKey } from '../readRules.ts';
import { conceptPaperRanks, conceptRelevance } from './conceptPaperRanks.ts';
import { hasOut, nodeKey, propsOfLabel, type GraphIndex } from './graphIndex.ts';
import { hasExplorationFields, paperMatcherIn } from './paperFilter.ts';

/** The embedded store's name lookups and pages of papers, concepts and repositories over its graph index. */

/** The concept or method a name denotes (GraphStore.findByName): the smallest id when several do. */
export function findByNameIn<L extends 'Concept' | 'Method'>(graph: GraphIndex, label: L, name: string): NodeByLabel[L] | null {
  const wanted = nameKey(name);
  const fields = label === 'Concept' ? ['name', 'aliases'] : ['name', 'fullName'];
  let best: Props | null = null;
  for (const props of propsOfLabel(graph, label)) {
    const names = fields.flatMap((f) =>
      Array.isArray(props[f]) ? (props[f] as string[]) : typeof props[f] === 'string' ? [props[f] as string] : [],
    );
    if (names.some((n) => nameKey(n) === wanted) && (!best || byCodePoint(props.id as string, best.id as string) < 0)) best = props;
  }
  return best ? toNode(label, best) : null;
}

/** A page of papers, filtered and ordered (GraphStore.findPapers). */
export function findPapersIn(graph: GraphIndex, query: PaperQuery): Page<PaperNode> {
  const { filter, orderBy } = query;
  if (isRankedConceptPage(query)) return rankedConceptPage(graph, query);
  const relevance = filter.conceptId ? conceptRelevance(graph, filter.conceptId, Boolean(filter.includeNarrower)) : null;
  const text = filter.text ? filter.text.toLowerCase() : null;
  const methodKey = filter.methodId ? nodeKey('Method', filter.methodId) : null;
  const exploration = hasExplorationFields(filter) ? paperMatcherIn(graph, filter, true) : null;
  // With a concept filter only the papers mentioning it are candidates (not every node of the
  // graph), and domain nodes are built for the page only.
  const candidates = relevance
    ? [...relevance.keys()].map((id) => graph.getNodeAttribute(nodeKey('Paper', id), 'props'))
    : propsOfLabel(graph, 'Paper');
  const rows: { node: Props; key: string | number; id: string }[] = [];
  for (const props of candidates) {
    const id = props.id as string;
    const key = nodeKey('Paper', id);
    if (text && !String(props.title).toLowerCase().includes(text) && !String(props.abstract).toLowerCase().includes(text)) continue;
    if (filter.hasRepository != null && hasOut(graph, key, 'HAS_CODE') !== filter.hasRepository) continue;
    if (methodKey && !graph.someOutEdge(key, (_e, a, _s, target) => (a.type === 'PROPOSES' || a.type === 'USES') && target === methodKey))
      continue;
    if (exploration && !exploration.matches(key)) continue;
    const sortKey =
      orderBy.field === 'TITLE'
        ? String(props.title)
        : orderBy.field === 'PUBLISHED_AT'
          ? String(props.publishedAt ?? '')
          : orderBy.field === 'RELEVANCE'
            ? relevance!.get(id)!
            : id;
    rows.push({ node: props, key: sortKey, id });
  }
  return page(rows, query, orderBy.direction, (props) => toNode('Paper', props));
}

/**
 * True for Concept.papers' own page (and Query.papers asking the same): a concept's papers by
 * relevance, highest first, with no other filter. Those are answered from the kept ranking.
 */
function isRankedConceptPage({ filter, orderBy }: PaperQuery): boolean {
  return Boolean(
    filter.conceptId &&
    orderBy.field === 'RELEVANCE' &&
    orderBy.direction === 'DESC' &&
    !filter.text &&
    !filter.methodId &&
    filter.hasRepository == null &&
    !hasExplorationFields(filter),
  );
}

/**
 * The same page as findPapersIn's scan, from the concept's kept ranking (conceptPaperRanks.ts),
 * which is in the page's keyset order: the rows after the cursor are found by binary search and
 * only the page's papers are built, so a hub concept's page costs what a small one's does.
 */
function rankedConceptPage(graph: GraphIndex, query: PaperQuery): Page<PaperNode> {
  const { ids, weights } = conceptPaperRanks(graph, query.filter.conceptId!, Boolean(query.filter.includeNarrower));
  const row = (i: number) => ({ key: weights[i]!, id: ids[i]! });
  const after = query.after;
  const positions: number[] = [];
  if (after === null || typeof after.key === 'number') {
    // In keyset order, so the rows after the cursor are a suffix: find where it starts.
    let low = 0;
    let high = ids.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (isAfter(row(mid), after, 'DESC')) high = mid;
      else low = mid + 1;
    }
    for (let i = low; i < ids.length && positions.length <= query.first; i++) positions.push(i);
  } else {
    // A cursor whose key is not a relevance compares as a string, in no order of the ranking: as the scan does, test each row.
    for (let i = 0; i < ids.length && positions.length <= query.first; i++) if (isAfter(row(i), after, 'DESC')) positions.push(i);
  }
  return {
    items: positions.slice(0, query.first).map((i) => ({
      node: toNode('Paper', graph.getNodeAttribute(nodeKey('Paper', ids[i]!), 'props')),
      key: weights[i]!,
    })),
    totalCount: ids.length,
    hasNextPage: positions.length > query.first,
  };
}

/** A page of concepts, optionally of one kind (GraphStore.findConcepts). */
export function findConceptsIn(graph: GraphIndex, query: ConceptQuery): Page<ConceptNode> {
  const rows = propsOfLabel(graph, 'Concept')
    .filter((p) => !query.kind || p.kind === query.kind)
    .map((p) => ({
      node: p,
      key: query.orderBy.field === 'NAME' ? String(p.name) : (p.id as string),
      id: p.id as string,
    }));
  return page(rows, query, query.orderBy.direction, (props) => toNode('Concept', props));
}

/** A page of repositories in id order (GraphStore.findRepositories). */
export function findRepositoriesIn(graph: GraphIndex, query: PageQuery): Page<RepositoryNode> {
  const rows = propsOfLabel(graph, 'Repository').map((p) => ({ node: p, key: p.id as string, id: p.id as string }));
  return page(rows, query, 'ASC', (props) => toNode('Repository', props));
}

/**
 * The page after the cursor in keyset order (key, then id: a total order, since ids are unique
 * in a label), and one row more to know whether another page follows; the rows behind it are
 * counted, not sorted. `build` makes the domain node of each row on the page only.
 */
export function page<T>(
  rows: { node: Props; key: string | number; id: string }[],
  query: PageQuery,
  direction: 'ASC' | 'DESC',
  build: (props: Props) => T,
): Page<T> {
  const after = query.after === null ? rows : rows.filter((r) => isAfter(r, query.after, direction));
  const first = firstInOrder(after, query.first + 1, (a, b) => compareByKeyThenId(a, b, direction));
  return {
    items: first.slice(0, query.first).map(({ node, key }) => ({ node: build(node), key })),
    totalCount: rows.length,
    hasNextPage: first.length > query.first,
  };
}
