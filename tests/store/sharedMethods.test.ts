import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PostingCache, postingOf, rankSharedMethods, type Posting, type PostingFetch } from '../../src/store/sharedMethods.ts';
import { compareStrings, sharedContribution } from '../../src/store/readRules.ts';

/** The formula as written in the README, computed the plain way: every candidate's shared list, summed, everything sorted. */
function reference(paperId: string, mine: { key: string; w: number }[], postings: Map<string, Posting>, first: number, minShared: number) {
  const byPaper = new Map<string, { key: string; c: number }[]>();
  for (const { key, w } of [...mine].sort((a, b) => compareStrings(a.key, b.key))) {
    const p = postings.get(key)!;
    p.ids.forEach((q, i) => {
      if (q === paperId) return;
      byPaper.set(q, [...(byPaper.get(q) ?? []), { key, c: sharedContribution(w, p.weights[i]!, p.ids.length) }]);
    });
  }
  return [...byPaper]
    .filter(([, shared]) => shared.length >= minShared)
    .map(([id, shared]) => ({ id, score: shared.reduce((s, x) => s + x.c, 0), shared }))
    .sort((a, b) => b.score - a.score || compareStrings(a.id, b.id))
    .slice(0, first);
}

describe('papersSharingMethods ranking', () => {
  const weight = fc.constantFrom(0.25, 0.5, 0.75, 1);
  const key = fc.tuple(fc.constantFrom('Concept', 'Method'), fc.integer({ min: 0, max: 15 })).map(([l, i]) => `${l}:k${i}`);
  const pairs = fc.array(
    fc.tuple(
      fc.integer({ min: 0, max: 60 }).map((i) => `p${i}`),
      weight,
    ),
    { maxLength: 80 },
  );

  it('ranks as the plain computation of the formula, to the last bit, ties by id', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(key, weight, pairs), { selector: ([k]) => k, maxLength: 8 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 3 }),
        (methods, first, minShared) => {
          const postings = new Map(methods.map(([k, , p]) => [k, postingOf(p)]));
          const mine = methods.map(([k, w]) => ({ key: k, w }));
          expect(rankSharedMethods('p1', mine, postings, first, minShared)).toEqual(reference('p1', mine, postings, first, minShared));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps a paper linked twice to a method once, with its larger weight', () => {
    const posting = postingOf([
      ['a', 0.25],
      ['b', 1],
      ['a', 1],
    ]);
    expect(posting.ids).toEqual(['a', 'b']);
    expect([...posting.weights]).toEqual([1, 1]);
  });
});

describe('PostingCache', () => {
  const posting = (...ids: string[]) => postingOf(ids.map((id) => [id, 1] as const));
  /** A fetch that records the keys it was asked for and answers from `graph` at `version()`, when `release` is called. */
  function fetcher(graph: Record<string, Posting>, version: () => string | null) {
    const asked: string[][] = [];
    const waiting: (() => void)[] = [];
    let held = false;
    const fetch: PostingFetch = async (keys) => {
      asked.push([...keys]);
      if (held) await new Promise<void>((resolve) => waiting.push(resolve));
      return { version: version(), postings: new Map(keys.flatMap((k) => (graph[k] ? [[k, graph[k]] as const] : []))) };
    };
    return {
      fetch,
      asked,
      hold: () => (held = true),
      release: () => {
        held = false;
        waiting.splice(0).forEach((resolve) => resolve());
      },
    };
  }
  const graph = { 'Method:x': posting('a', 'b'), 'Method:y': posting('b', 'c') };

  it('reads each posting once per version, and again after the version moves', async () => {
    let version = 'v1';
    const f = fetcher(graph, () => version);
    const cache = new PostingCache();
    const first = await cache.postingsFor('v1', ['Method:x'], f.fetch);
    expect(first.dfOf('Method:x')).toBe(2);
    const second = await cache.postingsFor('v1', ['Method:x', 'Method:y', 'Method:gone'], f.fetch);
    expect([second.dfOf('Method:y'), second.has('Method:gone'), second.dfOf('Method:gone')]).toEqual([2, true, 0]);
    expect(f.asked).toEqual([['Method:x'], ['Method:y', 'Method:gone']]);
    version = 'v2';
    await cache.postingsFor('v2', ['Method:x'], f.fetch);
    expect(f.asked.at(-1)).toEqual(['Method:x']);
  });

  it('shares one fetch between concurrent reads missing the same posting', async () => {
    const f = fetcher(graph, () => 'v');
    const cache = new PostingCache();
    f.hold();
    const reads = Array.from({ length: 5 }, () => cache.postingsFor('v', ['Method:x'], f.fetch));
    await Promise.resolve();
    expect(f.asked).toEqual([['Method:x']]);
    f.release();
    const answers = await Promise.all(reads);
    expect(answers.every((p) => p.dfOf('Method:x') === 2)).toBe(true);
    expect(f.asked).toHaveLength(1);
  });

  it('keeps nothing read at another version than asked, and answers that call from its own read', async () => {
    const f = fetcher(graph, () => 'v2');
    const cache = new PostingCache();
    const read = await cache.postingsFor('v1', ['Method:x'], f.fetch);
    expect(read.dfOf('Method:x')).toBe(2);
    await cache.postingsFor('v1', ['Method:x'], f.fetch);
    // The first fetch saw v2, so v1 kept nothing: each call read for itself (shared fetch, then its own).
    expect(f.asked).toHaveLength(4);
  });

  it('caches nothing for an unknown version, and starts over past its size', async () => {
    const f = fetcher(graph, () => null);
    const cache = new PostingCache(3);
    await cache.postingsFor(null, ['Method:x'], f.fetch);
    await cache.postingsFor(null, ['Method:x'], f.fetch);
    expect(f.asked).toHaveLength(2);
    const g = fetcher(graph, () => 'v');
    await cache.postingsFor('v', ['Method:x'], g.fetch);
    await cache.postingsFor('v', ['Method:x'], g.fetch);
    expect(g.asked).toHaveLength(1);
    // Two more links would make four: the cache starts over, and Method:x is read again.
    const past = await cache.postingsFor('v', ['Method:y'], g.fetch);
    expect(past.dfOf('Method:y')).toBe(2);
    await cache.postingsFor('v', ['Method:x'], g.fetch);
    expect(g.asked.at(-1)).toEqual(['Method:x']);
  });

  it('fails the call whose fetch failed, and lets a waiting call read for itself', async () => {
    const cache = new PostingCache();
    let fail = true;
    const waiting: (() => void)[] = [];
    const fetch: PostingFetch = async (keys) => {
      if (fail) {
        await new Promise<void>((resolve) => waiting.push(resolve));
        throw new Error('deadline');
      }
      return { version: 'v', postings: new Map(keys.map((k) => [k, graph[k as keyof typeof graph]] as const)) };
    };
    const failing = cache.postingsFor('v', ['Method:x'], fetch);
    const waiter = cache.postingsFor('v', ['Method:x'], fetch);
    await Promise.resolve();
    fail = false;
    waiting.splice(0).forEach((resolve) => resolve());
    await expect(failing).rejects.toThrow('deadline');
    expect((await waiter).dfOf('Method:x')).toBe(2);
  });
});
