import { louvain } from './graphologyLibraries.ts';
import { compareStrings } from '../store/readRules.ts';
import { seededRandom } from './seededRandom.ts';
import { undirectedViewGraph, type ViewData } from './viewGraph.ts';

/** Louvain's random seed: fixed, so that the same view always gets the same communities. */
export const COMMUNITY_SEED = 15;

/**
 * Given a view, produces a community per node key (viewGraph.viewNodeKey): Louvain modularity
 * (graphology-communities-louvain, edge weights, seeded RNG), renumbered so that 0 is the largest
 * community and ties go to the community whose smallest key comes first.
 */
export function communitiesOf(view: ViewData): Map<string, number> {
  const graph = undirectedViewGraph(view);
  const raw = graph.order === 0 ? {} : louvain(graph, { getEdgeWeight: 'weight', rng: seededRandom(COMMUNITY_SEED) });
  const members = new Map<number, string[]>();
  graph.forEachNode((key) => {
    const c = raw[key] ?? -1;
    members.set(c, [...(members.get(c) ?? []), key]);
  });
  const ranked = [...members.values()].map((keys) => keys.sort(compareStrings));
  ranked.sort((a, b) => b.length - a.length || compareStrings(a[0]!, b[0]!));
  const out = new Map<string, number>();
  ranked.forEach((keys, i) => keys.forEach((k) => out.set(k, i)));
  return out;
}
