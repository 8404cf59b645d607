import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runToEnd, SearchMarks, smallestShortestPath, type PathGraph } from '../../src/store/pathSearch.ts';
import { compareStrings } from '../../src/store/readRules.ts';

/** Every shortest path from start to goal of at most maxHops edges, by brute force: the smallest by ids, or null. */
function bruteForce(lists: number[][], ids: string[], start: number, goal: number, maxHops: number): string[] | null {
  const distance = new Map<number, number>([[goal, 0]]);
  for (let frontier = [goal], d = 1; frontier.length > 0; d++) {
    const next: number[] = [];
    for (const node of frontier)
      for (const n of lists[node]!) {
        if (distance.has(n)) continue;
        distance.set(n, d);
        next.push(n);
      }
    frontier = next;
  }
  const length = distance.get(start);
  if (length === undefined || length > maxHops) return null;
  const paths: string[][] = [];
  const walk = (node: number, path: number[]) => {
    if (node === goal) return void paths.push(path.map((n) => ids[n]!));
    for (const n of new Set(lists[node]!)) if (distance.get(n) === distance.get(node)! - 1) walk(n, [...path, n]);
  };
  walk(start, [start]);
  paths.sort((x, y) => {
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return compareStrings(x[i]!, y[i]!);
    return 0;
  });
  return paths[0]!;
}

describe("conceptPath's search (store/pathSearch.ts)", () => {
  it('finds the smallest shortest path by node ids, as a brute force over every shortest path does', () => {
    const graphs = fc.integer({ min: 2, max: 12 }).chain((n) =>
      fc.record({
        n: fc.constant(n),
        edges: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 30 }),
        // Ids repeat across labels in real graphs only by label; here they are unique but unordered.
        ids: fc.uniqueArray(fc.string({ minLength: 1, maxLength: 3 }), { minLength: n, maxLength: n }),
        start: fc.nat(n - 1),
        goal: fc.nat(n - 1),
        maxHops: fc.integer({ min: 1, max: 6 }),
      }),
    );
    fc.assert(
      fc.property(graphs, ({ n, edges, ids, start, goal, maxHops }) => {
        fc.pre(start !== goal);
        const lists: number[][] = Array.from({ length: n }, () => []);
        // Parallel relationships make a neighbour repeat, as Neo4j's fetched lists do.
        for (const [x, y] of edges) {
          if (x === y) continue;
          lists[x]!.push(y);
          lists[y]!.push(x);
        }
        const asked = new Set<number>();
        const graph: PathGraph = {
          ids,
          neighbours: (o) => {
            asked.add(o);
            return Int32Array.from(lists[o]!);
          },
        };
        const yielded = new Set<number>();
        const steps = smallestShortestPath(graph, new SearchMarks(n), start, goal, maxHops, { check: () => undefined });
        let step = steps.next();
        for (; !step.done; step = steps.next()) for (const o of step.value) yielded.add(o);
        expect(step.value?.map((o) => ids[o]!) ?? null).toEqual(bruteForce(lists, ids, start, goal, maxHops));
        // It asks only for the neighbours of nodes it yielded first (what a fetching store relies on).
        for (const o of asked) expect(yielded.has(o), `neighbours of ${o} asked unannounced`).toBe(true);
      }),
      { seed: 20261203, numRuns: 2000 },
    );
  });

  it('gives the same answer when run to its end without looking at what it yields', () => {
    const lists = [
      [1, 2],
      [0, 3],
      [0, 3],
      [1, 2],
    ];
    const graph: PathGraph = { ids: ['s', 'b', 'a', 'g'], neighbours: (o) => Int32Array.from(lists[o]!) };
    expect(runToEnd(smallestShortestPath(graph, new SearchMarks(4), 0, 3, 4, { check: () => undefined }))).toEqual([0, 2, 3]);
  });
});
