import cytoscape, { type Core, type ElementDefinition, type LayoutOptions, type NodeSingular } from 'cytoscape';
import type { GraphEdge, GraphNode, GraphView, NodeType } from './documents.ts';
import { communityColor, edgeWidth, graphStylesheet, nodeSize, shortLabel } from './graphStyle.ts';
import type { ColourMode, ElementSnapshot } from './testHook.ts';

/** What the canvas tells the page about the user's gestures. */
export interface CanvasHandlers {
  /** A node was clicked (tapped). */
  onSelect(id: string): void;
  /** A node was double-clicked: merge its neighbourhood. */
  onExpand(id: string): void;
}

/**
 * The force-directed layout: Cytoscape's built-in `cose`, tuned on the seed graph so that labels
 * stay readable: strong repulsion with long ideal edges keeps them apart (counting label boxes as
 * node size instead makes paper titles dominate and shrinks everything when fitted). It starts from
 * the nodes' current positions (placed by the caller), so the same graph is laid out the same way
 * each time and expanding a node does not reshuffle the rest.
 */
function coseLayout(nodeCount: number, animate: boolean): LayoutOptions {
  return {
    name: 'cose',
    randomize: false,
    animate,
    animationDuration: 450,
    fit: false,
    nodeDimensionsIncludeLabels: false,
    idealEdgeLength: () => 90,
    nodeRepulsion: () => 1_000_000,
    edgeElasticity: () => 100,
    nodeOverlap: 20,
    gravity: 1,
    componentSpacing: 80,
    // Larger graphs need more rounds to settle, and take longer per round.
    numIter: nodeCount > 150 ? 1500 : 1000,
    coolingFactor: 0.97,
  };
}

/** Fitting the graph to the canvas zooms in no further than this. */
const MAX_FIT_ZOOM = 1.5;

/** The Cytoscape graph of the page: elements from `neighborhood`, merged, laid out, highlighted. */
export class GraphCanvas {
  readonly cy: Core;
  #layoutRuns = 0;
  #colourMode: ColourMode = 'type';

  constructor(container: HTMLElement, handlers: CanvasHandlers) {
    this.cy = cytoscape({
      container,
      style: graphStylesheet(),
      // Selection is the page's (the focus class): one focused node, kept in the URL.
      autounselectify: true,
      boxSelectionEnabled: false,
      minZoom: 0.15,
      maxZoom: 3,
    });
    // Cytoscape measures its container once; the page's layout can change it (panel, legend, window).
    new ResizeObserver(() => this.cy.resize()).observe(container);
    this.cy.on('tap', 'node', (event) => handlers.onSelect((event.target as NodeSingular).id()));
    this.cy.on('dbltap', 'node', (event) => handlers.onExpand((event.target as NodeSingular).id()));
    // A native tooltip with the whole label (paper titles are cut short on the canvas).
    this.cy.on('mouseover', 'node', (event) => {
      container.title = `${(event.target as NodeSingular).data('label') as string} (double-click to expand)`;
    });
    this.cy.on('mouseout', 'node', () => {
      container.title = '';
    });
  }

  get nodeCount(): number {
    return this.cy.nodes().length;
  }

  get edgeCount(): number {
    return this.cy.edges().length;
  }

  has(id: string): boolean {
    return this.cy.getElementById(id).nonempty();
  }

  /** The type of a node in the graph, or null. */
  typeOf(id: string): NodeType | null {
    const node = this.cy.getElementById(id);
    return node.nonempty() ? (node.data('type') as NodeType) : null;
  }

  /** The whole label of a node in the graph, or null. */
  labelOf(id: string): string | null {
    const node = this.cy.getElementById(id);
    return node.nonempty() ? (node.data('label') as string) : null;
  }

  /** Fills nodes by type or by community (their `community` data, from setCommunities or the view that brought them). */
  setColourMode(mode: ColourMode): void {
    this.#colourMode = mode;
    this.cy.nodes().toggleClass('by-community', mode === 'community');
  }

  /** Gives each node its community in one view of the whole drawing; nodes not in `communities` get null (drawn as "other"). */
  setCommunities(communities: ReadonlyMap<string, number>): void {
    this.cy.batch(() => {
      for (const node of this.cy.nodes()) {
        const community = communities.get(node.id()) ?? null;
        node.data({ community, communityColor: communityColor(community) });
      }
    });
  }

  /** How many nodes each community has (null: nodes outside the coloured view). */
  communityCounts(): Map<number | null, number> {
    const counts = new Map<number | null, number>();
    for (const node of this.cy.nodes()) {
      const community = (node.data('community') as number | null | undefined) ?? null;
      counts.set(community, (counts.get(community) ?? 0) + 1);
    }
    return counts;
  }

