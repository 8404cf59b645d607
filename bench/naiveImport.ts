import type { Driver } from 'neo4j-driver';
import { NODE_LABELS, RELATIONSHIP_TYPES, type GraphDocument } from '../src/domain/graph.ts';
import { endsOf, toDocumentRows } from '../src/store/documentRows.ts';
import { toNeo4jProps } from '../src/store/neo4j/Neo4jStore.ts';

/**
 * The baseline the batched import is measured against: what a first version would do, one
 * auto-commit statement per paper that merges the paper, every node it links to, and its
 * relationships. Same Cypher building blocks (MERGE by id, SET properties), no batching across
 * papers: one transaction, one round trip and one commit per paper.
 */
export function naivePaperStatement(doc: GraphDocument): { text: string; params: Record<string, unknown> } {
  const rows = toDocumentRows(doc);
  const parts: string[] = [];
  const params: Record<string, unknown> = {};
  for (const label of NODE_LABELS) {
    if (rows.nodes[label].length === 0) continue;
    params[`n${label}`] = rows.nodes[label].map((r) => ({ id: r.id, props: toNeo4jProps(r.props) }));
    parts.push(`CALL () { UNWIND $n${label} AS row MERGE (n:${label} {id: row.id}) SET n = row.props }`);
  }
  for (const type of RELATIONSHIP_TYPES) {
    if (rows.relationships[type].length === 0) continue;
    const [from, to] = endsOf(type);
    params[`r${type}`] = rows.relationships[type].map((r) => ({ ...r, props: toNeo4jProps(r.props) }));
    parts.push(
      `CALL () { UNWIND $r${type} AS row MATCH (a:${from} {id: row.from}) MATCH (b:${to} {id: row.to}) MERGE (a)-[r:${type}]->(b) SET r = row.props }`,
    );
  }
  return { text: parts.join('\n'), params };
}

/** Writes each document with one auto-commit statement; resolves with the number of statements run. */
export async function naiveImport(driver: Driver, docs: Iterable<GraphDocument>, database = 'neo4j'): Promise<number> {
  const session = driver.session({ database });
  let statements = 0;
  try {
    for (const doc of docs) {
      const q = naivePaperStatement(doc);
      if (!q.text) continue;
      await session.run(q.text, q.params);
      statements += 1;
    }
  } finally {
    await session.close();
  }
  return statements;
}
