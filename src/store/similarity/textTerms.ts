import { searchTokens } from '../readRules.ts';

/** Words too common in any English abstract to say what a paper is about. */
const STOP_WORDS = new Set(
  `a about above after again against all also am an and any are as at be because been before being below between both but by can could did do does doing down during each few for from further had has have having he her here hers him his how i if in into is it its itself just me more most my no nor not now of off on once only or other our ours out over own same she should so some such than that the their theirs them then there these they this those through to too under until up very was we were what when where which while who whom why will with would you your yours via using use used based new show shows propose proposed paper approach method methods result results work task tasks model models performance`
    .split(/\s+/)
    .map((w) => searchTokens(w)[0]!),
);

/** Most terms kept per paper: the rest add little to similarity and a lot to storage. */
export const MAX_TERMS = 40;

/** A paper's text as similarity reads it: stemmed terms and their weights, in the same order. */
export interface TermVector {
  terms: string[];
  termWeights: number[];
}

/**
 * Given a paper's title and abstract, produces its term vector, computed once at write time and
 * stored on the paper (`terms`, `termWeights`): the stemmed words (readRules.searchTokens) that are
 * no stop word, number or single letter, title words counted twice, weighted by sublinear term
 * frequency 1 + ln(tf) and scaled to unit length; at most MAX_TERMS, heaviest first, ties by term.
 * The corpus part of TF-IDF (the idf) is applied at read time (similarity/rankSimilarPapers.ts),
 * so a paper's stored vector never changes when others are written.
 */
export function termVector(title: string, abstract: string): TermVector {
  const counts = new Map<string, number>();
  const add = (text: string, times: number) => {
    for (const t of searchTokens(text)) {
      if (t.length < 2 || STOP_WORDS.has(t) || /^[\p{N}.,:']+$/u.test(t)) continue;
      counts.set(t, (counts.get(t) ?? 0) + times);
    }
  };
  add(title, 2);
  add(abstract, 1);
  const ranked = [...counts]
    .map(([term, tf]) => ({ term, w: 1 + Math.log(tf) }))
    .sort((a, b) => b.w - a.w || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0));
  const kept = ranked.slice(0, MAX_TERMS);
  const norm = Math.sqrt(kept.reduce((s, x) => s + x.w * x.w, 0));
  return { terms: kept.map((x) => x.term), termWeights: kept.map((x) => (norm === 0 ? 0 : x.w / norm)) };
}
