import type { EdgeType, NodeType } from './documents.ts';
import { h } from './dom.ts';
import { COMMUNITY_COLORS, communityColor, EDGE_LOOKS, NODE_LOOKS, PATH_COLOR, STUB_STYLE } from './graphStyle.ts';

const SVG = 'http://www.w3.org/2000/svg';

function svgElement(tag: string, attributes: Record<string, string | number>): SVGElement {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  return element;
}

/** The SVG outline of a node shape in a 16×16 box. */
function shapeOf(shape: (typeof NODE_LOOKS)[NodeType]['shape'], fill: string): SVGElement {
  switch (shape) {
    case 'ellipse':
      return svgElement('circle', { cx: 8, cy: 8, r: 6.5, fill });
    case 'diamond':
      return svgElement('polygon', { points: '8,1 15,8 8,15 1,8', fill });
    case 'hexagon':
      return svgElement('polygon', { points: '4,1.5 12,1.5 15.5,8 12,14.5 4,14.5 0.5,8', fill });
    case 'round-rectangle':
      return svgElement('rect', { x: 1, y: 3, width: 14, height: 10, rx: 2.5, fill });
    case 'triangle':
      return svgElement('polygon', { points: '8,1.5 15,14.5 1,14.5', fill });
  }
}

/** A small picture of a node type, as drawn in the graph (colour and shape). Decorative: hidden from screen readers. */
export function typeSwatch(type: NodeType): SVGElement {
  const svg = svgElement('svg', { width: 16, height: 16, viewBox: '0 0 16 16', class: 'swatch', 'aria-hidden': 'true' });
  svg.append(shapeOf(NODE_LOOKS[type].shape, NODE_LOOKS[type].color));
  return svg;
}

const DASHES: Record<(typeof EDGE_LOOKS)[EdgeType]['style'], string | null> = { solid: null, dashed: '6 4', dotted: '1.5 3' };

/** A short line drawn as the graph draws a relationship type (colour, dashes, arrow). */
function edgeSample(color: string, style: keyof typeof DASHES, arrow: boolean, width = 2): SVGElement {
  const svg = svgElement('svg', { width: 34, height: 12, viewBox: '0 0 34 12', class: 'swatch', 'aria-hidden': 'true' });
  const line = svgElement('line', {
    x1: 1,
    y1: 6,
    x2: arrow ? 26 : 33,
    y2: 6,
    stroke: color,
    'stroke-width': width,
    'stroke-linecap': style === 'dotted' ? 'round' : 'butt',
  });
  const dashes = DASHES[style];
  if (dashes) line.setAttribute('stroke-dasharray', dashes);
  svg.append(line);
  if (arrow) svg.append(svgElement('polygon', { points: '25,2 33,6 25,10', fill: color }));
  return svg;
}

/**
 * Fills the legend: node types (colour and shape), relationship types (colour, line, arrow), the
 * path highlight, and what size and width mean. Made from the same tables as the graph's style.
 */
export function renderLegend(container: HTMLElement): void {
  const nodeItems = (Object.keys(NODE_LOOKS) as NodeType[]).map((type) => h('li', {}, typeSwatch(type), NODE_LOOKS[type].label));
  nodeItems.splice(1, 0, h('li', {}, stubSwatch(), 'Stub paper (cited, not imported)'));
  const edgeItems = (Object.keys(EDGE_LOOKS) as EdgeType[]).map((type) => {
    const look = EDGE_LOOKS[type];
    return h('li', {}, edgeSample(look.color, look.style, look.arrow !== 'none'), look.label);
  });
  container.replaceChildren(
    h('h2', {}, 'Legend'),
    h('ul', { class: 'legend-nodes' }, nodeItems),
    h('ul', { class: 'legend-edges' }, edgeItems, h('li', {}, edgeSample(PATH_COLOR, 'solid', false, 4), 'concept path')),
    h(
      'p',
      { class: 'legend-note' },
      'Node size: its number of links. Line width: mention and relation weight. Double-click a node to expand it.',
    ),
  );
}

/** A stub paper as the graph draws it (graphStyle.STUB_STYLE): hollow, dashed outline. Decorative. */
function stubSwatch(): SVGElement {
  const svg = svgElement('svg', { width: 16, height: 16, viewBox: '0 0 16 16', class: 'swatch', 'aria-hidden': 'true' });
  svg.append(
    svgElement('rect', {
      x: 1.5,
      y: 3.5,
      width: 13,
      height: 9,
      rx: 2.5,
      fill: NODE_LOOKS.PAPER.color,
      'fill-opacity': STUB_STYLE['background-opacity'],
      stroke: STUB_STYLE['border-color'],
      'stroke-width': 1.5,
      'stroke-dasharray': '3 2',
    }),
  );
  return svg;
}

/** A filled circle of a community's colour. Decorative: the text beside it names the community. */
function communitySwatch(color: string): SVGElement {
  const svg = svgElement('svg', { width: 14, height: 14, viewBox: '0 0 14 14', class: 'swatch', 'aria-hidden': 'true' });
  svg.append(svgElement('circle', { cx: 7, cy: 7, r: 6, fill: color, stroke: '#57606a', 'stroke-width': 0.5 }));
  return svg;
}

/**
 * Fills the community legend: one entry per community drawn (numbered from 1, largest first, as
 * the server numbers them from 0) with its colour and node count; communities past the palette
 * share one grey entry, as do nodes outside the coloured view (`community` null). Empty when
 * `counts` is null (colour by type).
 */
export function renderCommunityLegend(container: HTMLElement, counts: ReadonlyMap<number | null, number> | null): void {
  if (!counts) {
    container.replaceChildren();
    container.hidden = true;
    return;
  }
  const items: HTMLElement[] = [];
  let others = 0;
  for (const [community, count] of [...counts].sort(([a], [b]) => (a ?? Infinity) - (b ?? Infinity))) {
    if (community === null || community >= COMMUNITY_COLORS.length) others += count;
    else {
      items.push(
        h('li', { 'data-community': community }, communitySwatch(communityColor(community)), `Community ${community + 1} (${count})`),
      );
    }
  }
  if (others > 0) items.push(h('li', { 'data-community': 'other' }, communitySwatch(communityColor(null)), `Other (${others})`));
  container.hidden = false;
  container.replaceChildren(
    h('h3', {}, 'Communities'),
    h('ul', { class: 'legend-communities' }, items),
    h('p', { class: 'legend-note' }, 'Louvain communities of the view, computed by the server; shape still shows the type.'),
  );
}
