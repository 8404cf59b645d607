import type { Posting } from '../sharedMethods.ts';
import { compareStrings } from '../readRules.ts';
import { withWeightsFrom, type ScoredFeature, type TopCandidate } from './exactTop.ts';

/**
 * Similar papers as both stores rank them: a blend of signals, each computed from "postings" (for
 * each shared item, the papers linked to it with their weight; see sharedMethods.ts) and reported
 * per result, so a person can see why two papers are close. Each store gathers the paper's
 * features and adds their postings up in key order over ordinal postings (similarityScorers,
 * similarity/ordinalPostings.ts bestCandidates, exactTop.ts, rankedSimilar): the embedded store
 * over its feature index, Neo4jStore over its PostingCache; both report the same floats, added in
 * the same order. `rankSimilarPapers` is the plain full scan over string-keyed postings that both
 * must equal (tests and bench/similarity.ts compare them). A new signal is one more entry of
 * SIMILARITY_SIGNALS and one more kind of posting key.
 */

/** The signals, in the order results list them. */
export const SIGNAL_NAMES = ['TECHNIQUES', 'CONCEPTS', 'TEXT', 'AUTHORS', 'COUPLING', 'CO_CITATION'] as const;
export type SignalName = (typeof SIGNAL_NAMES)[number];

export interface SignalRule {
  /** What the signal's score is multiplied by in the blend. */
  blend: number;
  /**
   * How much one shared item adds, before the blend, given its weight in the paper asked about,
   * the number of papers linked to it (df) and the number of papers in the graph (n): per unit of
   * its weight in the other paper when `weighted`, else in all.
   */
  coefficient(wPaper: number, df: number, n: number): number;
  /** Whether the other paper's weight on the item counts (the item's links carry weights). */
  weighted: boolean;
}

/** Inverse document frequency: ln(1 + n / df), large for rare items. */
export function idf(df: number, n: number): number {
  return Math.log(1 + n / df);
}

/**
 * The documented blend (also in the schema's description of Query.similarPapers):
 * - TECHNIQUES: METHOD concepts, concepts the taxonomy marks as techniques, and named methods the
 *   papers propose or use: w(p,k)·w(q,k)/df(k), as papersSharingMethods; blend 1.
 * - CONCEPTS: the other concepts both mention, except generic FIELD ones: w(p,k)·w(q,k)/df(k), so
 *   a concept few papers share counts most; blend 0.5.
 * - TEXT: TF-IDF of title and abstract: Σ over shared terms of w(p,t)·w(q,t)·idf(t)², with the
 *   unit-length sublinear tf weights stored at write time (textTerms.ts); blend 1.
 * - AUTHORS: shared authors, 1/df(a) each; blend 0.5.
 * - COUPLING (bibliographic coupling): references both papers cite (stubs too), 1/df(r) each, df(r)
 *   the number of papers citing r, so a reference few papers cite counts most; blend 1.
 * - CO_CITATION: papers citing both, 1/df(c) each, df(c) the number of papers c cites, so a short
 *   reference list says more than a long survey's; blend 1.
 */
export const SIMILARITY_SIGNALS: Record<SignalName, SignalRule> = {
  TECHNIQUES: { blend: 1, weighted: true, coefficient: (wp, df) => wp / df },
  CONCEPTS: { blend: 0.5, weighted: true, coefficient: (wp, df) => wp / df },
  TEXT: { blend: 1, weighted: true, coefficient: (wp, df, n) => wp * idf(df, n) ** 2 },
  AUTHORS: { blend: 0.5, weighted: false, coefficient: (_wp, df) => 1 / df },
  COUPLING: { blend: 1, weighted: false, coefficient: (_wp, df) => 1 / df },
  CO_CITATION: { blend: 1, weighted: false, coefficient: (_wp, df) => 1 / df },
};

/**
 * One feature of the paper asked about: a posting key (`Concept:id`, `Method:id`, `Author:id`,
 * `Term:word`, `Reference:paperId` for a paper it cites, `Citer:paperId` for one citing it), its
 * signal and its weight in the paper.
 */
export interface Feature {
  key: string;
  signal: SignalName;
  w: number;
}

export interface RankedSignal {
  name: SignalName;
  /** The signal's blended score (its contributions' sum times its blend). */
  score: number;
  /** Shared posting keys with their blended contributions, largest first, ties by key. */
  shared: { key: string; c: number }[];
}

