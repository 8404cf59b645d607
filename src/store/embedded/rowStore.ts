import type Database from 'better-sqlite3';
import type { NodeLabel, RelationshipType } from '../../domain/graph.ts';

/** A node row as the database holds it: props as JSON text. */
export interface NodeRowText {
  label: NodeLabel;
  id: string;
  props: string;
}
/** A relationship row as the database holds it: the ends' ids, props as JSON text. */
export interface RelationshipRowText {
  type: RelationshipType;
  source: string;
  target: string;
  props: string;
}

/** The database's counters (database.ts, meta table). */
export interface DatabaseVersion {
  version: number;
  generation: number;
}

/**
 * The embedded store's SQL, as prepared statements over one connection: the only file that
 * speaks SQL to the database. Writes must run inside a transaction the caller holds
 * (writeLock.ts); reads that must agree with each other run in one (`snapshot`).
 */
export class RowStore {
  private readonly statements;

  constructor(private readonly db: Database.Database) {
    const prepare = (sql: string) => db.prepare(sql);
    this.statements = {
      dataVersion: db.prepare('PRAGMA data_version').pluck(),
      meta: prepare(`SELECT key, value FROM meta WHERE key IN ('version', 'generation')`),
      bumpVersion: prepare(`UPDATE meta SET value = value + 1 WHERE key = 'version' RETURNING value`).pluck(),
      bumpGeneration: prepare(`UPDATE meta SET value = value + 1 WHERE key = 'generation'`),
      putNode: prepare(
        'INSERT INTO nodes (label, id, props, seq) VALUES (?, ?, ?, ?) ON CONFLICT (label, id) DO UPDATE SET props = excluded.props, seq = excluded.seq',
      ),
      putRelationship: prepare(
        'INSERT INTO relationships (type, source, target, props, seq) VALUES (?, ?, ?, ?, ?) ON CONFLICT (type, source, target) DO UPDATE SET props = excluded.props, seq = excluded.seq',
      ),
      deleteNode: prepare('DELETE FROM nodes WHERE label = ? AND id = ?'),
      deleteRelationship: prepare('DELETE FROM relationships WHERE type = ? AND source = ? AND target = ?'),
      tombstone: prepare('INSERT INTO tombstones (key, seq) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET seq = excluded.seq'),
      nodesSince: prepare('SELECT label, id, props FROM nodes WHERE seq > ?'),
      relationshipsSince: prepare('SELECT type, source, target, props FROM relationships WHERE seq > ?'),
      tombstonesSince: prepare('SELECT key FROM tombstones WHERE seq > ?').pluck(),
      allNodes: prepare('SELECT label, id, props FROM nodes').raw(),
      allRelationships: prepare('SELECT type, source, target, props FROM relationships').raw(),
      anyNode: prepare('SELECT 1 FROM nodes LIMIT 1').pluck(),
    };
  }

  /** Changes whenever another connection commits (SQLite's PRAGMA data_version): the cheap check before every read. */
  dataVersion(): number {
    return this.statements.dataVersion.get() as number;
  }

  version(): DatabaseVersion {
    const rows = this.statements.meta.all() as { key: string; value: number }[];
    const value = (key: string) => rows.find((r) => r.key === key)?.value ?? 0;
    return { version: value('version'), generation: value('generation') };
  }

  /** The version of the write in progress: every row it writes carries it as seq. */
  nextVersion(): number {
    return this.statements.bumpVersion.get() as number;
  }

  putNode(label: NodeLabel, id: string, props: string, seq: number): void {
    this.statements.putNode.run(label, id, props, seq);
  }

  putRelationship(type: RelationshipType, source: string, target: string, props: string, seq: number): void {
    this.statements.putRelationship.run(type, source, target, props, seq);
  }

  /** Deletes a node row and leaves a tombstone (its index key) for other processes. */
  deleteNode(label: NodeLabel, id: string, key: string, seq: number): void {
    this.statements.deleteNode.run(label, id);
    this.statements.tombstone.run(key, seq);
  }

  deleteRelationship(type: RelationshipType, source: string, target: string, key: string, seq: number): void {
    this.statements.deleteRelationship.run(type, source, target);
    this.statements.tombstone.run(key, seq);
  }

  /** Deletes every row; other processes see a new generation and reload. */
  deleteAll(): void {
    this.db.exec('DELETE FROM nodes; DELETE FROM relationships; DELETE FROM tombstones;');
    this.statements.bumpGeneration.run();
  }

  hasNodes(): boolean {
    return this.statements.anyNode.get() !== undefined;
  }

  nodesSince(seq: number): IterableIterator<NodeRowText> {
    return this.statements.nodesSince.iterate(seq) as IterableIterator<NodeRowText>;
  }

  relationshipsSince(seq: number): IterableIterator<RelationshipRowText> {
    return this.statements.relationshipsSince.iterate(seq) as IterableIterator<RelationshipRowText>;
  }

  tombstonesSince(seq: number): string[] {
    return this.statements.tombstonesSince.all(seq) as string[];
  }

  /** Every node row as [label, id, props] (arrays: the whole-graph load reads millions of rows). */
  allNodes(): IterableIterator<[NodeLabel, string, string]> {
    return this.statements.allNodes.iterate() as IterableIterator<[NodeLabel, string, string]>;
  }

  /** Every relationship row as [type, source, target, props]. */
  allRelationships(): IterableIterator<[RelationshipType, string, string, string]> {
    return this.statements.allRelationships.iterate() as IterableIterator<[RelationshipType, string, string, string]>;
  }

  /** Runs reads in one read transaction: they all see the same committed state. */
  snapshot<T>(read: () => T): T {
    if (this.db.inTransaction) return read();
    return this.db.transaction(read).deferred();
  }
}
