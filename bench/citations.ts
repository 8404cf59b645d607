/**
 * npm run bench:citations [-- --papers 100000 --references 30 --seed 7 --queries 200 --stores embedded,neo4j]
 *
 * A synthetic citation graph (npm run generate -- --references R: OpenAlex works citing about R
 * earlier ones, preferential attachment) imported into each store with the import pipeline; prints
 * the import time, the size on disk (the embedded store's papergraph.db with its WAL; Neo4j's
 * database and transaction log directories, when this benchmark started that Neo4j), the resident
 * memory after load (embedded: a fresh process opening the imported file, after a GC; Neo4j: its
 * JVM's peak) and the latency (p50, p99, over `--queries` sequential GraphQL requests to a server
 * on the store) of Paper.references(first: 20) and Paper.citedBy(first: 20) for papers drawn
 * uniformly, citedBy(first: 20) of the most cited paper, and similarPapers (coupling and
 * co-citation among its signals). Not a test and not in CI; the figures go to stdout as a table.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startLocalNeo4j } from '../scripts/neo4j-local.mjs';
import { drawReferences } from '../src/generate/drawReferences.ts';
import { generateWorks } from '../src/generate/generateWorks.ts';
import { writeJsonLines } from '../src/generate/writeJsonLines.ts';
import { BULK_TUNING, importFiles } from '../src/ingestion/pipeline.ts';
import { DEFAULT_PAPERS_PER_BATCH } from '../src/ingestion/write.ts';
import { startHttpServer } from '../src/server/http.ts';
import { DATABASE_FILE } from '../src/store/embedded/database.ts';
import { EmbeddedStore } from '../src/store/embedded/EmbeddedStore.ts';
import type { GraphStore } from '../src/store/GraphStore.ts';
import { Neo4jStore } from '../src/store/neo4j/Neo4jStore.ts';
import { createRandom } from '../src/generate/random.ts';
import { BENCH_DIR, peakRssOfPid, TAXONOMY } from './benchSupport.ts';

const { values } = parseArgs({
  options: {
    papers: { type: 'string', default: '100000' },
    references: { type: 'string', default: '30' },
    seed: { type: 'string', default: '7' },
    queries: { type: 'string', default: '200' },
    stores: { type: 'string', default: 'embedded,neo4j' },
    /** Internal: open the embedded store in DIR, measure, print JSON (run in a fresh process). */
    'load-worker': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  process.stdout.write(
    'Usage: npm run bench:citations -- [--papers 100000] [--references 30] [--seed 7] [--queries 200] [--stores embedded,neo4j]\n',
  );
  process.exit(0);
}
const log = (line: string) => process.stderr.write(`${line}\n`);
const PAPERS = wholeNumber('papers');
const REFERENCES = wholeNumber('references');
const SEED = wholeNumber('seed');
const QUERIES = wholeNumber('queries');

function wholeNumber(name: 'papers' | 'references' | 'seed' | 'queries'): number {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`--${name} must be a whole number of at least 1, found ${JSON.stringify(values[name])}`);
  return n;
}

interface Latencies {
  references: Percentiles;
  citedBy: Percentiles;
  hubCitedBy: Percentiles;
  similarPapers: Percentiles;
}
interface Percentiles {
  p50: number;
  p99: number;
}

const QUERY = {
  references: `query ($id: ID!) { paper(id: $id) { references(first: 20) { totalCount edges { node { id title stub } influential } } } }`,
  citedBy: `query ($id: ID!) { paper(id: $id) { citedBy(first: 20) { totalCount edges { node { id title } } } } }`,
  similarPapers: `query ($id: ID!) { similarPapers(paperId: $id, first: 10) { paper { id } score signals { name score } } }`,
};

/** Papers to query: `QUERIES` OpenAlex ids drawn uniformly (seeded), and the most cited one. */
function sample(): { ids: string[]; hub: string } {
  const cited = new Uint32Array(PAPERS);
  for (const refs of drawReferences({ papers: PAPERS, seed: SEED, references: REFERENCES })) for (const r of refs) cited[r]! += 1;
  let hub = 0;
  for (let i = 1; i < PAPERS; i++) if (cited[i]! > cited[hub]!) hub = i;
  const random = createRandom(SEED + 1);
  const ids = Array.from({ length: QUERIES }, () => `openalex:W${random.int(1, PAPERS)}`);
  log(`most cited paper: W${hub + 1}, ${cited[hub]} citations`);
  return { ids, hub: `openalex:W${hub + 1}` };
}

