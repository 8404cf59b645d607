import { createHash } from 'node:crypto';
import { MultiDirectedGraph } from 'graphology';
import neo4j from 'neo4j-driver';
import { readGraphFile } from '../../src/store/embedded/graphFile.ts';

/** A store's whole content, reduced to what crash tests compare. */
export interface GraphSnapshot {
  /** Nodes per label and relationships per type. */
  counts: Record<string, number>;
  /** Nodes sharing a label and id with another: must be 0. */
  duplicates: number;
  /** Paper ids, sorted. */
  paperIds: string[];
  /** SHA-256 of every node's label, id and properties and every relationship's type, ends and properties, in a canonical order. */
  checksum: string;
}

/** JSON with object keys sorted, so equal values give equal text whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function snapshotOf(nodes: { label: string; props: Record<string, unknown> }[], relationships: { type: string; from: string; to: string; props: Record<string, unknown> }[]): GraphSnapshot {
  const counts: Record<string, number> = {};
  for (const n of nodes) counts[n.label] = (counts[n.label] ?? 0) + 1;
  for (const r of relationships) counts[r.type] = (counts[r.type] ?? 0) + 1;
  const keys = nodes.map((n) => `${n.label}:${String(n.props.id)}`);
  const lines = [...nodes.map((n) => `N ${n.label} ${canonical(n.props)}`), ...relationships.map((r) => `R ${r.type} ${r.from} ${r.to} ${canonical(r.props)}`)].sort();
  return {
    counts,
    duplicates: keys.length - new Set(keys).size,
    paperIds: nodes
      .filter((n) => n.label === 'Paper')
      .map((n) => String(n.props.id))
      .sort(),
    checksum: createHash('sha256').update(lines.join('\n')).digest('hex'),
  };
}

/** The snapshot of a Neo4j database, read with a driver of its own (any label, any type: injected ones too). */
export async function neo4jSnapshot(uri: string): Promise<GraphSnapshot> {
  const driver = neo4j.driver(uri, undefined, { disableLosslessIntegers: true });
  try {
    // PapergraphMeta holds the graph version (a random value per write): bookkeeping, not graph data.
    const nodes = await driver.executeQuery('MATCH (n) WHERE NOT n:PapergraphMeta RETURN labels(n) AS labels, properties(n) AS props');
    const relationships = await driver.executeQuery('MATCH (a)-[r]->(b) RETURN type(r) AS type, labels(a)[0] + ":" + a.id AS from, labels(b)[0] + ":" + b.id AS to, properties(r) AS props');
    return snapshotOf(
      nodes.records.map((r) => ({ label: (r.get('labels') as string[]).sort().join('&'), props: r.get('props') as Record<string, unknown> })),
      relationships.records.map((r) => ({ type: r.get('type') as string, from: String(r.get('from')), to: String(r.get('to')), props: r.get('props') as Record<string, unknown> })),
    );
  } finally {
    await driver.close();
  }
}

/**
 * The snapshot of an embedded store's graph file, read with the store's own reader (which refuses
 * a file cut short or not valid: what atomic writes must rule out). Node attributes are
 * { label, props } and edge attributes { type, props }; edge ends are node keys, `Label:id`.
 */
export async function graphFileSnapshot(file: string): Promise<GraphSnapshot> {
  const graph = new MultiDirectedGraph<{ label: string; props: Record<string, unknown> }, { type: string; props: Record<string, unknown> }>();
  if (!(await readGraphFile(file, graph))) throw new Error(`no graph file at ${file}`);
  return snapshotOf(
    graph.mapNodes((_key, attributes) => ({ label: attributes.label, props: attributes.props })),
    graph.mapEdges((_key, attributes, source, target) => ({ type: attributes.type, from: source, to: target, props: attributes.props })),
  );
}
