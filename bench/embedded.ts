/**
 * npm run bench:embedded [-- --sizes 10000,100000 --mutations 200 --previous-mutations 10]
 *
 * The embedded store on SQLite against the previous design (a graphology graph saved by
 * rewriting the whole graph.json, as it was at commit PREVIOUS_DESIGN, checked out into a
 * temporary git worktree and run from there), on the same synthetic papers (seed 7) at each
 * size: import throughput (this tree's import pipeline into each store), start-up time and
 * resident memory after load (a fresh process, after a GC), and the latency of a one-edge write
 * on the loaded store. Each measurement runs in a process of its own (bench/embedded/worker.ts),
 * one at a time, the two designs taking turns `--repeat` times; the best of each figure is kept
 * (the machine is shared: the best run is the one least disturbed). Not a test and not in CI;
 * prints a table on stdout as the figures come.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { machineLoad, syntheticFile } from './benchSupport.ts';

/** The last commit of the file-rewriting embedded store. */
const PREVIOUS_DESIGN = '11e0711';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000' },
    mutations: { type: 'string', default: '200' },
    'previous-mutations': { type: 'string', default: '10' },
    repeat: { type: 'string', default: '2' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  process.stdout.write(
    'Usage: npm run bench:embedded -- [--sizes 10000,100000] [--mutations 200] [--previous-mutations 10] [--repeat 2]\n',
  );
  process.exit(0);
}
const log = (line: string) => process.stderr.write(`${line}\n`);
const root = resolve('.');

/** The previous design's source tree, sharing this tree's node_modules. */
function checkoutPrevious(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'papergraph-previous-'));
  try {
    execFileSync('git', ['worktree', 'add', '--detach', dir, PREVIOUS_DESIGN], { stdio: 'pipe' });
  } catch (error) {
    throw new Error(
      `cannot check out the previous design (${PREVIOUS_DESIGN}): ${(error as { stderr?: Buffer }).stderr?.toString().trim() ?? String(error)}; run from a clone with the full history`,
      { cause: error },
    );
  }
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  return {
    dir,
    remove: () => {
      execFileSync('git', ['worktree', 'remove', '--force', dir], { stdio: 'pipe' });
    },
  };
}

function runWorker(args: string[]): Promise<Record<string, number | null>> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      process.execPath,
      ['--expose-gc', '--max-old-space-size=4096', '--import', 'tsx', 'bench/embedded/worker.ts', ...args],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`worker ${args.join(' ')} exited with ${code}:\n${err.slice(-2000)}`));
      resolvePromise(JSON.parse(out.trim().split('\n').pop()!) as Record<string, number | null>);
    });
  });
}

const previous = checkoutPrevious();
const designs = [
  {
    name: 'previous (graph.json rewrite)',
    design: 'previous',
    store: join(previous.dir, 'src/store/memory/MemoryStore.ts'),
    mutations: values['previous-mutations'],
  },
  { name: 'SQLite (this tree)', design: 'sqlite', store: join(root, 'src/store/embedded/EmbeddedStore.ts'), mutations: values.mutations },
];
const fmt = (n: number | null | undefined, digits = 1) => (n === null || n === undefined ? '-' : n.toFixed(digits));
try {
  log(`bench:embedded: ${machineLoad()}`);
  process.stdout.write(
    '| papers | store | import papers/s (extract + write) | writes alone, papers/s | start-up s | RSS after load MB | one-edge write p50 ms | p99 ms |\n' +
      '| --- | --- | --- | --- | --- | --- | --- | --- |\n',
  );
  for (const size of values.sizes.split(',').map(Number)) {
    const file = await syntheticFile(7, 0, size);
    const rows: Record<string, Record<string, number | null>> = {};
    for (let run = 0; run < Number(values.repeat); run++) {
      for (const d of designs) {
        const dataDir = mkdtempSync(join(tmpdir(), 'papergraph-bench-embedded-'));
        try {
          log(`${size} papers, ${d.name}, run ${run + 1}: importing...`);
          const imported = await runWorker([
            '--phase',
            'import',
            '--design',
            d.design,
            '--store',
            d.store,
            '--data-dir',
            dataDir,
            '--file',
            file,
          ]);
          log(`${size} papers, ${d.name}, run ${run + 1}: reopening, ${d.mutations} one-edge writes...`);
          const reopened = await runWorker([
            '--phase',
            'reopen',
            '--design',
            d.design,
            '--store',
            d.store,
            '--data-dir',
            dataDir,
            '--mutations',
            d.mutations,
          ]);
          const measured: Record<string, number | null> = {
            ...imported,
            ...reopened,
            papersPerSecond: imported.papers! / imported.seconds!,
            storePapersPerSecond: imported.papers! / imported.storeSeconds!,
          };
          log(`  ${JSON.stringify(measured)}`);
          const best = rows[d.design];
          rows[d.design] = best
            ? {
                papersPerSecond: Math.max(best.papersPerSecond!, measured.papersPerSecond!),
                storePapersPerSecond: Math.max(best.storePapersPerSecond!, measured.storePapersPerSecond!),
                startupSeconds: Math.min(best.startupSeconds!, measured.startupSeconds!),
                rssAfterLoadMb: Math.min(best.rssAfterLoadMb!, measured.rssAfterLoadMb!),
                p50Ms: Math.min(best.p50Ms!, measured.p50Ms!),
                p99Ms: Math.min(best.p99Ms!, measured.p99Ms!),
              }
            : measured;
        } finally {
          rmSync(dataDir, { recursive: true, force: true });
        }
      }
    }
    for (const d of designs) {
      const row = rows[d.design]!;
      process.stdout.write(
        `| ${size} | ${d.name} | ${fmt(row.papersPerSecond, 0)} | ${fmt(row.storePapersPerSecond, 0)} | ${fmt(row.startupSeconds, 2)} | ${row.rssAfterLoadMb} | ${fmt(row.p50Ms)} | ${fmt(row.p99Ms)} |\n`,
      );
    }
    const [old, now] = [rows.previous!, rows.sqlite!];
    process.stdout.write(
      `| ${size} | SQLite / previous | ${fmt(now.papersPerSecond! / old.papersPerSecond!, 2)}x | ${fmt(now.storePapersPerSecond! / old.storePapersPerSecond!, 2)}x | ${fmt(now.startupSeconds! / old.startupSeconds!, 2)}x | ${fmt(now.rssAfterLoadMb! / old.rssAfterLoadMb!, 2)}x | ${fmt(old.p50Ms! / now.p50Ms!, 0)}x faster | ${fmt(old.p99Ms! / now.p99Ms!, 0)}x faster |\n`,
    );
  }
  log(`bench:embedded: done; ${machineLoad()}`);
} finally {
  previous.remove();
  if (existsSync(previous.dir)) rmSync(previous.dir, { recursive: true, force: true });
}