  /** Removes every element. */
  clear(): void {
    this.cy.elements().remove();
  }

  /** Shows exactly this view, laid out around `seedId`, and fits it to the canvas. */
  async replace(view: GraphView, seedId: string | null): Promise<void> {
    this.cy.elements().remove();
    this.cy.add([...view.nodes.map((node) => this.#nodeElement(node, node.community)), ...view.edges.map(edgeElement)]);
    this.#placeInRings(this.cy.nodes(), seedId, { x: 0, y: 0 });
    this.#markSeed(seedId);
    await this.#layout(false);
    this.#stretchToCanvas();
    this.cy.fit(undefined, 30);
    // A small graph would be blown up to fill the canvas; keep it at a readable size instead.
    if (this.cy.zoom() > MAX_FIT_ZOOM) {
      this.cy.zoom(MAX_FIT_ZOOM);
      this.cy.center();
    }
  }

  /**
   * Adds what of `view` is not in the graph yet, starting the new nodes around `aroundId`, and lays
   * the whole graph out again from where it was. Returns how many nodes were added.
   */
  async merge(view: GraphView, aroundId: string | null): Promise<number> {
    // The view's communities are its own; a new node has none in the drawing until setCommunities gives it one.
    const newNodes = view.nodes.filter((node) => !this.has(node.id)).map((node) => this.#nodeElement(node, null));
    const added = this.cy.add(newNodes);
    this.cy.add(view.edges.filter((edge) => !this.has(edge.id)).map(edgeElement));
    const around =
      aroundId && this.has(aroundId) && !added.contains(this.cy.getElementById(aroundId))
        ? this.cy.getElementById(aroundId).position()
        : this.#centreOfGraph();
    this.#placeInRings(added.nodes(), null, around);
    if (added.nonempty() || view.edges.length > 0) await this.#layout(true);
    return added.length;
  }

  /** Gives `id` the focus outline (and takes it from any other node); null clears it. */
  focus(id: string | null): void {
    this.cy.nodes('.focus').removeClass('focus');
    if (id !== null) this.cy.getElementById(id).addClass('focus');
  }

  /** Pans (animated) so that `id` is in view, when it is not already well inside the canvas. */
  reveal(id: string): void {
    const node = this.cy.getElementById(id);
    if (node.empty()) return;
    const { x, y } = node.renderedPosition();
    const margin = 60;
    if (x > margin && y > margin && x < this.cy.width() - margin && y < this.cy.height() - margin) return;
    this.cy.animate({ center: { eles: node }, duration: 300 });
  }

  /** Fits the canvas to some elements (all when none are given), animated. */
  fitTo(ids?: readonly string[]): void {
    const elements = ids ? this.#collect(ids) : this.cy.elements();
    if (elements.empty()) return;
    // Where a fit would end up, capped at MAX_FIT_ZOOM, then animated there.
    const before = { zoom: this.cy.zoom(), pan: { ...this.cy.pan() } };
    this.cy.fit(elements, 50);
    if (this.cy.zoom() > MAX_FIT_ZOOM) {
      this.cy.zoom(MAX_FIT_ZOOM);
      this.cy.center(elements);
    }
    const after = { zoom: this.cy.zoom(), pan: { ...this.cy.pan() } };
    this.cy.viewport(before);
    this.cy.animate({ zoom: after.zoom, pan: after.pan, duration: 300 });
  }

  /** Adds the elements of a path that are missing, marks the path and fades everything else. */
  async showPath(view: GraphView, pathEdges: readonly GraphEdge[]): Promise<void> {
    await this.merge(
      { ...view, edges: [...view.edges, ...pathEdges.filter((e) => !view.edges.some((v) => v.id === e.id))] },
      view.nodes[0]?.id ?? null,
    );
    this.clearPath();
    const onPath = this.#collect([...view.nodes.map((node) => node.id), ...pathEdges.map((edge) => edge.id)]);
    this.cy.elements().difference(onPath).addClass('faded');
    onPath.addClass('on-path');
  }

  clearPath(): void {
    this.cy.elements().removeClass('on-path faded');
  }

  /** Every node, for the test hook. */
  nodeSnapshots(): ElementSnapshot[] {
    return this.cy.nodes().map((node) => ({
      id: node.id(),
      type: node.data('type') as string,
      label: node.data('label') as string,
      classes: node.classes(),
      community: (node.data('community') as number | null | undefined) ?? null,
      color: node.style('background-color') as string,
    }));
  }

  /** Every edge, for the test hook. */
  edgeSnapshots(): ElementSnapshot[] {
    return this.cy.edges().map((edge) => ({
      id: edge.id(),
      type: edge.data('type') as string,
      label: `${edge.data('source') as string} → ${edge.data('target') as string}`,
      classes: edge.classes(),
      community: null,
      color: edge.style('line-color') as string,
    }));
  }

  /** Where a node is drawn, in CSS pixels from the canvas's top left corner; null when absent. */
  renderedPosition(id: string): { x: number; y: number } | null {
    const node = this.cy.getElementById(id);
    return node.nonempty() ? { ...node.renderedPosition() } : null;
  }

  /** True while a layout runs or the view is animating (nodes are not where they will stay). */
  get moving(): boolean {
    return this.#layoutRuns > 0 || this.cy.animated();
  }

  /**
   * Widens a layout that came out taller than the canvas (or narrows a wide one), up to 1.8 times, so
   * that fitting it zooms in further: labels are wider than tall, so a wider layout also keeps them apart.
   */
  #stretchToCanvas(): void {
    const nodes = this.cy.nodes();
    if (nodes.length < 3) return;
    const box = nodes.boundingBox({ includeLabels: false });
    if (box.w === 0 || box.h === 0) return;
    const wanted = this.cy.width() / Math.max(1, this.cy.height());
    const factor = Math.min(1.8, Math.max(1 / 1.8, wanted / (box.w / box.h)));
    const cx = (box.x1 + box.x2) / 2;
    const cy = (box.y1 + box.y2) / 2;
    const [sx, sy] = factor >= 1 ? [factor, 1] : [1, 1 / factor];
    nodes.positions((node) => {
      const p = node.position();
      return { x: cx + (p.x - cx) * sx, y: cy + (p.y - cy) * sy };
    });
  }

  /** The elements with these ids that are in the graph. */
  #collect(ids: readonly string[]): cytoscape.CollectionReturnValue {
    return ids.reduce((collection, id) => collection.union(this.cy.getElementById(id)), this.cy.collection());
  }

  #markSeed(seedId: string | null): void {
    this.cy.nodes('.seed').removeClass('seed');
    if (seedId) this.cy.getElementById(seedId).addClass('seed');
  }

  /**
   * Starting positions: the seed in the middle and the others on rings around `centre`, heaviest
   * first, so that the layout that follows is deterministic and starts untangled.
   */
  #placeInRings(nodes: cytoscape.NodeCollection, seedId: string | null, centre: { x: number; y: number }): void {
    const ordered = nodes
      .filter((node) => node.id() !== seedId)
      .sort((a, b) => (b.data('weight') as number) - (a.data('weight') as number) || (a.id() < b.id() ? -1 : 1));
    if (seedId) nodes.filter((node) => node.id() === seedId).position({ ...centre });
    let ring = 1;
    let index = 0;
    let capacity = 8;
    for (const node of ordered) {
      if (index === capacity) {
        ring += 1;
        index = 0;
        capacity = 8 * ring;
      }
      const angle = (2 * Math.PI * index) / capacity + ring * 0.4;
      node.position({ x: centre.x + 110 * ring * Math.cos(angle), y: centre.y + 110 * ring * Math.sin(angle) });
      index += 1;
    }
  }

