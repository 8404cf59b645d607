import { compareStrings } from '../readRules.ts';
import type { Posting } from '../sharedMethods.ts';

/**
 * The top k of a sum of per-feature contributions, for a store that adds the sums up itself (the
 * embedded store, into an array indexed by paper): `bestPositions` picks the k best sums, ties by
 * id, and `exactTop` gives them their weights and scores. Both stores must report the same float,
 * and a float sum depends on its order, so the sums are added feature by feature in key order,
 * with the contribution functions rankSimilarPapers.ts and sharedMethods.ts call: each is then
 * the float a full scan in key order gives, to the last bit.
 */

/** A feature of the paper asked about, as scoring sees it: its key and what a paper with weight `w` on it gets. */
export interface ScoredFeature {
  key: string;
  contribution(w: number): number;
  /** When set, contribution(w) is exactly `unit * w` (so a hot loop multiplies instead of calling). */
  unit?: number;
}

/** A paper of the top k: its score, and its weight on each feature it shares, by key (in key order). */
export interface TopCandidate {
  id: string;
  score: number;
  weights: ReadonlyMap<string, number>;
}

/**
 * The positions of the best `k` sums: positive, sharing at least `minShared` features, best
 * first by sum and then by id (`idOf`); in no particular order. `positions` are the ones any
 * feature touched.
 */
export function bestPositions(
  scores: ArrayLike<number>,
  shares: ArrayLike<number>,
  positions: ArrayLike<number>,
  k: number,
  minShared: number,
  idOf: (position: number) => string,
): number[] {
  const values = new Float64Array(positions.length);
  let n = 0;
  for (let i = 0; i < positions.length; i++) {
    const p = positions[i]!;
    if (scores[p]! > 0 && shares[p]! >= minShared) values[n++] = scores[p]!;
  }
  const kth = n <= k ? 0 : quickSelect(values.subarray(0, n), n - k);
  const above: number[] = [];
  const tied: number[] = [];
  for (let i = 0; i < positions.length; i++) {
    const p = positions[i]!;
    if (scores[p]! <= 0 || shares[p]! < minShared || scores[p]! < kth) continue;
    (scores[p]! > kth ? above : tied).push(p);
  }
  // Ties at the k-th sum go by id; a large graph can have thousands (papers sharing one popular method only).
  const ids = new Map(tied.map((p) => [p, idOf(p)]));
  tied.sort((a, b) => compareStrings(ids.get(a)!, ids.get(b)!));
  return [...above, ...tied.slice(0, Math.max(0, k - above.length))];
}

/**
 * Scores candidates from their weights on the features (`weightsOf`: a paper's weight on each
 * feature key it has among those asked), adding in key order, and returns the best `first`, best
 * first, ties by id, each with its weights (what a result lists as shared).
 */
export function exactTop(
  ids: readonly string[],
  features: readonly ScoredFeature[],
  weightsOf: (id: string) => ReadonlyMap<string, number>,
  first: number,
  minShared = 1,
): TopCandidate[] {
  const byKey = [...features].sort((a, b) => compareStrings(a.key, b.key));
  const scored: TopCandidate[] = [];
  for (const id of ids) {
    const all = weightsOf(id);
    let score = 0;
    const weights = new Map<string, number>();
    for (const f of byKey) {
      const w = all.get(f.key);
      if (w === undefined) continue;
      score += f.contribution(w);
      weights.set(f.key, w);
    }
    if (score > 0 && weights.size >= minShared) scored.push({ id, score, weights });
  }
  return scored.sort((a, b) => b.score - a.score || compareStrings(a.id, b.id)).slice(0, first);
}

/**
 * The ranked papers of a full scan (`top`, scores already summed) as TopCandidates: each one's
 * weight on each feature key, read from the postings at hand (for the shared lists of a result).
 */
export function withWeightsFrom(
  top: readonly { id: string; score: number }[],
  keys: readonly string[],
  postings: ReadonlyMap<string, Posting>,
): TopCandidate[] {
  const weights = new Map(top.map((t) => [t.id, new Map<string, number>()]));
  for (const key of keys) {
    const posting = postings.get(key);
    if (!posting) continue;
    for (let i = 0; i < posting.ids.length; i++) weights.get(posting.ids[i]!)?.set(key, posting.weights[i]!);
  }
  return top.map((t) => ({ id: t.id, score: t.score, weights: weights.get(t.id)! }));
}

/** The value that would be at `index` if `values` were sorted ascending (reorders `values`). */
function quickSelect(values: Float64Array, index: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i++] = values[j]!;
        values[j--] = t;
      }
    }
    if (index <= j) hi = j;
    else if (index >= i) lo = i;
    else return values[index]!;
  }
  return values[index]!;
}
