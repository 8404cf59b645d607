import { describe, expect, it } from 'vitest';
import { SearchMarks } from '../../src/store/pathSearch.ts';

/**
 * conceptPath's visit marks (SearchMarks) are never cleared between searches: a node counts as
 * seen when its mark equals the search's stamp. After 2^31 - 1 searches the stamps start again
 * at 1, so the marks must be cleared then, or a mark left by an old search would pass for a new
 * search's. Two billion searches cannot run in a test: the stamp is set near its end.
 */
describe('SearchMarks', () => {
  it('gives every search a new stamp, so marks of an earlier search do not count', () => {
    const marks = new SearchMarks(4);
    const first = marks.next();
    marks.seenStart[2] = first;
    const second = marks.next();
    expect(second).not.toBe(first);
    expect(marks.seenStart[2]).not.toBe(second);
  });

  it('clears every seen mark when the stamps start again, so an old mark never equals a new stamp', () => {
    const marks = new SearchMarks(4);
    const stamps: number[] = [];
    for (let i = 0; i < 5; i++) stamps.push(marks.next());
    // The fifth search reached node 2 from both ends and on the way back.
    marks.seenStart[2] = stamps[4]!;
    marks.seenGoal[2] = stamps[4]!;
    marks.seenBack[2] = stamps[4]!;
    (marks as unknown as { stamp: number }).stamp = 0x7ffffffe;
    expect(marks.next()).toBe(0x7fffffff);
    marks.seenStart[3] = 0x7fffffff;

    // The stamps start again: the fifth new search gets the old fifth's stamp.
    const again: number[] = [];
    for (let i = 0; i < 5; i++) again.push(marks.next());
    expect(again).toEqual([1, 2, 3, 4, 5]);
    expect([marks.seenStart[2], marks.seenGoal[2], marks.seenBack[2], marks.seenStart[3]]).toEqual([0, 0, 0, 0]);
  });
});
