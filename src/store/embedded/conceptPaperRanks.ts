import { compareStrings as byCodePoint } from '../readRules.ts';
import { nodeKey, type GraphIndex } from './graphIndex.ts';
import { narrowerClosure } from './paperFilter.ts';

/**
 * The papers that mention a concept (with `includeNarrower`, any concept of its narrower
 * closure), in the order of Concept.papers' default page: relevance descending (the MENTIONS
 * weight, the highest over the closure), then id ascending. `ids[i]` has relevance `weights[i]`.
 */
export interface RankedPapers {
  readonly ids: readonly string[];
  readonly weights: Float64Array;
}

/**
 * The graph events after which a ranking may be wrong: a node or relationship added or dropped
 * (a new MENTIONS, a new BROADER), or a relationship's properties replaced (a MENTIONS weight).
 * A paper's own properties do not rank it, and are read when its page is built.
 */
const CHANGE_EVENTS = [
  'nodeAdded',
  'nodeDropped',
  'edgeAdded',
  'edgeDropped',
  'cleared',
  'edgesCleared',
  'edgeAttributesUpdated',
  'eachEdgeAttributesUpdated',
] as const;

/** Per graph index: rankings by `includeNarrower|conceptId`, made on first use, all dropped by any change above. */
const kept = new WeakMap<GraphIndex, Map<string, RankedPapers>>();

function keptOf(graph: GraphIndex): Map<string, RankedPapers> {
  let rankings = kept.get(graph);
  if (!rankings) {
    const fresh = new Map<string, RankedPapers>();
    for (const event of CHANGE_EVENTS) graph.on(event, () => fresh.clear());
    kept.set(graph, fresh);
    rankings = fresh;
  }
  return rankings;
}

/**
 * The ranking of a concept's papers for the graph as it is now. A hub concept is mentioned by
 * tens of thousands of papers (44,587 for one at 100k papers): ranking them took 150 ms of the
 * event loop on every request for its first page, which stalled every other request of the
 * server. Kept until the graph changes (by this process or by catch-up with another: graphology
 * emits an event for each change), so a page always reflects the last write; take it again for
 * each read.
 */
export function conceptPaperRanks(graph: GraphIndex, conceptId: string, includeNarrower: boolean): RankedPapers {
  const rankings = keptOf(graph);
  const cacheKey = `${includeNarrower ? 1 : 0}|${conceptId}`;
  let ranked = rankings.get(cacheKey);
  if (!ranked) {
    ranked = rank(graph, conceptId, includeNarrower);
    rankings.set(cacheKey, ranked);
  }
  return ranked;
}

function rank(graph: GraphIndex, conceptId: string, includeNarrower: boolean): RankedPapers {
  const start = nodeKey('Concept', conceptId);
  const concepts = includeNarrower ? narrowerClosure(graph, start) : [start];
  const relevance = new Map<string, number>();
  for (const c of concepts) {
    if (!graph.hasNode(c)) continue;
    graph.forEachInEdge(c, (_e, a, source) => {
      if (a.type !== 'MENTIONS') return;
      const id = graph.getNodeAttribute(source, 'props').id as string;
      relevance.set(id, Math.max(relevance.get(id) ?? -Infinity, a.props.weight as number));
    });
  }
  const rows = [...relevance].sort(([idA, a], [idB, b]) => b - a || byCodePoint(idA, idB));
  return { ids: rows.map(([id]) => id), weights: Float64Array.from(rows, ([, weight]) => weight) };
}
