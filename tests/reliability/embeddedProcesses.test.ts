import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../src/store/embedded/database.ts';
import { embeddedSnapshot, type GraphSnapshot } from './graphSnapshot.ts';
import { postGraphql, runNode, startServerProcess, waitFor, type NodeProcess, type ServerProcess } from '../../testkit/processes.ts';
import { seededRandom } from '../../src/exploration/seededRandom.ts';

/**
 * Several processes on one embedded data directory, as users run them: importers at once, an
 * import while the server writes, a server that sees imports live, and writers killed at random
 * points. Each compares with the graph of the same work done one step after the other.
 */

const COLT = '../shared/data/papercopilot/colt2024.json';
const ICLR = '../shared/data/papercopilot/iclr2018.json';
const API_KEY = 'embedded-processes-test-key';

let workDir: string;
const dirs: string[] = [];
const newDataDir = () => {
  const dir = mkdtempSync(join(workDir, 'data-'));
  dirs.push(dir);
  return dir;
};

/** `npm run import` of files into the embedded store in `dataDir`, to completion. */
async function importFiles(dataDir: string, files: string[], extra: string[] = []) {
  const run = runNode('src/cli/import.ts', ['--batch-size', '50', '--on-error', 'skip', ...extra, ...files], {
    PAPERGRAPH_DATA_DIR: dataDir,
  });
  return finished(run);
}

/** Waits for an import to exit, and expects it to succeed. */
async function finished(run: NodeProcess) {
  const status = await run.exited;
  expect(status, run.stderr.slice(-20).join('\n')).toEqual({ code: 0, signal: null });
  return run;
}

/** Papers in a data directory, read by a connection of its own (as any other process would). */
function paperCount(dataDir: string): number {
  if (!existsSync(join(dataDir, DATABASE_FILE))) return 0;
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    return db.prepare(`SELECT count(*) FROM nodes WHERE label = 'Paper'`).pluck().get() as number;
  } catch {
    return 0; // the first writer is still creating the tables
  } finally {
    db.close();
  }
}

