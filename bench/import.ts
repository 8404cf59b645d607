/**
 * npm run bench:import [-- --papers 100000 --naive 2000 --batch-size 1000 --seed 7]
 *
 * Imports synthetic papers (npm run generate's) through the real import path (stream, read,
 * de-duplicate, extract, reconcile, one transaction per batch):
 *  1. into the embedded store, in a child process so its peak RSS is its own;
 *  2. into Neo4j (a local one is started unless NEO4J_URI is set);
 *  3. on a subset, batched and naive (one auto-commit statement per paper) into an emptied
 *     Neo4j, for the speed-up measured in the same run; the naive time for all papers is
 *     extrapolated from it, and said to be.
 * Not a test and not in CI: it prints figures, asserts nothing, and takes minutes.
 */
import { execFile } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import neo4jDriver from 'neo4j-driver';
import { compileConceptMatcher } from '../src/extract/conceptMatcher.ts';
import { extractGraph, taxonomyDocument } from '../src/extract/extractGraph.ts';
import { importFiles, openInput, readInput, type ImportSummary } from '../src/ingestion/pipeline.ts';
import type { GraphStore } from '../src/store/GraphStore.ts';
import { EmbeddedStore } from '../src/store/embedded/EmbeddedStore.ts';
import { Neo4jStore } from '../src/store/neo4j/Neo4jStore.ts';
import {
  BENCH_DIR,
  NEO4J_ROWS_PER_STATEMENT,
  benchNeo4j,
  machineLoad,
  numberFlags,
  peakRssMb,
  peakRssOfPid,
  seconds,
  syntheticFile,
  TAXONOMY,
} from './benchSupport.ts';
import { naiveImport } from './naiveImport.ts';

