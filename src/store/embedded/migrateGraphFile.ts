import { readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { NodeLabel } from '../../domain/graph.ts';
import { newGraphIndex } from './graphIndex.ts';
import { readGraphFile } from './legacyGraphFile.ts';
import type { RowStore } from './rowStore.ts';
import { withWriteLock } from './writeLock.ts';

/** The file of the embedded store before it was a database, and what it is renamed to once migrated. */
export const LEGACY_GRAPH_FILE = 'graph.json';
export const MIGRATED_SUFFIX = '.migrated';

/**
 * Moves a `graph.json` (version 1 or 2) in the data directory into the database, once: all its
 * rows in one transaction, then the file is renamed `graph.json.migrated` and kept. Safe when
 * several processes start at once (the check runs under the write lock) and after a crash at
 * any point: the rows commit whole or not at all, and a file left behind by a crash between the
 * commit and the rename is recognised by the meta flag and only renamed. A database that already
 * has data of its own and was never migrated is left alone, with a notice. A file that cannot
 * be read throws InputError naming file:line, before anything is written.
 */
export async function migrateGraphFile(
  dataDir: string,
  db: Database.Database,
  rows: RowStore,
  notice: (message: string) => void,
  lockTimeoutMs?: number,
): Promise<void> {
  const file = join(dataDir, LEGACY_GRAPH_FILE);
  const graph = newGraphIndex();
  if (!(await readGraphFile(file, graph))) return;
  const migratedFlag = db.prepare(`SELECT value FROM meta WHERE key = 'migrated_graph_json'`).pluck();
  const outcome = await withWriteLock(
    db,
    file,
    () => {
      if (migratedFlag.get() !== undefined) return 'already' as const;
      if (rows.hasNodes()) return 'conflict' as const;
      const version = rows.nextVersion();
      const idOf = (key: string) => graph.getNodeAttribute(key, 'props').id as string;
      graph.forEachNode((_key, { label, props }) => rows.putNode(label as NodeLabel, props.id as string, JSON.stringify(props), version));
      graph.forEachEdge((_key, { type, props }, source, target) =>
        rows.putRelationship(type, idOf(source), idOf(target), JSON.stringify(props), version),
      );
      db.prepare(`INSERT INTO meta (key, value) VALUES ('migrated_graph_json', ?)`).run(version);
      return 'migrated' as const;
    },
    lockTimeoutMs,
  );
  if (outcome === 'conflict') {
    notice(
      `${file} was not migrated: ${join(dataDir, 'papergraph.db')} already holds a graph. Move ${LEGACY_GRAPH_FILE} away to silence this notice.`,
    );
    return;
  }
  try {
    renameSync(file, file + MIGRATED_SUFFIX);
  } catch (error) {
    // Another process starting at the same time renamed it first.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (outcome === 'migrated') {
    notice(
      `migrated ${file} (${graph.order} nodes, ${graph.size} relationships) into ${join(dataDir, 'papergraph.db')}; the old file is kept as ${LEGACY_GRAPH_FILE}${MIGRATED_SUFFIX}`,
    );
  }
}

/** Removes the temporary files the file-rewriting store of earlier versions left when killed mid-write. */
export function removeStaleTempFiles(dataDir: string): void {
  for (const name of readdirSync(dataDir)) {
    if (/^graph\.json\.\d+\.tmp$/.test(name)) rmSync(join(dataDir, name), { force: true });
  }
}
