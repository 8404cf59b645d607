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
  /** Cytoscape classes: `focus` (the focused node), `seed`, `on-path`, `faded`. */
  classes: string[];
}

/** The state the URL holds: `?focus=<id>&from=<concept>&to=<concept>`. */
export interface ViewState {
  /** The focused node: its details are in the side panel. */
  focus: string | null;
  /** The ends of the concept path shown, both or neither. */
  from: string | null;
  to: string | null;
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
}
