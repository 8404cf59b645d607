import { setTimeout as delay } from 'node:timers/promises';
import type Database from 'better-sqlite3';

/** How long a writer waits for another process's write before giving up, by default. */
export const DEFAULT_LOCK_TIMEOUT_MS = 120_000;

/** The data directory stayed locked by another writer for longer than the writer would wait. */
export class WriteLockTimeout extends Error {
  override readonly name = 'WriteLockTimeout';
}

const isBusy = (error: unknown) => {
  const code = (error as { code?: string }).code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_LOCKED';
};

/**
 * Runs `work` inside `BEGIN IMMEDIATE ... COMMIT`: SQLite's one write lock on the file, so writers
 * of every process on the data directory take turns and none is lost. While another process
 * holds the lock, the attempt is retried after a growing pause (a few ms up to 100 ms) on the
 * event loop, never in a synchronous busy wait, so a server keeps answering reads meanwhile.
 * `work` may be async; anything it throws rolls the transaction back and is rethrown. After
 * `timeoutMs` of waiting, throws WriteLockTimeout. `committed` runs right after COMMIT, in the
 * same tick: nothing else of this process (a read catching up) can run between the two.
 */
export async function withWriteLock<T>(
  db: Database.Database,
  file: string,
  work: () => Promise<T> | T,
  timeoutMs = DEFAULT_LOCK_TIMEOUT_MS,
  committed: (result: T) => void = () => undefined,
): Promise<T> {
  const started = Date.now();
  for (let pause = 2; ; pause = Math.min(pause * 2, 100)) {
    try {
      db.exec('BEGIN IMMEDIATE');
      break;
    } catch (error) {
      if (!isBusy(error)) throw error;
      if (Date.now() - started > timeoutMs) {
        throw new WriteLockTimeout(
          `${file} has been locked by another writer for ${Math.round(timeoutMs / 1000)} s; wait for it to finish (another import or server writing there), then retry`,
        );
      }
      await delay(pause * (0.5 + Math.random()));
    }
  }
  try {
    const result = await work();
    commit(db);
    committed(result);
    return result;
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

/** COMMIT, retried while a reader's checkpoint briefly holds the file (rare in WAL mode). */
function commit(db: Database.Database): void {
  for (let attempt = 0; ; attempt++) {
    try {
      db.exec('COMMIT');
      return;
    } catch (error) {
      if (!isBusy(error) || attempt >= 200) throw error;
    }
  }
}
