import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** The embedded store's database file in a data directory. */
export const DATABASE_FILE = 'papergraph.db';

/**
 * The layout this code reads and writes (`PRAGMA user_version`). A database of a higher version
 * was written by a newer Papergraph and is refused rather than misread.
 */
export const SCHEMA_VERSION = 1;
/** `PRAGMA application_id`: tells a Papergraph database from any other SQLite file. */
const APPLICATION_ID = 0x50475248; // "PGRH"

/**
 * The rows, one table per kind, keyed as the graph is (Neo4j's MERGE keys), in rowid tables with
 * a unique index on the key (rows of a few kB, as papers' are, would overflow a WITHOUT ROWID
 * table's pages and double the file):
 * - nodes (label, id): props as JSON;
 * - relationships (type, source, target): the ends' ids (their labels follow from the type), props as JSON;
 * - tombstones: keys removed, so other processes drop them too;
 * - meta: `version` (one more per committed write: every row and tombstone it wrote carries it as
 *   `seq`, so a process catches up by reading the rows with a larger seq) and `generation` (one
 *   more per clear(): a process then reloads everything).
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS nodes (label TEXT NOT NULL, id TEXT NOT NULL, props TEXT NOT NULL, seq INTEGER NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS nodes_by_key ON nodes (label, id);
CREATE INDEX IF NOT EXISTS nodes_by_seq ON nodes (seq);
CREATE TABLE IF NOT EXISTS relationships (type TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL, props TEXT NOT NULL, seq INTEGER NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS relationships_by_key ON relationships (type, source, target);
CREATE INDEX IF NOT EXISTS relationships_by_seq ON relationships (seq);
CREATE TABLE IF NOT EXISTS tombstones (key TEXT PRIMARY KEY, seq INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS tombstones_by_seq ON tombstones (seq);
INSERT OR IGNORE INTO meta (key, value) VALUES ('version', 0), ('generation', 0);
`;

/** A problem with the database file that a person must fix: the message names the file and the fix. */
export class DatabaseFileError extends Error {
  override readonly name = 'DatabaseFileError';
}

/**
 * Opens (creating when absent) the embedded store's SQLite database: in `dataDir/papergraph.db`,
 * or in memory when `dataDir` is undefined. WAL mode, so readers never wait for the writer and any
 * number of processes can share the file; `synchronous = NORMAL`, which in WAL mode keeps the
 * database consistent across any crash of the process (a power cut may lose the last commits,
 * never corrupt the file). The busy timeout is short on purpose: better-sqlite3 waits for a lock
 * synchronously, blocking the event loop, so writers retry asynchronously instead (writeLock.ts).
 * Throws DatabaseFileError for a file that is not a Papergraph database, is corrupt, or is newer.
 */
export function openDatabase(dataDir: string | undefined): Database.Database {
  const file = dataDir ? join(dataDir, DATABASE_FILE) : ':memory:';
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  let db: Database.Database;
  try {
    // Setting up waits for other processes as long as it must; afterwards locks are retried
    // asynchronously (see openDatabase's contract).
    db = new Database(file, { timeout: 15_000 });
  } catch (error) {
    throw unusable(file, error);
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    const [applicationId, userVersion] = [
      db.pragma('application_id', { simple: true }),
      db.pragma('user_version', { simple: true }),
    ] as number[];
    const hasTables = (db.prepare(`SELECT count(*) FROM sqlite_schema WHERE type = 'table'`).pluck().get() as number) > 0;
    if (hasTables && applicationId !== APPLICATION_ID) {
      throw new DatabaseFileError(
        `${file} is an SQLite database of another program (application_id ${applicationId}); move it away or set PAPERGRAPH_DATA_DIR to another directory`,
      );
    }
    if (userVersion! > SCHEMA_VERSION) {
      throw new DatabaseFileError(
        `${file} was written by a newer Papergraph (database version ${userVersion}, this one reads up to ${SCHEMA_VERSION}); upgrade Papergraph, or move the file away to start from the seeds`,
      );
    }
    if (!hasTables || userVersion! < SCHEMA_VERSION) {
      // Created under the write lock, so two processes starting at once create it once.
      db.exec('BEGIN IMMEDIATE');
      try {
        db.exec(SCHEMA);
        db.pragma(`application_id = ${APPLICATION_ID}`);
        db.pragma(`user_version = ${SCHEMA_VERSION}`);
        db.exec('COMMIT');
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      }
    }
    db.pragma('busy_timeout = 5');
    return db;
  } catch (error) {
    db.close();
    if (error instanceof DatabaseFileError) throw error;
    throw unusable(file, error);
  }
}

/**
 * An SQLite error met on the database file, as DatabaseFileError when it is the file's fault
 * (not a database, corrupt pages found while reading, not writable), naming the file and the fix;
 * other errors as they are.
 */
export function asDatabaseFileError(file: string, error: unknown): Error {
  const code = (error as { code?: string }).code ?? '';
  return /^SQLITE_(NOTADB|CORRUPT|CANTOPEN|READONLY|PERM)/.test(code) ? unusable(file, error) : (error as Error);
}

function unusable(file: string, error: unknown): DatabaseFileError {
  const code = (error as { code?: string }).code ?? '';
  const reason = (error as Error).message;
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new DatabaseFileError(
      `${file} is not a usable Papergraph database (${reason}); restore it from a backup, or move it away to start from the seeds`,
    );
  }
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY') || code === 'SQLITE_PERM') {
    return new DatabaseFileError(`cannot open ${file} for writing (${reason}); check that PAPERGRAPH_DATA_DIR exists and is writable`);
  }
  return new DatabaseFileError(`cannot open ${file} (${reason})`);
}
