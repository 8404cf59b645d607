import type { GraphNodeView, NeighborhoodResult } from '../store/GraphStore.ts';
import { centralityOf } from './centrality.ts';
import { communitiesOf } from './communities.ts';
import { layoutOf } from './layout.ts';
import { viewNodeKey, type ViewData } from './viewGraph.ts';

/** Communities, centrality and layout of one view, each computed the first time a node asks for it. */
class ViewAnalysis {
  private communities: Map<string, number> | null = null;
  private centrality: Map<string, number> | null = null;
  private positions: Map<string, { x: number; y: number }> | null = null;
  constructor(private readonly view: ViewData) {}
  community(key: string): number {
    return (this.communities ??= communitiesOf(this.view)).get(key) ?? 0;
  }
  centralityOf(key: string): number {
    return (this.centrality ??= centralityOf(this.view)).get(key) ?? 0;
  }
  position(key: string): { x: number; y: number } {
    return (this.positions ??= layoutOf(this.view)).get(key) ?? { x: 0, y: 0 };
  }
}

const analyses = new WeakMap<GraphNodeView, ViewAnalysis>();

/** Registers a view's nodes so that nodeAnalysis can answer for them; returns the view. Nothing is computed until asked. */
export function analysable<V extends NeighborhoodResult>(view: V): V {
  const analysis = new ViewAnalysis(view);
  for (const node of view.nodes) analyses.set(node, analysis);
  return view;
}

/** The community, centrality and position of a node of a view registered with analysable (computed once per view, on first use). */
export function nodeAnalysis(node: GraphNodeView): { community: () => number; centrality: () => number; x: () => number; y: () => number } {
  const analysis = analyses.get(node) ?? new ViewAnalysis({ nodes: [node], edges: [] });
  const key = viewNodeKey(node.label, node.id);
  return {
    community: () => analysis.community(key),
    centrality: () => analysis.centralityOf(key),
    x: () => analysis.position(key).x,
    y: () => analysis.position(key).y,
  };
}
