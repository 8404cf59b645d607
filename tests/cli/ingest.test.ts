import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { EmbeddedStore } from '../../src/store/embedded/EmbeddedStore.ts';

const run = promisify(execFile);
const SEED = 'seeds/hf-daily-papers-aug-1.txt';

/** Runs `npm run ingest -- ...args` as a user would (through tsx), never throwing on exit codes. */
async function ingest(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run('node', ['--import', 'tsx', 'src/cli/ingest.ts', ...args], {
      env: { ...process.env, NEO4J_URI: '', ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const workDir = mkdtempSync(join(tmpdir(), 'papergraph-cli-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('npm run ingest, the old name of npm run import', () => {
  it('is the import command: same usage, same options', async () => {
    const { code, stdout } = await ingest(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: npm run import -- \[options\] FILE\.\.\./);
    expect(stdout).toContain('  hf-daily-page ');
  });

  it('ingests the seed page into the embedded store: 44 papers, the nine repositories each on its paper; again, nothing changes', async () => {
    const dataDir = join(workDir, 'store');
    const first = await ingest(['--no-seed', '--json', SEED], { PAPERGRAPH_DATA_DIR: dataDir });
    expect(first.code, first.stderr).toBe(0);
    const one = JSON.parse(first.stdout);
    expect(one.totals).toEqual({ records: 44, imported: 44, merged: 0, rejected: 0, skipped: 0 });
    expect(one.files[0]).toMatchObject({ format: 'hf-daily-page', container: 'text' });

    const store = new EmbeddedStore({ dataDir });
    await store.init();
    try {
      const papers = (
        await store.findPapers({ first: 100, after: null, filter: {}, orderBy: { field: 'ID', direction: 'ASC' } })
      ).items.map((i) => i.node);
      expect(papers).toHaveLength(44);
      const code = (
        await store.relationshipsOf(
          'HAS_CODE',
          'out',
          papers.map((p) => p.id),
        )
      ).flatMap((list, i) => list.map((r) => [r.to, papers[i]!.title.slice(0, 40)]));
      expect(code.sort()).toEqual([
        ['github:chenliu-1996/diffusionspectralentropy', 'Assessing Neural Network Representations'],
        ['github:harshays/inputgradients', 'Do Input Gradients Highlight Discriminat'],
        ['github:huawei-noah/federated-learning', 'Understanding Hessian Alignment for Doma'],
        ['github:liangyuwang/zo2', 'ZO2: Scalable Zeroth-Order Fine-Tuning f'],
        ['github:nutellamok/demystifyingntk', 'Demystifying the Neural Tangent Kernel f'],
        ['github:optml-group/deepzero', 'DeepZero: Scaling up Zeroth-Order Optimi'],
        ['github:sjyucnel/cauchy-schwarz-information-bottleneck', 'Cauchy-Schwarz Divergence Information Bo'],
        ['github:wongkinyiu/yolov9', 'YOLOv9: Learning What You Want to Learn '],
        ['github:xu-ji/information-bottleneck', 'How Does Information Bottleneck Help Dee'],
      ]);
    } finally {
      await store.close();
    }

    const second = await ingest(['--no-seed', '--json', SEED], { PAPERGRAPH_DATA_DIR: dataDir });
    const two = JSON.parse(second.stdout);
    expect([two.nodes.created, two.nodes.updated, two.relationships.created, two.relationships.updated]).toEqual([0, 0, 0, 0]);
  });

  it('exits 1 for a missing file, saying so, and 2 for bad usage', async () => {
    const missing = await ingest(['no/such/file.txt']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no\/such\/file\.txt: no such file/);
    expect((await ingest([])).stderr).toMatch(/no input file given/);
    expect((await ingest(['--bogus', SEED])).code).toBe(2);
  });
});
