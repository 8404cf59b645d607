import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphDocument } from '../../src/domain/graph.ts';
import { ingestDocument } from '../../src/ingestion/write.ts';
import { EmbeddedStore } from '../../src/store/embedded/EmbeddedStore.ts';
import { FeatureIndex } from '../../src/store/embedded/featureIndex.ts';
import { isTechnique, postingOf, rankSharedMethods, type Posting } from '../../src/store/sharedMethods.ts';
import { similarityFeatures } from '../../src/store/similarity/features.ts';
import { rankSimilarPapers } from '../../src/store/similarity/rankSimilarPapers.ts';
import { seedDocument } from './graphStore.contract.ts';

/**
 * The embedded store's feature index (the postings similarPapers and papersSharingMethods add up)
 * is kept by every write, in this process and, through catch-up, in another one on the same file.
 * Checked two ways after each write: the kept index equals one built from the graph as it is, and
 * both rankings equal the full scan both stores share (rankSimilarPapers, rankSharedMethods) over
 * postings this test reads off the graph itself.
 */

type Store = EmbeddedStore;
const live = (store: Store) => (store as unknown as { live: { features: FeatureIndex } }).live.features;

/** Postings read straight off the graph, with no help from the index. */
function graphPostings(store: Store): Map<string, Posting> {
  const pairs = new Map<string, Map<string, number>>();
  const put = (key: string, id: string, w: number) => {
    const m = pairs.get(key) ?? new Map<string, number>();
    m.set(id, Math.max(m.get(id) ?? 0, w));
    pairs.set(key, m);
  };
  const graph = store.graph;
  graph.forEachNode((_k, { label, props }) => {
    if (label !== 'Paper') return;
    ((props.terms as string[] | undefined) ?? []).forEach((t, i) =>
      put(`Term:${t}`, props.id as string, (props.termWeights as number[])[i]!),
    );
  });
  graph.forEachEdge((_e, { type, props }, from, to) => {
    const idOf = (key: string) => graph.getNodeAttribute(key, 'props').id as string;
    if (type === 'MENTIONS') put(to, idOf(from), props.weight as number);
    if (type === 'PROPOSES' || type === 'USES' || type === 'AUTHORED_BY') put(to, idOf(from), 1);
    if (type === 'CITES') {
      put(`Reference:${idOf(to)}`, idOf(from), 1);
      put(`Citer:${idOf(from)}`, idOf(to), 1);
    }
  });
  return new Map([...pairs].map(([key, m]) => [key, postingOf(m)]));
}

function paperCount(store: Store): number {
  let n = 0;
  store.graph.forEachNode((_k, a) => void (a.label === 'Paper' && n++));
  return n;
}

/** What both rankings must answer for a paper, by the shared full scan over the graph's postings. */
function expected(store: Store, postings: Map<string, Posting>, paperId: string) {
  const graph = store.graph;
  const key = `Paper:${paperId}`;
  const links = {
    concepts: [] as { id: string; kind: unknown; technique: unknown; w: number }[],
    methods: [] as string[],
    authors: [] as string[],
    references: [] as string[],
    citers: [] as string[],
  };
  const mine: { key: string; w: number }[] = [];
  graph.forEachOutEdge(key, (_e, a, _s, target) => {
    const props = graph.getNodeAttribute(target, 'props');
    if (a.type === 'MENTIONS') {
      links.concepts.push({ id: props.id as string, kind: props.kind, technique: props.technique, w: a.props.weight as number });
      if (isTechnique(props)) mine.push({ key: target, w: a.props.weight as number });
    }
    if (a.type === 'PROPOSES' || a.type === 'USES') {
      links.methods.push(props.id as string);
      if (!mine.some((m) => m.key === target)) mine.push({ key: target, w: 1 });
    }
    if (a.type === 'AUTHORED_BY') links.authors.push(props.id as string);
    if (a.type === 'CITES') links.references.push(props.id as string);
  });
  graph.forEachInEdge(key, (_e, a, source) => {
    if (a.type === 'CITES') links.citers.push(graph.getNodeAttribute(source, 'props').id as string);
  });
  const own = graph.getNodeAttribute(key, 'props');
  const features = similarityFeatures({ ...links, terms: (own.terms as string[]) ?? [], termWeights: (own.termWeights as number[]) ?? [] });
  const all = new Map(features.map((f) => [f.key, postings.get(f.key) ?? postingOf([])]));
  for (const m of mine) all.set(m.key, postings.get(m.key) ?? postingOf([]));
  return {
    similar: rankSimilarPapers(paperId, features, all, paperCount(store), 5).map((r) => [r.id, r.score]),
    sharing: rankSharedMethods(paperId, mine, all, 5, 1).map((r) => [r.id, r.score]),
  };
}

