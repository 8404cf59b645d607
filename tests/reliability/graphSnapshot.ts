import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import neo4j from 'neo4j-driver';
import { RELATIONSHIP_ENDS, type RelationshipType } from '../../src/domain/graph.ts';
import { DATABASE_FILE } from '../../src/store/embedded/database.ts';

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

function snapshotOf(
  nodes: { label: string; props: Record<string, unknown> }[],
  relationships: { type: string; from: string; to: string; props: Record<string, unknown> }[],
): GraphSnapshot {
  const counts: Record<string, number> = {};
  for (const n of nodes) counts[n.label] = (counts[n.label] ?? 0) + 1;
  for (const r of relationships) counts[r.type] = (counts[r.type] ?? 0) + 1;
  const keys = nodes.map((n) => `${n.label}:${String(n.props.id)}`);
  const lines = [
    ...nodes.map((n) => `N ${n.label} ${canonical(n.props)}`),
    ...relationships.map((r) => `R ${r.type} ${r.from} ${r.to} ${canonical(r.props)}`),
  ].sort();
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
    const relationships = await driver.executeQuery(
      'MATCH (a)-[r]->(b) RETURN type(r) AS type, labels(a)[0] + ":" + a.id AS from, labels(b)[0] + ":" + b.id AS to, properties(r) AS props',
    );
    return snapshotOf(
      nodes.records.map((r) => ({
        label: (r.get('labels') as string[]).sort().join('&'),
        props: r.get('props') as Record<string, unknown>,
      })),
      relationships.records.map((r) => ({
        type: r.get('type') as string,
        from: String(r.get('from')),
        to: String(r.get('to')),
        props: r.get('props') as Record<string, unknown>,
      })),
    );
  } finally {
    await driver.close();
  }
}

/**
 * The snapshot of an embedded store's database, read with a connection of its own (read-only),
 * after `PRAGMA integrity_check`, which throws on anything but "ok": what a crash must never leave.
 * Edge ends are node keys, `Label:id`, as in the Neo4j snapshot.
 */
export function embeddedSnapshot(dataDir: string): GraphSnapshot {
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true, fileMustExist: true });
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`${join(dataDir, DATABASE_FILE)} fails integrity_check: ${String(integrity)}`);
    const nodes = (db.prepare('SELECT label, props FROM nodes').all() as { label: string; props: string }[]).map((n) => ({
      label: n.label,
      props: JSON.parse(n.props) as Record<string, unknown>,
    }));
    const relationships = (
      db.prepare('SELECT type, source, target, props FROM relationships').all() as {
        type: RelationshipType;
        source: string;
        target: string;
        props: string;
      }[]
    ).map((r) => {
      const [fromLabel, toLabel] = RELATIONSHIP_ENDS[r.type];
      return {
        type: r.type,
        from: `${fromLabel}:${r.source}`,
        to: `${toLabel}:${r.target}`,
        props: JSON.parse(r.props) as Record<string, unknown>,
      };
    });
    return snapshotOf(nodes, relationships);
  } finally {
    db.close();
  }
}
