import type { NodeLabel } from '../../domain/graph.ts';
import { compareSuggestions, normalizePrefix, suggestNames, suggestSuffixes } from '../../exploration/suggestText.ts';
import { toNode } from '../documentRows.ts';
import type { SuggestResult } from '../GraphStore.ts';
import { compareStrings } from '../readRules.ts';
import type { GraphIndex } from './graphIndex.ts';

/** One entry of the prefix index: a matchable text (a word of a name to the name's end) and its node. */
interface Entry {
  text: string;
  key: string;
  id: string;
}

/** Per label, every entry sorted by text then id: a prefix's hits are one contiguous run, found by binary search. */
type PrefixIndex = Map<NodeLabel, Entry[]>;

interface Cached {
  index: PrefixIndex | null;
}

/** The prefix index of each graph, dropped (and rebuilt on the next suggest) when a node changes. */
const indexes = new WeakMap<GraphIndex, Cached>();

function prefixIndexOf(graph: GraphIndex): PrefixIndex {
  let cached = indexes.get(graph);
  if (!cached) {
    const entry: Cached = { index: null };
    cached = entry;
    const stale = () => {
      entry.index = null;
    };
    // Edges do not change names; any node event might.
    for (const event of ['nodeAdded', 'nodeDropped', 'nodeAttributesUpdated', 'cleared'] as const) graph.on(event, stale);
    indexes.set(graph, cached);
  }
  if (!cached.index) cached.index = buildPrefixIndex(graph);
  return cached.index;
}

function buildPrefixIndex(graph: GraphIndex): PrefixIndex {
  const index: PrefixIndex = new Map();
  graph.forEachNode((key, { label, props }) => {
    let entries = index.get(label);
    if (!entries) index.set(label, (entries = []));
    const id = props.id as string;
    for (const name of suggestNames(label, props)) for (const text of suggestSuffixes(name)) entries.push({ text, key, id });
  });
  for (const entries of index.values()) entries.sort((a, b) => compareStrings(a.text, b.text) || compareStrings(a.id, b.id));
  return index;
}

/** The first entry whose text is not below `prefix`. */
function lowerBound(entries: Entry[], prefix: string): number {
  let [lo, hi] = [0, entries.length];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareStrings(entries[mid]!.text, prefix) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * suggest over the embedded index (GraphStore.suggest): per label, the run of entries starting with
 * the prefix, each node at its first (smallest) text, `first` of them; then the labels merged in
 * exploration/suggestText.compareSuggestions order. The index is built on the first call after a change.
 */
export function suggestIn(graph: GraphIndex, prefix: string, labels: readonly NodeLabel[], first: number): SuggestResult[] {
  const wanted = normalizePrefix(prefix);
  if (wanted === '') return [];
  const index = prefixIndexOf(graph);
  const hits: { text: string; label: NodeLabel; id: string; key: string }[] = [];
  for (const label of new Set(labels)) {
    const entries = index.get(label) ?? [];
    const seen = new Set<string>();
    for (let i = lowerBound(entries, wanted); i < entries.length && seen.size < first; i++) {
      const entry = entries[i]!;
      if (!entry.text.startsWith(wanted)) break;
      if (seen.has(entry.key)) continue;
      seen.add(entry.key);
      hits.push({ text: entry.text, label, id: entry.id, key: entry.key });
    }
  }
  return hits
    .sort(compareSuggestions)
    .slice(0, first)
    .map((h) => ({ label: h.label, node: toNode(h.label, graph.getNodeAttribute(h.key, 'props')), text: h.text }));
}