async function checkAll(store: Store, label: string): Promise<void> {
  const graph = store.graph;
  expect(live(store).entries(), `${label}: kept index = rebuilt index`).toEqual(FeatureIndex.of(graph).entries());
  const postings = graphPostings(store);
  const ids: string[] = [];
  graph.forEachNode((_k, a) => void (a.label === 'Paper' && ids.push(a.props.id as string)));
  for (const id of ids) {
    const want = expected(store, postings, id);
    expect(
      (await store.similarPapers(id, 5)).map((r) => [r.paper.id, r.score]),
      `${label}: similarPapers ${id}`,
    ).toEqual(want.similar);
    expect(
      (await store.papersSharingMethods(id, 5, 1)).map((r) => [r.paper.id, r.score]),
      `${label}: papersSharingMethods ${id}`,
    ).toEqual(want.sharing);
  }
}

const empty = (): GraphDocument => ({ papers: [], concepts: [], methods: [], repositories: [], authors: [], relationships: [] });

describe('the embedded feature index', () => {
  const dir = mkdtempSync(join(tmpdir(), 'papergraph-features-'));
  const writer = new EmbeddedStore({ dataDir: dir });
  const reader = new EmbeddedStore({ dataDir: dir });
  const doc = seedDocument();
  const [a, b, c] = doc.papers;

  beforeAll(async () => {
    await writer.init();
    await ingestDocument(writer, doc);
    await reader.init();
  });
  afterAll(async () => {
    await writer.close();
    await reader.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ranks the seed graph as the shared full scan does, in the writing process and in another one', async () => {
    await checkAll(writer, 'seed, writer');
    await checkAll(reader, 'seed, reader');
  });

  it('stays exact through writes: new papers, changed text, citations, a method both proposed and used, removals', async () => {
    const aMentions = doc.relationships.filter((r) => r.type === 'MENTIONS' && r.from === a!.id);
    const method = doc.methods[0]!;
    await writer.upsert({
      ...empty(),
      papers: [{ ...a!, id: 'copy-of-a', title: `${a!.title} revisited`, sources: ['copy.txt'] }],
      relationships: [
        ...aMentions.map((m) => ({ ...m, from: 'copy-of-a' })),
        { type: 'CITES', from: 'copy-of-a', to: a!.id, properties: {} },
        { type: 'CITES', from: 'copy-of-a', to: b!.id, properties: {} },
        { type: 'CITES', from: c!.id, to: b!.id, properties: {} },
        { type: 'PROPOSES', from: 'copy-of-a', to: method.id, properties: { evidence: [] } },
        { type: 'USES', from: 'copy-of-a', to: method.id, properties: { evidence: [] } },
      ],
    } as GraphDocument);
    await checkAll(writer, 'after adding');
    await checkAll(reader, 'after adding, reader');

    // New text (other terms and weights) and a changed MENTIONS weight.
    await writer.upsert({
      ...empty(),
      papers: [{ ...b!, abstract: `${b!.abstract ?? ''} Hessian sketching with stochastic curvature estimates.` }],
      relationships: aMentions.slice(0, 1).map((m) => ({ ...m, from: 'copy-of-a', properties: { ...m.properties, weight: 0.05 } })),
    } as GraphDocument);
    await checkAll(writer, 'after changing');
    await checkAll(reader, 'after changing, reader');

    await writer.removePaper('copy-of-a');
    await checkAll(writer, 'after removing');
    await checkAll(reader, 'after removing, reader');
  });
});
