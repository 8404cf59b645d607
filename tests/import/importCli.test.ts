import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { EmbeddedStore } from '../../src/store/embedded/EmbeddedStore.ts';

const run = promisify(execFile);
const FIXTURES = 'tests/fixtures/import';

/** Runs `npm run import -- ...args` as a user would (through tsx), never throwing on exit codes. */
async function importCommand(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run('node', ['--import', 'tsx', 'src/cli/import.ts', ...args], {
      env: { ...process.env, NEO4J_URI: '', ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const workDir = mkdtempSync(join(tmpdir(), 'papergraph-import-cli-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** What the embedded store in `dataDir` holds: its node and relationship counts. */
async function storeStats(dataDir: string) {
  const store = new EmbeddedStore({ dataDir });
  await store.init();
  try {
    return await store.stats();
  } finally {
    await store.close();
  }
}
const nothingIn = (stats: Awaited<ReturnType<typeof storeStats>>) => Object.values(stats.nodes).every((n) => n === 0);

describe('npm run import', () => {
  it('prints its usage, with the formats it reads, for --help and exits 0; bad usage exits 2', async () => {
    const help = await importCommand(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run import -- \[options\] FILE\.\.\./);
    for (const format of ['hf-daily', 'hf-daily-page', 'papercopilot', 'openreview', 'pmlr', 'pwc-papers', 'pwc-links', 'arxiv', 'generic'])
      expect(help.stdout).toContain(`  ${format} `);
    expect(help.stdout).toMatch(
      /title without an abstract .* imported with an empty\s+abstract and a warning naming file:line, under either --on-error mode/s,
    );
    const bad = await importCommand(['--on-error', 'ignore', `${FIXTURES}/generic.jsonl`]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--on-error must be fail or skip, found "ignore"/);
    const badEvery = await importCommand(['--progress-every', 'soon', `${FIXTURES}/generic.jsonl`]);
    expect(badEvery.code).toBe(2);
    expect(badEvery.stderr).toMatch(/--progress-every must be a number of seconds, 0 or more, found "soon"/);
    const blankEvery = await importCommand(['--progress-every', '', `${FIXTURES}/generic.jsonl`]);
    expect(blankEvery.code).toBe(2);
    expect(blankEvery.stderr).toMatch(/--progress-every must be a number of seconds, 0 or more, found ""/);
  });

  it('rejects the run on a bad record by default: exit 1, file:line on stderr, nothing written, not even the seed graph', async () => {
    const dataDir = join(workDir, 'rejected');
    const { code, stdout, stderr } = await importCommand(['--json', `${FIXTURES}/generic.jsonl`, `${FIXTURES}/bad-records.json`], {
      PAPERGRAPH_DATA_DIR: dataDir,
    });
    expect(code).toBe(1);
    expect(stderr).toContain(`rejected: ${FIXTURES}/bad-records.json:3 (record 2, title): expected a non-empty string, found nothing`);
    expect(stderr).toMatch(/import: 4 bad records; nothing was written \(fix the records, or pass --on-error skip/);
    expect(JSON.parse(stdout)).toMatchObject({ rejected: true, problemCount: 4 });
    expect(nothingIn(await storeStats(dataDir))).toBe(true);
  });

  it('reports a missing file as a missing file, before opening any store', async () => {
    const dataDir = join(workDir, 'missing');
    const { code, stdout, stderr } = await importCommand(['--json', `${FIXTURES}/generic.jsonl`, 'no/such/file.json'], {
      PAPERGRAPH_DATA_DIR: dataDir,
    });
    expect(code).toBe(1);
    expect(stderr).toContain('import: no/such/file.json: no such file');
    expect(stderr).toContain('an input file is missing or unreadable; nothing was written.');
    expect(stderr).not.toMatch(/bad record/);
    expect(JSON.parse(stdout)).toEqual({ rejected: true, unreadable: [{ file: 'no/such/file.json', reason: 'no such file' }] });
    expect(existsSync(dataDir)).toBe(false);
  });

  it('imports real Daily Papers pages, warning on stderr with file:line for the title without an abstract', async () => {
    const dataDir = join(workDir, 'pages');
    const pages = ['../shared/data/hf-daily-pages/hf-daily-2026-02-05.txt', '../shared/data/hf-daily-pages/hf-daily-2026-02-25.txt'];
    const { code, stdout, stderr } = await importCommand(['--no-seed', '--json', ...pages], { PAPERGRAPH_DATA_DIR: dataDir });
    expect(code, stderr).toBe(0);
    expect(stderr).toContain(`warning: ${pages[0]}:159: the title "Context Learning for Multi-Agent Discussion" has no abstract`);
    expect(stderr).toContain(`warning: ${pages[1]}:95: the title "Aletheia tackles FirstProof autonomously" has no abstract`);
    const summary = JSON.parse(stdout);
    expect(summary).toMatchObject({ totals: { records: 85, imported: 85, rejected: 0 }, warningCount: 2 });
    expect(summary.files.map((f: { format: string }) => f.format)).toEqual(['hf-daily-page', 'hf-daily-page']);
    expect((await storeStats(dataDir)).nodes.Paper).toBe(85);
  });

  it('with --dry-run --json prints what it would import and writes nothing', async () => {
    const dataDir = join(workDir, 'dry');
    const { code, stdout } = await importCommand(
      ['--dry-run', '--json', '--on-error', 'skip', `${FIXTURES}/hf-daily-archive.json`, `${FIXTURES}/bad-records.json`],
      { PAPERGRAPH_DATA_DIR: dataDir },
    );
    expect(code).toBe(0);
    const summary = JSON.parse(stdout);
    expect(summary).toMatchObject({ dryRun: true, totals: { records: 9, imported: 5, merged: 0, rejected: 4, skipped: 0 } });
    expect(summary.nodes.created).toBeGreaterThan(5);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('imports into the embedded store with progress on stderr and a summary on stdout; again, it changes nothing; --resume passes finished files over', async () => {
    const dataDir = join(workDir, 'store');
    const env = { PAPERGRAPH_DATA_DIR: dataDir };
    const files = [`${FIXTURES}/hf-daily-archive.json`, `${FIXTURES}/iclr2018.json`];
    const first = await importCommand(['--no-seed', '--batch-size', '2', ...files], env);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/hf-daily-archive\.json: 3 records read, 3 papers written \(\d+ records\/s\)/);
    expect(first.stdout).toMatch(/^Imported 2 files into the embedded store in .* in [\d.]+ s \(\d+ records\/s\)$/m);
    expect(first.stdout).toMatch(/hf-daily +hf-daily-archive\.json: 3 records: 3 imported, 0 merged, 0 rejected, 0 skipped/);
    expect(first.stdout).toMatch(/papercopilot iclr2018\.json: 3 records: 1 imported, 1 merged, 0 rejected, 1 skipped/);
    expect(readdirSync(join(dataDir, 'imports'))).toHaveLength(2);

    const second = await importCommand(['--no-seed', ...files], env);
    expect(second.stdout).toMatch(/nodes: 0 created, 0 updated, \d+ unchanged\n {2}relationships: 0 created, 0 updated, \d+ unchanged/);

    const resumed = await importCommand(['--no-seed', '--resume', ...files], env);
    expect(resumed.stdout).toMatch(/hf-daily-archive\.json: 3 records: .*\(already imported: passed over\)/);
  });
});
