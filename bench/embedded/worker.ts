/**
 * One measurement of `npm run bench:embedded`, in a process of its own so that its memory and
 * start-up are its own: `--phase import` writes a JSON-lines file of synthetic papers into a data
 * directory, extracted by this tree in batches of 1000 papers and upserted batch by batch (the
 * same documents for both stores: the store is what is measured, so the pipeline's reconcile
 * reads, which the previous store's port predates, are left out); `--phase reopen` opens that directory, then makes
 * `--mutations` one-edge writes (a curator's tag, as `tagConcept` writes it). `--store` is the
 * store module to measure: this tree's EmbeddedStore, or the file-rewriting MemoryStore of the
 * previous design, checked out by bench/embedded.ts. Prints one JSON object on stdout.
 */
import { parseArgs } from 'node:util';
import type { GraphDocument } from '../../src/domain/graph.ts';
import { compileConceptMatcher } from '../../src/extract/conceptMatcher.ts';
import { extractGraph, taxonomyDocument } from '../../src/extract/extractGraph.ts';
import { loadTaxonomy } from '../../src/extract/taxonomy.ts';
import { openInput, readInput } from '../../src/ingestion/pipeline.ts';
import type { PaperRecord } from '../../src/domain/paperRecord.ts';
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

/** What both designs' stores offer here; only the previous one's `flush` does anything (it rewrites graph.json). */
type MeasuredStore = Pick<GraphStore, 'init' | 'close' | 'upsert' | 'stats' | 'findPapers'> & { flush?: () => Promise<void> };

/** The store of the design measured; the previous one's bulk mode is how its import opened it. */
async function openStore(bulk: boolean): Promise<MeasuredStore> {
  const module = (await import(values.store!)) as Record<string, new (options: object) => MeasuredStore>;
  if (design === 'previous') return new module.MemoryStore!({ dataDir, persist: bulk ? 'on-flush' : 'each-write' });
  return new module.EmbeddedStore!({ dataDir });
}

function rssMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return Math.round(process.memoryUsage().rss / 1024 / 1024);
}

if (values.phase === 'import') {
  const taxonomy = loadTaxonomy('seeds/taxonomy.json');
  const matcher = compileConceptMatcher(taxonomy);
  const store = await openStore(true);
  await store.init();
  let storeMs = 0;
  let extractMs = 0;
  let papers = 0;
  let lastFlush = performance.now();
  const write = async (doc: GraphDocument) => {
    const t = performance.now();
    await store.upsert(doc);
    // As the previous design's import flushed its file: every 30 s at most. SQLite commits each upsert.
    if (performance.now() - lastFlush > 30_000) {
      await store.flush?.();
      lastFlush = performance.now();
    }
    storeMs += performance.now() - t;
  };
  await write(taxonomyDocument(taxonomy));
  let batch: PaperRecord[] = [];
  const flushBatch = async () => {
    const t = performance.now();
    const { document } = extractGraph(batch, taxonomy, matcher);
    extractMs += performance.now() - t;
    papers += batch.length;
    batch = [];
    await write(document);
  };
  for await (const item of readInput(await openInput(values.file!))) {
    if (!('paper' in item)) continue;
    batch.push(item.paper);
    if (batch.length >= 1000) await flushBatch();
  }
  if (batch.length > 0) await flushBatch();
  const t = performance.now();
  await store.close();
  storeMs += performance.now() - t;
  process.stdout.write(
    `${JSON.stringify({ papers, seconds: (storeMs + extractMs) / 1000, storeSeconds: storeMs / 1000, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`,
  );
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
      relationships: [
        {
          type: 'MENTIONS',
          from: paper!.node.id,
          to: 'hessian',
          properties: { count: 1, weight: 1, evidence: [`tagged ${i}`], extractor: 'curator' },
        },
      ],
    };
    const t = performance.now();
    await store.upsert(doc);
    latencies.push(performance.now() - t);
  }
  await store.close();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)] ?? null;
  process.stdout.write(
    `${JSON.stringify({ papers: stats.nodes.Paper, startupSeconds, rssAfterLoadMb, mutations: latencies.length, p50Ms: at(0.5), p99Ms: at(0.99) })}\n`,
  );
}
