/**
 * npm run bench:traversals [-- --runs 20 --seed 7 --max 100000 --batch-size 1000]
 *
 * Latency of the traversals the API serves, on the embedded store and on Neo4j (a local one is
 * started unless NEO4J_URI is set), at 1k, 10k and 100k synthetic papers: both stores grow by
 * importing the next slice of the same seeded papers, then each query runs `runs` times (after
 * 3 warm-up runs, within a minute per query, size and store) on inputs drawn with a fixed seed,
 * and the median and 95th percentile are printed. Queries: papersSharingMethods (top 10), neighborhood of a paper at depth 2 (limit 200),
 * conceptPath between two curated concepts (max 6 hops), and the first page (20) of a concept's
 * papers by relevance. Not a test and not in CI.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { RELATIONSHIP_TYPES } from '../src/domain/graph.ts';
import { createRandom } from '../src/generate/random.ts';
import { importFiles } from '../src/ingestion/pipeline.ts';
import type { GraphStore } from '../src/store/GraphStore.ts';
import { EmbeddedStore } from '../src/store/embedded/EmbeddedStore.ts';
import { Neo4jStore } from '../src/store/neo4j/Neo4jStore.ts';
import {
  NEO4J_ROWS_PER_STATEMENT,
  benchNeo4j,
  machineLoad,
  numberFlags,
  peakRssMb,
  percentiles,
  seconds,
  syntheticFile,
  TAXONOMY,
} from './benchSupport.ts';

const log = (line: string) => process.stderr.write(`${line}\n`);
const WARM_UP = 3;
/** Time one query may take at one size on one store; past it the runs so far are reported, and how many. */
const BUDGET_MS = 60_000;

interface Query {
  name: string;
  run: (store: GraphStore, i: number) => Promise<unknown>;
}

/** The arXiv ids of a JSON-lines file of synthetic papers (their paper ids). */
async function arxivIds(file: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const line of createInterface({ input: createReadStream(file) })) {
    const id = (JSON.parse(line) as { arxiv_id: string | null }).arxiv_id;
    if (id) ids.push(id);
  }
  return ids;
}

/** The queries of one size, their inputs drawn once (same for both stores). */
function queries(paperIds: string[], runs: number, seed: number): Query[] {
  const random = createRandom(seed);
  const total = runs + WARM_UP;
  const papers = Array.from({ length: total }, () => random.pick(paperIds));
  const curated = TAXONOMY.concepts.map((c) => c.id);
  const pairs = Array.from({ length: total }, () => [random.pick(curated), random.pick(curated)] as const);
  const concepts = Array.from({ length: total }, () => random.pick(curated));
  return [
    { name: 'papersSharingMethods', run: (s, i) => s.papersSharingMethods(papers[i]!, 10, 1) },
    { name: 'neighborhood depth 2', run: (s, i) => s.neighborhood([papers[i]!], 2, 200, RELATIONSHIP_TYPES) },
    { name: 'conceptPath', run: (s, i) => s.conceptPath(pairs[i]![0], pairs[i]![1], 6) },
    {
      name: "concept's papers page",
      run: (s, i) =>
        s.findPapers({ first: 20, after: null, filter: { conceptId: concepts[i]! }, orderBy: { field: 'RELEVANCE', direction: 'DESC' } }),
    },
  ];
}

async function measure(store: GraphStore, query: Query, runs: number): Promise<{ median: number; p95: number; runs: number }> {
  const times: number[] = [];
  const started = performance.now();
  for (let i = 0; i < runs + WARM_UP; i++) {
    const t = performance.now();
    await query.run(store, i);
    if (i >= WARM_UP) times.push(performance.now() - t);
    if (performance.now() - started > BUDGET_MS && times.length > 0) break;
  }
  return { ...percentiles(times), runs: times.length };
}

async function main(): Promise<void> {
  const flags = numberFlags(process.argv.slice(2), { runs: 20, seed: 7, max: 100_000, 'batch-size': 1_000 });
  const wallStarted = Date.now();
  const sizes = [1_000, 10_000, 100_000].filter((n) => n <= flags.max);
  log(`bench:traversals: sizes ${sizes.join(', ')}, ${flags.runs} runs each (+${WARM_UP} warm-up); ${machineLoad()}`);
  const neo4j = await benchNeo4j(log);
  const stores: [string, GraphStore][] = [
    ['embedded', new EmbeddedStore()],
    ['neo4j', new Neo4jStore({ uri: neo4j.uri, batchSize: NEO4J_ROWS_PER_STATEMENT })],
  ];
  const lines: string[] = [];
  try {
    for (const [, store] of stores) {
      await store.init();
      await store.clear();
    }
    let from = 0;
    const ids: string[] = [];
    for (const size of sizes) {
      const file = await syntheticFile(flags.seed, from, size);
      ids.push(...(await arxivIds(file)));
      for (const [name, store] of stores) {
        const t = Date.now();
        await importFiles(store, [file], { taxonomy: TAXONOMY, onError: 'skip', batchSize: flags['batch-size'], checkpoints: null });
        log(`  ${name}: grew to ${size} papers in ${seconds(Date.now() - t)}`);
      }
      from = size;
      for (const query of queries(ids, flags.runs, flags.seed + size)) {
        for (const [name, store] of stores) {
          const { median, p95, runs } = await measure(store, query, flags.runs);
          const cut = runs < flags.runs ? `   (${runs} runs: the ${BUDGET_MS / 1000} s budget ran out)` : '';
          lines.push(
            `${String(size).padStart(7)} papers  ${query.name.padEnd(22)} ${name.padEnd(9)} median ${median.toFixed(1).padStart(8)} ms   p95 ${p95.toFixed(1).padStart(8)} ms${cut}`,
          );
          log(lines.at(-1)!);
        }
      }
    }
  } finally {
    for (const [, store] of stores) await store.close();
    await neo4j.stop();
  }
  process.stdout.write(
    [
      '',
      `bench:traversals (${new Date().toISOString()}, ${machineLoad()}, seed ${flags.seed}, ${flags.runs} runs per query and store)`,
      ...lines,
      `peak RSS of this process (embedded store at ${sizes.at(-1)} papers, Neo4j driver): ${peakRssMb()} MB`,
      `wall time ${seconds(Date.now() - wallStarted)}`,
    ].join('\n') + '\n',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:traversals failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
