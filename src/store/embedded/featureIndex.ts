import type { NodeLabel, RelationshipType } from '../../domain/graph.ts';
import type { Props } from '../documentRows.ts';
import { compareStrings } from '../readRules.ts';
import { bestPositions, type ScoredFeature } from '../similarity/exactTop.ts';
import { edgeKey, type GraphIndex } from './graphIndex.ts';

/** The papers linked to one feature: `n` paper ordinals, with their weights (null: every weight is 1); arrays grow by doubling. */
interface OrdinalPosting {
  n: number;
  ords: Int32Array;
  weights: Float64Array | null;
}

/**
 * The postings similarPapers and papersSharingMethods add up, kept by every change to the graph
 * index (LiveIndex calls it), so they are exact after every write and a read builds nothing.
 * Keyed as similarity/features.ts keys features: `Concept:id` (papers mentioning it, with the
 * MENTIONS weight), `Method:id` (papers proposing or using it; a paper doing both once),
 * `Author:id`, `Reference:id` (papers citing that paper), `Citer:id` (papers that paper cites) and
 * `Term:word` (papers whose stored terms hold it, with its stored weight). Papers are small
 * integers (ordinals, never reused while the index lives), so a read adds its scores into one
 * array instead of a map keyed by strings: a paper with popular features touches a million links,
 * which takes milliseconds this way.
 *
 * A posting's order is not kept (a removal swaps the last entry in): each paper's sum is added in
 * feature order, whatever the order of the papers within a posting.
 */
export class FeatureIndex {
  private readonly postings = new Map<string, OrdinalPosting>();
  private readonly ordinals = new Map<string, number>();
  /** Ordinal -> paper id. */
  private readonly ids: string[] = [];
  /** The number of papers (stubs included, as Neo4j's count of :Paper). */
  papers = 0;
  private scores = new Float64Array(0);
  private shares = new Int32Array(0);
  /** The ordinals a read touched, so it can clear only those. */
  private touched = new Int32Array(0);

  /** The length of a feature's posting: the number of papers linked to it. */
  dfOf(key: string): number {
    return this.postings.get(key)?.n ?? 0;
  }

  /**
   * Adds up the features' contributions for every paper linked to any, feature by feature in key
   * order (so each sum is the float rankSimilarPapers.ts adds up), and returns the ids of the
   * best `first` (exactTop.ts bestPositions): positive, sharing at least `minShared` features,
   * ties by id. `skip` (the paper asked about, excluded ones) are left out.
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
      const o = this.ordinals.get(`Paper:${id}`);
      if (o !== undefined) scores[o] = 0;
    }
    const best = bestPositions(scores, shares, touched.subarray(0, seen), first, minShared, (o) => this.ids[o]!);
    for (let i = 0; i < seen; i++) {
      scores[touched[i]!] = 0;
      shares[touched[i]!] = 0;
    }
    return best.map((o) => this.ids[o]!);
  }

  /** Every posting as (paper id, weight) pairs in id order, by key in key order: the index as data, to compare two. */
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

  /** A node was added (`before` null) or its properties replaced. */
  nodePut(key: string, label: NodeLabel, before: Props | null, after: Props): void {
    if (label !== 'Paper') return;
    if (before === null) this.papers++;
    const ord = this.ordinalOf(key);
    const old = termWeights(before);
    const now = termWeights(after);
    for (const t of old.keys()) if (!now.has(t)) this.remove(`Term:${t}`, ord);
    for (const [t, w] of now) {
      if (!old.has(t)) this.add(`Term:${t}`, ord, w, true);
      else if (old.get(t) !== w) this.reweigh(`Term:${t}`, ord, w);
    }
  }

  /** A node was dropped, after its relationships (LiveIndex drops those first, through edgeDropped). */
  nodeDropped(key: string, label: NodeLabel, props: Props): void {
    if (label !== 'Paper') return;
    this.papers--;
    const ord = this.ordinalOf(key);
    for (const t of termWeights(props).keys()) this.remove(`Term:${t}`, ord);
  }

  /** A relationship was added to `graph` (called after the graph has it). */
  edgeAdded(graph: GraphIndex, type: RelationshipType, from: string, to: string, props: Props): void {
    if (!linkedThroughOtherMethodEdge(graph, type, from, to)) this.link(type, from, to, props);
  }

