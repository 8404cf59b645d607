import type { RelationshipType } from '../../domain/graph.ts';
import type { GraphIndex } from './graphIndex.ts';

/** Relationship types a concept path may follow; CITES too when it may go through citations. */
const PATH_TYPES: ReadonlySet<RelationshipType> = new Set(['BROADER', 'RELATED', 'MENTIONS']);
const THROUGH_CITATIONS: ReadonlySet<RelationshipType> = new Set([...PATH_TYPES, 'CITES']);

/** The relationship types a concept path follows (through citations or not). */
export const pathTypes = (throughCitations: boolean): ReadonlySet<RelationshipType> => (throughCitations ? THROUGH_CITATIONS : PATH_TYPES);

interface Kept {
  plain: Map<string, readonly string[]>;
  citations: Map<string, readonly string[]>;
}

/** Per graph index: made on first use, emptied by any change of its structure. */
const kept = new WeakMap<GraphIndex, Kept>();

/** The events of a graphology graph that change who is whose neighbour. */
const STRUCTURE_EVENTS = ['nodeAdded', 'nodeDropped', 'edgeAdded', 'edgeDropped', 'cleared', 'edgesCleared'] as const;

function keptOf(graph: GraphIndex): Kept {
  let lists = kept.get(graph);
  if (!lists) {
    const made: Kept = { plain: new Map(), citations: new Map() };
    const forget = () => {
      made.plain.clear();
      made.citations.clear();
    };
    for (const event of STRUCTURE_EVENTS) graph.on(event, forget);
    kept.set(graph, made);
    lists = made;
  }
  return lists;
}

/**
 * The neighbours of a node through the path types (either direction; each neighbour once, in the
 * graph's edge order), as a function of the node's key. A breadth-first search of conceptPath
 * visits a paper's few MENTIONS among its many CITES, AUTHORED_BY and other edges, and a hub
 * concept's thousands of papers, on every request: the lists are made once per node from the
 * graph index and kept until its structure changes (a node or relationship added or dropped,
 * by this process or by catch-up with another: graphology emits an event for each), so they are
 * exact after every write. A relationship's properties are not in them: the edges of a path are
 * read from the graph itself.
 */
export function pathNeighbours(graph: GraphIndex, throughCitations: boolean): (key: string) => readonly string[] {
  const lists = keptOf(graph)[throughCitations ? 'citations' : 'plain'];
  const types = pathTypes(throughCitations);
  return (key) => {
    let list = lists.get(key);
    if (!list) {
      const seen = new Set<string>();
      graph.forEachEdge(key, (_e, a, source, target) => {
        if (types.has(a.type)) seen.add(source === key ? target : source);
      });
      list = [...seen];
      lists.set(key, list);
    }
    return list;
  };
}
