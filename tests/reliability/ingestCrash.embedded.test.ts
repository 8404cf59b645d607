import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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

/** `npm run ingest` of the generated page into the embedded store in `dataDir`. */
const ingest = (dataDir: string) => runNode('src/cli/ingest.ts', ['--batch-size', BATCH_SIZE, pageFile], { PAPERGRAPH_DATA_DIR: dataDir });

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
  it('leaves a consistent database when killed mid-run, and exactly the clean graph after running again', async () => {
    const dataDir = join(workDir, 'killed');
    const killed = ingest(dataDir);
    const progress = new RegExp(`^\\s+(\\d+)/${PAPERS} papers written`);
    await waitFor('400 papers written', () => (killed.stderr.some((l) => Number(progress.exec(l)?.[1] ?? 0) >= 400) ? true : undefined), 60_000, 10);
    killed.child.kill('SIGKILL');
    expect((await killed.exited).signal).toBe('SIGKILL');

    // One transaction per batch: whatever the moment of the kill, the database passes
    // integrity_check and holds the batches committed before it.
    const partial = existsSync(join(dataDir, 'papergraph.db')) ? embeddedSnapshot(dataDir) : null;
    const again = ingest(dataDir);
    expect(await again.exited, again.stderr.join('\n')).toEqual({ code: 0, signal: null });
    const rerun = embeddedSnapshot(dataDir);
    const leftovers = readdirSync(dataDir).filter((name) => !/^papergraph\.db(-wal|-shm)?$/.test(name));
    console.info(`[figures] ingest killed mid-run (embedded store): ${JSON.stringify({ papersAtKill: partial?.paperIds.length ?? 0, papersClean: clean.paperIds.length, papersAfterRerun: rerun.paperIds.length, leftovers })}`);

    expect(partial?.duplicates ?? 0).toBe(0);
    expect(partial?.paperIds.length ?? 0).toBeLessThan(clean.paperIds.length); // it really was killed mid-run
    expect(rerun.duplicates).toBe(0);
    expect(rerun.counts).toEqual(clean.counts);
    expect(rerun.paperIds).toEqual(clean.paperIds);
    expect(rerun.checksum).toBe(clean.checksum);
    expect(leftovers).toEqual([]);
  }, 120_000);
});
