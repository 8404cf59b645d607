import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDailyPapers } from './dailyPapers.ts';
import { embeddedSnapshot, type GraphSnapshot } from './graphSnapshot.ts';
import { runNode, waitFor } from '../../testkit/processes.ts';

const PAPERS = 2_000;
const BATCH_SIZE = '50';

let workDir: string;
let pageFile: string;
let clean: GraphSnapshot;

/** `npm run import` of the generated page into the embedded store in `dataDir`. */
const ingest = (dataDir: string, ...more: string[]) =>
  runNode('src/cli/import.ts', ['--batch-size', BATCH_SIZE, ...more, pageFile], { PAPERGRAPH_DATA_DIR: dataDir });

/** Records of the page the import's checkpoint says are committed (0 before the first). */
function committedRecords(dataDir: string): number {
  const dir = join(dataDir, 'imports');
  if (!existsSync(dir)) return 0;
  const saved = readdirSync(dir).filter((f) => f.endsWith('.json'));
  return saved.length === 0 ? 0 : (JSON.parse(readFileSync(join(dir, saved[0]!), 'utf8')) as { recordsDone: number }).recordsDone;
}

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'papergraph-ingest-crash-'));
  pageFile = join(workDir, 'daily-papers-large.txt');
  writeFileSync(pageFile, generateDailyPapers(PAPERS));
  const run = ingest(join(workDir, 'clean'));
  expect(await run.exited, run.stderr.join('\n')).toEqual({ code: 0, signal: null });
  clean = embeddedSnapshot(join(workDir, 'clean'));
  expect(clean.duplicates).toBe(0);
  expect(clean.paperIds.length).toBeGreaterThan(PAPERS);
}, 120_000);
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('ingestion into the embedded store is crash-safe', () => {
  it('leaves a consistent database when killed mid-run, and exactly the clean graph after --resume', async () => {
    const dataDir = join(workDir, 'killed');
    const killed = ingest(dataDir);
    // A checkpoint is saved after each committed batch: wait until one says 400 records are in.
    await waitFor('a checkpoint of 400 records', () => (committedRecords(dataDir) >= 400 ? true : undefined), 60_000, 10);
    killed.child.kill('SIGKILL');
    expect((await killed.exited).signal).toBe('SIGKILL');
    const checkpointed = committedRecords(dataDir);

    // One transaction per batch: whatever the moment of the kill, the database passes
    // integrity_check and holds the batches committed before it.
    const partial = existsSync(join(dataDir, 'papergraph.db')) ? embeddedSnapshot(dataDir) : null;
    const again = ingest(dataDir, '--resume');
    expect(await again.exited, again.stderr.join('\n')).toEqual({ code: 0, signal: null });
    // It continued after the last checkpoint, not from the start.
    expect(again.stdout.join('\n')).toContain(`(resumed after record ${checkpointed})`);
    const rerun = embeddedSnapshot(dataDir);
    const leftovers = readdirSync(dataDir).filter((name) => !/^papergraph\.db(-wal|-shm)?$|^imports$/.test(name));
    console.info(
      `[figures] import killed mid-run (embedded store): ${JSON.stringify({ checkpointed, papersAtKill: partial?.paperIds.length ?? 0, papersClean: clean.paperIds.length, papersAfterRerun: rerun.paperIds.length, leftovers })}`,
    );

    expect(partial?.duplicates ?? 0).toBe(0);
    expect(partial?.paperIds.length ?? 0).toBeLessThan(clean.paperIds.length); // it really was killed mid-run
    expect(partial!.paperIds.length).toBeGreaterThanOrEqual(checkpointed); // every checkpointed batch was committed
    expect(rerun.duplicates).toBe(0);
    expect(rerun.counts).toEqual(clean.counts);
    expect(rerun.paperIds).toEqual(clean.paperIds);
    expect(rerun.checksum).toBe(clean.checksum);
    expect(leftovers).toEqual([]);
  }, 120_000);
});
