import {
  NODE_LABELS,
  RELATIONSHIP_TYPES,
  type NodeLabel,
  type RelationshipType,
} from '../../domain/graph.ts';
import { endsOf, type NodeRow, type RelationshipRow } from '../documentRows.ts';

/** A Cypher statement as data: text with `$parameters`, and their values. */
export interface CypherQuery {
  text: string;
  params: Record<string, unknown>;
}

/** Guards interpolation: only labels and types from the closed sets in domain/graph.ts reach query text. */
function label(value: NodeLabel): string {
  if (!NODE_LABELS.includes(value)) throw new Error(`not a node label: ${String(value)}`);
  return value;
}
function relType(value: RelationshipType): string {
  if (!RELATIONSHIP_TYPES.includes(value)) throw new Error(`not a relationship type: ${String(value)}`);
  return value;
}

/** Full-text index over the searchable text of every node label (issue #3 search). */
export const FULLTEXT_INDEX = 'node_text';

/** Constraints and indexes, each idempotent (`IF NOT EXISTS`). */
export function schemaStatements(): CypherQuery[] {
  const constraints = NODE_LABELS.map((l) => ({
    text: `CREATE CONSTRAINT ${l.toLowerCase()}_id IF NOT EXISTS FOR (n:${label(l)}) REQUIRE n.id IS UNIQUE`,
    params: {},
  }));
  return [
    ...constraints,
    { text: 'CREATE INDEX concept_kind IF NOT EXISTS FOR (n:Concept) ON (n.kind)', params: {} },
    { text: 'CREATE INDEX paper_published IF NOT EXISTS FOR (n:Paper) ON (n.publishedAt)', params: {} },
    {
      text: `CREATE FULLTEXT INDEX ${FULLTEXT_INDEX} IF NOT EXISTS FOR (n:Paper|Concept|Method|Repository) ON EACH [n.title, n.abstract, n.name, n.fullName, n.aliases, n.url]`,
      params: {},
    },
  ];
}

/**
 * MERGE a batch of nodes of one label, replacing their properties (Paper.sources merged),
 * and count which were created and which were already identical.
 */
export function upsertNodes(l: NodeLabel, rows: NodeRow[]): CypherQuery {
  const props =
    l === 'Paper'
      ? `CASE WHEN existing IS NULL THEN row.props
              ELSE row.props {.*, sources: existing.sources + [s IN coalesce(row.props.sources, []) WHERE NOT s IN existing.sources]} END`
      : 'row.props';
  return {
    text: `UNWIND $rows AS row
OPTIONAL MATCH (existing:${label(l)} {id: row.id})
WITH row, existing, ${props} AS props
WITH row, props, existing IS NULL AS isNew, existing IS NOT NULL AND properties(existing) = props AS same
MERGE (n:${label(l)} {id: row.id})
SET n = props
RETURN count(*) AS total, sum(CASE WHEN isNew THEN 1 ELSE 0 END) AS created, sum(CASE WHEN same THEN 1 ELSE 0 END) AS unchanged`,
    params: { rows },
  };
}

/**
 * MERGE a batch of relationships of one type between existing nodes, replacing their
 * properties. `total` below the batch size means an end was missing (the caller rolls back).
 */
export function upsertRelationships(type: RelationshipType, rows: RelationshipRow[]): CypherQuery {
  const [from, to] = endsOf(type);
  return {
    text: `UNWIND $rows AS row
MATCH (a:${label(from)} {id: row.from})
MATCH (b:${label(to)} {id: row.to})
OPTIONAL MATCH (a)-[existing:${relType(type)}]->(b)
WITH a, b, row, existing IS NULL AS isNew, existing IS NOT NULL AND properties(existing) = row.props AS same
MERGE (a)-[r:${relType(type)}]->(b)
SET r = row.props
RETURN count(*) AS total, sum(CASE WHEN isNew THEN 1 ELSE 0 END) AS created, sum(CASE WHEN same THEN 1 ELSE 0 END) AS unchanged`,
    params: { rows },
  };
}

/** The rows of a batch whose ends do not exist, to name them in the error. */
export function missingRelationshipEnds(type: RelationshipType, rows: RelationshipRow[]): CypherQuery {
  const [from, to] = endsOf(type);
  return {
    text: `UNWIND $rows AS row
OPTIONAL MATCH (a:${label(from)} {id: row.from})
OPTIONAL MATCH (b:${label(to)} {id: row.to})
WITH row, a, b WHERE a IS NULL OR b IS NULL
RETURN row.from AS from, row.to AS to, a IS NULL AS fromMissing
LIMIT 5`,
    params: { rows: rows.map(({ from: f, to: t }) => ({ from: f, to: t })) },
  };
}

/** Node and relationship counts from the count store: one row per label and type. */
export function countAll(): CypherQuery {
  const parts = [
    ...NODE_LABELS.map((l) => `MATCH (n:${label(l)}) RETURN 'node' AS kind, '${l}' AS key, count(n) AS count`),
    ...RELATIONSHIP_TYPES.map((t) => `MATCH ()-[r:${relType(t)}]->() RETURN 'relationship' AS kind, '${t}' AS key, count(r) AS count`),
  ];
  return { text: parts.join('\nUNION ALL\n'), params: {} };
}

/** Nodes of one label by id; the caller puts them back in key order. */
export function nodesById(l: NodeLabel, ids: readonly string[]): CypherQuery {
  return { text: `MATCH (n:${label(l)}) WHERE n.id IN $ids RETURN properties(n) AS props`, params: { ids } };
}

/** Relationships of one type at each id, sorted by the other end's id. */
export function relationshipsOf(type: RelationshipType, direction: 'out' | 'in', ids: readonly string[]): CypherQuery {
  const [from, to] = endsOf(type);
  const anchor = direction === 'out' ? 'a' : 'b';
  const other = direction === 'out' ? 'b' : 'a';
  return {
    text: `MATCH (a:${label(from)})-[r:${relType(type)}]->(b:${label(to)})
WHERE ${anchor}.id IN $ids
RETURN a.id AS from, b.id AS to, properties(r) AS props
ORDER BY ${anchor}.id, ${other}.id`,
    params: { ids },
  };
}

/** Deletes a paper and the methods and repositories that no other paper points at. */
export function removePaper(id: string): CypherQuery {
  return {
    text: `MATCH (p:Paper {id: $id})
OPTIONAL MATCH (p)-->(x) WHERE x:Method OR x:Repository
WITH p, collect(DISTINCT x) AS linked
DETACH DELETE p
WITH linked
UNWIND linked AS x
WITH x WHERE NOT EXISTS { (:Paper)-->(x) }
DETACH DELETE x
RETURN count(*) AS orphans`,
    params: { id },
  };
}

export function paperExists(id: string): CypherQuery {
  return { text: 'MATCH (p:Paper {id: $id}) RETURN count(p) AS count', params: { id } };
}

export function deleteAll(): CypherQuery {
  return { text: 'MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS', params: {} };
}
