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
 * A cache of what reads derive from a graph index: one map per graph, made on first use and
 * emptied by any of `events`, which graphology emits for every change, whether this process
 * wrote it or caught up with another's write. A value taken from it describes the graph as it
 * was then: take it again for each read.
 */
export function keptPerGraph<V>(events: readonly GraphEvent[]): (graph: GraphIndex) => Map<string, V> {
  const kept = new WeakMap<GraphIndex, Map<string, V>>();
  return (graph) => {
    let values = kept.get(graph);
    if (!values) {
      const fresh = new Map<string, V>();
      for (const event of events) graph.on(event, () => fresh.clear());
      kept.set(graph, fresh);
      values = fresh;
    }
    return values;
  };
}
