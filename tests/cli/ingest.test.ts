import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

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

describe('npm run ingest', () => {
  it('prints its usage for --help and exits 0', async () => {
    const { code, stdout } = await ingest(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: npm run ingest -- \[options\] FILE\.\.\./);
    expect(stdout).toMatch(/--dry-run/);
  });

  it('lists the 44 seed papers and the nine repositories, each on its paper, with --dry-run --json', async () => {
    const { code, stdout } = await ingest(['--dry-run', '--json', SEED]);
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(Object.keys(doc)).toEqual(['papers', 'concepts', 'methods', 'repositories', 'authors', 'relationships']);
    expect(doc.papers).toHaveLength(44);
    expect(doc.repositories).toHaveLength(9);
    const title = (id: string) => doc.papers.find((p: { id: string }) => p.id === id).title as string;
    const codeLinks = doc.relationships
      .filter((r: { type: string }) => r.type === 'HAS_CODE')
      .map((r: { from: string; to: string }) => [r.to, title(r.from).slice(0, 40)])
      .sort();
    expect(codeLinks).toEqual([
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
  });

  it('prints a one-line summary for --dry-run without --json and writes nothing', async () => {
    const dataDir = join(workDir, 'untouched');
    const { code, stdout } = await ingest(['--dry-run', SEED], { PAPERGRAPH_DATA_DIR: dataDir });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^dry run: 44 papers, \d+ concepts, \d+ methods, 9 repositories, \d+ relationships; nothing written/);
  });

  it('exits 1 on a malformed file, naming file:line, and writes nothing', async () => {
    const bad = join(workDir, 'bad.txt');
    writeFileSync(bad, 'Daily Papers\n\nAug 1\n\nA Title\n\nAnother Title\n\nAn abstract that is long enough. It has sentences. Many of them.\n');
    const dataDir = join(workDir, 'bad-data');
    const { code, stderr } = await ingest([SEED, bad], { PAPERGRAPH_DATA_DIR: dataDir });
    expect(code).toBe(1);
    expect(stderr).toContain(`${bad}:5: the title "A Title" has no abstract: line 7 is another title`);
    expect(stderr).toMatch(/nothing was written/);
    const { existsSync } = await import('node:fs');
    expect(existsSync(join(dataDir, 'graph.json'))).toBe(false);
  });

  it('exits 1 for a missing file and 2 for bad usage', async () => {
    const missing = await ingest(['no/such/file.txt']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no\/such\/file\.txt: no such file/);
    const usage = await ingest([]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/no input file given/);
    const flag = await ingest(['--bogus', SEED]);
    expect(flag.code).toBe(2);
  });

  it('ingests into the embedded store, then reports everything unchanged the second time', async () => {
    const dataDir = join(workDir, 'store');
    const env = { PAPERGRAPH_DATA_DIR: dataDir };
    const first = await ingest(['--no-seed', '--json', SEED], env);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/44\/44 papers written/);
    const one = JSON.parse(first.stdout);
    expect(one.nodes.created).toBeGreaterThan(44);
    const second = await ingest(['--no-seed', '--json', SEED], env);
    const two = JSON.parse(second.stdout);
    expect(two.nodes).toEqual({ created: 0, updated: 0, unchanged: one.nodes.created });
    expect(two.relationships).toEqual({ created: 0, updated: 0, unchanged: one.relationships.created });
  });
});
