import { pagerank } from './graphologyLibraries.ts';
import { undirectedViewGraph, type ViewData } from './viewGraph.ts';

/** Given a view, produces the PageRank of every node key (edges undirected and weighted, damping 0.85), summing to 1. */
export function centralityOf(view: ViewData): Map<string, number> {
  const graph = undirectedViewGraph(view);
  if (graph.order === 0) return new Map();
  const ranks = pagerank(graph, { getEdgeWeight: 'weight', alpha: 0.85, maxIterations: 200, tolerance: 1e-9 });
  return new Map(graph.mapNodes((key) => [key, ranks[key] ?? 0] as const));
}
