/**
 * npm run bench:similarity -- --data-dir DIR [--queries 200] [--seed 11]
 *
 * similarPapers(first: 10) and papersSharingMethods(first: 10) on an embedded store already
 * filled (for instance `npm run generate -- --papers 100000 --references 30 --out works.jsonl`,
 * then `PAPERGRAPH_DATA_DIR=DIR npm run import -- --no-seed works.jsonl`), for `--queries` papers
 * drawn with the seed, two ways in one process on one graph:
 *   kept      this design: postings kept by every write (store/embedded/featureIndex.ts), added
 *             up into one array indexed by paper (the store's own similarPapers and papersSharingMethods);
 *   previous  the design before it: each request reads the postings of the paper's features off
 *             the graph into string-keyed maps (a term's from a term index built once, which
 *             favours it) and runs the full scan both stores share (rankSimilarPapers, rankSharedMethods).
 * The answers must be equal (ids and scores, to the last bit) or it stops. Prints p50 / p99 (ms)
 * of each and the ratio previous / kept. Not a test and not in CI.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createRandom } from '../src/generate/random.ts';
import { DATABASE_FILE } from '../src/store/embedded/database.ts';
import { EmbeddedStore } from '../src/store/embedded/EmbeddedStore.ts';
import { nodeKey, type GraphIndex } from '../src/store/embedded/graphIndex.ts';
import { methodWeights } from '../src/store/embedded/papersSharingMethods.ts';
import { linksOf } from '../src/store/embedded/similarPapers.ts';
import { postingOf, rankSharedMethods, type Posting } from '../src/store/sharedMethods.ts';
import { similarityFeatures, splitKey } from '../src/store/similarity/features.ts';
import { rankSimilarPapers } from '../src/store/similarity/rankSimilarPapers.ts';
import { machineLoad } from './benchSupport.ts';

const USAGE = `Usage: npm run bench:similarity -- --data-dir DIR [--queries N] [--seed S]

similarPapers and papersSharingMethods on an embedded store already filled, this design (postings
kept at write time) against the previous one (postings read per request), answers checked equal.

Options:
  --data-dir DIR   a PAPERGRAPH_DATA_DIR with a papergraph.db (required)
  --queries N      papers to ask about (default 200)
  --seed S         seed of the draw (default 11)
  -h, --help       show this help`;

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    queries: { type: 'string', default: '200' },
    seed: { type: 'string', default: '11' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (!values['data-dir']) {
  process.stderr.write(`bench:similarity: --data-dir is required\n\n${USAGE}\n`);
  process.exit(2);
}
// Opening a directory without a database would create an empty one: say so instead.
if (!existsSync(join(values['data-dir'], DATABASE_FILE))) {
  process.stderr.write(
    `bench:similarity: no ${DATABASE_FILE} in ${values['data-dir']}; fill one first (PAPERGRAPH_DATA_DIR=${values['data-dir']} npm run import -- FILE)\n`,
  );
  process.exit(2);
}
const log = (line: string) => process.stderr.write(`${line}\n`);

/** The previous design's postings: read off the graph per feature key (terms from `terms`). */
function postingOffGraph(graph: GraphIndex, terms: Map<string, [string, number][]>, key: string): Posting {
  const { label, id } = splitKey(key);
  if (label === 'Term') return postingOf(terms.get(id) ?? []);
  const pairs: [string, number][] = [];
  const idOf = (k: string) => graph.getNodeAttribute(k, 'props').id as string;
  if (label === 'Reference') graph.forEachInEdge(nodeKey('Paper', id), (_e, a, s) => void (a.type === 'CITES' && pairs.push([idOf(s), 1])));
  else if (label === 'Citer')
    graph.forEachOutEdge(nodeKey('Paper', id), (_e, a, _s, t) => void (a.type === 'CITES' && pairs.push([idOf(t), 1])));
  else {
    graph.forEachInEdge(key, (_e, a, s) => {
      if (a.type === 'MENTIONS') pairs.push([idOf(s), a.props.weight as number]);
      else if (a.type === 'PROPOSES' || a.type === 'USES' || a.type === 'AUTHORED_BY') pairs.push([idOf(s), 1]);
    });
  }
  return postingOf(pairs);
}

