/**
 * The targets of issue #14 for `npm run bench`, and the verdicts one measured query earns against them:
 *   Papergraph on Neo4j: throughput >= 0.7x raw Cypher;
 *   Papergraph on Neo4j: throughput >= 1.5x @neo4j/graphql, with a p99 equal or better;
 *   Papergraph on the embedded store: throughput >= 1.0x Papergraph on Neo4j, with a p99 equal or better.
 * Pure: measurements in, verdicts out; bench/compare.ts measures and prints.
 */

/** The systems `npm run bench` measures. */
export type BenchSystem = 'papergraph' | 'papergraph-memory' | 'neo4j-graphql' | 'raw-cypher';

/** What a verdict needs of one system's measurement of one query. */
export interface Timing {
  /** Requests per second over the measured run. */
  rps: number;
  /** 99th percentile latency, ms. */
  p99: number;
  /** Failed requests (errors, non-2xx answers, timeouts) in the measured run. */
  errors: number;
}

export interface Target {
  /** How the target is named in the output: `subject / baseline`. */
  name: string;
  subject: BenchSystem;
  baseline: BenchSystem;
  /** Smallest throughput ratio subject / baseline that passes. */
  minThroughputRatio: number;
  /** Largest p99 ratio subject / baseline that passes; null when latency is not part of the target. */
  maxP99Ratio: number | null;
}

export const TARGETS: readonly Target[] = [
  { name: 'papergraph / raw-cypher', subject: 'papergraph', baseline: 'raw-cypher', minThroughputRatio: 0.7, maxP99Ratio: null },
  { name: 'papergraph / neo4j-graphql', subject: 'papergraph', baseline: 'neo4j-graphql', minThroughputRatio: 1.5, maxP99Ratio: 1.0 },
  {
    name: 'papergraph-memory / papergraph',
    subject: 'papergraph-memory',
    baseline: 'papergraph',
    minThroughputRatio: 1.0,
    maxP99Ratio: 1.0,
  },
];

/** PASS or FAIL when both systems were measured, n/a when one was not. */
export type Outcome = 'PASS' | 'FAIL' | 'n/a';

/** Which condition of a target was missed: the subject failed requests (or served none), too little throughput, too high a p99. */
export type Miss = 'errors' | 'throughput' | 'p99';

export interface Verdict {
  target: string;
  outcome: Outcome;
  /** subject / baseline requests per second; null when n/a; Infinity when only the baseline served nothing. */
  throughputRatio: number | null;
  /** subject / baseline p99; null when n/a or when latency is not part of the target; 1 when both are 0. */
  p99Ratio: number | null;
  /** The conditions missed, empty unless the outcome is FAIL. */
  misses: Miss[];
}

/** a / b for two non-negative measurements: 0 / 0 is 1 (equal), a / 0 is Infinity. */
function ratioOf(a: number, b: number): number {
  if (b > 0) return a / b;
  return a > 0 ? Infinity : 1;
}

/**
 * Given the timings of one query by system (systems not measured are absent), the verdict on one
 * target. A subject that failed any request, or served none, fails whatever its ratios.
 */
export function judgeTarget(target: Target, timings: Partial<Record<BenchSystem, Timing>>): Verdict {
  const subject = timings[target.subject];
  const baseline = timings[target.baseline];
  if (!subject || !baseline) return { target: target.name, outcome: 'n/a', throughputRatio: null, p99Ratio: null, misses: [] };
  // Ratios compared to thresholds (not products of thresholds and measurements): a / b rounds to the
  // double nearest the threshold when the quotient is exactly on it, 0.7 * b may not.
  const throughputRatio = ratioOf(subject.rps, baseline.rps);
  const p99Ratio = target.maxP99Ratio === null ? null : ratioOf(subject.p99, baseline.p99);
  const misses: Miss[] = [];
  if (subject.errors > 0 || subject.rps === 0) misses.push('errors');
  if (throughputRatio < target.minThroughputRatio) misses.push('throughput');
  if (p99Ratio !== null && p99Ratio > target.maxP99Ratio!) misses.push('p99');
  return { target: target.name, outcome: misses.length > 0 ? 'FAIL' : 'PASS', throughputRatio, p99Ratio, misses };
}

/** The verdicts of one query on every target, in TARGETS order. */
export function judgeQuery(timings: Partial<Record<BenchSystem, Timing>>): Verdict[] {
  return TARGETS.map((target) => judgeTarget(target, timings));
}

/** How many verdicts passed, failed, and could not be judged. */
export function countOutcomes(verdicts: readonly Verdict[]): Record<Outcome, number> {
  const counts: Record<Outcome, number> = { PASS: 0, FAIL: 0, 'n/a': 0 };
  for (const verdict of verdicts) counts[verdict.outcome]++;
  return counts;
}
