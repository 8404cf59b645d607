import type { RelationshipType } from '../../domain/graph.ts';
import { compareStrings as byCodePoint } from '../readRules.ts';
import type { GraphIndex } from './graphIndex.ts';
import { keptPerGraph, STRUCTURE_EVENTS } from './keptPerGraph.ts';

/**
 * A node's neighbours in either direction, one entry per relationship, in the order a
 * neighbourhood keeps nodes within one distance: by id, then by label. Entry `i` is the node at
 * `keys[i]` (id `ids[i]`, label `labels[i]`), reached through a relationship of type `types[i]`.
 */
export interface SortedNeighbours {
  readonly keys: readonly string[];
  readonly ids: readonly string[];
  readonly labels: readonly string[];
  readonly types: readonly RelationshipType[];
}

/**
 * Lists of nodes with at least this many relationships are kept; smaller ones are cheaper to
 * sort again than to hold for every node of the graph.
 */
const KEEP_FROM_DEGREE = 64;

/** The kept lists by node key, per graph index, all dropped by any change of its structure. */
const kept = keptPerGraph<SortedNeighbours>(STRUCTURE_EVENTS);

/**
 * The sorted neighbours of the node at `key` (which the graph must have) as the graph is now.
 * A hub concept has tens of thousands: a neighbourhood that reaches it reads them in this order
 * and stops once it has the few it keeps, instead of collecting, labelling and ordering them all
 * on every request. A hub's list is kept until the graph's structure changes (by this process or
 * by catch-up with another: graphology emits an event for each change); take it again for each read.
 */
export function sortedNeighbours(graph: GraphIndex, key: string): SortedNeighbours {
  return kept(
    graph,
    key,
    () => sortNeighbours(graph, key),
    (list) => list.keys.length >= KEEP_FROM_DEGREE,
  );
}

/** The neighbours of the node at `key`, one entry per relationship, ordered by (id, label). */
function sortNeighbours(graph: GraphIndex, key: string): SortedNeighbours {
  const entries: { key: string; id: string; label: string; type: RelationshipType }[] = [];
  graph.forEachEdge(key, (_e, a, source, target) => {
    const other = source === key ? target : source;
    const { label, props } = graph.getNodeAttributes(other);
    entries.push({ key: other, id: props.id as string, label, type: a.type });
  });
  entries.sort((a, b) => byCodePoint(a.id, b.id) || byCodePoint(a.label, b.label));
  return {
    keys: entries.map((e) => e.key),
    ids: entries.map((e) => e.id),
    labels: entries.map((e) => e.label),
    types: entries.map((e) => e.type),
  };
}
