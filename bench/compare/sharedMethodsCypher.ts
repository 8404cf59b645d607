/**
 * Papers sharing techniques (METHOD and technique concepts, named methods) with a paper, scored in
 * one Cypher statement by the formula of src/store/readRules.ts sharedContribution, contributions
 * summed in (label, id) order: what a user writing Cypher by hand would run for the question.
 * Papergraph itself answers from cached postings (src/store/sharedMethods.ts); this statement is
 * the one the benchmark's raw-Cypher and @neo4j/graphql servers run, so the three are compared on
 * the same formula. Parameters: $paperId, $first, $minShared (integers).
 */
export const PAPERS_SHARING_METHODS_CYPHER = `MATCH (p:Paper {id: $paperId})
CALL (p) {
  MATCH (p)-[m:MENTIONS]->(k:Concept) WHERE k.kind = 'METHOD' OR k.technique = true RETURN k, m.weight AS w
  UNION ALL
  MATCH (p)-[:PROPOSES|USES]->(k:Method) RETURN k, 1.0 AS w
}
WITH p, k, max(w) AS w
CALL (k) {
  MATCH (x:Paper)-[r:MENTIONS|PROPOSES|USES]->(k)
  RETURN x, max(CASE type(r) WHEN 'MENTIONS' THEN r.weight ELSE 1.0 END) AS wx
}
WITH p, k, w, collect({x: x, wx: wx}) AS linked
WITH p, k, w, size(linked) AS df, linked
UNWIND linked AS l
WITH p, k, w, df, l.x AS q, l.wx AS wq
WHERE q <> p
WITH q, k, labels(k)[0] AS kl, (w * wq) / df AS c
ORDER BY q.id, kl, k.id
WITH q, collect(k) AS ks, collect(c) AS cs
WHERE size(cs) >= $minShared
WITH q, ks, cs, reduce(s = 0.0, x IN cs | s + x) AS score
ORDER BY score DESC, q.id ASC
LIMIT $first
RETURN properties(q) AS paper, score, [i IN range(0, size(ks) - 1) | {label: labels(ks[i])[0], props: properties(ks[i]), c: cs[i]}] AS shared`;
