import { compareStrings as byCodePoint } from '../readRules.ts';
import { nodeKey, type GraphIndex } from './graphIndex.ts';
import { keptPerGraph, RELATIONSHIP_PROPERTY_EVENTS, STRUCTURE_EVENTS } from './keptPerGraph.ts';
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
 * Rankings by `includeNarrower|conceptId`, per graph index, all dropped when a ranking may be
 * wrong: a node or relationship added or dropped (a new MENTIONS, a new BROADER), or a
 * relationship's properties replaced (a MENTIONS weight). A paper's own properties do not rank
 * it, and are read when its page is built.
 */
const kept = keptPerGraph<RankedPapers>([...STRUCTURE_EVENTS, ...RELATIONSHIP_PROPERTY_EVENTS]);

/**
 * The ranking of a concept's papers for the graph as it is now. A hub concept is mentioned by
 * tens of thousands of papers (44,587 for one at 100k papers): ranking them took 150 ms of the
 * event loop on every request for its first page, which stalled every other request of the
 * server. Kept until the graph changes (by this process or by catch-up with another: graphology
 * emits an event for each change), so a page always reflects the last write; take it again for
 * each read.
 */
export function conceptPaperRanks(graph: GraphIndex, conceptId: string, includeNarrower: boolean): RankedPapers {
  return kept(graph, `${includeNarrower ? 1 : 0}|${conceptId}`, () => rank(graph, conceptId, includeNarrower));
}

function rank(graph: GraphIndex, conceptId: string, includeNarrower: boolean): RankedPapers {
  const rows = [...conceptRelevance(graph, conceptId, includeNarrower)].sort(([idA, a], [idB, b]) => b - a || byCodePoint(idA, idB));
  return { ids: rows.map(([id]) => id), weights: Float64Array.from(rows, ([, weight]) => weight) };
}

/**
 * The relevance of each paper that mentions the concept (with `includeNarrower`, any concept of
 * its narrower closure), by paper id: its MENTIONS weight, the highest over the closure.
 */
export function conceptRelevance(graph: GraphIndex, conceptId: string, includeNarrower: boolean): Map<string, number> {
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
  return relevance;
}
