import type { GraphIndex } from './graphIndex.ts';

/** An event a graph index emits. */
type GraphEvent = Parameters<GraphIndex['on']>[0];

/** The events of a graphology graph that change who is whose neighbour. */
export const STRUCTURE_EVENTS = [
  'nodeAdded',
  'nodeDropped',
  'edgeAdded',
  'edgeDropped',
  'cleared',
  'edgesCleared',
] as const satisfies GraphEvent[];

/** The events of a graphology graph that replace or change a relationship's properties. */
export const RELATIONSHIP_PROPERTY_EVENTS = ['edgeAttributesUpdated', 'eachEdgeAttributesUpdated'] as const satisfies GraphEvent[];

/**
 * Looks up, or makes, a value derived from a graph index: `kept(graph, key, make)` returns the
 * value kept for `key`, or makes it with `make` and keeps it when `keep` (default: always) says
 * so. `keep` lets a caller hold only the values worth holding (sortedNeighbours keeps the lists
 * of hubs, not of every node).
 */
export type KeptPerGraph<V> = (graph: GraphIndex, key: string, make: () => V, keep?: (value: V) => boolean) => V;

/**
 * A cache of what reads derive from a graph index: one map per graph, made on first use and
 * emptied by any of `events`, which graphology emits for every change, whether this process
 * wrote it or caught up with another's write. A value taken from it describes the graph as it
 * was then: take it again for each read.
 */
export function keptPerGraph<V>(events: readonly GraphEvent[]): KeptPerGraph<V> {
  const kept = new WeakMap<GraphIndex, Map<string, V>>();
  const valuesOf = (graph: GraphIndex): Map<string, V> => {
    let values = kept.get(graph);
    if (!values) {
      const fresh = new Map<string, V>();
      for (const event of events) graph.on(event, () => fresh.clear());
      kept.set(graph, fresh);
      values = fresh;
    }
    return values;
  };
  return (graph, key, make, keep) => {
    const values = valuesOf(graph);
    const known = values.get(key);
    if (known !== undefined) return known;
    const value = make();
    if (!keep || keep(value)) values.set(key, value);
    return value;
  };
}
