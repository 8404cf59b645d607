import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PostingCache, postingOf, rankSharedMethods, type Posting } from '../../src/store/sharedMethods.ts';
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
  const posting = postingOf([['a', 1]]);

  it('keeps postings for one version and drops them all when the version moves', () => {
    const cache = new PostingCache();
    expect(cache.at('v1').size).toBe(0);
    cache.keep('v1', new Map([['Method:x', posting]]));
    expect(cache.at('v1').get('Method:x')).toBe(posting);
    expect(cache.at('v2').size).toBe(0);
    // Postings read at an older version are not kept.
    cache.keep('v1', new Map([['Method:x', posting]]));
    expect(cache.at('v2').size).toBe(0);
  });

  it('caches nothing for an unknown version, and starts over past its size', () => {
    const cache = new PostingCache(2);
    cache.keep(null, new Map([['Method:x', posting]]));
    expect(cache.at(null).size).toBe(0);
    cache.at('v');
    cache.keep(
      'v',
      new Map([
        ['Method:x', posting],
        ['Method:y', posting],
      ]),
    );
    expect(cache.at('v').size).toBe(2);
    cache.keep('v', new Map([['Method:z', posting]]));
    expect([...cache.at('v').keys()]).toEqual(['Method:z']);
  });
});
