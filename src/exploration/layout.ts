import { forceAtlas2 } from './graphologyLibraries.ts';
import { seededRandom } from './seededRandom.ts';
import { undirectedViewGraph, type ViewData } from './viewGraph.ts';

/** The layout's fixed parameters: the same view always gets the same positions. */
export const LAYOUT = { seed: 15, iterations: 100, barnesHutAbove: 250 } as const;

/**
 * Given a view, produces x/y positions per node key: ForceAtlas2 (graphology-layout-forceatlas2,
 * edge weights, settings inferred from the size, Barnes-Hut above LAYOUT.barnesHutAbove nodes) for
 * LAYOUT.iterations steps from seeded random positions, rounded to 1e-6.
 */
export function layoutOf(view: ViewData): Map<string, { x: number; y: number }> {
  const graph = undirectedViewGraph(view);
  const random = seededRandom(LAYOUT.seed);
  graph.forEachNode((key) => graph.mergeNodeAttributes(key, { x: random() * 100, y: random() * 100 }));
  if (graph.order === 0) return new Map();
  const settings = { ...forceAtlas2.inferSettings(graph), barnesHutOptimize: graph.order > LAYOUT.barnesHutAbove };
  const positions = forceAtlas2(graph, { iterations: LAYOUT.iterations, settings, getEdgeWeight: 'weight' });
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  return new Map(Object.entries(positions).map(([key, p]) => [key, { x: round(p.x), y: round(p.y) }]));
}