function previousSimilar(graph: GraphIndex, terms: Map<string, [string, number][]>, papers: number, id: string) {
  const features = similarityFeatures(linksOf(graph, nodeKey('Paper', id)));
  const postings = new Map(features.map((f) => [f.key, postingOffGraph(graph, terms, f.key)]));
  return rankSimilarPapers(id, features, postings, papers, 10).map((r) => [r.id, r.score]);
}

function previousSharing(graph: GraphIndex, id: string) {
  const mine = [...methodWeights(graph, nodeKey('Paper', id))].map(([key, w]) => ({ key, w }));
  const postings = new Map(mine.map((m) => [m.key, postingOffGraph(graph, new Map(), m.key)]));
  return rankSharedMethods(id, mine, postings, 10, 1).map((r) => [r.id, r.score]);
}

function quantiles(ms: number[]): { p50: number; p99: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: at(0.5), p99: at(0.99) };
}

async function main(): Promise<void> {
  const store = new EmbeddedStore({ dataDir: values['data-dir'] });
  let t = performance.now();
  await store.init();
  const graph = store.graph;
  log(`bench:similarity: opened ${values['data-dir']} in ${((performance.now() - t) / 1000).toFixed(1)} s; ${machineLoad()}`);
  const ids: string[] = [];
  let papers = 0;
  const terms = new Map<string, [string, number][]>();
  graph.forEachNode((_k, { label, props }) => {
    if (label !== 'Paper') return;
    papers++;
    if (!props.stub) ids.push(props.id as string);
    ((props.terms as string[] | undefined) ?? []).forEach((term, i) => {
      const list = terms.get(term) ?? [];
      list.push([props.id as string, (props.termWeights as number[])[i]!]);
      terms.set(term, list);
    });
  });
  const random = createRandom(Number(values.seed));
  const draw = Array.from({ length: Number(values.queries) }, () => random.pick(ids));
  const rows: string[] = [];
  for (const [name, kept, previous] of [
    [
      'similarPapers',
      async (id: string) => (await store.similarPapers(id, 10)).map((r) => [r.paper.id, r.score]),
      (id: string) => previousSimilar(graph, terms, papers, id),
    ],
    [
      'papersSharingMethods',
      async (id: string) => (await store.papersSharingMethods(id, 10, 1)).map((r) => [r.paper.id, r.score]),
      (id: string) => previousSharing(graph, id),
    ],
  ] as const) {
    const times = { kept: [] as number[], previous: [] as number[] };
    for (const [i, id] of draw.entries()) {
      t = performance.now();
      const a = await kept(id);
      times.kept.push(performance.now() - t);
      t = performance.now();
      const b = previous(id);
      times.previous.push(performance.now() - t);
      if (JSON.stringify(a) !== JSON.stringify(b))
        throw new Error(`${name} ${id}: the two designs answer differently:\n${JSON.stringify(a)}\n${JSON.stringify(b)}`);
      if ((i + 1) % 50 === 0) log(`  ${name}: ${i + 1} of ${draw.length}`);
    }
    const k = quantiles(times.kept);
    const p = quantiles(times.previous);
    rows.push(
      `| ${name} | ${k.p50.toFixed(1)} / ${k.p99.toFixed(1)} | ${p.p50.toFixed(1)} / ${p.p99.toFixed(1)} | ${(p.p50 / k.p50).toFixed(1)}x / ${(p.p99 / k.p99).toFixed(1)}x |`,
    );
  }
  process.stdout.write(
    [
      `${papers} papers, ${draw.length} queries each, answers equal (ids and scores)`,
      '| query | kept at write time, p50 / p99 ms | previous (read per request) | previous / kept |',
      '| --- | --- | --- | --- |',
      ...rows,
      '',
    ].join('\n'),
  );
  await store.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:similarity failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