/** The latencies of the queries on a store, through a GraphQL server on it (paper ids looked up from their OpenAlex ids first). */
async function measureQueries(store: GraphStore, openalexIds: string[], hubId: string): Promise<Latencies> {
  const found = await store.papersByExternalId([...openalexIds, hubId]);
  const ids = found.map((list, i) => {
    if (!list[0]) throw new Error(`no paper with ${[...openalexIds, hubId][i]}: did the import finish?`);
    return list[0].id;
  });
  const hub = ids.pop()!;
  const server = await startHttpServer({ store, taxonomy: TAXONOMY, apiKey: null, port: 0, host: '127.0.0.1' });
  try {
    const time = async (query: string, id: string) => {
      const t = performance.now();
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables: { id } }),
      });
      const body = (await response.json()) as { errors?: { message: string }[] };
      const ms = performance.now() - t;
      if (body.errors) throw new Error(`query failed on ${id}: ${body.errors.map((e) => e.message).join('; ')}`);
      return ms;
    };
    const run = async (query: string, over: string[]) => {
      await time(query, over[0]!); // warm-up
      const ms: number[] = [];
      for (const id of over) ms.push(await time(query, id));
      return percentilesOf(ms);
    };
    return {
      references: await run(QUERY.references, ids),
      citedBy: await run(QUERY.citedBy, ids),
      hubCitedBy: await run(
        QUERY.citedBy,
        ids.map(() => hub),
      ),
      similarPapers: await run(QUERY.similarPapers, ids),
    };
  } finally {
    await server.close();
  }
}

function percentilesOf(ms: number[]): Percentiles {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => Number(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!.toFixed(2));
  return { p50: at(0.5), p99: at(0.99) };
}

/** Bytes under a path (a file, or a directory walked), 0 when absent. */
function sizeOf(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((n, name) => n + sizeOf(join(path, name)), 0);
}
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/** The works file for the flags, generated once and kept in the bench directory. */
async function worksFile(): Promise<string> {
  mkdirSync(BENCH_DIR, { recursive: true });
  const file = join(BENCH_DIR, `works-seed${SEED}-refs${REFERENCES}-${PAPERS}.jsonl`);
  if (existsSync(file) && statSync(file).size > 0) return file;
  log(`generating ${PAPERS} works with about ${REFERENCES} references each...`);
  await writeJsonLines(generateWorks({ papers: PAPERS, seed: SEED, taxonomy: TAXONOMY, references: REFERENCES }), file);
  return file;
}

async function importInto(store: GraphStore, file: string): Promise<number> {
  const started = performance.now();
  await importFiles(store, [file], {
    taxonomy: TAXONOMY,
    onError: 'fail',
    batchSize: DEFAULT_PAPERS_PER_BATCH,
    checkpoints: null,
    onProgress: (p) => {
      if (p.records % 10_000 === 0) log(`  ${p.records} works in ${p.seconds.toFixed(0)} s`);
    },
  });
  return (performance.now() - started) / 1000;
}

/** In a fresh process: open the imported embedded store, measure memory after a GC, then the query latencies. */
async function loadWorker(dir: string): Promise<void> {
  const started = performance.now();
  const store = new EmbeddedStore({ dataDir: dir });
  await store.init();
  await store.stats();
  const loadSeconds = (performance.now() - started) / 1000;
  (globalThis as { gc?: () => void }).gc?.();
  const rssAfterLoadMb = mb(process.memoryUsage().rss);
  const { ids, hub } = sample();
  const latencies = await measureQueries(store, ids, hub);
  await store.close();
  process.stdout.write(`${JSON.stringify({ loadSeconds, rssAfterLoadMb, latencies })}\n`);
}

