import type { NodeLabel, RelationshipType } from '../../domain/graph.ts';
import type { Props } from '../documentRows.ts';
import { OrdinalPostings } from '../similarity/ordinalPostings.ts';
import { edgeKey, type GraphIndex } from './graphIndex.ts';

/**
 * The postings similarPapers and papersSharingMethods add up, kept by every change to the graph
 * index (LiveIndex calls it), so they are exact after every write and a read builds nothing.
 * Keyed as similarity/features.ts keys features: `Concept:id` (papers mentioning it, with the
 * MENTIONS weight), `Method:id` (papers proposing or using it; a paper doing both once),
 * `Author:id`, `Reference:id` (papers citing that paper), `Citer:id` (papers that paper cites) and
 * `Term:word` (papers whose stored terms hold it, with its stored weight). Reads rank through
 * OrdinalPostings.bestCandidates (similarity/ordinalPostings.ts), as Neo4jStore's cache does.
 */
export class FeatureIndex extends OrdinalPostings {
  /** The number of papers (stubs included, as Neo4j's count of :Paper). */
  papers = 0;

  /** A node was added (`before` null) or its properties replaced. */
  nodePut(key: string, label: NodeLabel, before: Props | null, after: Props): void {
    if (label !== 'Paper') return;
    if (before === null) this.papers++;
    const ord = this.ordinalOfPaper(key);
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
    const ord = this.ordinalOfPaper(key);
    for (const t of termWeights(props).keys()) this.remove(`Term:${t}`, ord);
  }

  /** A relationship was added to `graph` (called after the graph has it). */
  edgeAdded(graph: GraphIndex, type: RelationshipType, from: string, to: string, props: Props): void {
    if (!linkedThroughOtherMethodEdge(graph, type, from, to)) this.link(type, from, to, props);
  }

  /** A relationship's properties were replaced (a MENTIONS weight may have changed). */
  edgeUpdated(type: RelationshipType, from: string, to: string, props: Props): void {
    if (type === 'MENTIONS') this.reweigh(to, this.ordinalOfPaper(from), Number(props.weight));
  }

  /** A relationship was dropped from `graph` (called after the graph no longer has it). */
  edgeDropped(graph: GraphIndex, type: RelationshipType, from: string, to: string): void {
    if (linkedThroughOtherMethodEdge(graph, type, from, to)) return;
    for (const [key, paper] of postingsOf(type, from, to)) this.remove(key, this.ordinalOfPaper(paper));
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
      this.add(key, this.ordinalOfPaper(paper), weighted ? Number(props.weight) : 1, weighted);
    }
  }

  /** The ordinal of a paper by its node key (`Paper:id`). */
  private ordinalOfPaper(paperKey: string): number {
    return this.ordinalOf(paperKey.slice('Paper:'.length));
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