export interface RankedSimilar {
  id: string;
  score: number;
  /** The signals that contributed, in SIGNAL_NAMES order. */
  signals: RankedSignal[];
}

/**
 * The `first` papers most similar to `paperId` by the blend of SIMILARITY_SIGNALS over its
 * features, best first, ties by paper id; the paper itself and papers in `exclude` left out.
 * Contributions are added feature by feature in (key) order, so the score is the float both
 * stores' ordinal ranking adds up. `n` is the number of papers in the graph. The reference the
 * stores are tested against, not what they call.
 */
export function rankSimilarPapers(
  paperId: string,
  features: readonly Feature[],
  postings: ReadonlyMap<string, Posting>,
  n: number,
  first: number,
  exclude: ReadonlySet<string> = new Set(),
): RankedSimilar[] {
  const ordered = [...features].sort((a, b) => compareStrings(a.key, b.key));
  const scorers = similarityScorers(ordered, (key) => postings.get(key)?.ids.length ?? 0, n);
  const scores = new Map<string, number>();
  for (const scorer of scorers) {
    const posting = postings.get(scorer.key);
    if (!posting) throw new Error(`no posting for ${scorer.key}`);
    for (let i = 0; i < posting.ids.length; i++) {
      const q = posting.ids[i]!;
      if (q === paperId || exclude.has(q)) continue;
      scores.set(q, (scores.get(q) ?? 0) + scorer.contribution(posting.weights[i]!));
    }
  }
  const top = [...scores]
    .map(([id, score]) => ({ id, score }))
    .filter((t) => t.score > 0)
    .sort((a, b) => b.score - a.score || compareStrings(a.id, b.id))
    .slice(0, first);
  return rankedSimilar(
    scorers,
    withWeightsFrom(
      top,
      ordered.map((f) => f.key),
      postings,
    ),
  );
}

/** A feature of the paper asked about with its signal, as a store scores it (see exactTop.ts). */
export interface SimilarityScorer extends ScoredFeature {
  signal: SignalName;
}

/** The paper's features as scoring weighs them, given each posting's length (`dfOf`) and the number of papers (`n`). */
export function similarityScorers(features: readonly Feature[], dfOf: (key: string) => number, n: number): SimilarityScorer[] {
  return features.map((f) => {
    const rule = SIMILARITY_SIGNALS[f.signal];
    // The blend and the coefficient multiplied once: the per-link product is then one multiplication, alike in every store.
    const unit = rule.blend * rule.coefficient(f.w, dfOf(f.key), n);
    return rule.weighted
      ? { key: f.key, signal: f.signal, unit, contribution: (w: number) => unit * w }
      : { key: f.key, signal: f.signal, contribution: () => unit };
  });
}

/** Ranked similar papers with their signals (as rankSimilarPapers reports them), from an exact top k. */
export function rankedSimilar(features: readonly SimilarityScorer[], top: readonly TopCandidate[]): RankedSimilar[] {
  const ordered = [...features].sort((a, b) => compareStrings(a.key, b.key));
  return top.map((t) => {
    const bySignal = new Map<SignalName, RankedSignal>();
    for (const f of ordered) {
      const w = t.weights.get(f.key);
      if (w === undefined) continue;
      let signal = bySignal.get(f.signal);
      if (!signal) bySignal.set(f.signal, (signal = { name: f.signal, score: 0, shared: [] }));
      const c = f.contribution(w);
      signal.score += c;
      signal.shared.push({ key: f.key, c });
    }
    return {
      id: t.id,
      score: t.score,
      signals: SIGNAL_NAMES.flatMap((name) => {
        const s = bySignal.get(name);
        return s ? [{ ...s, shared: s.shared.sort((a, b) => b.c - a.c || compareStrings(a.key, b.key)) }] : [];
      }),
    };
  });
}

/** Which signal a concept mentioned by a paper feeds: TECHNIQUES, CONCEPTS, or none (a generic FIELD). */
export function conceptSignal(kind: unknown, technique: unknown): SignalName | null {
  if (kind === 'METHOD' || technique === true) return 'TECHNIQUES';
  return kind === 'FIELD' ? null : 'CONCEPTS';
}
