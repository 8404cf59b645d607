import type { StylesheetJson } from 'cytoscape';
import type { EdgeType, NodeType } from './documents.ts';

/**
 * How each node and relationship type looks. The graph's stylesheet and the legend are both made
 * from these tables, so they cannot disagree. Colours are the Okabe-Ito palette (distinguishable
 * with the common colour-vision deficiencies), and shape and line style repeat what colour says.
 */
export interface NodeLook {
  label: string;
  color: string;
  shape: 'round-rectangle' | 'ellipse' | 'diamond' | 'hexagon' | 'triangle';
}

export interface EdgeLook {
  label: string;
  color: string;
  style: 'solid' | 'dashed' | 'dotted';
  /** Arrow at the target end; `none` for relationships read both ways. */
  arrow: 'triangle' | 'vee' | 'none';
  /** True when the edge's weight carries information (its width shows it). */
  weighted: boolean;
}

export const NODE_LOOKS: Readonly<Record<NodeType, NodeLook>> = {
  PAPER: { label: 'Paper', color: '#0072B2', shape: 'round-rectangle' },
  CONCEPT: { label: 'Concept', color: '#E69F00', shape: 'ellipse' },
  METHOD: { label: 'Method', color: '#009E73', shape: 'diamond' },
  REPOSITORY: { label: 'Repository', color: '#CC79A7', shape: 'hexagon' },
  AUTHOR: { label: 'Author', color: '#6E7781', shape: 'triangle' },
};

export const EDGE_LOOKS: Readonly<Record<EdgeType, EdgeLook>> = {
  MENTIONS: { label: 'mentions (paper → concept)', color: '#8C959F', style: 'solid', arrow: 'none', weighted: true },
  PROPOSES: { label: 'proposes (paper → method)', color: '#009E73', style: 'solid', arrow: 'triangle', weighted: false },
  USES: { label: 'uses (paper → method)', color: '#009E73', style: 'dashed', arrow: 'triangle', weighted: false },
  APPLIES: { label: 'applies (method → concept)', color: '#56B4E9', style: 'dotted', arrow: 'vee', weighted: false },
  HAS_CODE: { label: 'has code (paper → repository)', color: '#CC79A7', style: 'solid', arrow: 'triangle', weighted: false },
  BROADER: { label: 'broader (concept → concept)', color: '#D55E00', style: 'solid', arrow: 'triangle', weighted: false },
  RELATED: { label: 'related (concept – concept)', color: '#D55E00', style: 'dashed', arrow: 'none', weighted: true },
  AUTHORED_BY: { label: 'authored by (paper → author)', color: '#6E7781', style: 'dotted', arrow: 'none', weighted: false },
  CITES: { label: 'cites (paper → paper)', color: '#0072B2', style: 'dashed', arrow: 'vee', weighted: false },
};

/**
 * Community colours, for "colour by community": twelve distinguishable hues (Okabe-Ito, then Paul
 * Tol's muted scheme), community 0 (the largest) first; later communities share OTHER_COMMUNITY_COLOR.
 */
export const COMMUNITY_COLORS: readonly string[] = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#F0E442',
  '#332288',
  '#88CCEE',
  '#117733',
  '#AA4499',
  '#999933',
];
/** The colour of communities past COMMUNITY_COLORS, and of nodes the coloured view did not hold. */
export const OTHER_COMMUNITY_COLOR = '#BFC5CC';

/** The fill of a community's nodes. */
export function communityColor(community: number | null): string {
  return community === null ? OTHER_COMMUNITY_COLOR : (COMMUNITY_COLORS[community] ?? OTHER_COMMUNITY_COLOR);
}

/** How a stub paper is drawn: hollow, with a dashed outline in the paper colour (the legend shows the same). */
export const STUB_STYLE = {
  'background-opacity': 0.15,
  'border-width': 2,
  'border-style': 'dashed',
  'border-color': NODE_LOOKS.PAPER.color,
} as const;

/** The colour of what is on the shown concept path. */
export const PATH_COLOR = '#C2185B';
/** The outline of the focused (selected) node. */
export const SELECTED_COLOR = '#1F2328';

/** A node's diameter in pixels for its weight (its degree): grows with the square root, capped. */
export function nodeSize(weight: number): number {
  return Math.min(72, 16 + 6 * Math.sqrt(Math.max(0, weight)));
}

/** An edge's width in pixels: its weight (0 to 1) for weighted types, a constant otherwise. */
export function edgeWidth(type: EdgeType, weight: number): number {
  return EDGE_LOOKS[type].weighted ? 0.75 + 3.25 * Math.min(1, Math.max(0, weight)) : 1.5;
}

/** Paper titles are long: the graph shows this many characters and the panel shows the rest. */
const MAX_LABEL_LENGTH = 48;

/** The text drawn under a node. */
export function shortLabel(label: string): string {
  return label.length <= MAX_LABEL_LENGTH ? label : `${label.slice(0, MAX_LABEL_LENGTH - 1).trimEnd()}…`;
}

/** The page's font stack: system fonts only (nothing is downloaded). */
export const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/** The Cytoscape stylesheet: node colour and shape by type, edge colour, line and arrow by type. */
export function graphStylesheet(): StylesheetJson {
  return [
    {
      selector: 'node',
      style: {
        width: 'data(size)',
        height: 'data(size)',
        label: 'data(display)',
        'font-family': FONT_FAMILY,
        'font-size': 14,
        color: '#1F2328',
        'text-valign': 'bottom',
        'text-margin-y': 4,
        'text-wrap': 'wrap',
        'text-max-width': '170px',
        'text-background-color': '#FFFFFF',
        'text-background-opacity': 0.8,
        'text-background-padding': '1px',
        'text-background-shape': 'roundrectangle',
        'min-zoomed-font-size': 7,
        'border-width': 1,
        'border-color': '#FFFFFF',
      },
    },
    ...Object.entries(NODE_LOOKS).map(([type, look]) => ({
      selector: `node[type = "${type}"]`,
      style: { 'background-color': look.color, shape: look.shape },
    })),
    // Colour by community: the fill says the community; the shape still says the type.
    { selector: 'node[communityColor].by-community', style: { 'background-color': 'data(communityColor)' } },
    { selector: 'node.seed', style: { 'font-weight': 'bold', 'font-size': 13 } },
    // A stub (a cited work known only from a reference) is drawn apart: hollow, with a dashed outline.
    { selector: 'node.stub', style: STUB_STYLE },
    {
      selector: 'edge',
      style: {
        width: 'data(width)',
        'curve-style': 'bezier',
        opacity: 0.6,
        'arrow-scale': 0.9,
      },
    },
    ...Object.entries(EDGE_LOOKS).map(([type, look]) => ({
      selector: `edge[type = "${type}"]`,
      style: { 'line-color': look.color, 'target-arrow-color': look.color, 'line-style': look.style, 'target-arrow-shape': look.arrow },
    })),
    { selector: '.faded', style: { opacity: 0.18 } },
    {
      selector: 'node.on-path',
      style: { 'border-width': 4, 'border-color': PATH_COLOR, opacity: 1, 'font-weight': 'bold', 'z-index': 10 },
    },
    {
      selector: 'edge.on-path',
      style: { 'line-color': PATH_COLOR, 'target-arrow-color': PATH_COLOR, width: 5, opacity: 1, 'line-style': 'solid', 'z-index': 10 },
    },
    { selector: 'node.focus', style: { 'border-width': 4, 'border-color': SELECTED_COLOR, opacity: 1, 'z-index': 20 } },
  ];
}