  #centreOfGraph(): { x: number; y: number } {
    const box = this.cy.elements().boundingBox();
    return Number.isFinite(box.x1) ? { x: (box.x1 + box.x2) / 2, y: (box.y1 + box.y2) / 2 } : { x: 0, y: 0 };
  }

  #nodeElement(node: GraphNode, community: number | null): ElementDefinition {
    return {
      group: 'nodes',
      data: {
        id: node.id,
        type: node.type,
        label: node.label,
        display: shortLabel(node.label),
        weight: node.weight,
        size: nodeSize(node.weight),
        community,
        communityColor: communityColor(community),
      },
      classes: [...(this.#colourMode === 'community' ? ['by-community'] : []), ...(node.stub ? ['stub'] : [])],
    };
  }

  #layout(animate: boolean): Promise<void> {
    this.#layoutRuns += 1;
    const layout = this.cy.layout(coseLayout(this.cy.nodes().length, animate));
    const done = layout.promiseOn('layoutstop').then(() => {
      this.#layoutRuns -= 1;
    });
    layout.run();
    return done;
  }
}

function edgeElement(edge: GraphEdge): ElementDefinition {
  return {
    group: 'edges',
    data: {
      id: edge.id,
      source: edge.source,
      target: edge.target,
      type: edge.type,
      weight: edge.weight,
      width: edgeWidth(edge.type, edge.weight),
    },
  };
}
