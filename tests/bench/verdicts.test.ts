import { describe, expect, it } from 'vitest';
import { countOutcomes, judgeQuery, judgeTarget, TARGETS, type Timing } from '../../bench/compare/verdicts.ts';

const targetNamed = (name: string) => TARGETS.find((target) => target.name === name)!;
const vsRawCypher = targetNamed('papergraph / raw-cypher');
const vsNeo4jGraphql = targetNamed('papergraph / neo4j-graphql');
const memoryVsNeo4j = targetNamed('papergraph-memory / papergraph');
const timing = (rps: number, p99: number, errors = 0): Timing => ({ rps, p99, errors });

describe('npm run bench verdicts (issue #14 targets)', () => {
  it('passes papergraph / raw-cypher at exactly 0.7x throughput and fails just below, whatever the p99', () => {
    expect(judgeTarget(vsRawCypher, { papergraph: timing(70, 900), 'raw-cypher': timing(100, 10) })).toEqual({
      target: 'papergraph / raw-cypher',
      outcome: 'PASS',
      throughputRatio: 0.7,
      p99Ratio: null,
      misses: [],
    });
    expect(judgeTarget(vsRawCypher, { papergraph: timing(69.9, 10), 'raw-cypher': timing(100, 10) })).toMatchObject({
      outcome: 'FAIL',
      misses: ['throughput'],
    });
  });

  it('passes papergraph / neo4j-graphql at exactly 1.5x throughput with an equal p99, and names each condition missed', () => {
    expect(judgeTarget(vsNeo4jGraphql, { papergraph: timing(150, 200), 'neo4j-graphql': timing(100, 200) })).toMatchObject({
      outcome: 'PASS',
      throughputRatio: 1.5,
      p99Ratio: 1,
    });
    expect(judgeTarget(vsNeo4jGraphql, { papergraph: timing(150, 201), 'neo4j-graphql': timing(100, 200) })).toMatchObject({
      outcome: 'FAIL',
      misses: ['p99'],
    });
    expect(judgeTarget(vsNeo4jGraphql, { papergraph: timing(149, 300), 'neo4j-graphql': timing(100, 200) })).toMatchObject({
      outcome: 'FAIL',
      misses: ['throughput', 'p99'],
    });
  });

  it('passes the embedded store when exactly as fast as Papergraph on Neo4j, and fails it when slower in either measure', () => {
    expect(judgeTarget(memoryVsNeo4j, { 'papergraph-memory': timing(80, 50), papergraph: timing(80, 50) })).toMatchObject({
      outcome: 'PASS',
      throughputRatio: 1,
      p99Ratio: 1,
    });
    expect(judgeTarget(memoryVsNeo4j, { 'papergraph-memory': timing(79, 40), papergraph: timing(80, 50) })).toMatchObject({
      outcome: 'FAIL',
      misses: ['throughput'],
    });
    expect(judgeTarget(memoryVsNeo4j, { 'papergraph-memory': timing(90, 51), papergraph: timing(80, 50) })).toMatchObject({
      outcome: 'FAIL',
      misses: ['p99'],
    });
  });

  it('fails a subject that failed requests or served none, even when its ratios pass', () => {
    expect(judgeTarget(vsRawCypher, { papergraph: timing(500, 10, 1), 'raw-cypher': timing(100, 10) })).toMatchObject({
      outcome: 'FAIL',
      misses: ['errors'],
    });
    expect(judgeTarget(vsRawCypher, { papergraph: timing(0, 0), 'raw-cypher': timing(0, 0) })).toMatchObject({
      outcome: 'FAIL',
      throughputRatio: 1,
      misses: ['errors'],
    });
  });

  it('gives an infinite ratio over a baseline that served nothing or had a p99 of 0', () => {
    expect(judgeTarget(vsNeo4jGraphql, { papergraph: timing(10, 5), 'neo4j-graphql': timing(0, 0) })).toMatchObject({
      outcome: 'FAIL',
      throughputRatio: Infinity,
      p99Ratio: Infinity,
      misses: ['p99'],
    });
  });

  it('judges a target n/a when its subject or its baseline was not measured, and counts outcomes', () => {
    const verdicts = judgeQuery({ papergraph: timing(200, 100), 'neo4j-graphql': timing(100, 100) });
    expect(verdicts.map((v) => [v.target, v.outcome])).toEqual([
      ['papergraph / raw-cypher', 'n/a'],
      ['papergraph / neo4j-graphql', 'PASS'],
      ['papergraph-memory / papergraph', 'n/a'],
    ]);
    expect(verdicts[0]).toMatchObject({ throughputRatio: null, p99Ratio: null, misses: [] });
    expect(countOutcomes(verdicts)).toEqual({ PASS: 1, FAIL: 0, 'n/a': 2 });
  });
});
