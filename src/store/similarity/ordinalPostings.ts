import { compareStrings } from '../readRules.ts';
import type { Posting } from '../sharedMethods.ts';
import { bestPositions, type ScoredFeature } from './exactTop.ts';

/** The papers linked to one feature: `n` paper ordinals, with their weights (null: every weight is 1); arrays grow by doubling. */
export interface OrdinalPosting {
  n: number;
  ords: Int32Array;
  weights: Float64Array | null;
}

/**
 * Postings with papers as small integers (ordinals, never reused while the object lives), so that
 * a read adds its scores into one array instead of a map keyed by strings: a paper with popular
 * features touches a million links, which takes milliseconds this way and a second with maps.
 * The embedded store keeps one for the whole graph, maintained at write time (embedded/
 * featureIndex.ts); Neo4jStore keeps one per graph version, filled as reads fetch postings
 * (sharedMethods.ts PostingCache). Both rank through `bestCandidates`, so both add the same floats.
 *
 * A posting's order is not kept (a removal swaps the last entry in): each paper's sum is added in
 * feature order, whatever the order of the papers within a posting.
 */
export class OrdinalPostings {
  protected readonly postings = new Map<string, OrdinalPosting>();
  /** Paper id -> ordinal. */
  private readonly ordinals = new Map<string, number>();
  /** Ordinal -> paper id. */
  private readonly ids: string[] = [];
  private scores = new Float64Array(0);
  private shares = new Int32Array(0);
  /** The ordinals a read touched, so it can clear only those. */
  private touched = new Int32Array(0);

  /** The length of a feature's posting: the number of papers linked to it. */
  dfOf(key: string): number {
    return this.postings.get(key)?.n ?? 0;
  }

  /** Whether the feature has a posting here (an empty one counts: it was read and links no paper). */
  has(key: string): boolean {
    return this.postings.has(key);
  }

  /**
   * Sets a feature's posting from (id, weight) lists (one entry per paper), replacing any it had.
   * The weights array is kept as it is, not copied (a popular posting is tens of thousands of
   * links): the caller hands it over and must not change it afterwards.
   */
  put(key: string, posting: Posting): void {
    const n = posting.ids.length;
    const ords = new Int32Array(n);
    for (let i = 0; i < n; i++) ords[i] = this.ordinalOf(posting.ids[i]!);
    this.postings.set(key, { n, ords, weights: posting.weights });
  }

  /**
   * Adds up the features' contributions for every paper linked to any, feature by feature in key
   * order (so each sum is the float rankSimilarPapers.ts and rankSharedMethods add up), and
   * returns the ids of the best `first` (exactTop.ts bestPositions): positive, sharing at least
   * `minShared` features, ties by id. `skip` (the paper asked about, excluded ones) are left out.
   * Synchronous, so the scratch arrays are one read's at a time.
   */
  bestCandidates(features: readonly ScoredFeature[], first: number, minShared: number, skip: Iterable<string>): string[] {
    if (this.scores.length < this.ids.length) {
      this.scores = new Float64Array(this.ids.length * 2);
      this.shares = new Int32Array(this.ids.length * 2);
      this.touched = new Int32Array(this.ids.length * 2);
    }
    const { scores, shares, touched } = this;
    let seen = 0;
    for (const f of [...features].sort((a, b) => compareStrings(a.key, b.key))) {
      const posting = this.postings.get(f.key);
      if (!posting) continue;
      const { n, ords, weights } = posting;
      // One loop per kind of posting, each with nothing but the sum in it: a paper's features can touch a million links.
      if (weights === null) {
        const one = f.contribution(1);
        for (let i = 0; i < n; i++) {
          const o = ords[i]!;
          if (shares[o]!++ === 0) touched[seen++] = o;
          scores[o]! += one;
        }
      } else if (f.unit !== undefined) {
        const unit = f.unit;
        for (let i = 0; i < n; i++) {
          const o = ords[i]!;
          if (shares[o]!++ === 0) touched[seen++] = o;
          scores[o]! += unit * weights[i]!;
        }
      } else {
        for (let i = 0; i < n; i++) {
          const o = ords[i]!;
          if (shares[o]!++ === 0) touched[seen++] = o;
          scores[o]! += f.contribution(weights[i]!);
        }
      }
    }
    for (const id of skip) {
      const o = this.ordinals.get(id);
      if (o !== undefined) scores[o] = 0;
    }
    const best = bestPositions(scores, shares, touched.subarray(0, seen), first, minShared, (o) => this.ids[o]!);
    for (let i = 0; i < seen; i++) {
      scores[touched[i]!] = 0;
      shares[touched[i]!] = 0;
    }
    return best.map((o) => this.ids[o]!);
  }

