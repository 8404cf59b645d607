/**
 * Typeahead text rules, shared by both stores so that they suggest alike: which fields of each
 * label are names, how a name or a prefix is normalised (accents folded, lower case, split into
 * words as readRules.searchTokens splits them, but not stemmed: a prefix is half a word), and the
 * order of hits.
 */
import { NODE_LABELS, type NodeLabel } from '../domain/graph.ts';
import { compareStrings } from '../store/readRules.ts';

/** The fields typeahead matches, per label: names, aliases, full names and titles. */
export const SUGGEST_FIELDS: Record<NodeLabel, readonly string[]> = {
  Paper: ['title'],
  Concept: ['name', 'aliases'],
  Method: ['name', 'fullName'],
  Repository: ['name'],
  Author: ['name'],
};

/** The words of a text for typeahead: accents folded (NFD, marks dropped), lower case, Lucene-like word splitting. */
export function suggestWords(text: string): string[] {
  const folded = text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
  return folded.match(/[\p{L}\p{N}_]+(?:(?:[.'\u2019:]|(?<=\p{N}),(?=\p{N}))[\p{L}\p{N}_]+)*/gu) ?? [];
}

/** A prefix as typeahead compares it: its words joined by single spaces ("" for none). */
export function normalizePrefix(prefix: string): string {
  return suggestWords(prefix).join(' ');
}

/** The texts a name can be matched on: from each of its words to its end ("information bottleneck", "bottleneck"). */
export function suggestSuffixes(name: string): string[] {
  const words = suggestWords(name);
  return words.map((_w, i) => words.slice(i).join(' '));
}

/** Every name of a node for typeahead (the values of its SUGGEST_FIELDS). */
export function suggestNames(label: NodeLabel, props: Record<string, unknown>): string[] {
  return SUGGEST_FIELDS[label].flatMap((f) => {
    const v = props[f];
    return Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? [v] : [];
  });
}

/** The first (smallest) text of a node's names that starts with the normalised prefix, or null when none does. */
export function bestSuggestText(label: NodeLabel, props: Record<string, unknown>, normalizedPrefix: string): string | null {
  let best: string | null = null;
  for (const name of suggestNames(label, props)) {
    for (const text of suggestSuffixes(name)) {
      if (text.startsWith(normalizedPrefix) && (best === null || compareStrings(text, best) < 0)) best = text;
    }
  }
  return best;
}

/** The order of typeahead hits on both stores: matched text (code points), then label (NODE_LABELS order), then id. */
export function compareSuggestions(
  a: { text: string; label: NodeLabel; id: string },
  b: { text: string; label: NodeLabel; id: string },
): number {
  return compareStrings(a.text, b.text) || NODE_LABELS.indexOf(a.label) - NODE_LABELS.indexOf(b.label) || compareStrings(a.id, b.id);
}