/** Runs this file as a load worker on `dir` and returns what it printed. */
function runLoadWorker(dir: string): Promise<{ loadSeconds: number; rssAfterLoadMb: number; latencies: Latencies }> {
  const self = fileURLToPath(import.meta.url);
  const args = ['--import', 'tsx', '--expose-gc', self, ...process.argv.slice(2), '--load-worker', dir];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`load worker exited ${code}`)),
    );
  });
}

interface Row {
  store: string;
  importSeconds: number;
  diskMb: number | null;
  rssMb: number | null;
  latencies: Latencies;
}

async function benchEmbedded(file: string): Promise<Row> {
  const dir = mkdtempSync(join(tmpdir(), 'papergraph-bench-citations-'));
  try {
    const store = new EmbeddedStore({ dataDir: dir });
    await store.init();
    log(`embedded: importing into ${dir}...`);
    const importSeconds = await importInto(store, file);
    await store.close();
    const diskMb = mb(sizeOf(join(dir, DATABASE_FILE)) + sizeOf(join(dir, `${DATABASE_FILE}-wal`)));
    log('embedded: loading in a fresh process and querying...');
    const loaded = await runLoadWorker(dir);
    return { store: 'embedded', importSeconds, diskMb, rssMb: loaded.rssAfterLoadMb, latencies: loaded.latencies };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchNeo4jStore(file: string): Promise<Row> {
  const own = process.env.NEO4J_URI ? null : mkdtempSync(join(tmpdir(), 'papergraph-bench-neo4j-'));
  const neo4j = own ? await startLocalNeo4j({ home: own, apoc: false }) : { uri: process.env.NEO4J_URI!, pid: null, stop: async () => {} };
  try {
    const store = new Neo4jStore({ uri: neo4j.uri, batchSize: BULK_TUNING.neo4jRowsPerStatement });
    await store.init();
    await store.clear();
    log(`neo4j: importing into ${neo4j.uri}...`);
    const importSeconds = await importInto(store, file);
    const { ids, hub } = sample();
    log('neo4j: querying...');
    const latencies = await measureQueries(store, ids, hub);
    await store.clear();
    await store.close();
    const diskMb = own ? mb(sizeOf(join(own, 'data', 'databases', 'neo4j')) + sizeOf(join(own, 'data', 'transactions', 'neo4j'))) : null;
    return { store: 'neo4j', importSeconds, diskMb, rssMb: peakRssOfPid(neo4j.pid ?? null), latencies };
  } finally {
    await neo4j.stop();
    if (own) rmSync(own, { recursive: true, force: true });
  }
}

if (values['load-worker']) {
  await loadWorker(values['load-worker']);
} else {
  process.env.NEO4J_LOCAL_HEAP ??= '2g';
  process.env.NEO4J_LOCAL_PAGECACHE ??= '1g';
  const file = await worksFile();
  const rows: Row[] = [];
  for (const name of values.stores.split(',')) {
    if (name === 'embedded') rows.push(await benchEmbedded(file));
    else if (name === 'neo4j') rows.push(await benchNeo4jStore(file));
    else throw new Error(`--stores: unknown store ${JSON.stringify(name)}; known: embedded, neo4j`);
  }
  const cell = (p: Percentiles) => `${p.p50} / ${p.p99}`;
  process.stdout.write(
    `citation graph: ${PAPERS} papers, about ${REFERENCES} references each (seed ${SEED}), ${QUERIES} queries per figure; latencies p50 / p99 ms\n`,
  );
  process.stdout.write('store     import s  disk MB  RSS MB  references(20)  citedBy(20)  hub citedBy(20)  similarPapers(10)\n');
  for (const r of rows) {
    process.stdout.write(
      `${r.store.padEnd(9)} ${r.importSeconds.toFixed(1).padStart(8)}  ${String(r.diskMb ?? 'n/a').padStart(7)}  ${String(r.rssMb ?? 'n/a').padStart(6)}  ${cell(r.latencies.references).padStart(14)}  ${cell(r.latencies.citedBy).padStart(11)}  ${cell(r.latencies.hubCitedBy).padStart(15)}  ${cell(r.latencies.similarPapers).padStart(17)}\n`,
    );
  }
}
