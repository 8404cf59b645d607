import type { RelationshipType } from '../domain/graph.ts';
import type { Deadline } from './deadline.ts';
import type { EdgeView } from './GraphStore.ts';
import { compareStrings } from './readRules.ts';

/** Relationship types a concept path may follow; CITES too when it may go through citations. */
const PATH_TYPES: readonly RelationshipType[] = ['BROADER', 'RELATED', 'MENTIONS'];
const THROUGH_CITATIONS: readonly RelationshipType[] = [...PATH_TYPES, 'CITES'];

/** The relationship types a concept path follows (through citations or not). */
export const pathTypeList = (throughCitations: boolean): readonly RelationshipType[] => (throughCitations ? THROUGH_CITATIONS : PATH_TYPES);

/**
 * What conceptPath's search needs of a store's graph: nodes as small integers (ordinals) and
 * each node's neighbours through the path types, either direction. A neighbour may be listed more
 * than once (one per relationship); the search does not mind.
 */
export interface PathGraph {
  /** Ordinal -> node id (the `id` property), which orders paths. */
  readonly ids: readonly string[];
  /** The neighbours of a node. Asked only of nodes the search has yielded (see smallestShortestPath). */
  neighbours(ordinal: number): Int32Array;
}

/**
 * Visit marks for one breadth-first search from each end: `seen…[n] === stamp` says node ordinal
 * `n` was reached by this search, `depth…[n]` at how many hops. A search takes a new stamp
 * (`next`), so nothing is cleared between searches; two searches must not share one set at the
 * same time. `grow` makes room for ordinals given after the marks were made.
 */
export class SearchMarks {
  private stamp = 0;
  seenStart: Int32Array;
  depthStart: Int32Array;
  seenGoal: Int32Array;
  depthGoal: Int32Array;
  /** Nodes of the start's layers found on a shortest path, with their distance to the goal. */
  seenBack: Int32Array;
  depthBack: Int32Array;

  constructor(size: number) {
    this.seenStart = new Int32Array(size);
    this.depthStart = new Int32Array(size);
    this.seenGoal = new Int32Array(size);
    this.depthGoal = new Int32Array(size);
    this.seenBack = new Int32Array(size);
    this.depthBack = new Int32Array(size);
  }

  /** The number of ordinals the marks hold. */
  get size(): number {
    return this.seenStart.length;
  }

  /** Makes room for ordinals below `size`, keeping every mark (capacity doubles, so growing is cheap over a search). */
  grow(size: number): void {
    if (size <= this.size) return;
    const capacity = Math.max(size, this.size * 2);
    const grown = (a: Int32Array) => {
      const b = new Int32Array(capacity);
      b.set(a);
      return b;
    };
    this.seenStart = grown(this.seenStart);
    this.depthStart = grown(this.depthStart);
    this.seenGoal = grown(this.seenGoal);
    this.depthGoal = grown(this.depthGoal);
    this.seenBack = grown(this.seenBack);
    this.depthBack = grown(this.depthBack);
  }

  /** The stamp of a new search. */
  next(): number {
    if (this.stamp === 0x7fffffff) {
      for (const marks of [this.seenStart, this.seenGoal, this.seenBack]) marks.fill(0);
      this.stamp = 0;
    }
    return ++this.stamp;
  }
}

/**
 * conceptPath's search, the same on both stores: the shortest path (at most maxHops edges) from
 * `start` to `goal`, the lexicographically smallest by node ids (compareStrings) among all
 * shortest paths, as node ordinals; null when there is none within maxHops.
 *
 * A generator, so that a store whose neighbours are read from elsewhere can fetch them between
 * steps: before it asks for the neighbours of any node, it yields the nodes it is about to ask
 * about, and the caller makes sure `graph.neighbours` can answer for each of them (and that
 * `marks` hold every ordinal given meanwhile: SearchMarks.grow) before resuming. A store whose
 * neighbours are at hand runs it to its end without looking at what it yields (`runToEnd`).
 */
