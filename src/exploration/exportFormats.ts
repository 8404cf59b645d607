import { NODE_TYPE_BY_LABEL } from '../server/resolvers/node.ts';
import type { NeighborhoodResult } from '../store/GraphStore.ts';
import { edgeEndKeys, viewNodeKey } from './viewGraph.ts';

/** The formats /export and `npm run export` write. */
export const EXPORT_FORMATS = ['gexf', 'graphml', 'graphology', 'cytoscape'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The content type and file extension of each format. */
export const EXPORT_MEDIA: Record<ExportFormat, { contentType: string; extension: string }> = {
  gexf: { contentType: 'application/gexf+xml; charset=utf-8', extension: 'gexf' },
  graphml: { contentType: 'application/graphml+xml; charset=utf-8', extension: 'graphml' },
  graphology: { contentType: 'application/json; charset=utf-8', extension: 'json' },
  cytoscape: { contentType: 'application/json; charset=utf-8', extension: 'cyjs' },
};

/** One node and one edge as every format writes them: keys `Label:id`, the node's type, text and degree, the edge's type and weight. */
function rows(view: NeighborhoodResult) {
  const nodes = view.nodes.map((n) => ({
    key: viewNodeKey(n.label, n.id),
    id: n.id,
    type: NODE_TYPE_BY_LABEL[n.label],
    label: n.text,
    weight: n.weight,
  }));
  const edges = view.edges.map((e) => {
    const [source, target] = edgeEndKeys(e);
    return { key: `${e.type}|${source}|${target}`, source, target, type: e.type, weight: e.weight };
  });
  return { nodes, edges };
}

const xml = (value: string | number): string =>
  String(value)
    // Characters XML 1.0 cannot hold at all are dropped.
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

/** GEXF 1.3 (Gephi): node attributes `id`, `type`, `weight`; edge attribute `relationship`, the weight as the edge's weight. */
function* gexf(view: NeighborhoodResult): Generator<string> {
  const { nodes, edges } = rows(view);
  yield '<?xml version="1.0" encoding="UTF-8"?>\n<gexf xmlns="http://gexf.net/1.3" version="1.3">\n<meta><creator>Papergraph</creator></meta>\n';
  yield '<graph defaultedgetype="directed" mode="static">\n<attributes class="node"><attribute id="id" title="id" type="string"/><attribute id="type" title="type" type="string"/><attribute id="weight" title="weight" type="double"/></attributes>\n';
  yield '<attributes class="edge"><attribute id="relationship" title="relationship" type="string"/></attributes>\n<nodes>\n';
  for (const n of nodes) {
    yield `<node id="${xml(n.key)}" label="${xml(n.label)}"><attvalues><attvalue for="id" value="${xml(n.id)}"/><attvalue for="type" value="${n.type}"/><attvalue for="weight" value="${n.weight}"/></attvalues></node>\n`;
  }
  yield '</nodes>\n<edges>\n';
  for (const e of edges) {
    yield `<edge id="${xml(e.key)}" source="${xml(e.source)}" target="${xml(e.target)}" weight="${e.weight}" label="${e.type}"><attvalues><attvalue for="relationship" value="${e.type}"/></attvalues></edge>\n`;
  }
  yield '</edges>\n</graph>\n</gexf>\n';
}

/** GraphML (Cytoscape desktop, yEd, Gephi): node keys `label`, `id`, `type`, `weight`; edge keys `type`, `weight`. */
function* graphml(view: NeighborhoodResult): Generator<string> {
  const { nodes, edges } = rows(view);
  yield '<?xml version="1.0" encoding="UTF-8"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n';
  yield '<key id="label" for="node" attr.name="label" attr.type="string"/>\n<key id="nid" for="node" attr.name="id" attr.type="string"/>\n<key id="ntype" for="node" attr.name="type" attr.type="string"/>\n<key id="nweight" for="node" attr.name="weight" attr.type="double"/>\n';
  yield '<key id="etype" for="edge" attr.name="type" attr.type="string"/>\n<key id="eweight" for="edge" attr.name="weight" attr.type="double"/>\n<graph id="papergraph" edgedefault="directed">\n';
  for (const n of nodes) {
    yield `<node id="${xml(n.key)}"><data key="label">${xml(n.label)}</data><data key="nid">${xml(n.id)}</data><data key="ntype">${n.type}</data><data key="nweight">${n.weight}</data></node>\n`;
  }
  for (const e of edges) {
    yield `<edge id="${xml(e.key)}" source="${xml(e.source)}" target="${xml(e.target)}"><data key="etype">${e.type}</data><data key="eweight">${e.weight}</data></edge>\n`;
  }
  yield '</graph>\n</graphml>\n';
}

/** graphology's serialization format (Graph.from / graph.import; sigma.js): a directed multigraph. */
function* graphology(view: NeighborhoodResult): Generator<string> {
  const { nodes, edges } = rows(view);
  yield '{"options":{"type":"directed","multi":true,"allowSelfLoops":false},"attributes":{"name":"papergraph"},"nodes":[\n';
  let first = true;
  for (const n of nodes) {
    yield `${first ? '' : ',\n'}${JSON.stringify({ key: n.key, attributes: { id: n.id, label: n.label, type: n.type, weight: n.weight } })}`;
    first = false;
  }
  yield '\n],"edges":[\n';
  first = true;
  for (const e of edges) {
    yield `${first ? '' : ',\n'}${JSON.stringify({ key: e.key, source: e.source, target: e.target, attributes: { type: e.type, weight: e.weight } })}`;
    first = false;
  }
  yield '\n]}\n';
}

/** Cytoscape.js JSON (`cy.json()` elements; Cytoscape desktop reads it as .cyjs). */
function* cytoscape(view: NeighborhoodResult): Generator<string> {
  const { nodes, edges } = rows(view);
  yield '{"format_version":"1.0","generated_by":"papergraph","elements":{"nodes":[\n';
  let first = true;
  for (const n of nodes) {
    yield `${first ? '' : ',\n'}${JSON.stringify({ data: { id: n.key, nodeId: n.id, label: n.label, type: n.type, weight: n.weight } })}`;
    first = false;
  }
  yield '\n],"edges":[\n';
  first = true;
  for (const e of edges) {
    yield `${first ? '' : ',\n'}${JSON.stringify({ data: { id: e.key, source: e.source, target: e.target, type: e.type, weight: e.weight } })}`;
    first = false;
  }
  yield '\n]}}\n';
}

const WRITERS: Record<ExportFormat, (view: NeighborhoodResult) => Generator<string>> = { gexf, graphml, graphology, cytoscape };

/** Given a graph view and a format, produces the file as chunks (one per node or edge), to stream without building it whole. */
export function exportChunks(view: NeighborhoodResult, format: ExportFormat): Generator<string> {
  return WRITERS[format](view);
}
