import { RELATIONSHIP_ENDS, type NodeLabel, type RelationshipType } from '../../domain/graph.ts';
import type { EdgeView, NodeRef } from '../GraphStore.ts';
import { edgeComesFirst, SearchMarks, type PathGraph } from '../pathSearch.ts';
import { edgeView } from '../readRules.ts';

/** One relationship of a node as cypher.pathNeighbours reads it: type, outgoing, the other end's id, weight. */
export type PathRelationship = [RelationshipType, boolean, string, number | null];

/** A node and its path relationships, as cypher.pathNeighbours reads them. */
export interface FetchedNode {
  label: NodeLabel;
  id: string;
  rels: PathRelationship[];
}

const TYPE_CODES: readonly RelationshipType[] = ['BROADER', 'RELATED', 'MENTIONS', 'CITES'];

/**
 * The path neighbours of the nodes conceptPath's searches on Neo4j have fetched so far, for one
 * graph version (PathNeighbourCache): nodes as ordinals, given as they are first met (an end of a
 * fetched relationship gets one before it is fetched itself), and for each fetched node its
 * relationships as typed arrays (other end, type and direction, weight), so that a search over
 * hub concepts with thousands of papers each walks integers, as the embedded store's does.
 */
export class FetchedPathAdjacency implements PathGraph {
  private readonly ordinals = new Map<string, number>();
  readonly labels: NodeLabel[] = [];
  readonly ids: string[] = [];
  private readonly ends: (Int32Array | undefined)[] = [];
  /** Per relationship: type code * 2 + 1 when it goes out of the node. */
  private readonly kinds: (Uint8Array | undefined)[] = [];
  private readonly weights: (Float64Array | undefined)[] = [];
  /** Relationships held, for the cache's bound. */
  relationships = 0;
  private readonly idleMarks: SearchMarks[] = [];

  /** The number of ordinals given. */
  get size(): number {
    return this.ids.length;
  }

  ordinalOf(label: NodeLabel, id: string): number {
    const key = `${label}:${id}`;
    let ordinal = this.ordinals.get(key);
    if (ordinal === undefined) {
      ordinal = this.ids.length;
      this.ordinals.set(key, ordinal);
      this.labels.push(label);
      this.ids.push(id);
    }
    return ordinal;
  }

  /** The ordinal of a node already met, or undefined. */
  find(label: NodeLabel, id: string): number | undefined {
    return this.ordinals.get(`${label}:${id}`);
  }

  /** Whether a node's relationships are here. */
  fetched(ordinal: number): boolean {
    return this.ends[ordinal] !== undefined;
  }

  /** Keeps the relationships of fetched nodes (a node already here is left as it is). */
  put(nodes: readonly FetchedNode[]): void {
    for (const node of nodes) {
      const ordinal = this.ordinalOf(node.label, node.id);
      if (this.fetched(ordinal)) continue;
      const n = node.rels.length;
      const ends = new Int32Array(n);
      const kinds = new Uint8Array(n);
      const weights = new Float64Array(n);
      node.rels.forEach(([type, out, other, weight], i) => {
        const [from, to] = RELATIONSHIP_ENDS[type];
        ends[i] = this.ordinalOf(out ? to : from, other);
        kinds[i] = TYPE_CODES.indexOf(type) * 2 + (out ? 1 : 0);
        weights[i] = weight ?? Number.NaN;
      });
      this.ends[ordinal] = ends;
      this.kinds[ordinal] = kinds;
      this.weights[ordinal] = weights;
      this.relationships += n;
    }
  }

  neighbours(ordinal: number): Int32Array {
    const ends = this.ends[ordinal];
    if (!ends) throw new Error(`conceptPath asked for the neighbours of ${this.labels[ordinal]} ${this.ids[ordinal]} before fetching them`);
    return ends;
  }

  ref(ordinal: number): NodeRef {
    return { label: this.labels[ordinal]!, id: this.ids[ordinal]! };
  }

  /**
   * The first path edge by (type, id) between two neighbours, either direction, read from the
   * relationships of whichever is fetched (a meeting node of a search is not: pathSearch.ts).
   */
  smallestEdge(ordinal: number, other: number): EdgeView {
    const [at, far] = this.fetched(ordinal) ? [ordinal, other] : [other, ordinal];
    const ends = this.neighbours(at);
    let best: EdgeView | undefined;
    for (let i = 0; i < ends.length; i++) {
      if (ends[i] !== far) continue;
      const kind = this.kinds[at]![i]!;
      const weight = this.weights[at]![i]!;
      const [from, to] = kind % 2 === 1 ? [at, far] : [far, at];
      const view = edgeView(TYPE_CODES[kind >> 1]!, this.ids[from]!, this.ids[to]!, Number.isNaN(weight) ? {} : { weight });
      if (!best || edgeComesFirst(view, best)) best = view;
    }
    if (!best) throw new Error(`no path edge between ${this.ids[ordinal]} and ${this.ids[other]}`);
    return best;
  }

  /** Visit marks for one search; give them back when it ends (searches may overlap while they fetch). */
  takeMarks(): SearchMarks {
    const marks = this.idleMarks.pop() ?? new SearchMarks(Math.max(1024, this.size));
    marks.grow(this.size);
    return marks;
  }

  giveBack(marks: SearchMarks): void {
    if (this.idleMarks.length < 4) this.idleMarks.push(marks);
  }
}

/**
 * The path neighbours conceptPath has fetched from Neo4j, for the graph version last read (one
 * adjacency for paths through citations, one for paths without), so that a search fetches only
 * the nodes no search before it fetched at this version: at 100k papers a hub concept has
 * thousands of papers, and Neo4j's own search (allShortestPaths) walked them on every request.
 * Every Papergraph write moves the version (cypher.bumpVersion), and a search reads it in its
 * first statement: a new version starts the adjacency over. Bounded by `maxRelationships`: past
 * it, the next search starts over (the one that crossed it keeps its adjacency to its end).
 */
export class PathNeighbourCache {
  private version: string | null = null;
  private readonly adjacencies = new Map<boolean, FetchedPathAdjacency>();

  constructor(private readonly maxRelationships = 3_000_000) {}

  /** The adjacency for `version` (a new one when the version moved), or null when none is kept for it. */
  current(throughCitations: boolean): { version: string; adjacency: FetchedPathAdjacency } | null {
    const adjacency = this.adjacencies.get(throughCitations);
    return this.version !== null && adjacency ? { version: this.version, adjacency } : null;
  }

  /** The adjacency to fill for `version`: the kept one if it is for this version and within bounds, else a new one, kept. */
  adjacencyFor(version: string, throughCitations: boolean): FetchedPathAdjacency {
    if (version !== this.version) {
      this.version = version;
      this.adjacencies.clear();
    }
    let adjacency = this.adjacencies.get(throughCitations);
    if (!adjacency || adjacency.relationships > this.maxRelationships) {
      adjacency = new FetchedPathAdjacency();
      this.adjacencies.set(throughCitations, adjacency);
    }
    return adjacency;
  }
}
