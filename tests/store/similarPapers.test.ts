import { beforeAll, describe, expect, it } from 'vitest';
import { ingestDocument } from '../../src/ingestion/write.ts';
import { EmbeddedStore } from '../../src/store/embedded/EmbeddedStore.ts';
import { rankSimilarPapers, SIMILARITY_SIGNALS } from '../../src/store/similarity/rankSimilarPapers.ts';
import { postingOf } from '../../src/store/sharedMethods.ts';
import { termVector } from '../../src/store/similarity/textTerms.ts';
import { seedDocument } from './graphStore.contract.ts';

describe('similar papers on the seed graph', () => {
  const store = new EmbeddedStore();
  const doc = seedDocument();
  const kindOf = new Map(doc.concepts.map((c) => [c.id, c]));
  const mentions = doc.relationships.filter((r) => r.type === 'MENTIONS');

  beforeAll(async () => {
    await store.init();
    await ingestDocument(store, doc);
  });

  it('gives every paper that shares a specific curated concept with another paper a similar paper, with the shared items listed', async () => {
    const papersOf = new Map<string, Set<string>>();
    for (const m of mentions) {
      const c = kindOf.get(m.to)!;
      if (!c.curated || c.kind === 'FIELD') continue;
      papersOf.set(m.to, (papersOf.get(m.to) ?? new Set()).add(m.from));
    }
    const sharing = new Set([...papersOf.values()].filter((s) => s.size > 1).flatMap((s) => [...s]));
    expect(sharing.size).toBeGreaterThan(30);
    for (const id of sharing) {
      const similar = await store.similarPapers(id, 5);
      expect(similar.length, id).toBeGreaterThan(0);
      const top = similar[0]!;
      expect(top.signals.length).toBeGreaterThan(0);
      for (const s of top.signals) expect(s.shared.length + s.terms.length, `${id} ${s.name}`).toBeGreaterThan(0);
    }
  });

  it('lets the information bottleneck papers find each other through the shared technique', async () => {
    const ib = [...new Set(mentions.filter((m) => m.to === 'information-bottleneck').map((m) => m.from))].sort();
    expect(ib.length).toBeGreaterThanOrEqual(4);
    for (const id of ib) {
      const similar = await store.similarPapers(id, 5);
      const others = similar.map((s) => s.paper.id);
      expect(others.filter((o) => ib.includes(o)).length, id).toBeGreaterThanOrEqual(2);
      const viaIb = similar.find((s) => ib.includes(s.paper.id))!;
      expect(viaIb.signals.find((s) => s.name === 'TECHNIQUES')?.shared.map((x) => x.node.id)).toContain('information-bottleneck');
      const overlaps = await store.papersSharingMethods(id, 10, 1);
      expect(
        overlaps.some((o) => o.shared.some((x) => x.node.id === 'information-bottleneck')),
        id,
      ).toBe(true);
    }
  });

  it('excludes the papers asked to be left out, and answers nothing for an unknown paper', async () => {
    const [first] = await store.similarPapers('2408.00001', 1).then((r) => (r.length ? r : store.similarPapers(doc.papers[0]!.id, 1)));
    expect(first).toBeDefined();
    expect(await store.similarPapers('nope', 5)).toEqual([]);
  });

  it('stays exact after a write', async () => {
    const [target] = doc.papers;
    const before = await store.similarPapers(target!.id, 3);
    await store.upsert({
      papers: [{ ...target!, id: 'twin', title: target!.title + ' (twin)', sources: ['t.txt'] }],
      concepts: [],
      methods: [],
      repositories: [],
      authors: [],
      relationships: mentions.filter((m) => m.from === target!.id).map((m) => ({ ...m, from: 'twin' })),
    });
    const after = await store.similarPapers(target!.id, 3);
    expect(after[0]!.paper.id).toBe('twin');
    expect(after[0]!.score).toBeGreaterThan(before[0]?.score ?? 0);
    await store.removePaper('twin');
    expect(await store.similarPapers(target!.id, 3)).toEqual(before);
  });
});

describe('rankSimilarPapers', () => {
  it('blends the signals by the documented rules and reports each', () => {
    const postings = new Map([
      [
        'Concept:m',
        postingOf([
          ['p', 1],
          ['q', 0.5],
          ['r', 1],
        ]),
      ],
      [
        'Term:bottleneck',
        postingOf([
          ['p', 0.5],
          ['q', 0.5],
        ]),
      ],
      [
        'Author:ada',
        postingOf([
          ['p', 1],
          ['r', 1],
        ]),
      ],
    ]);
    const ranked = rankSimilarPapers(
      'p',
      [
        { key: 'Concept:m', signal: 'TECHNIQUES', w: 1 },
        { key: 'Term:bottleneck', signal: 'TEXT', w: 0.5 },
        { key: 'Author:ada', signal: 'AUTHORS', w: 1 },
      ],
      postings,
      10,
      5,
    );
    const idf2 = Math.log(1 + 10 / 2) ** 2;
    // q: 1·0.5/3 (technique, df 3) + 0.5·0.5·idf² (text, df 2) ≈ 0.97; r: 1·1/3 + 0.5·(1/2) (author, df 2) ≈ 0.58.
    expect(ranked.map((r) => [r.id, r.signals.map((s) => [s.name, s.score])])).toEqual([
      [
        'q',
        [
          ['TECHNIQUES', 0.5 / 3],
          ['TEXT', 0.25 * idf2],
        ],
      ],
      [
        'r',
        [
          ['TECHNIQUES', 1 / 3],
          ['AUTHORS', 0.5 * (1 / 2)],
        ],
      ],
    ]);
    for (const r of ranked)
      expect(r.score).toBeCloseTo(
        r.signals.reduce((s, x) => s + x.score, 0),
        12,
      );
    expect(SIMILARITY_SIGNALS.CONCEPTS.blend).toBe(0.5);
  });
});

describe('termVector', () => {
  it('stems, drops stop words and numbers, counts title words twice and has unit length', () => {
    const v = termVector('Information Bottlenecks', 'The information bottleneck compresses 3 representations.');
    expect(v.terms.slice(0, 2)).toEqual(['bottleneck', 'information']);
    expect(v.terms).not.toContain('the');
    expect(v.terms).not.toContain('3');
    expect(v.termWeights.reduce((s, w) => s + w * w, 0)).toBeCloseTo(1, 12);
  });
});
