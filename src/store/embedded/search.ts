import type { NodeLabel } from '../../domain/graph.ts';
import { toNode } from '../documentRows.ts';
import type { SearchResult } from '../GraphStore.ts';
import { compareStrings as byCodePoint, SEARCH_FIELDS, searchScore, searchTokens } from '../readRules.ts';
import type { GraphIndex } from './graphIndex.ts';

/** Word -> node keys over the searched fields of every node (readRules.SEARCH_FIELDS): the full-text index of this store. */
export function buildSearchIndex(graph: GraphIndex): Map<string, Set<string>> {
  const index = new Map<string, Set<string>>();
  graph.forEachNode((key, { label, props }) => {
    for (const { field } of SEARCH_FIELDS[label]) {
      const value = props[field];
      const texts = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : [];
      for (const text of texts) {
        for (const token of searchTokens(text)) {
          let keys = index.get(token);
          if (!keys) index.set(token, (keys = new Set()));
          keys.add(key);
        }
      }
    }
  });
  return index;
}

/** Nodes whose text holds every word of the query, best first (GraphStore.search), through an index from buildSearchIndex. */
export function searchIn(
  graph: GraphIndex,
  index: Map<string, Set<string>>,
  query: string,
  labels: readonly NodeLabel[],
  first: number,
): SearchResult[] {
  const tokens = searchTokens(query);
  if (tokens.length === 0) return [];
  const [firstToken, ...otherTokens] = [...new Set(tokens)];
  let candidates = [...(index.get(firstToken!) ?? [])];
  for (const token of otherTokens) {
    const keys = index.get(token);
    candidates = keys ? candidates.filter((k) => keys.has(k)) : [];
  }
  const hits: SearchResult[] = [];
  for (const key of candidates) {
    const { label, props } = graph.getNodeAttributes(key);
    if (!labels.includes(label)) continue;
    const score = searchScore(label, props, tokens);
    if (score > 0) hits.push({ label, node: toNode(label, props), score });
  }
  return hits.sort((a, b) => b.score - a.score || byCodePoint(a.node.id, b.node.id) || byCodePoint(a.label, b.label)).slice(0, first);
}
