import { describe, expect, it } from 'vitest';
import * as cypher from '../../src/store/neo4j/cypher.ts';

/** The Cypher behind the citation signals and conceptPath through citations, as data (no database). */
describe('citation Cypher as data', () => {
  it('reads what a paper cites and what cites it with its similarity links', () => {
    const q = cypher.paperSimilarityLinks('2010.01412');
    expect(q.params).toEqual({ paperId: '2010.01412' });
    expect(q.text).toContain('COLLECT { MATCH (p)-[:CITES]->(r:Paper) RETURN r.id } AS references');
    expect(q.text).toContain('COLLECT { MATCH (c:Paper)-[:CITES]->(p) RETURN c.id } AS citers');
  });

  it('reads a reference posting as the papers citing it and a citer posting as the papers it cites, ids as parameters', () => {
    const keys = { conceptIds: [], methodIds: [], authorIds: [], terms: [], referenceIds: ['1609.04836'], citerIds: ['2402.00001'] };
    const q = cypher.similarityPostings(keys);
    expect(q.params).toEqual(keys);
    expect(q.text).toContain(
      "UNWIND $referenceIds AS id MATCH (k:Paper {id: id}) RETURN collect({key: 'Reference:' + id, pairs: COLLECT { MATCH (x:Paper)-[:CITES]->(k) RETURN [x.id, 1.0] }}) AS references",
    );
    expect(q.text).toContain(
      "UNWIND $citerIds AS id MATCH (k:Paper {id: id}) RETURN collect({key: 'Citer:' + id, pairs: COLLECT { MATCH (k)-[:CITES]->(x:Paper) RETURN [x.id, 1.0] }}) AS citers",
    );
    expect(q.text).toMatch(/RETURN version, concepts \+ methods \+ authors \+ terms \+ references \+ citers AS postings$/);
  });

  it('follows CITES in a concept path only when asked to', () => {
    expect(cypher.conceptPaths('a', 'b', 4, 100).text).toContain('allShortestPaths((a)-[:BROADER|RELATED|MENTIONS*..4]-(b))');
    const through = cypher.conceptPaths('a', 'b', 4, 100, true);
    expect(through.text).toContain('allShortestPaths((a)-[:BROADER|RELATED|MENTIONS|CITES*..4]-(b))');
    expect(through.params).toEqual({ from: 'a', to: 'b', cap: expect.anything() });
  });
});