export function* smallestShortestPath(
  graph: PathGraph,
  marks: SearchMarks,
  start: number,
  goal: number,
  maxHops: number,
  deadline: Pick<Deadline, 'check'>,
): Generator<readonly number[], number[] | null, undefined> {
  const { ids } = graph;
  const stamp = marks.next();
  marks.seenStart[start] = stamp;
  marks.depthStart[start] = 0;
  marks.seenGoal[goal] = stamp;
  marks.depthGoal[goal] = 0;
  // A breadth-first search from both ends (the smaller frontier first, as Neo4j's shortest-path
  // search does), then the distance to the goal of every node on a shortest path, then a walk
  // from the start that always takes the smallest next id: the lexicographically smallest of all
  // shortest paths. Marks are read through `marks` at each use: growing replaces the arrays.
  function* expand(
    frontier: number[],
    side: 'Start' | 'Goal',
    depth: number,
  ): Generator<readonly number[], { next: number[]; met: boolean }> {
    yield frontier;
    const [seen, depthOf, otherSeen] =
      side === 'Start' ? [marks.seenStart, marks.depthStart, marks.seenGoal] : [marks.seenGoal, marks.depthGoal, marks.seenStart];
    const next: number[] = [];
    let met = false;
    for (const node of frontier) {
      deadline.check();
      for (const n of graph.neighbours(node)) {
        if (seen[n] === stamp) continue;
        seen[n] = stamp;
        depthOf[n] = depth;
        next.push(n);
        if (otherSeen[n] === stamp) met = true;
      }
    }
    return { next, met };
  }
  // Each frontier holds exactly the nodes at its side's current depth; the layers keep them all.
  let [startFrontier, goalFrontier] = [[start], [goal]];
  const [startLayers, goalLayers] = [[startFrontier], [goalFrontier]];
  let [a, b] = [0, 0];
  let met = false;
  while (!met && a + b < maxHops && startFrontier.length > 0 && goalFrontier.length > 0) {
    if (startFrontier.length <= goalFrontier.length) {
      ({ next: startFrontier, met } = yield* expand(startFrontier, 'Start', ++a));
      startLayers.push(startFrontier);
    } else {
      ({ next: goalFrontier, met } = yield* expand(goalFrontier, 'Goal', ++b));
      goalLayers.push(goalFrontier);
    }
  }
  if (!met) return null;
  // The frontiers met at length a + b, in nodes a steps from the start and b from the goal (the
  // meeting nodes). Only the layers before them were expanded, and the search never asks for
  // the neighbours of a meeting node: a store that fetches neighbours need not fetch the
  // hundreds of papers two hub concepts share. A node's distance to the goal: its depth from the
  // goal (every node the goal's side reached is at most b from it), or the one the walk back
  // through the start's layers finds.
  const length = a + b;
  const toGoal = (n: number): number =>
    marks.seenGoal[n] === stamp ? marks.depthGoal[n]! : marks.seenBack[n] === stamp ? marks.depthBack[n]! : -1;
  const meeting = (n: number) =>
    marks.seenStart[n] === stamp && marks.depthStart[n] === a && marks.seenGoal[n] === stamp && marks.depthGoal[n] === b;
  // A node of the start's layer i is on a shortest path when a neighbour in layer i + 1 is.
  for (let i = a - 1; i >= 0; i--) {
    for (const node of startLayers[i]!) {
      if (toGoal(node) >= 0) continue;
      deadline.check();
      for (const n of graph.neighbours(node)) {
        if (marks.seenStart[n] === stamp && marks.depthStart[n] === i + 1 && toGoal(n) === length - i - 1) {
          marks.seenBack[node] = stamp;
          marks.depthBack[node] = length - i;
          break;
        }
      }
    }
  }
  if (toGoal(start) < 0) return null;
  const path = [start];
  for (let node = start; node !== goal;) {
    const d = toGoal(node);
    // The first of the smallest ids among the neighbours one step nearer the goal.
    let next = -1;
    const consider = (n: number) => {
      if (toGoal(n) === d - 1 && (next < 0 || compareStrings(ids[n]!, ids[next]!) < 0)) next = n;
    };
    // A meeting node's neighbours one step nearer are the nodes of the goal's layer d - 1 that list it.
    if (meeting(node)) {
      for (const n of goalLayers[d - 1]!) if (graph.neighbours(n).includes(node)) consider(n);
    } else for (const n of graph.neighbours(node)) consider(n);
    path.push(next);
    node = next;
  }
  return path;
}

/** Whether edge `a` comes before edge `b` among the edges between two nodes of a path: by type, then by id (compareStrings). */
export function edgeComesFirst(a: EdgeView, b: EdgeView): boolean {
  return compareStrings(a.type, b.type) < 0 || (a.type === b.type && compareStrings(a.id, b.id) < 0);
}

/** Runs a generator to its end, ignoring what it yields, and returns what it returns. */
export function runToEnd<T>(steps: Generator<unknown, T, undefined>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
