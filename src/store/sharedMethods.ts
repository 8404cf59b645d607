import { compareStrings, sharedContribution } from './readRules.ts';
import { withWeightsFrom, type ScoredFeature, type TopCandidate } from './similarity/exactTop.ts';
import { OrdinalPostings } from './similarity/ordinalPostings.ts';

/**
 * papersSharingMethods as both stores compute it, from "postings": for each method (a METHOD
 * concept, a concept the taxonomy marks as a technique, or a named method, keyed `Label:id`), the papers linked to it with their weight.
 * Postings are what a query spends its time on (a popular method links thousands of papers) and
 * the same few popular methods come up in most queries, so the stores keep them: the embedded
 * store for the whole graph at write time (embedded/featureIndex.ts), Neo4jStore in a
 * PostingCache that any write invalidates (see the version rules there). `rankSharedMethods` is
 * the plain full scan over string-keyed postings that the ordinal ranking must equal (tests and
 * bench/similarity.ts compare the two).
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

/** What a store reads when the cache lacks postings: each key's posting, and the graph version it read them at. */
export type PostingFetch = (keys: readonly string[]) => Promise<{ version: string | null; postings: ReadonlyMap<string, Posting> }>;

const NO_PAPERS: Posting = { ids: [], weights: new Float64Array(0) };

/**
 * Neo4jStore's postings for one graph version, as OrdinalPostings (similarity/ordinalPostings.ts),
 * filled as reads ask for them. A store passes the version it read with the paper's features; a
 * different version drops everything (a write happened), and an unknown version (null) caches
 * nothing. Concurrent reads missing the same postings share one fetch (a popular method's
 * posting is tens of thousands of links, and every cold request wants it). Bounded by the number
 * of links held: past it the cache starts over.
 */
export class PostingCache {
  private version: string | null = null;
  private postings = new OrdinalPostings();
  private links = 0;
  /** Fetches under way for the current version, by key. */
  private inFlight = new Map<string, Promise<void>>();

  constructor(private readonly maxLinks = 2_000_000) {}

  /**
   * Postings holding every one of `keys` as of `version`: the cached ones, plus those `fetch`
   * reads (a key it does not return links no paper). When a write moves the version between the
   * two reads, or the cache starts over meanwhile, the postings are read afresh for this call
   * alone. The result is only read synchronously (OrdinalPostings.bestCandidates).
   */
  async postingsFor(version: string | null, keys: readonly string[], fetch: PostingFetch): Promise<OrdinalPostings> {
    if (version === null) return privately(keys, fetch);
    if (version !== this.version) this.startOver(version);
    const store = this.postings;
    const waits = new Set<Promise<void>>();
    const toFetch: string[] = [];
    for (const key of keys) {
      if (store.has(key)) continue;
      const pending = this.inFlight.get(key);
      if (pending) waits.add(pending);
      else toFetch.push(key);
    }
    let mine: Promise<void> | null = null;
    if (toFetch.length > 0) {
      mine = fetch(toFetch).then((read) => {
        if (read.version !== version || this.postings !== store) return;
        const fresh = toFetch.map((key) => [key, read.postings.get(key) ?? NO_PAPERS] as const);
        const links = fresh.reduce((n, [, p]) => n + p.ids.length, 0);
        if (this.links + links > this.maxLinks) return this.startOver(version);
        for (const [key, posting] of fresh) store.put(key, posting);
        this.links += links;
      });
      const settled = mine.finally(() => {
        for (const key of toFetch) if (this.inFlight.get(key) === settled) this.inFlight.delete(key);
      });
      settled.catch(() => undefined);
      for (const key of toFetch) this.inFlight.set(key, settled);
    }
    // Someone else's fetch failing (its deadline, say) is not this call's failure: it reads for itself below.
    await Promise.allSettled(waits);
    if (mine) await mine;
    if (keys.every((key) => store.has(key))) return store;
    return privately(keys, fetch);
  }

  private startOver(version: string): void {
    this.version = version;
    this.postings = new OrdinalPostings();
    this.links = 0;
    this.inFlight = new Map();
  }
}

/** Postings for one call, read at whatever version `fetch` sees. */
async function privately(keys: readonly string[], fetch: PostingFetch): Promise<OrdinalPostings> {
  const read = await fetch(keys);
  const postings = new OrdinalPostings();
  for (const key of keys) postings.put(key, read.postings.get(key) ?? NO_PAPERS);
  return postings;
}
