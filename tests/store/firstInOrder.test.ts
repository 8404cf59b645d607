import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstInOrder } from '../../src/store/firstInOrder.ts';
import { compareStrings } from '../../src/store/readRules.ts';

interface Row {
  key: number;
  id: string;
}

/** Key descending, then id ascending: a total order with many equal keys, as a relevance page has. */
const byKeyThenId = (a: Row, b: Row) => b.key - a.key || compareStrings(a.id, b.id);

describe('firstInOrder (store/firstInOrder.ts): the first items in order without sorting the rest', () => {
  it('returns what sorting everything and cutting returns', () => {
    const cases = fc.record({
      // Few distinct keys, so that most comparisons are decided by the id.
      keys: fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 400 }),
      count: fc.integer({ min: 0, max: 60 }),
    });
    fc.assert(
      fc.property(cases, ({ keys, count }) => {
        // Unique ids in an order unrelated to the input's.
        const rows: Row[] = keys.map((key, i) => ({ key, id: `p${(i * 7919) % 100003}` }));
        const before = [...rows];
        const expected = [...rows].sort(byKeyThenId).slice(0, count);
        expect(firstInOrder(rows, count, byKeyThenId)).toEqual(expected);
        expect(rows).toEqual(before);
      }),
      { numRuns: 2000, seed: 20261204 },
    );
  });

  it('keeps the best when far more candidates than wanted arrive in the worst order', () => {
    const rows: Row[] = Array.from({ length: 5000 }, (_, i) => ({ key: i, id: `p${i}` }));
    // Ascending keys: every row is better than all before it under key descending.
    const first = firstInOrder(rows, 20, byKeyThenId);
    expect(first.map((r) => r.key)).toEqual(Array.from({ length: 20 }, (_, i) => 4999 - i));
  });
});
