import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalNeo4j } from '../scripts/neo4j-local.mjs';
import { loadTaxonomy, type Taxonomy } from '../src/extract/taxonomy.ts';
import { generatePapers } from '../src/generate/generatePapers.ts';
import { BULK_TUNING } from '../src/ingestion/pipeline.ts';
import { writeJsonLines } from '../src/generate/writeJsonLines.ts';

/** Shared by the benchmarks: synthetic input files, a Neo4j to run on, measurements. */

export const TAXONOMY: Taxonomy = loadTaxonomy('seeds/taxonomy.json');
export const BENCH_DIR = join(tmpdir(), 'papergraph-bench');
/** Rows per UNWIND statement, as npm run import has them. */
export const NEO4J_ROWS_PER_STATEMENT = BULK_TUNING.neo4jRowsPerStatement;

/** Parses `--name value` flags into numbers, with defaults. */
export function numberFlags<T extends Record<string, number>>(argv: string[], defaults: T): T {
  const out: Record<string, number> = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i]!.replace(/^--/, '');
    if (!(name in defaults))
      throw new Error(
        `unknown flag ${argv[i]}; known: ${Object.keys(defaults)
          .map((k) => `--${k}`)
          .join(', ')}`,
      );
    const value = Number(argv[++i]);
    if (!Number.isFinite(value)) throw new Error(`--${name} needs a number`);
    out[name] = value;
  }
  return out as T;
}

/**
 * The JSON-lines file of synthetic papers [from, to) for a seed, generated once and kept in the
 * bench directory (the generator is prefix-stable: these are papers from..to-1 of any longer run).
 */
export async function syntheticFile(seed: number, from: number, to: number): Promise<string> {
  mkdirSync(BENCH_DIR, { recursive: true });
  const file = join(BENCH_DIR, `papers-seed${seed}-${from}-${to}.jsonl`);
  if (existsSync(file) && statSync(file).size > 0) return file;
  function* slice() {
    let i = 0;
    for (const paper of generatePapers({ papers: to, seed, taxonomy: TAXONOMY })) if (i++ >= from) yield paper;
  }
  await writeJsonLines(slice(), file);
  return file;
}

/** A Neo4j to benchmark on: NEO4J_URI when set, else a local one (2 GB heap, 1 GB page cache unless the environment says otherwise). */
export async function benchNeo4j(
  log: (line: string) => void,
  options: { apoc?: boolean } = {},
): Promise<{ uri: string; pid: number | null; stop: () => Promise<void> }> {
  if (process.env.NEO4J_URI) return { uri: process.env.NEO4J_URI, pid: null, stop: async () => {} };
  process.env.NEO4J_LOCAL_HEAP ??= '2g';
  process.env.NEO4J_LOCAL_PAGECACHE ??= '1g';
  log(
    `starting a local Neo4j (heap ${process.env.NEO4J_LOCAL_HEAP}, page cache ${process.env.NEO4J_LOCAL_PAGECACHE}${options.apoc ? ', APOC core' : ''})...`,
  );
  const neo4j = await startLocalNeo4j({ apoc: options.apoc ?? false });
  log(`Neo4j ready at ${neo4j.uri} in ${(neo4j.startupMs / 1000).toFixed(1)} s`);
  return { uri: neo4j.uri, pid: neo4j.pid, stop: () => neo4j.stop() };
}

/** Peak resident memory of this process so far, in MB. */
export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** Peak resident memory of another process (Linux /proc VmHWM), in MB; null where unknown. */
export function peakRssOfPid(pid: number | null): number | null {
  if (pid === null) return null;
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** Median and 95th percentile of a list of durations. */
export function percentiles(ms: number[]): { median: number; p95: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { median: at(0.5), p95: at(0.95) };
}

/** What else the machine was doing: the 1-minute load average and the cores. */
export function machineLoad(): string {
  return `load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`;
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
