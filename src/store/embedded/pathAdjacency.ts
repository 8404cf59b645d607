import type { RelationshipType } from '../../domain/graph.ts';
import type { GraphIndex } from './graphIndex.ts';
import { keptPerGraph, STRUCTURE_EVENTS } from './keptPerGraph.ts';
import { pathTypeList, SearchMarks, type PathGraph } from '../pathSearch.ts';

/** The relationship types a concept path follows (through citations or not), as a set. */
const PATH_TYPE_SETS = { plain: new Set(pathTypeList(false)), citations: new Set(pathTypeList(true)) };
export const pathTypes = (throughCitations: boolean): ReadonlySet<RelationshipType> =>
  throughCitations ? PATH_TYPE_SETS.citations : PATH_TYPE_SETS.plain;

/**
 * The neighbours of nodes through the path types, with nodes as small integers (ordinals), for
 * one state of the graph's structure. A breadth-first search of conceptPath visits a hub concept's
 * thousands of papers, and a paper's few MENTIONS among its many CITES, AUTHORED_BY and other
 * edges, on every request: each node's list is made once from the graph index, and a search marks
 * typed arrays instead of filling maps keyed by strings (at 100k papers, 3.4 ms of server CPU per
 * conceptPath request against 8.5 ms with maps). Ordinals are given as nodes are first met, so
 * they stay below the node count the adjacency was made at: the graph's structure cannot change
 * while it lives (see `pathAdjacency`). A relationship's properties are not here: the edges of a
 * path are read from the graph itself.
 */
export class PathAdjacency implements PathGraph {
  private readonly ordinals = new Map<string, number>();
  /** Ordinal -> node key. */
  readonly keys: string[] = [];
  /** Ordinal -> node id (the `id` property), which orders paths. */
  readonly ids: string[] = [];
  private readonly lists: (Int32Array | undefined)[] = [];
  private searchMarks: SearchMarks | undefined;

  constructor(
    private readonly graph: GraphIndex,
    private readonly types: ReadonlySet<RelationshipType>,
  ) {}

  /** The ordinal of the node at `key`, which the graph must have. */
  ordinalOf(key: string): number {
    let ordinal = this.ordinals.get(key);
    if (ordinal === undefined) {
      ordinal = this.keys.length;
      this.ordinals.set(key, ordinal);
      this.keys.push(key);
      this.ids.push(this.graph.getNodeAttribute(key, 'props').id as string);
    }
    return ordinal;
  }

  /** The neighbours of a node through the path types (either direction; each once, in the graph's edge order). */
  neighbours(ordinal: number): Int32Array {
    let list = this.lists[ordinal];
    if (!list) {
      const key = this.keys[ordinal]!;
      const seen = new Set<number>();
      this.graph.forEachEdge(key, (_e, a, source, target) => {
        if (this.types.has(a.type)) seen.add(this.ordinalOf(source === key ? target : source));
      });
      list = Int32Array.from(seen);
      this.lists[ordinal] = list;
    }
    return list;
  }

  /** The marks searches over this adjacency share (searches here are synchronous), sized for every node of the graph. */
  marks(): SearchMarks {
    return (this.searchMarks ??= new SearchMarks(this.graph.order));
  }
}

/** The adjacencies (plain, through citations), per graph index, dropped by any change of its structure. */
const kept = keptPerGraph<PathAdjacency>(STRUCTURE_EVENTS);

/**
 * The path adjacency of the graph's current structure. It is dropped as soon as a node or
 * relationship is added or dropped (by this process or by catch-up with another: graphology emits
 * an event for each), so a search always sees the graph as it is after the last write. Take it
 * again for each search: one taken before a write describes the graph before it.
 */
export function pathAdjacency(graph: GraphIndex, throughCitations: boolean): PathAdjacency {
  return kept(graph, throughCitations ? 'citations' : 'plain', () => new PathAdjacency(graph, pathTypes(throughCitations)));
}