interface Measured {
  label: string;
  papers: number;
  relationships: number;
  ms: number;
  peakRssMb: number | null;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

function rate(m: Measured): { papersPerS: number; relsPerS: number } {
  return { papersPerS: m.papers / (m.ms / 1000), relsPerS: m.relationships / (m.ms / 1000) };
}

/** One line of the report: papers, time, papers/s, relationships/s, peak RSS. */
function row(m: Measured): string {
  const r = rate(m);
  return `${m.label.padEnd(24)} ${String(m.papers).padStart(7)} papers ${seconds(m.ms).padStart(9)} ${r.papersPerS.toFixed(0).padStart(7)} papers/s ${r.relsPerS.toFixed(0).padStart(8)} rels/s${m.peakRssMb === null ? '' : `   process peak RSS ${m.peakRssMb} MB`}`;
}

/** Imports one file into a store and measures it. */
async function timedImport(
  store: GraphStore,
  file: string,
  batchSize: number,
  label: string,
): Promise<Measured & { summary: ImportSummary }> {
  const started = Date.now();
  const summary = await importFiles(store, [file], {
    taxonomy: TAXONOMY,
    onError: 'skip',
    batchSize,
    checkpoints: null,
    onProgress: (p) => {
      if (p.records % (batchSize * 10) === 0) log(`  ${label}: ${p.records} records, ${Math.round(p.records / p.seconds)} records/s`);
    },
  });
  const ms = Date.now() - started;
  return {
    label,
    papers: summary.totals.imported + summary.totals.merged,
    relationships: summary.relationships.created,
    ms,
    peakRssMb: peakRssMb(),
    summary,
  };
}

/** Phase 1, run in a child process: the embedded store, all papers, in memory. */
async function memoryPhase(file: string, batchSize: number): Promise<void> {
  const store = new EmbeddedStore();
  await store.init();
  const measured = await timedImport(store, file, batchSize, 'embedded');
  const stats = await store.stats();
  process.stdout.write(`${JSON.stringify({ ...measured, summary: undefined, stats })}\n`);
}

/** The first n lines of a JSON-lines file, as a new file. */
async function headOf(file: string, n: number): Promise<string> {
  const out = `${BENCH_DIR}/head-${n}-${file.split('/').pop()}`;
  const writer = createWriteStream(out);
  let i = 0;
  for await (const line of createInterface({ input: createReadStream(file) })) {
    if (i++ >= n) break;
    if (!writer.write(`${line}\n`)) await once(writer, 'drain');
  }
  writer.end();
  await once(writer, 'finish');
  return out;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--phase-memory') return memoryPhase(argv[1]!, Number(argv[2]));
  const flags = numberFlags(argv, { papers: 100_000, naive: 2_000, 'batch-size': 1_000, seed: 7 });
  const wallStarted = Date.now();
  log(`bench:import: ${flags.papers} papers, batches of ${flags['batch-size']}, naive baseline on ${flags.naive}; ${machineLoad()}`);

  let t = Date.now();
  const file = await syntheticFile(flags.seed, 0, flags.papers);
  log(`synthetic input: ${file} (${seconds(Date.now() - t)})`);

  log('1/3 embedded store (child process)...');
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [...process.execArgv, process.argv[1]!, '--phase-memory', file, String(flags['batch-size'])],
    {
      maxBuffer: 1 << 20,
    },
  );
  const memory = JSON.parse(stdout.trim().split('\n').pop()!) as Measured & { stats: unknown };
  // Each figure goes out as soon as it is measured: a later failure loses none.
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`bench:import (${new Date().toISOString()}, seed ${flags.seed}, batches of ${flags['batch-size']})`);
  out(`${row(memory)}   [${machineLoad()}]`);

  const neo4j = await benchNeo4j(log);
  const store = new Neo4jStore({ uri: neo4j.uri, batchSize: NEO4J_ROWS_PER_STATEMENT });
  try {
    await store.init();
    log(`2/3 Neo4j, batched, ${flags.papers} papers...`);
    await store.clear();
    const batched = await timedImport(store, file, flags['batch-size'], 'neo4j batched');
    const neo4jStats = await store.stats();
    out(`${row(batched)}   [${machineLoad()}]`);
    out(`  Neo4j JVM peak RSS: ${peakRssOfPid(neo4j.pid) ?? 'unknown (external Neo4j)'} MB`);
    out(`embedded store: ${JSON.stringify(memory.stats)}`);
    out(`Neo4j: ${JSON.stringify(neo4jStats)}`);

    log(`3/3 Neo4j on ${flags.naive} papers: batched, then naive (one statement per paper)...`);
    const subset = await headOf(file, flags.naive);
    await store.clear();
    const batchedSubset = await timedImport(store, subset, flags['batch-size'], 'neo4j batched subset');
    out(`${row(batchedSubset)}   [${machineLoad()}]`);
    await store.clear();
    await store.upsert(taxonomyDocument(TAXONOMY));
    t = Date.now();
    const matcher = compileConceptMatcher(TAXONOMY);
    const input = await openInput(subset);
    let naivePapers = 0;
    let naiveRelationships = 0;
    async function* documents() {
      for await (const item of readInput(input)) {
        if (!('paper' in item)) continue;
        const { document } = extractGraph([item.paper], TAXONOMY, matcher);
        naivePapers += 1;
        naiveRelationships += document.relationships.length;
        if (naivePapers % 500 === 0)
          log(`  neo4j naive: ${naivePapers} papers, ${Math.round(naivePapers / ((Date.now() - t) / 1000))} papers/s`);
        yield document;
      }
    }
    const docs: Parameters<typeof naiveImport>[1] = [];
    for await (const d of documents()) (docs as unknown[]).push(d);
    const extractMs = Date.now() - t;
    t = Date.now();
    const driver = neo4jDriver.driver(neo4j.uri);
    try {
      await naiveImport(driver, docs);
    } finally {
      await driver.close();
    }
    const naive: Measured = {
      label: 'neo4j naive',
      papers: naivePapers,
      relationships: naiveRelationships,
      ms: Date.now() - t + extractMs,
      peakRssMb: null,
    };

    const speedup = rate(batchedSubset).papersPerS / rate(naive).papersPerS;
    const naiveAllSeconds = flags.papers / rate(naive).papersPerS;
    out(`${row(naive)}   [${machineLoad()}]`);
    out(`speed-up of the batched import over the naive one on the same ${flags.naive} papers: ${speedup.toFixed(1)}x (target >= 10x)`);
    out(
      `naive import of all ${flags.papers} papers: about ${seconds(naiveAllSeconds * 1000)}, EXTRAPOLATED from the ${flags.naive}-paper run (not measured)`,
    );
    out(`batched ${flags.papers} vs extrapolated naive: ${(naiveAllSeconds / (batched.ms / 1000)).toFixed(1)}x`);
    out(`wall time ${seconds(Date.now() - wallStarted)}`);
  } finally {
    await store.close();
    await neo4j.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:import failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