  /** Each of `ids`' weight on each of `keys` whose posting holds it (what exactTop scores a candidate from). */
  weightsOf(ids: readonly string[], keys: readonly string[]): Map<string, Map<string, number>> {
    const byOrdinal = new Map<number, Map<string, number>>();
    const out = new Map<string, Map<string, number>>();
    for (const id of ids) {
      const weights = new Map<string, number>();
      out.set(id, weights);
      const o = this.ordinals.get(id);
      if (o !== undefined) byOrdinal.set(o, weights);
    }
    for (const key of keys) {
      const posting = this.postings.get(key);
      if (!posting) continue;
      for (let i = 0; i < posting.n; i++) byOrdinal.get(posting.ords[i]!)?.set(key, posting.weights?.[i] ?? 1);
    }
    return out;
  }

  /** Every posting as (paper id, weight) pairs in id order, by key in key order: the postings as data, to compare two. */
  entries(): [string, [string, number][]][] {
    return [...this.postings]
      .map(([key, p]): [string, [string, number][]] => [
        key,
        Array.from(p.ords.subarray(0, p.n), (o, i): [string, number] => [this.ids[o]!, p.weights?.[i] ?? 1]).sort((a, b) =>
          compareStrings(a[0], b[0]),
        ),
      ])
      .sort((a, b) => compareStrings(a[0], b[0]));
  }

  /** The ordinal of a paper id, given one on first sight. */
  protected ordinalOf(id: string): number {
    let ord = this.ordinals.get(id);
    if (ord === undefined) {
      ord = this.ids.length;
      this.ordinals.set(id, ord);
      this.ids.push(id);
    }
    return ord;
  }

  /** Appends a paper to a feature's posting (made weighted or not on first use). */
  protected add(key: string, ord: number, weight: number, weighted: boolean): void {
    let posting = this.postings.get(key);
    if (!posting) this.postings.set(key, (posting = { n: 0, ords: new Int32Array(2), weights: weighted ? new Float64Array(2) : null }));
    if (posting.n === posting.ords.length) {
      const ords = new Int32Array(posting.n * 2);
      ords.set(posting.ords);
      posting.ords = ords;
      if (posting.weights) {
        const weights = new Float64Array(posting.n * 2);
        weights.set(posting.weights);
        posting.weights = weights;
      }
    }
    posting.ords[posting.n] = ord;
    if (posting.weights) posting.weights[posting.n] = weight;
    posting.n++;
  }

  /** Takes a paper out of a feature's posting (the last entry moves into its place); an emptied posting goes. */
  protected remove(key: string, ord: number): void {
    const posting = this.postings.get(key);
    const at = posting ? positionOf(posting, ord) : -1;
    if (!posting || at < 0) return;
    const last = --posting.n;
    posting.ords[at] = posting.ords[last]!;
    if (posting.weights) posting.weights[at] = posting.weights[last]!;
    if (posting.n === 0) this.postings.delete(key);
  }

  /** Sets a paper's weight in a weighted posting. */
  protected reweigh(key: string, ord: number, weight: number): void {
    const posting = this.postings.get(key);
    const at = posting ? positionOf(posting, ord) : -1;
    if (posting?.weights && at >= 0) posting.weights[at] = weight;
  }
}

/** Where a paper's ordinal is in a posting, or -1. */
function positionOf(posting: OrdinalPosting, ord: number): number {
  for (let i = 0; i < posting.n; i++) if (posting.ords[i] === ord) return i;
  return -1;
}
