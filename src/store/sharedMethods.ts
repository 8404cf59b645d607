import { compareStrings, sharedContribution } from './readRules.ts';
import { withWeightsFrom, type ScoredFeature, type TopCandidate } from './similarity/exactTop.ts';

/**
 * papersSharingMethods as both stores compute it, from "postings": for each method (a METHOD
 * concept, a concept the taxonomy marks as a technique, or a named method, keyed `Label:id`), the papers linked to it with their weight.
 * Postings are what a query spends its time on (a popular method links thousands of papers) and
 * the same few popular methods come up in most queries, so the stores keep them in a
 * PostingCache that any write invalidates (see the version rules there).
 */

/** True for a concept that counts as a method: kind METHOD, or marked a technique in the taxonomy (`technique`). */
export function isTechnique(props: { kind?: unknown; technique?: unknown }): boolean {
  return props.kind === 'METHOD' || props.technique === true;
}

/** The papers linked to one method: ids and weights (w(q,k): MENTIONS weight, or 1), one entry per paper. */
export interface Posting {
  ids: string[];
  weights: Float64Array;
}

/** Builds a posting from (paper id, weight) pairs, keeping the largest weight of a paper linked twice (PROPOSES and USES). */
export function postingOf(pairs: Iterable<readonly [string, number]>): Posting {
  const best = new Map<string, number>();
  for (const [id, w] of pairs) best.set(id, Math.max(best.get(id) ?? 0, w));
  return { ids: [...best.keys()], weights: Float64Array.from(best.values()) };
}

export interface RankedOverlap {
  id: string;
  score: number;
  /** Method keys (`Label:id`) with their contributions, in (label, id) order. */
  shared: { key: string; c: number }[];
}

/**
 * The `first` papers sharing most with `paperId`: Σ w(p,k)·w(q,k)/df(k) over shared methods k,
 * summed in (label, id) order of k (the order both stores and the Cypher use, so the floats are
 * added alike), best first, ties by paper id; papers sharing fewer than `minShared` left out.
 */
export function rankSharedMethods(
  paperId: string,
  mine: readonly { key: string; w: number }[],
  postings: ReadonlyMap<string, Posting>,
  first: number,
  minShared: number,
): RankedOverlap[] {
  const ordered = [...mine].sort((a, b) => compareStrings(a.key, b.key));
  // First pass: every candidate's score and count, added method by method in (label, id) order
  // (the order of a sum over its shared list); no list per candidate, as a popular method
  // brings tens of thousands of them.
  const scores = new Map<string, number>();
  const counts = new Map<string, number>();
  for (const { key, w } of ordered) {
    const posting = postings.get(key);
    if (!posting) throw new Error(`no posting for ${key}`);
    const df = posting.ids.length;
    for (let i = 0; i < df; i++) {
      const q = posting.ids[i]!;
      if (q === paperId) continue;
      scores.set(q, (scores.get(q) ?? 0) + sharedContribution(w, posting.weights[i]!, df));
      counts.set(q, (counts.get(q) ?? 0) + 1);
    }
  }
  const better = (a: { id: string; score: number }, b: { id: string; score: number }) => b.score - a.score || compareStrings(a.id, b.id);
  // The best `first`, kept sorted while scanning (first is at most 100).
  const top: { id: string; score: number }[] = [];
  for (const [id, score] of scores) {
    if (counts.get(id)! < minShared) continue;
    const candidate = { id, score };
    if (top.length === first && better(candidate, top[top.length - 1]!) >= 0) continue;
    let at = top.length;
    while (at > 0 && better(candidate, top[at - 1]!) < 0) at--;
    top.splice(at, 0, candidate);
    if (top.length > first) top.pop();
  }
  // For the page only: the shared lists, in the same order.
  return rankedOverlaps(
    methodScorers(ordered, (key) => postings.get(key)!.ids.length),
    withWeightsFrom(
      top,
      ordered.map((m) => m.key),
      postings,
    ),
  );
}

/** The paper's methods as scoring weighs them, given each posting's length (see similarity/exactTop.ts). */
export function methodScorers(mine: readonly { key: string; w: number }[], dfOf: (key: string) => number): ScoredFeature[] {
  return mine.map(({ key, w }) => {
    const df = dfOf(key);
    return { key, contribution: (wOther: number) => sharedContribution(w, wOther, df) };
  });
}

/** Ranked overlaps (as rankSharedMethods reports them, shared methods in key order) from an exact top k. */
export function rankedOverlaps(features: readonly ScoredFeature[], top: readonly TopCandidate[]): RankedOverlap[] {
  const ordered = [...features].sort((a, b) => compareStrings(a.key, b.key));
  return top.map((t) => ({
    id: t.id,
    score: t.score,
    shared: ordered.flatMap((f) => {
      const w = t.weights.get(f.key);
      return w === undefined ? [] : [{ key: f.key, c: f.contribution(w) }];
    }),
  }));
}

/**
 * Postings cached for one graph version. A store passes the version it read with the data; a
 * different version drops everything (a write happened), and an unknown version (null) caches
 * nothing. Bounded by the number of entries: past it the cache starts over.
 */
export class PostingCache {
  private version: string | null = null;
  private postings = new Map<string, Posting>();
  private entries = 0;

  constructor(private readonly maxEntries = 2_000_000) {}

  /** The postings held for `version` (a write since they were read makes it a miss for all). */
  at(version: string | null): ReadonlyMap<string, Posting> {
    if (version === null || version !== this.version) {
      this.postings = new Map();
      this.entries = 0;
      this.version = version;
    }
    return this.postings;
  }

  /** Keeps postings read at `version`, when that is still the cache's version. */
  keep(version: string | null, read: ReadonlyMap<string, Posting>): void {
    if (version === null || version !== this.version) return;
    for (const [key, posting] of read) {
      if (this.entries + posting.ids.length > this.maxEntries) {
        this.postings = new Map();
        this.entries = 0;
      }
      this.postings.set(key, posting);
      this.entries += posting.ids.length;
    }
  }
}
