/**
 * One measurement of `npm run bench:embedded`, in a process of its own so that its memory and
 * start-up are its own: `--phase import` imports a JSON-lines file of synthetic papers into a data
 * directory with the pipeline of this tree; `--phase reopen` opens that directory, then makes
 * `--mutations` one-edge writes (a curator's tag, as `tagConcept` writes it). `--store` is the
 * store module to measure: this tree's EmbeddedStore, or the file-rewriting MemoryStore of the
 * previous design, checked out by bench/embedded.ts. Prints one JSON object on stdout.
 */
import { parseArgs } from 'node:util';
import type { GraphDocument } from '../../src/domain/graph.ts';
import { loadTaxonomy } from '../../src/extract/taxonomy.ts';
import { importFiles } from '../../src/ingestion/pipeline.ts';
import type { GraphStore } from '../../src/store/GraphStore.ts';

const { values } = parseArgs({
  options: {
    phase: { type: 'string' },
    store: { type: 'string' },
    design: { type: 'string' },
    'data-dir': { type: 'string' },
    file: { type: 'string' },
    mutations: { type: 'string', default: '0' },
  },
});
const dataDir = values['data-dir']!;
const design = values.design as 'previous' | 'sqlite';

/** The store of the design measured; the previous one's bulk mode is how its import opened it. */
async function openStore(bulk: boolean): Promise<GraphStore> {
  const module = (await import(values.store!)) as Record<string, new (options: object) => GraphStore>;
  if (design === 'previous') {
    const store = new module.MemoryStore!({ dataDir, persist: bulk ? 'on-flush' : 'each-write' });
    // The previous store predates upsertWith; one process writes here, so build-then-upsert is the same.
    (store as unknown as { upsertWith: GraphStore['upsertWith'] }).upsertWith = async (build) => {
      const { document, result } = await build(store);
      return { summary: await store.upsert(document), result };
    };
    return store;
  }
  return new module.EmbeddedStore!({ dataDir });
}

function rssMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return Math.round(process.memoryUsage().rss / 1024 / 1024);
}

if (values.phase === 'import') {
  const store = await openStore(true);
  await store.init();
  const started = performance.now();
  const summary = await importFiles(store, [values.file!], {
    taxonomy: loadTaxonomy('seeds/taxonomy.json'),
    onError: 'skip',
    batchSize: 1000,
    checkpoints: null,
    // As the previous design's import flushed its file (every 30 s at most); SQLite commits each batch.
    flushEveryMs: design === 'previous' ? 30_000 : 0,
  });
  await store.close();
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`${JSON.stringify({ papers: summary.totals.imported + summary.totals.merged, seconds, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
} else {
  const started = performance.now();
  const store = await openStore(false);
  await store.init();
  const stats = await store.stats();
  const startupSeconds = (performance.now() - started) / 1000;
  const rssAfterLoadMb = rssMb();
  const [paper] = (await store.findPapers({ first: 1, after: null, filter: {}, orderBy: { field: 'ID', direction: 'ASC' } })).items;
  const latencies: number[] = [];
  for (let i = 0; i < Number(values.mutations); i++) {
    const doc: GraphDocument = {
      papers: [],
      concepts: [],
      methods: [],
      repositories: [],
      authors: [],
      relationships: [{ type: 'MENTIONS', from: paper!.node.id, to: 'hessian', properties: { count: 1, weight: 1, evidence: [`tagged ${i}`], extractor: 'curator' } }],
    };
    const t = performance.now();
    await store.upsert(doc);
    latencies.push(performance.now() - t);
  }
  await store.close();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)] ?? null;
  process.stdout.write(`${JSON.stringify({ papers: stats.nodes.Paper, startupSeconds, rssAfterLoadMb, mutations: latencies.length, p50Ms: at(0.5), p99Ms: at(0.99) })}\n`);
}
