/**
 * What the page exposes as `window.__explorer`, for end-to-end tests and for poking at the page
 * from the browser console. Read-only views of the page's state. Types only (no DOM), so Node
 * tests can import them.
 */

/** A node or edge of the graph as drawn. */
export interface ElementSnapshot {
  id: string;
  /** NodeType or EdgeType. */
  type: string;
  /** A node's whole label; `source → target` for an edge. */
  label: string;
  /** Cytoscape classes: `focus` (the focused node), `seed`, `on-path`, `faded`, `by-community`. */
  classes: string[];
  /** A node's community in the coloured view (null when outside it, or for an edge). */
  community: number | null;
  /** The fill the canvas draws a node with (an edge's line colour), as Cytoscape reports it: `rgb(r,g,b)`. */
  color: string;
}

/** The papers the view keeps (the year range slider and the facets panel): PaperFilter fields, absent when unset. */
export interface ViewFilter {
  yearFrom?: number;
  yearTo?: number;
  venue?: string;
  author?: string;
  method?: string;
  /** Concepts every paper must mention (PaperFilter.conceptsAll), in the order chosen. */
  conceptsAll?: string[];
}

/** How nodes are filled: by their type, or by their Louvain community in the view. */
export type ColourMode = 'type' | 'community';

/**
 * The state the URL holds: `?focus=<id>&from=<concept>&to=<concept>&yearFrom=&yearTo=&venue=&author=&method=&concept=…&colour=community`.
 */
export interface ViewState {
  /** The focused node: its details are in the side panel. */
  focus: string | null;
  /** The ends of the concept path shown, both or neither. */
  from: string | null;
  to: string | null;
  /** Papers outside it are not drawn; with no focus, the first papers matching it are drawn (graphView). */
  filter: ViewFilter;
  colour: ColourMode;
}

export interface ExplorerHook {
  /** True when no request, state change, layout or view animation is in progress. */
  readonly idle: boolean;
  /** The state last applied (the URL's). */
  state(): ViewState;
  nodes(): ElementSnapshot[];
  edges(): ElementSnapshot[];
  /** Where a node is drawn, in CSS pixels from the graph canvas's top left corner; null when absent. */
  renderedPosition(id: string): { x: number; y: number } | null;
  /** The canvas's zoom level (1: model pixels are CSS pixels). */
  zoom(): number;
  /** Ids of the nodes whose neighbourhood the server cut short (`truncated`) in the current graph. */
  truncatedSeeds(): string[];
  /** The filter the facets panel last showed counts for (the applied one, once idle). */
  facetsFilter(): ViewFilter | null;
}
