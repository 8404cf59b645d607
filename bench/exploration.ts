/**
 * npm run bench:exploration [-- --max 100000 --runs 2000 --seed 7 --layouts 5]
 *
 * Typeahead and layout timings on the embedded store at 1k, 10k and 100k synthetic papers (sizes
 * up to --max): the store grows by importing the next slice of the same seeded papers, then
 * - suggest: `runs` calls with prefixes of 1 to 8 letters of words of random paper titles, concept
 *   and author names (all types, first 10), after the prefix index is built (its build time is
 *   printed apart), p50 / p99 / max;
 * - layout: a graphView of 1000 nodes (every edge type) laid out with ForceAtlas2
 *   (exploration/layout.ts), plus communities and PageRank, `layouts` times, median.
 * Not a test and not in CI; the lead runs it (it takes minutes at 100k).
 */
import { RELATIONSHIP_TYPES } from '../src/domain/graph.ts';
import { centralityOf } from '../src/exploration/centrality.ts';
import { communitiesOf } from '../src/exploration/communities.ts';
import { graphViewOf } from '../src/exploration/graphViewOf.ts';
import { layoutOf } from '../src/exploration/layout.ts';
import { suggestWords } from '../src/exploration/suggestText.ts';
import { createRandom } from '../src/generate/random.ts';
import { importFiles } from '../src/ingestion/pipeline.ts';
import { EmbeddedStore } from '../src/store/embedded/EmbeddedStore.ts';
import { machineLoad, numberFlags, peakRssMb, seconds, syntheticFile, TAXONOMY } from './benchSupport.ts';

const log = (line: string) => process.stderr.write(`${line}\n`);

/** The q-quantile of sorted durations. */
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

async function main(): Promise<void> {
  const flags = numberFlags(process.argv.slice(2), { max: 100_000, runs: 2000, seed: 7, layouts: 5, 'batch-size': 1000 });
  const sizes = [1_000, 10_000, 100_000].filter((n) => n <= flags.max);
  log(`exploration bench: embedded store, sizes ${sizes.join(', ')}; ${machineLoad()}`);
  const store = new EmbeddedStore();
  await store.init();
  let from = 0;
  for (const size of sizes) {
    const t = Date.now();
    const file = await syntheticFile(flags.seed, from, size);
    await importFiles(store, [file], { taxonomy: TAXONOMY, onError: 'skip', batchSize: flags['batch-size'], checkpoints: null });
    from = size;
    log(`${size} papers: imported in ${seconds(Date.now() - t)}`);

    // Prefixes typed from real names: 1 to 8 letters of a word of a title or name.
    const random = createRandom(flags.seed + size);
    const page = await store.findPapers({ first: 1000, after: null, filter: {}, orderBy: { field: 'ID', direction: 'ASC' } });
    const names = [...page.items.map((i) => i.node.title), ...TAXONOMY.concepts.map((c) => c.name)];
    const prefixes = Array.from({ length: flags.runs }, () => {
      const words = suggestWords(random.pick(names));
      const word = words.length > 0 ? random.pick(words) : 'a';
      return word.slice(0, 1 + Math.floor(random.next() * 8));
    });
    const built = performance.now();
    await store.suggest('warm', ['Paper'], 1);
    const buildMs = performance.now() - built;
    const times: number[] = [];
    for (const prefix of prefixes) {
      const t0 = performance.now();
      await store.suggest(prefix, ['Paper', 'Concept', 'Method', 'Repository', 'Author'], 10);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    console.log(
      `${size} papers  suggest: index build ${buildMs.toFixed(0)} ms; p50 ${quantile(times, 0.5).toFixed(3)} ms, p99 ${quantile(times, 0.99).toFixed(3)} ms, max ${times.at(-1)!.toFixed(3)} ms over ${times.length} prefixes`,
    );

    const view = await graphViewOf(store, {}, 1000, RELATIONSHIP_TYPES);
    const layouts: { layout: number; communities: number; centrality: number }[] = [];
    for (let i = 0; i < flags.layouts; i++) {
      const t1 = performance.now();
      layoutOf(view);
      const t2 = performance.now();
      communitiesOf(view);
      const t3 = performance.now();
      centralityOf(view);
      layouts.push({ layout: t2 - t1, communities: t3 - t2, centrality: performance.now() - t3 });
    }
    const median = (k: 'layout' | 'communities' | 'centrality') =>
      quantile(
        layouts.map((l) => l[k]).sort((a, b) => a - b),
        0.5,
      ).toFixed(0);
    console.log(
      `${size} papers  graphView of ${view.nodes.length} nodes, ${view.edges.length} edges: ForceAtlas2 ${median('layout')} ms, Louvain ${median('communities')} ms, PageRank ${median('centrality')} ms (median of ${flags.layouts}); peak RSS ${peakRssMb()} MB`,
    );
  }
  await store.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
