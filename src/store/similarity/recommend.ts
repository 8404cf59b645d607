import type { GraphStore, SimilarPaperResult, SimilaritySignalResult } from '../GraphStore.ts';
import { compareStrings } from '../readRules.ts';
import { SIGNAL_NAMES } from './rankSimilarPapers.ts';

/** Similar papers read per example paper before combining. */
const PER_EXAMPLE = 100;

/**
 * Given the similar papers of each positive and each negative example, produces recommendations
 * (in the spirit of Semantic Scholar's recommendations API): a candidate scores the sum of its
 * similarity to the positive examples minus the sum of its similarity to the negative ones; the
 * examples themselves and candidates scoring 0 or less are left out; best first, ties by id. A
 * result's signals are those of the positives, added by signal (shared items once each).
 */
export function combineRecommendations(
  positives: SimilarPaperResult[][],
  negatives: SimilarPaperResult[][],
  examples: ReadonlySet<string>,
  first: number,
): SimilarPaperResult[] {
  const byId = new Map<
    string,
    {
      result: SimilarPaperResult;
      score: number;
      signals: Map<string, SimilaritySignalResult>;
    }
  >();
  for (const list of positives) {
    for (const r of list) {
      if (examples.has(r.paper.id)) continue;
      let entry = byId.get(r.paper.id);
      if (!entry) byId.set(r.paper.id, (entry = { result: r, score: 0, signals: new Map() }));
      entry.score += r.score;
      for (const s of r.signals) {
        const into = entry.signals.get(s.name);
        if (!into) {
          entry.signals.set(s.name, {
            ...s,
            shared: [...s.shared],
            terms: [...s.terms],
          });
          continue;
        }
        into.score += s.score;
        for (const x of s.shared) if (!into.shared.some((y) => y.label === x.label && y.node.id === x.node.id)) into.shared.push(x);
        for (const t of s.terms) if (!into.terms.some((u) => u.term === t.term)) into.terms.push(t);
      }
    }
  }
  for (const list of negatives)
    for (const r of list) {
      const entry = byId.get(r.paper.id);
      if (entry) entry.score -= r.score;
    }
  return [...byId.values()]
    .filter((e) => e.score > 0)
    .sort((a, b) => b.score - a.score || compareStrings(a.result.paper.id, b.result.paper.id))
    .slice(0, first)
    .map((e) => ({
      paper: e.result.paper,
      score: e.score,
      signals: SIGNAL_NAMES.flatMap((n) => (e.signals.has(n) ? [e.signals.get(n)!] : [])),
    }));
}

/** Recommendations for positive and negative example papers, from the store's similar papers (see combineRecommendations). */
export async function recommendPapers(
  store: GraphStore,
  positive: readonly string[],
  negative: readonly string[],
  first: number,
): Promise<SimilarPaperResult[]> {
  const examples = new Set([...positive, ...negative]);
  const read = (ids: readonly string[]) => Promise.all([...new Set(ids)].map((id) => store.similarPapers(id, PER_EXAMPLE, [...examples])));
  const [pos, neg] = await Promise.all([read(positive), read(negative)]);
  return combineRecommendations(pos, neg, examples, first);
}