let sequential: GraphSnapshot;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'papergraph-processes-'));
  const dataDir = newDataDir();
  await importFiles(dataDir, [COLT]);
  await importFiles(dataDir, [ICLR]);
  sequential = embeddedSnapshot(dataDir);
  expect(sequential.duplicates).toBe(0);
  expect(sequential.paperIds.length).toBeGreaterThan(1_100);
}, 180_000);
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('several processes on one embedded data directory', () => {
  it('gives two imports run at once exactly the graph of running them one after the other', async () => {
    const dataDir = newDataDir();
    await Promise.all([importFiles(dataDir, [COLT]), importFiles(dataDir, [ICLR])]);
    const together = embeddedSnapshot(dataDir);
    expect(together.duplicates).toBe(0);
    expect(together.counts).toEqual(sequential.counts);
    expect(together.paperIds).toEqual(sequential.paperIds);
    expect(together.checksum).toBe(sequential.checksum);
  }, 180_000);

  describe('with a server on the directory', () => {
    let server: ServerProcess | undefined;
    afterAll(async () => {
      await server?.stop();
    });
    const mutate = (query: string) => postGraphql(server!.url, { query }, { authorization: `Bearer ${API_KEY}` });
    const totalPapers = async (url: string) =>
      (await postGraphql(url, { query: '{ papers(first: 1) { totalCount } }' })).json?.data?.papers.totalCount as number;
    /** The server's writes of this test: tags on seed papers that no import touches. */
    const serverWrites = async () => {
      const outcomes: unknown[] = [];
      for (const [paperId, conceptId] of [
        ['a-method-on-searching-better-activation-functions', 'hessian'],
        ['a-method-on-searching-better-activation-functions', 'zeroth-order-optimization'],
        ['adaptive-estimators-show-information-compression-in-deep-neural-networks', 'information-bottleneck'],
      ]) {
        const response = await mutate(
          `mutation { tagConcept(paperId: "${paperId}", conceptId: "${conceptId}", evidence: "tagged during an import") { ok error { message } } }`,
        );
        outcomes.push(response.json?.data?.tagConcept ?? response.json);
      }
      return outcomes;
    };

    it('sees an import without a restart as its batches commit, and all of it once the import exits', async () => {
      const dataDir = newDataDir();
      server = await startServerProcess({ PAPERGRAPH_DATA_DIR: dataDir, PAPERGRAPH_API_KEY: API_KEY });
      const before = await totalPapers(server.url);
      const run = runNode('src/cli/import.ts', ['--batch-size', '50', '--on-error', 'skip', ICLR], { PAPERGRAPH_DATA_DIR: dataDir });
      // Some batches are committed (another connection counts them): the server answers with at least those.
      const committed = await waitFor(
        'a few committed batches',
        () => (paperCount(dataDir) >= before + 150 ? paperCount(dataDir) : undefined),
        120_000,
        20,
      );
      expect(await totalPapers(server.url)).toBeGreaterThanOrEqual(committed);
      await finished(run);
      expect(await totalPapers(server.url)).toBe(paperCount(dataDir));
      expect(paperCount(dataDir)).toBeGreaterThan(before + 900);
      await server.stop();
      server = undefined;
    }, 180_000);

    it('gives an import racing server mutations exactly the graph of running them one after the other', async () => {
      // One after the other: the server seeds, the import runs, then the server writes.
      const oneByOne = newDataDir();
      server = await startServerProcess({ PAPERGRAPH_DATA_DIR: oneByOne, PAPERGRAPH_API_KEY: API_KEY });
      await importFiles(oneByOne, [COLT], ['--batch-size', '20']);
      const outcomes = await serverWrites();
      expect(outcomes).toEqual(outcomes.map(() => ({ ok: true, error: null })));
      await server.stop();
      const expected = embeddedSnapshot(oneByOne);

      // At once: the server writes while the import's batches commit.
      const atOnce = newDataDir();
      server = await startServerProcess({ PAPERGRAPH_DATA_DIR: atOnce, PAPERGRAPH_API_KEY: API_KEY });
      const seeded = paperCount(atOnce);
      const run = runNode('src/cli/import.ts', ['--batch-size', '20', '--on-error', 'skip', COLT], { PAPERGRAPH_DATA_DIR: atOnce });
      await waitFor('the import to commit its first batch', () => (paperCount(atOnce) > seeded ? true : undefined), 120_000, 10);
      expect(await serverWrites()).toEqual(outcomes);
      await finished(run);
      await server.stop();
      server = undefined;
      const raced = embeddedSnapshot(atOnce);
      expect(raced.duplicates).toBe(0);
      expect(raced.counts).toEqual(expected.counts);
      expect(raced.checksum).toBe(expected.checksum);
    }, 180_000);
  });

  it('always leaves a consistent database when a writer is killed at random points, and a re-run converges to the clean graph', async () => {
    const dataDir = newDataDir();
    const seed = Number(process.env.KILL_SEED ?? 20261201);
    const next = seededRandom(seed);
    const kills: { afterPapers: number; papersAtKill: number }[] = [];
    // Five kills at random moments of one long import that resumes each time: after a random
    // number of committed papers, and a random fraction of a batch later (mid-transaction).
    for (let i = 0; i < 5; i++) {
      const run = runNode('src/cli/import.ts', ['--batch-size', '50', '--on-error', 'skip', '--resume', COLT, ICLR], {
        PAPERGRAPH_DATA_DIR: dataDir,
      });
      const target = paperCount(dataDir) + 20 + Math.floor(next() * 200);
      const reached = await Promise.race([
        waitFor('papers to commit before the kill', () => (paperCount(dataDir) >= target ? true : undefined), 120_000, 5),
        run.exited.then(() => false),
      ]);
      if (!reached) break; // the import finished before this kill point
      await new Promise((resolve) => setTimeout(resolve, Math.floor(next() * 120))); // the random point in the next batch
      run.child.kill('SIGKILL');
      await run.exited;
      const partial = embeddedSnapshot(dataDir); // throws unless PRAGMA integrity_check is ok
      expect(partial.duplicates).toBe(0);
      kills.push({ afterPapers: target, papersAtKill: partial.paperIds.length });
    }
    await importFiles(dataDir, [COLT, ICLR], ['--resume']);
    const rerun = embeddedSnapshot(dataDir);
    // The same two files in one uninterrupted import (one import discovers its concepts from both).
    const cleanDir = newDataDir();
    await importFiles(cleanDir, [COLT, ICLR]);
    const clean = embeddedSnapshot(cleanDir);
    console.info(
      `[figures] embedded writer killed at random points (seed ${seed}): ${JSON.stringify(kills)}; papers after re-run ${rerun.paperIds.length}`,
    );
    expect(kills.length).toBeGreaterThanOrEqual(3);
    expect(rerun.duplicates).toBe(0);
    expect(rerun.counts).toEqual(clean.counts);
    expect(rerun.paperIds).toEqual(clean.paperIds);
    expect(rerun.checksum).toBe(clean.checksum);
  }, 300_000);
});