  /** A relationship's properties were replaced (a MENTIONS weight may have changed). */
  edgeUpdated(type: RelationshipType, from: string, to: string, props: Props): void {
    if (type === 'MENTIONS') this.reweigh(to, this.ordinalOf(from), Number(props.weight));
  }

  /** A relationship was dropped from `graph` (called after the graph no longer has it). */
  edgeDropped(graph: GraphIndex, type: RelationshipType, from: string, to: string): void {
    if (linkedThroughOtherMethodEdge(graph, type, from, to)) return;
    for (const [key, paper] of postingsOf(type, from, to)) this.remove(key, this.ordinalOf(paper));
  }

  /** Builds the index of a whole graph (after a load). */
  static of(graph: GraphIndex): FeatureIndex {
    const index = new FeatureIndex();
    graph.forEachNode((key, { label, props }) => index.nodePut(key, label, null, props));
    graph.forEachEdge((_e, { type, props }, from, to) => {
      // Both edges of a paper proposing and using a method are there already: its PROPOSES links it.
      if (type === 'USES' && graph.hasEdge(edgeKey('PROPOSES', from, to))) return;
      index.link(type, from, to, props);
    });
    return index;
  }

  /** Puts the paper of a relationship in the postings it belongs to. */
  private link(type: RelationshipType, from: string, to: string, props: Props): void {
    for (const [key, paper, weighted] of postingsOf(type, from, to)) {
      this.add(key, this.ordinalOf(paper), weighted ? Number(props.weight) : 1, weighted);
    }
  }

  private ordinalOf(paperKey: string): number {
    let ord = this.ordinals.get(paperKey);
    if (ord === undefined) {
      ord = this.ids.length;
      this.ordinals.set(paperKey, ord);
      this.ids.push(paperKey.slice('Paper:'.length));
    }
    return ord;
  }

  private add(key: string, ord: number, weight: number, weighted: boolean): void {
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

  private remove(key: string, ord: number): void {
    const posting = this.postings.get(key);
    const at = posting ? positionOf(posting, ord) : -1;
    if (!posting || at < 0) return;
    const last = --posting.n;
    posting.ords[at] = posting.ords[last]!;
    if (posting.weights) posting.weights[at] = posting.weights[last]!;
    if (posting.n === 0) this.postings.delete(key);
  }

  private reweigh(key: string, ord: number, weight: number): void {
    const posting = this.postings.get(key);
    const at = posting ? positionOf(posting, ord) : -1;
    if (posting?.weights && at >= 0) posting.weights[at] = weight;
  }
}

/**
 * Whether a PROPOSES or USES relationship's paper is linked to the method by the other of the two
 * as well: the method's posting holds the paper once, whichever edges come and go.
 */
function linkedThroughOtherMethodEdge(graph: GraphIndex, type: RelationshipType, from: string, to: string): boolean {
  if (type !== 'PROPOSES' && type !== 'USES') return false;
  return graph.hasEdge(edgeKey(type === 'PROPOSES' ? 'USES' : 'PROPOSES', from, to));
}

/** Where a paper's ordinal is in a posting, or -1. */
function positionOf(posting: OrdinalPosting, ord: number): number {
  for (let i = 0; i < posting.n; i++) if (posting.ords[i] === ord) return i;
  return -1;
}

/** The postings a relationship puts a paper in: [posting key, the paper's node key, weighted]. */
function postingsOf(type: RelationshipType, from: string, to: string): [string, string, boolean][] {
  switch (type) {
    case 'MENTIONS':
      // The target's node key is its posting key (`Concept:id`, `Method:id`, `Author:id`).
      return [[to, from, true]];
    case 'PROPOSES':
    case 'USES':
    case 'AUTHORED_BY':
      return [[to, from, false]];
    case 'CITES':
      return [
        [`Reference:${to.slice('Paper:'.length)}`, from, false],
        [`Citer:${from.slice('Paper:'.length)}`, to, false],
      ];
    default:
      return [];
  }
}

/** A paper's stored terms with their weights. */
function termWeights(props: Props | null): Map<string, number> {
  const terms = props?.terms;
  const weights = props?.termWeights;
  const out = new Map<string, number>();
  if (!Array.isArray(terms)) return out;
  terms.forEach((t, i) => out.set(t as string, Array.isArray(weights) ? Number(weights[i] ?? 0) : 0));
  return out;
}
