import type { PaperFilter } from '../GraphStore.ts';
import { paperYear } from '../paperYear.ts';
import { nodeKey, type GraphIndex } from './graphIndex.ts';

/** A paper filter over the embedded index: which paper keys match, and (when some filter narrows them) the few to look at. */
export interface PaperMatcher {
  /** True when the paper (by index key) matches every field of the filter. */
  matches(key: string): boolean;
  /** The papers any match is among, when a field names nodes (concept, method, author); null: every paper. */
  candidates: string[] | null;
}

/** True when a filter sets any field beyond those findPapers has always had (concept, method, hasRepository, text). */
export function hasExplorationFields(filter: PaperFilter): boolean {
  return Boolean(
    filter.authorId ||
    filter.venue ||
    filter.yearFrom != null ||
    filter.yearTo != null ||
    filter.conceptsAll?.length ||
    filter.conceptsAny?.length,
  );
}

/** True when a filter sets any field at all. */
export function hasAnyPaperFilter(filter: PaperFilter | null | undefined): filter is PaperFilter {
  return Boolean(
    filter && (filter.conceptId || filter.methodId || filter.hasRepository != null || filter.text || hasExplorationFields(filter)),
  );
}

/**
 * The matcher of a paper filter on the embedded index, with the semantics of cypher.paperFilterPredicate:
 * concept (with includeNarrower, or a concept below it through BROADER), method (PROPOSES or USES),
 * hasRepository, text (case-insensitive, title or abstract), author, venue (exact), year range, all and
 * any of several concepts. `exploration` only: just the fields of hasExplorationFields (what findPapers adds to its own).
 */
export function paperMatcherIn(graph: GraphIndex, filter: PaperFilter, exploration = false): PaperMatcher {
  const checks: ((key: string) => boolean)[] = [];
  const sets: Set<string>[] = [];
  const papersLinkedTo = (target: string, types: readonly string[]): Set<string> => {
    const out = new Set<string>();
    if (!graph.hasNode(target)) return out;
    graph.forEachInEdge(target, (_e, a, source) => {
      if (types.includes(a.type)) out.add(source);
    });
    return out;
  };
  if (!exploration) {
    if (filter.conceptId) {
      const concepts = filter.includeNarrower
        ? narrowerClosure(graph, nodeKey('Concept', filter.conceptId))
        : [nodeKey('Concept', filter.conceptId)];
      const papers = new Set<string>();
      for (const c of concepts) for (const p of papersLinkedTo(c, ['MENTIONS'])) papers.add(p);
      sets.push(papers);
    }
    if (filter.methodId) sets.push(papersLinkedTo(nodeKey('Method', filter.methodId), ['PROPOSES', 'USES']));
    if (filter.hasRepository != null) {
      const wanted = filter.hasRepository;
      checks.push((key) => graph.someOutEdge(key, (_e, a) => a.type === 'HAS_CODE') === wanted);
    }
    if (filter.text) {
      const text = filter.text.toLowerCase();
      checks.push((key) => {
        const props = graph.getNodeAttribute(key, 'props');
        return String(props.title).toLowerCase().includes(text) || String(props.abstract).toLowerCase().includes(text);
      });
    }
  }
  if (filter.authorId) sets.push(papersLinkedTo(nodeKey('Author', filter.authorId), ['AUTHORED_BY']));
  for (const id of new Set(filter.conceptsAll ?? [])) sets.push(papersLinkedTo(nodeKey('Concept', id), ['MENTIONS']));
  if (filter.conceptsAny && filter.conceptsAny.length > 0) {
    const any = new Set<string>();
    for (const id of new Set(filter.conceptsAny)) for (const p of papersLinkedTo(nodeKey('Concept', id), ['MENTIONS'])) any.add(p);
    sets.push(any);
  }
  if (filter.venue) {
    const venue = filter.venue;
    checks.push((key) => graph.getNodeAttribute(key, 'props').venue === venue);
  }
  if (filter.yearFrom != null || filter.yearTo != null) {
    const [from, to] = [filter.yearFrom ?? -Infinity, filter.yearTo ?? Infinity];
    checks.push((key) => {
      const year = paperYear(graph.getNodeAttribute(key, 'props').publishedAt);
      return year !== null && year >= from && year <= to;
    });
  }
  sets.sort((a, b) => a.size - b.size);
  const [smallest, ...others] = sets;
  const matches = (key: string): boolean => {
    if (graph.getNodeAttribute(key, 'label') !== 'Paper') return false;
    for (const s of sets) if (!s.has(key)) return false;
    for (const check of checks) if (!check(key)) return false;
    return true;
  };
  return { matches, candidates: smallest ? [...smallest].filter((k) => others.every((s) => s.has(k))) : null };
}

/** The keys of every paper matching a filter, in index order. */
export function matchingPapersIn(graph: GraphIndex, filter: PaperFilter): string[] {
  const matcher = paperMatcherIn(graph, filter);
  if (matcher.candidates) return matcher.candidates.filter(matcher.matches);
  const out: string[] = [];
  graph.forEachNode((key, a) => {
    if (a.label === 'Paper' && matcher.matches(key)) out.push(key);
  });
  return out;
}

/** A concept's key and the keys of every concept below it through BROADER links. */
export function narrowerClosure(graph: GraphIndex, start: string): string[] {
  const seen = new Set([start]);
  const stack = [start];
  while (stack.length > 0) {
    const key = stack.pop()!;
    if (!graph.hasNode(key)) continue;
    graph.forEachInEdge(key, (_e, a, source) => {
      if (a.type === 'BROADER' && !seen.has(source)) {
        seen.add(source);
        stack.push(source);
      }
    });
  }
  return [...seen];
}
