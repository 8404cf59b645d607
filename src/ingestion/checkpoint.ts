import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** What is known of one input's import into one store, saved after every committed batch. */
export interface Checkpoint {
  version: 1;
  /** The store it went into (a Neo4j URI and database, or a data directory). */
  store: string;
  file: string;
  /** The file as it was: a resumed run refuses a file that changed since. */
  size: number;
  mtimeMs: number;
  format: string;
  /** Records read (written, merged, rejected or skipped) up to the last committed batch. */
  recordsDone: number;
  complete: boolean;
  /** The per-file counts up to that batch, so a resumed run reports the whole file. */
  counts: { records: number; imported: number; merged: number; rejected: number; skipped: number };
}

/**
 * Checkpoints of imports, one JSON file per (store, input) pair in a directory, each rewritten
 * atomically (temp file, rename). `--resume` reads them to continue after the last committed batch.
 */
export class CheckpointDir {
  constructor(
    readonly dir: string,
    /** Identifies the store, so checkpoints of another store are never used. */
    readonly store: string,
  ) {}

  /** The saved checkpoint of a file, or null when there is none, it is another store's, or the file changed since. */
  async load(file: string): Promise<{ checkpoint: Checkpoint | null; stale: boolean }> {
    let saved: Checkpoint;
    try {
      saved = JSON.parse(await readFile(this.pathOf(file), 'utf8')) as Checkpoint;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { checkpoint: null, stale: false };
      return { checkpoint: null, stale: true };
    }
    const now = await stat(file);
    const same = saved.version === 1 && saved.store === this.store && saved.size === now.size && saved.mtimeMs === now.mtimeMs;
    return same ? { checkpoint: saved, stale: false } : { checkpoint: null, stale: true };
  }

  /** Saves where the import of a file stands. */
  async save(file: string, state: Pick<Checkpoint, 'format' | 'recordsDone' | 'complete' | 'counts'>): Promise<void> {
    const now = await stat(file);
    const checkpoint: Checkpoint = { version: 1, store: this.store, file: resolve(file), size: now.size, mtimeMs: now.mtimeMs, ...state };
    await mkdir(this.dir, { recursive: true });
    const path = this.pathOf(file);
    const temp = `${path}.${process.pid}.tmp`;
    try {
      await writeFile(temp, `${JSON.stringify(checkpoint, null, 2)}\n`);
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  /** Where a file's checkpoint is kept. */
  pathOf(file: string): string {
    const hash = createHash('sha256')
      .update(`${this.store}\n${resolve(file)}`)
      .digest('hex')
      .slice(0, 20);
    return join(this.dir, `${hash}.json`);
  }
}
