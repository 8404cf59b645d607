import { int } from 'neo4j-driver';
import { NODE_LABELS, RELATIONSHIP_TYPES, type NodeLabel, type RelationshipType } from '../../domain/graph.ts';
import { farLabel, type BatchRead, type RelationshipRead } from '../batchRead.ts';
import type { PaperQuery } from '../GraphStore.ts';
import { endsOf, type NodeRow, type RelationshipRow } from '../documentRows.ts';
import { nodeFieldsOf, relationshipFieldsOf, type ReadFields } from '../readFields.ts';
import { SEARCH_PROPERTIES } from '../readRules.ts';
import { INDEXED_SCHEMES } from '../../domain/externalIds.ts';

/** The stored property of stemmed search words (readRules.searchTextOf) that the full-text index covers. */
export const SEARCH_TEXT_PROPERTY = 'searchText';
/** The stored property of a concept's, method's or author's stemmed name keys (readRules.nameKeysOf). */
export const NAME_KEYS_PROPERTY = 'nameKeys';
/** The stored property of a node's typeahead words (exploration/suggestText.ts, every name normalised), in SUGGEST_INDEX. */
export const SUGGEST_TEXT_PROPERTY = 'suggestText';
/** Full-text index over SUGGEST_TEXT_PROPERTY with the whitespace analyzer: the words are normalised already, so no stop words are dropped. */
export const SUGGEST_INDEX = 'node_suggest_v1';

/** The stored property of a paper's similarity terms (its `terms`, space-separated), in TERM_INDEX. */
export const TERM_TEXT_PROPERTY = 'termText';
/**
 * Full-text index over TERM_TEXT_PROPERTY with the whitespace analyzer: a term's papers (similarPapers'
 * text postings) are an index lookup, where `t IN x.terms` reads every paper.
 */
export const TERM_INDEX = 'paper_terms_v1';

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

// Integers go as neo4j int(): a JavaScript number is sent as a float, which LIMIT refuses.

/**
 * Full-text index over the searchable fields of every label and `searchText`, the stems of their
 * words that differ from the words (readRules.searchTextOf, written by Neo4jStore with every
 * node): Lucene's analyzer only splits and lower-cases, the stemming is Papergraph's own, so a
 * query's stemmed words find the same nodes as in the embedded store.
 */
export const FULLTEXT_INDEX = 'node_text_v3';
/** Earlier full-text indexes, dropped because IF NOT EXISTS would keep their old label and property lists. */
const RETIRED_INDEXES = ['node_text', 'node_text_v2'];

/** `(n:Paper OR n:Concept OR ...)`: a node of any label of the model. */
function anyLabel(variable: string): string {
  return `(${NODE_LABELS.map((l) => `${variable}:${label(l)}`).join(' OR ')})`;
}
/** `['Paper', 'Concept', ...]` as a Cypher list literal, from the closed set. */
const LABEL_LIST = `[${NODE_LABELS.map((l) => `'${label(l)}'`).join(', ')}]`;

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
    { text: 'CREATE INDEX paper_title_key IF NOT EXISTS FOR (n:Paper) ON (n.titleKey)', params: {} },
    ...INDEXED_SCHEMES.map((scheme) => ({
      text: `CREATE INDEX paper_${scheme}_id IF NOT EXISTS FOR (n:Paper) ON (n.${externalIdProperty(scheme)})`,
      params: {},
    })),
    { text: `CREATE CONSTRAINT papergraph_meta_id IF NOT EXISTS FOR (n:${META_LABEL}) REQUIRE n.id IS UNIQUE`, params: {} },
    ...RETIRED_INDEXES.map((name) => ({ text: `DROP INDEX ${name} IF EXISTS`, params: {} })),
    {
      text: `CREATE FULLTEXT INDEX ${TERM_INDEX} IF NOT EXISTS FOR (n:Paper) ON EACH [n.${TERM_TEXT_PROPERTY}] OPTIONS {indexConfig: {\`fulltext.analyzer\`: 'whitespace'}}`,
      params: {},
    },
    {
      text: `CREATE FULLTEXT INDEX ${SUGGEST_INDEX} IF NOT EXISTS FOR (n:${NODE_LABELS.map(label).join('|')}) ON EACH [n.${SUGGEST_TEXT_PROPERTY}] OPTIONS {indexConfig: {\`fulltext.analyzer\`: 'whitespace'}}`,
      params: {},
    },
    {
      text: `CREATE FULLTEXT INDEX ${FULLTEXT_INDEX} IF NOT EXISTS FOR (n:${NODE_LABELS.map(label).join('|')}) ON EACH [${[...SEARCH_PROPERTIES, SEARCH_TEXT_PROPERTY].map((p) => `n.${p}`).join(', ')}]`,
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
      ? `CASE WHEN existing IS NULL THEN incoming
     ELSE incoming {.*, sources: existing.sources + [s IN coalesce(incoming.sources, []) WHERE NOT s IN existing.sources]} END`
      : 'incoming';
  return {
    text: `UNWIND $rows AS row
OPTIONAL MATCH (existing:${label(l)} {id: row.id})
WITH row, existing, row.props AS incoming
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

/**
 * `n {.id, .name}`: the properties of variable `v` that make a domain node of `l`
 * (documentRows.DOMAIN_PROPERTIES), or those of them `fields` names (store/readFields.ts), as a map.
 */
export function nodeProjection(v: string, l: NodeLabel, fields?: ReadFields): string {
  return `${v} {${nodeFieldsOf(fields, label(l) as NodeLabel)
    .map((k) => `.${k}`)
    .join(', ')}}`;
}

/** The properties of relationship variable `v` of type `t` as a map: all of them, or those `fields` names (`{}` for none). */
export function relationshipProjection(v: string, t: RelationshipType, fields?: ReadFields): string {
  const wanted = relationshipFieldsOf(fields, relType(t) as RelationshipType);
  if (wanted === null) return `properties(${v})`;
  if (wanted.length === 0) return '{}';
  return `${v} {${wanted
    .map((k) => {
      if (!/^[A-Za-z]\w*$/.test(k)) throw new Error(`not a property name: ${JSON.stringify(k)}`);
      return `.${k}`;
    })
    .join(', ')}}`;
}

/**
 * Several batch reads (store/batchRead.ts) in one statement: one `CALL` subquery per read, each
 * returning one list (`r0`, `r1`, ...), parameters namespaced by position. Relationship reads
 * bring the node at the far end along (its domain properties only); the far end's label is not
 * checked, the type fixes it (documentRows.endsOf). Same rows and order as nodesById,
 * relationshipsOf and degreeOf; the adapter maps them back the same way. A page of papers is
 * `papersQuery`'s statement (findPapers with the read's include and countTotal) as a subquery.
 */
export function readBatch(
  reads: readonly BatchRead[],
  papersQuery: (q: PaperQuery, options: FindPapersOptions) => CypherQuery,
  fields?: ReadFields,
): CypherQuery {
  const blocks: string[] = [];
  const params: Record<string, unknown> = {};
  reads.forEach((read, i) => {
    if (read.kind === 'papers') {
      // findPapers' statement as a subquery: its parameters renamed p<i>_..., its one row as a map.
      const q = papersQuery(read.query, { include: read.include ?? [], countTotal: read.countTotal ?? true, fields });
      for (const [k, v] of Object.entries(q.params)) params[`p${i}_${k}`] = v;
      const text = q.text
        .replace(/\$([A-Za-z_]\w*)/g, `$p${i}_$1`)
        .replace(/RETURN totalCount, rows\s*$/, `RETURN {totalCount: totalCount, rows: rows} AS r${i}`);
      if (!text.endsWith(`AS r${i}`)) throw new Error('findPapers no longer ends with RETURN totalCount, rows: update readBatch');
      blocks.push(`CALL () {\n${text}\n}`);
      return;
    }
    const ids = `$ids${i}`;
    params[`ids${i}`] = [...new Set(read.ids)];
    if (read.kind === 'nodes') {
      blocks.push(
        `CALL () { MATCH (n:${label(read.label)}) WHERE n.id IN ${ids} RETURN collect(${nodeProjection('n', read.label, fields)}) AS r${i} }`,
      );
    } else if (read.kind === 'degree') {
      const [from, to] = endsOf(read.type);
      const pattern =
        read.direction === 'out' ? `(n)-[:${relType(read.type)}]->(:${label(to)})` : `(n)<-[:${relType(read.type)}]-(:${label(from)})`;
      blocks.push(
        `CALL () { UNWIND ${ids} AS id MATCH (n:${label(read.direction === 'out' ? from : to)} {id: id}) RETURN collect({id: id, degree: COUNT { ${pattern} }}) AS r${i} }`,
      );
    } else {
      const [from, to] = endsOf(read.type);
      const anchor = read.direction === 'out' ? `(a:${label(from)})` : '(a)';
      const other = read.direction === 'out' ? '(b)' : `(b:${label(to)})`;
      const [anchorId, otherVar] = read.direction === 'out' ? ['a.id', 'b'] : ['b.id', 'a'];
      blocks.push(
        `CALL () { MATCH ${anchor}-[r:${relType(read.type)}]->${other} WHERE ${anchorId} IN ${ids} ` +
          `WITH a, r, b ORDER BY ${anchorId}, ${otherVar}.id ` +
          `RETURN collect({from: a.id, to: b.id, props: ${relationshipProjection('r', read.type, fields)}, end: ${nodeProjection(otherVar, farLabel(read.type, read.direction), fields)}}) AS r${i} }`,
      );
    }
  });
  return { text: `${blocks.join('\n')}\nRETURN ${reads.map((_, i) => `r${i}`).join(', ')}`, params };
}

/**
 * The graph's version: one `PapergraphMeta` node (not part of the model: no label of
 * NODE_LABELS, no relationships) whose `version` every Papergraph write transaction sets to a
 * new random value, in the same transaction. Reads that cache derived data (the postings of
 * papersSharingMethods) read it in the same statement as the data and drop the cache when it
 * moved. A write made with other tools should set it too (see README, Performance).
 */
export const META_LABEL = 'PapergraphMeta';

export function bumpVersion(): CypherQuery {
  return { text: `MERGE (m:${META_LABEL} {id: 'graph'}) SET m.version = randomUUID()`, params: {} };
}

/**
 * Takes the writers' lock for the rest of the transaction (a write lock on one meta node): the
 * upserts that reconcile with the store (GraphStore.upsertWith) run one after another.
 */
export function lockWriters(): CypherQuery {
  return { text: `MERGE (m:${META_LABEL} {id: 'writers'}) SET m.lockedAt = timestamp()`, params: {} };
}

/** A Lucene query for exactly one term of TERM_INDEX: a quoted phrase, its quotes and backslashes escaped. */
export function termQuery(term: string): string {
  return `"${term.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/**
 * Gives papers written before TERM_INDEX existed their TERM_TEXT_PROPERTY (Neo4jStore.init), in
 * batches of their own transactions; a paper with no terms gets '' so it is not visited again.
 */
export function backfillTermText(): CypherQuery {
  return {
    text: `MATCH (p:Paper) WHERE p.${TERM_TEXT_PROPERTY} IS NULL
CALL (p) { SET p.${TERM_TEXT_PROPERTY} = reduce(s = '', t IN coalesce(p.terms, []) | s + CASE WHEN s = '' THEN '' ELSE ' ' END + t) } IN TRANSACTIONS OF 10000 ROWS`,
    params: {},
  };
}

/** Gives the graph a version if it has none (Neo4jStore.init). */
export function ensureVersion(): CypherQuery {
  return { text: `MERGE (m:${META_LABEL} {id: 'graph'}) ON CREATE SET m.version = randomUUID()`, params: {} };
}

/** papersSharingMethods, step 1: the graph version and the paper's methods with their weights; no row for an unknown paper. */
export function paperMethods(paperId: string): CypherQuery {
  return {
    text: `OPTIONAL MATCH (meta:${META_LABEL} {id: 'graph'})
WITH meta.version AS version
MATCH (p:Paper {id: $paperId})
RETURN version,
  COLLECT { MATCH (p)-[m:MENTIONS]->(k:Concept) WHERE k.kind = 'METHOD' OR k.technique = true RETURN {key: 'Concept:' + k.id, w: m.weight} } AS concepts,
  COLLECT { MATCH (p)-[:PROPOSES|USES]->(k:Method) RETURN DISTINCT {key: 'Method:' + k.id, w: 1.0} } AS methods`,
    params: { paperId },
  };
}

/**
 * papersSharingMethods, step 2: the postings of some methods (every paper linked to each, with
 * its weight), and the graph version read before them.
 */
export function methodPostings(conceptIds: string[], methodIds: string[]): CypherQuery {
  const posting = `COLLECT { MATCH (x:Paper)-[r:MENTIONS|PROPOSES|USES]->(k) RETURN [x.id, CASE type(r) WHEN 'MENTIONS' THEN r.weight ELSE 1.0 END] }`;
  return {
    text: `OPTIONAL MATCH (meta:${META_LABEL} {id: 'graph'})
WITH meta.version AS version
CALL () { UNWIND $conceptIds AS id MATCH (k:Concept {id: id}) RETURN collect({key: 'Concept:' + id, pairs: ${posting}}) AS concepts }
CALL () { UNWIND $methodIds AS id MATCH (k:Method {id: id}) RETURN collect({key: 'Method:' + id, pairs: ${posting}}) AS methods }
RETURN version, concepts + methods AS postings`,
    params: { conceptIds, methodIds },
  };
}

/**
 * similarPapers, step 1: the graph version, the number of papers and what the paper links to
 * (concepts with kind, technique mark and MENTIONS weight; named methods; authors; its stored
 * terms; the papers it cites and those citing it); no row for an unknown paper.
 */
export function paperSimilarityLinks(paperId: string): CypherQuery {
  return {
    text: `OPTIONAL MATCH (meta:${META_LABEL} {id: 'graph'})
WITH meta.version AS version
CALL () { MATCH (x:Paper) RETURN count(x) AS papers }
MATCH (p:Paper {id: $paperId})
RETURN version, papers, coalesce(p.terms, []) AS terms, coalesce(p.termWeights, []) AS termWeights,
  COLLECT { MATCH (p)-[m:MENTIONS]->(k:Concept) RETURN {id: k.id, kind: k.kind, technique: k.technique, w: m.weight} } AS concepts,
  COLLECT { MATCH (p)-[:PROPOSES|USES]->(k:Method) RETURN DISTINCT k.id } AS methods,
  COLLECT { MATCH (p)-[:AUTHORED_BY]->(a:Author) RETURN a.id } AS authors,
  COLLECT { MATCH (p)-[:CITES]->(r:Paper) RETURN r.id } AS references,
  COLLECT { MATCH (c:Paper)-[:CITES]->(p) RETURN c.id } AS citers`,
    params: { paperId },
  };
}

/**
 * similarPapers, step 2: the postings of some concepts, methods, authors, terms, references and
 * citers (every paper linked to each, with its weight: the MENTIONS weight, 1, 1, the paper's
 * stored term weight; for a reference the papers citing it, for a citer the papers it cites, 1), and
 * the graph version read before them. Term postings are TERM_INDEX lookups.
 */
export function similarityPostings(keys: {
  conceptIds: string[];
  methodIds: string[];
  authorIds: string[];
  terms: string[];
  referenceIds: string[];
  citerIds: string[];
}): CypherQuery {
  return {
    text: `OPTIONAL MATCH (meta:${META_LABEL} {id: 'graph'})
WITH meta.version AS version
CALL () { UNWIND $conceptIds AS id MATCH (k:Concept {id: id}) RETURN collect({key: 'Concept:' + id, pairs: COLLECT { MATCH (x:Paper)-[r:MENTIONS]->(k) RETURN [x.id, r.weight] }}) AS concepts }
CALL () { UNWIND $methodIds AS id MATCH (k:Method {id: id}) RETURN collect({key: 'Method:' + id, pairs: COLLECT { MATCH (x:Paper)-[:PROPOSES|USES]->(k) RETURN [x.id, 1.0] }}) AS methods }
CALL () { UNWIND $authorIds AS id MATCH (k:Author {id: id}) RETURN collect({key: 'Author:' + id, pairs: COLLECT { MATCH (x:Paper)-[:AUTHORED_BY]->(k) RETURN [x.id, 1.0] }}) AS authors }
CALL () { UNWIND $referenceIds AS id MATCH (k:Paper {id: id}) RETURN collect({key: 'Reference:' + id, pairs: COLLECT { MATCH (x:Paper)-[:CITES]->(k) RETURN [x.id, 1.0] }}) AS references }
CALL () { UNWIND $citerIds AS id MATCH (k:Paper {id: id}) RETURN collect({key: 'Citer:' + id, pairs: COLLECT { MATCH (k)-[:CITES]->(x:Paper) RETURN [x.id, 1.0] }}) AS citers }
CALL () {
  UNWIND $terms AS term
  CALL (term) {
    CALL db.index.fulltext.queryNodes('${TERM_INDEX}', term.query) YIELD node AS x
    WITH x, [i IN range(0, size(x.terms) - 1) WHERE x.terms[i] = term.t] AS at
    WHERE size(at) > 0
    RETURN collect([x.id, x.termWeights[at[0]]]) AS pairs
  }
  RETURN collect({key: 'Term:' + term.t, pairs: pairs}) AS terms
}
RETURN version, concepts + methods + authors + terms + references + citers AS postings`,
    params: { ...keys, terms: keys.terms.map((t) => ({ t, query: termQuery(t) })) },
  };
}

/** Deletes a paper and the methods, repositories and authors that no other paper points at. */
export function removePaper(id: string): CypherQuery {
  return {
    text: `MATCH (p:Paper {id: $id})
OPTIONAL MATCH (p)-->(x) WHERE x:Method OR x:Repository OR x:Author
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

/** Papers by titleKey (index paper_title_key): one row per paper, by key then id. */
export function papersByTitleKey(keys: readonly string[]): CypherQuery {
  return {
    text: `UNWIND $keys AS key
MATCH (p:Paper {titleKey: key})
RETURN key, properties(p) AS props
ORDER BY key, p.id`,
    params: { keys },
  };
}

/**
 * The property holding a paper's (first) external id of one scheme, indexed for look-ups: Neo4j
 * does not index list elements, so Paper.externalIds alone would mean a scan. `extDoi`, `extCorpus`, ...
 */
export function externalIdProperty(scheme: (typeof INDEXED_SCHEMES)[number]): string {
  if (!INDEXED_SCHEMES.includes(scheme)) throw new Error(`not an indexed external id scheme: ${String(scheme)}`);
  return `ext${scheme[0]!.toUpperCase()}${scheme.slice(1)}`;
}

/** Papers by external id (indexes paper_<scheme>_id): one row per id and paper, by id then paper id. */
export function papersByExternalId(ids: readonly { id: string; scheme: string; value: string }[]): CypherQuery {
  const branches = INDEXED_SCHEMES.map(
    (scheme) => `  MATCH (p:Paper) WHERE k.scheme = '${scheme}' AND p.${externalIdProperty(scheme)} = k.value RETURN p`,
  ).join('\n  UNION\n');
  return {
    text: `UNWIND $keys AS k
CALL (k) {
${branches}
}
RETURN k.id AS id, properties(p) AS props
ORDER BY id, p.id`,
    params: { keys: ids },
  };
}

/** Removes stub papers merged into other papers (GraphDocument.removedStubs) with their relationships; full papers are left alone. */
export function removeStubs(ids: readonly string[]): CypherQuery {
  return {
    text: `UNWIND $ids AS id
MATCH (p:Paper {id: id}) WHERE p.stub = true
DETACH DELETE p`,
    params: { ids },
  };
}

export function paperExists(id: string): CypherQuery {
  return { text: 'MATCH (p:Paper {id: $id}) RETURN count(p) AS count', params: { id } };
}

/**
 * Deletes everything in bounded transactions: relationships first, then the nodes. DETACH DELETE
 * of 10,000 nodes at a time would take a hub's relationships along (a concept of 100,000 papers
 * has as many) and overrun the transaction memory pool.
 */
export function deleteAll(): CypherQuery[] {
  return [
    { text: 'MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS', params: {} },
    { text: 'MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 10000 ROWS', params: {} },
  ];
}

/** A concept by name or alias, or a method by name or full name, compared by readRules.nameKey against the stored `nameKeys`. */
export function findByName(l: 'Concept' | 'Method', key: string): CypherQuery {
  return {
    text: `MATCH (n:${label(l)})
WHERE $key IN n.${NAME_KEYS_PROPERTY}
RETURN properties(n) AS props
ORDER BY n.id
LIMIT 1`,
    params: { key },
  };
}

/** Every concept (name, aliases) or method (name, full name) with its names, for nameAlternatives. */
export function namesOf(l: 'Concept' | 'Method'): CypherQuery {
  const names = l === 'Concept' ? '[n.name] + coalesce(n.aliases, [])' : '[x IN [n.name, n.fullName] WHERE x IS NOT NULL]';
  return { text: `MATCH (n:${label(l)}) RETURN n.id AS id, ${names} AS names`, params: {} };
}

/** The parameters of a paper filter (paperFilterPredicate); null or empty: that field does not filter. */
export interface PaperFilterParams {
  conceptId: string | null;
  includeNarrower: boolean;
  methodId: string | null;
  hasRepository: boolean | null;
  /** Lower case already. */
  text: string | null;
  // Optional: statements written before these filters existed leave them out.
  authorId?: string | null;
  venue?: string | null;
  yearFrom?: number | null;
  yearTo?: number | null;
  conceptsAll?: string[];
  conceptsAny?: string[];
}

/** The names of PaperFilterParams, for the statements that take a filter. */
const PAPER_FILTER_KEYS = [
  'conceptId',
  'includeNarrower',
  'methodId',
  'hasRepository',
  'text',
  'authorId',
  'venue',
  'yearFrom',
  'yearTo',
  'conceptsAll',
  'conceptsAny',
] as const;

function paperFilterValues(p: PaperFilterParams): Record<string, unknown> {
  return Object.fromEntries(PAPER_FILTER_KEYS.map((k) => [k, p[k] ?? (k === 'conceptsAll' || k === 'conceptsAny' ? [] : null)]));
}

/** How a filter field reads when unset: null, or an empty list. */
type FilterGuard = 'null' | 'empty list';

/**
 * The condition of each paper filter field on the Paper variable `v` (values as $parameters,
 * PaperFilterParams), with how it reads when unset: the semantics of store/embedded/paperFilter.ts.
 */
const FILTER_CONDITIONS: readonly {
  field: Exclude<keyof PaperFilterParams, 'includeNarrower'>;
  unset: FilterGuard;
  condition: (v: string) => string;
}[] = [
  {
    field: 'conceptId',
    unset: 'null',
    condition: (v) =>
      `EXISTS { MATCH (${v})-[:MENTIONS]->(cc:Concept) WHERE cc.id = $conceptId OR ($includeNarrower AND EXISTS { (cc)-[:BROADER*1..]->(:Concept {id: $conceptId}) }) }`,
  },
  { field: 'methodId', unset: 'null', condition: (v) => `EXISTS { (${v})-[:PROPOSES|USES]->(:Method {id: $methodId}) }` },
  { field: 'hasRepository', unset: 'null', condition: (v) => `EXISTS { (${v})-[:HAS_CODE]->(:Repository) } = $hasRepository` },
  { field: 'text', unset: 'null', condition: (v) => `toLower(${v}.title) CONTAINS $text OR toLower(${v}.abstract) CONTAINS $text` },
  { field: 'authorId', unset: 'null', condition: (v) => `EXISTS { (${v})-[:AUTHORED_BY]->(:Author {id: $authorId}) }` },
  { field: 'venue', unset: 'null', condition: (v) => `${v}.venue = $venue` },
  {
    field: 'yearFrom',
    unset: 'null',
    condition: (v) => `(${v}.publishedAt =~ '[0-9]{4}.*' AND toInteger(left(${v}.publishedAt, 4)) >= $yearFrom)`,
  },
  {
    field: 'yearTo',
    unset: 'null',
    condition: (v) => `(${v}.publishedAt =~ '[0-9]{4}.*' AND toInteger(left(${v}.publishedAt, 4)) <= $yearTo)`,
  },
  {
    field: 'conceptsAll',
    unset: 'empty list',
    condition: (v) => `all(cid IN $conceptsAll WHERE EXISTS { (${v})-[:MENTIONS]->(:Concept {id: cid}) })`,
  },
  {
    field: 'conceptsAny',
    unset: 'empty list',
    condition: (v) => `EXISTS { MATCH (${v})-[:MENTIONS]->(ca:Concept) WHERE ca.id IN $conceptsAny }`,
  },
];

/** The fields findPapers has no start pattern of its own for (all but the concept). */
const EXPLORATION_FIELDS = new Set(['authorId', 'venue', 'yearFrom', 'yearTo', 'conceptsAll', 'conceptsAny']);

function checkVariable(v: string): void {
  if (!/^[a-z]\w*$/.test(v)) throw new Error(`not a Cypher variable: ${v}`);
}

/**
 * A paper filter as a Cypher predicate on variable `v` (a Paper), values as $parameters
 * (PaperFilterParams), every field guarded by its parameter (`$venue IS NULL OR ...`), so one
 * text serves every filter. `exploration` only: the fields findPapers has no start pattern or
 * filter of its own for (author, venue, years, concept lists).
 */
export function paperFilterPredicate(v: string, exploration = false): string {
  checkVariable(v);
  return FILTER_CONDITIONS.filter((f) => !exploration || EXPLORATION_FIELDS.has(f.field))
    .map((f) =>
      f.field === 'conceptsAll'
        ? f.condition(v)
        : f.unset === 'null'
          ? `($${f.field} IS NULL OR ${f.condition(v)})`
          : `(size($${f.field}) = 0 OR ${f.condition(v)})`,
    )
    .join('\n  AND ');
}

/**
 * The conditions of the filter fields that are set in `p` (all but the concept, which
 * findPapers starts from), and their parameters: Neo4j plans a guarded condition
 * (`$hasRepository IS NULL OR EXISTS {...}`) as if it always ran, expanding every candidate's
 * relationships for a filter nobody gave.
 */
function setFilterConditions(v: string, p: PaperFilterParams): { conditions: string[]; params: Record<string, unknown> } {
  checkVariable(v);
  const conditions: string[] = [];
  const params: Record<string, unknown> = {};
  for (const f of FILTER_CONDITIONS) {
    if (f.field === 'conceptId') continue;
    const value = p[f.field];
    if (value === null || value === undefined || (f.unset === 'empty list' && (value as unknown[]).length === 0)) continue;
    conditions.push(`(${f.condition(v)})`);
    params[f.field] = value;
  }
  return { conditions, params };
}

/** What a facet counts (store/GraphStore.ts FacetKind). */
export type FacetBy = 'YEAR' | 'VENUE' | 'CONCEPT' | 'METHOD' | 'AUTHOR';

/**
 * paperFacets in one statement: the papers matching the filter, then one subquery per facet
 * counting them by year, venue, or linked concept, method or author, by count descending then
 * value, at most $first each (`f0`, `f1`, ... in the order asked).
 */
export function paperFacets(filter: PaperFilterParams, by: readonly FacetBy[], first: number): CypherQuery {
  const node = (rel: string, l: NodeLabel) =>
    `UNWIND papers AS p MATCH (p)-[:${rel}]->(n:${label(l)}) WITH n, count(DISTINCT p) AS count ORDER BY count DESC, n.id ASC LIMIT $first RETURN collect({value: n.id, label: n.name, count: count})`;
  const blocks: Record<FacetBy, string> = {
    YEAR: `UNWIND papers AS p WITH p WHERE p.publishedAt =~ '[0-9]{4}.*' WITH left(p.publishedAt, 4) AS value, count(*) AS count ORDER BY count DESC, value ASC LIMIT $first RETURN collect({value: value, label: value, count: count})`,
    VENUE: `UNWIND papers AS p WITH p WHERE p.venue IS NOT NULL AND p.venue <> '' WITH p.venue AS value, count(*) AS count ORDER BY count DESC, value ASC LIMIT $first RETURN collect({value: value, label: value, count: count})`,
    CONCEPT: node('MENTIONS', 'Concept'),
    METHOD: node('PROPOSES|USES', 'Method'),
    AUTHOR: node('AUTHORED_BY', 'Author'),
  };
  const calls = by.map((b, i) => {
    if (!(b in blocks)) throw new Error(`not a facet: ${String(b)}`);
    return `CALL (papers) { ${blocks[b]} AS f${i} }`;
  });
  return {
    text: `MATCH (p:Paper)
WHERE ${paperFilterPredicate('p')}
WITH collect(p) AS papers
${calls.join('\n')}
RETURN ${by.length > 0 ? by.map((_, i) => `f${i}`).join(', ') : 'size(papers) AS matched'}`,
    params: { ...paperFilterValues(filter), first: int(first) },
  };
}

/**
 * Typeahead candidates from SUGGEST_INDEX: nodes of the given labels whose typeahead words hold
 * the prefix's complete words and a word starting with its last one (at most `candidates`). The
 * caller keeps those whose words run on from the prefix (exploration/suggestText.ts) and orders them.
 */
export function suggestCandidates(words: readonly string[], labels: readonly NodeLabel[], candidates: number): CypherQuery {
  const escape = (w: string) => w.replace(/[+\-&|!(){}[\]^"~*?:\\/]/g, (c) => `\\${c}`);
  const terms = words.map((w, i) => `+${escape(w)}${i === words.length - 1 ? '*' : ''}`);
  return {
    text: `CALL db.index.fulltext.queryNodes('${SUGGEST_INDEX}', $lucene, {limit: $candidates}) YIELD node
WHERE any(l IN labels(node) WHERE l IN $labels)
RETURN [l IN labels(node) WHERE l IN $labels][0] AS label, properties(node) AS props`,
    params: { lucene: terms.join(' '), labels: labels.map(label), candidates: int(candidates) },
  };
}

export interface PaperQueryParams extends PaperFilterParams {
  orderField: 'ID' | 'TITLE' | 'PUBLISHED_AT' | 'RELEVANCE';
  descending: boolean;
  afterKey: string | number | null;
  afterId: string | null;
  limit: number;
}

/** What a page of papers reads besides the page (BatchRead `papers`): relationships of its papers, and whether to count. */
export interface FindPapersOptions {
  include: readonly RelationshipRead[];
  countTotal: boolean;
  /** The properties to read of the papers and the included relationships and ends (store/readFields.ts); all when absent. */
  fields?: ReadFields;
}

/**
 * The included relationships of the page's paper `p` in one direction: one expansion of the
 * paper for all their types (Neo4j walks a paper's relationship chain once per pattern, whatever
 * the type asked), each relationship as its type, properties and the far end's domain
 * properties (map projections, chosen by type: a property read per key costs a database hit
 * more). In store order: the adapter sorts each type's list by far end id.
 */
function includedOf(direction: 'out' | 'in', types: readonly RelationshipType[], fields: ReadFields | undefined): string {
  const pattern = `(p)${direction === 'out' ? '-' : '<-'}[r:${types.map(relType).join('|')}]${direction === 'out' ? '->' : '-'}(b)`;
  const cases = types.map(
    (t) =>
      `WHEN '${relType(t)}' THEN {type: '${relType(t)}', props: ${relationshipProjection('r', t, fields)}, end: ${nodeProjection('b', farLabel(t, direction), fields)}}`,
  );
  return `COLLECT { MATCH ${pattern} RETURN CASE type(r) ${cases.join(' ')} END }`;
}

/**
 * One page of papers, in one query: the total count when asked, and the rows (domain properties
 * and sort key, `limit` of them) with their included relationships (`out`, `in`: see includedOf).
 * With a concept filter the match starts at the concept (and the concepts below it), without
 * checking the Paper label (MENTIONS starts at papers only), and RELEVANCE is the best MENTIONS
 * weight; the total of an unfiltered exact concept is its MENTIONS degree. Only the filters
 * given reach the text (setFilterConditions). The keyset condition continues after
 * (afterKey, afterId) in (key, id) order.
 */
export function findPapers(p: PaperQueryParams, options: FindPapersOptions = { include: [], countTotal: true }): CypherQuery {
  const filter = setFilterConditions('p', p);
  const params: Record<string, unknown> = { ...filter.params, limit: int(p.limit) };
  const conceptId = p.conceptId || null;
  let start: string;
  if (conceptId === null) start = 'MATCH (p:Paper)\nWITH p, null AS relevance';
  else if (p.includeNarrower)
    start = `MATCH (c:Concept {id: $conceptId})
OPTIONAL MATCH (narrower:Concept)-[:BROADER*1..]->(c)
WITH c, collect(DISTINCT narrower) AS below
UNWIND [c] + below AS concept
MATCH (p)-[m:MENTIONS]->(concept)
WITH p, max(m.weight) AS relevance`;
  else start = 'MATCH (c:Concept {id: $conceptId})\nMATCH (p)-[m:MENTIONS]->(c)\nWITH p, m.weight AS relevance';
  if (conceptId !== null) params.conceptId = conceptId;
  const matched = `${start}${filter.conditions.length > 0 ? `\nWHERE ${filter.conditions.join('\n  AND ')}` : ''}`;
  const key = { ID: 'p.id', TITLE: 'p.title', PUBLISHED_AT: "coalesce(p.publishedAt, '')", RELEVANCE: 'relevance' }[p.orderField];
  const dir = p.descending ? 'DESC' : 'ASC';
  let after = '';
  if (p.afterId !== null && p.afterId !== undefined) {
    after = `\nWHERE key ${p.descending ? '<' : '>'} $afterKey OR (key = $afterKey AND p.id > $afterId)`;
    Object.assign(params, { afterKey: p.afterKey, afterId: p.afterId });
  }
  const included = (['out', 'in'] as const).flatMap((direction) => {
    const types = options.include.filter((r) => r.direction === direction).map((r) => r.type);
    return types.length > 0 ? [`, ${direction}: ${includedOf(direction, [...new Set(types)], options.fields)}`] : [];
  });
  const indent = (text: string) => text.replace(/\n/g, '\n  ');
  const count = !options.countTotal
    ? 'WITH null AS totalCount\n'
    : conceptId !== null && !p.includeNarrower && filter.conditions.length === 0
      ? 'CALL () { MATCH (c:Concept {id: $conceptId}) RETURN sum(COUNT { ()-[:MENTIONS]->(c) }) AS totalCount }\n'
      : `CALL () {\n  ${indent(matched)}\n  RETURN count(p) AS totalCount\n}\n`;
  return {
    text: `${count}CALL () {
  ${indent(`${matched}\nWITH p, ${key} AS key${after}`)}
  WITH p, key ORDER BY key ${dir}, p.id ASC LIMIT $limit
  RETURN collect({props: ${nodeProjection('p', 'Paper', options.fields)}, key: key${included.join('')}}) AS rows
}
RETURN totalCount, rows`,
    params,
  };
}

/** One page of concepts (optionally of one kind) or repositories, and the total, in keyset order. */
export function findNodesPage(
  l: 'Concept' | 'Repository' | 'Author' | 'Method',
  p: {
    kind: string | null;
    orderField: 'ID' | 'NAME';
    descending: boolean;
    afterKey: string | null;
    afterId: string | null;
    limit: number;
  },
): CypherQuery {
  const key = p.orderField === 'NAME' ? 'n.name' : 'n.id';
  const where = l === 'Concept' ? 'WHERE $kind IS NULL OR n.kind = $kind' : '';
  return {
    text: `CALL () { MATCH (n:${label(l)}) ${where} RETURN count(n) AS totalCount }
CALL () {
  MATCH (n:${label(l)}) ${where}
  WITH n, ${key} AS key
  WHERE $afterId IS NULL OR key ${p.descending ? '<' : '>'} $afterKey OR (key = $afterKey AND n.id > $afterId)
  WITH n, key ORDER BY key ${p.descending ? 'DESC' : 'ASC'}, n.id ASC LIMIT $limit
  RETURN collect({props: properties(n), key: key}) AS rows
}
RETURN totalCount, rows`,
    params: { kind: p.kind, afterKey: p.afterKey, afterId: p.afterId, limit: int(p.limit) },
  };
}

/**
 * Search candidates from the full-text index: nodes of the given labels holding every word.
 * The caller scores them with readRules.searchScore, as the embedded store does.
 */
export function searchCandidates(words: string[], labels: readonly NodeLabel[], candidates: number): CypherQuery {
  return {
    text: `CALL db.index.fulltext.queryNodes('${FULLTEXT_INDEX}', $lucene, {limit: $candidates}) YIELD node
WHERE any(l IN labels(node) WHERE l IN $labels)
RETURN [l IN labels(node) WHERE l IN $labels][0] AS label, properties(node) AS props`,
    params: { lucene: words.map((w) => `+"${w.replace(/["\\]/g, '')}"`).join(' '), labels: labels.map(label), candidates: int(candidates) },
  };
}

/**
 * The shortest path (up to maxHops, among at most `cap` of them) between two concepts through
 * BROADER, RELATED and MENTIONS (and CITES when `throughCitations`) whose node ids, then edge keys (`type|edge id`), come first:
 * the choice is made in Cypher (lists order element by element, strings by UTF-16 code units, as
 * readRules.compareStrings), so one path comes back, with its nodes' properties.
 * maxHops is a validated integer: variable-length bounds cannot be parameters.
 */
export function conceptPaths(from: string, to: string, maxHops: number, cap: number, throughCitations = false): CypherQuery {
  if (!Number.isInteger(maxHops) || maxHops < 1 || maxHops > 20) throw new Error(`maxHops must be an integer from 1 to 20, got ${maxHops}`);
  return {
    text: `MATCH (a:Concept {id: $from}), (b:Concept {id: $to})
MATCH path = allShortestPaths((a)-[:BROADER|RELATED|MENTIONS${throughCitations ? '|CITES' : ''}*..${maxHops}]-(b))
WITH path LIMIT $cap
WITH path, [n IN nodes(path) | n.id] AS nodeIds,
     [r IN relationships(path) | type(r) + '|' + startNode(r).id + '-' + type(r) + '->' + endNode(r).id] AS edgeKeys
ORDER BY nodeIds, edgeKeys
LIMIT 1
RETURN [n IN nodes(path) | {label: [l IN labels(n) WHERE l IN ['Paper', 'Concept']][0], props: properties(n)}] AS nodes,
       [r IN relationships(path) | {type: type(r), from: startNode(r).id, to: endNode(r).id, weight: r.weight}] AS rels`,
    params: { from, to, cap: int(cap) },
  };
}

/**
 * conceptPath's search on Neo4j (Neo4jStore.conceptPath, store/pathSearch.ts), one step: the graph
 * version, then for each of the given concepts and papers that exists, its relationships through
 * the path types as [type, outgoing, other end's id, weight] (weight null where it has none). The
 * other end's label follows from the type (domain/graph.ts RELATIONSHIP_ENDS). No row for an
 * unknown id; no list besides the version when none is asked for.
 */
export function pathNeighbours(conceptIds: readonly string[], paperIds: readonly string[], throughCitations: boolean): CypherQuery {
  const types = `BROADER|RELATED|MENTIONS${throughCitations ? '|CITES' : ''}`;
  const nodes = (label: NodeLabel, ids: string) =>
    `COLLECT { UNWIND ${ids} AS id MATCH (n:${label} {id: id}) RETURN {label: '${label}', id: n.id, rels: COLLECT { MATCH (n)-[r:${types}]-(m) RETURN [type(r), startNode(r) = n, m.id, r.weight] }} }`;
  return {
    text: `OPTIONAL MATCH (meta:${META_LABEL} {id: 'graph'})
RETURN meta.version AS version, ${nodes('Concept', '$conceptIds')} + ${nodes('Paper', '$paperIds')} AS nodes`,
    params: { conceptIds: [...conceptIds], paperIds: [...paperIds] },
  };
}

/**
 * conceptPath's last statement on Neo4j: the graph version, and the properties of the path's
 * nodes (those that exist), so that the search's answer is checked against the version it used.
 */
export function pathNodes(conceptIds: readonly string[], paperIds: readonly string[]): CypherQuery {
  const nodes = (label: NodeLabel, ids: string) =>
    `COLLECT { UNWIND ${ids} AS id MATCH (n:${label} {id: id}) RETURN {label: '${label}', props: properties(n)} }`;
  return {
    text: `OPTIONAL MATCH (meta:${META_LABEL} {id: 'graph'})
RETURN meta.version AS version, ${nodes('Concept', '$conceptIds')} + ${nodes('Paper', '$paperIds')} AS nodes`,
    params: { conceptIds: [...conceptIds], paperIds: [...paperIds] },
  };
}

/**
 * The neighbourhood of seed ids: nodes within `depth` hops along the given types, nearest first
 * then by id (limit + 1 of them, so the caller can tell truncation), and the edges among them.
 *
 * The walk goes one level at a time, as the embedded store's does (embedded/neighborhood.ts), and
 * the next level is only walked while at most `limit` nodes are reached: nodes farther away
 * would not be kept. From a hub concept at depth 2, a variable-length pattern
 * (`(s)-[*0..2]-(n)`) enumerated every path through each of its thousands of papers, only for
 * the nodes past the first level to be cut. Each level's nodes are only those not reached
 * before (a grouping by node, not a list lookup), so no node is expanded twice. The reached nodes
 * are grouped once more before they are ordered: rows that still carried the reached list made
 * Neo4j count that list once per row (600 MB for a concept of 4,000 papers). A level that found
 * nothing (or was not walked) keeps the reached list as it is rather than regrouping it: after a
 * hub's first level that list holds tens of thousands of entries.
 */
export function neighborhood(
  ids: readonly string[],
  depth: number,
  limit: number,
  types: readonly RelationshipType[],
  paperFilter: PaperFilterParams | null = null,
): CypherQuery {
  if (!Number.isInteger(depth) || depth < 0 || depth > 5) throw new Error(`depth must be an integer from 0 to 5, got ${depth}`);
  // No types: only the seeds themselves.
  if (types.length === 0) depth = 0;
  const typeList = types.map(relType).join('|');
  const levels = Array.from(
    { length: depth },
    (_, i) => `CALL (frontier, reached) {
  WITH frontier, reached WHERE size(reached) <= $limit
  UNWIND frontier AS f
  MATCH (f)-[:${typeList}]-(m)${paperFilter ? `\n  WHERE NOT m:Paper OR (${paperFilterPredicate('m')})` : ''}
  RETURN collect(DISTINCT m) AS next
}
CALL (reached, next) {
  UNWIND CASE WHEN size(next) = 0 THEN [] ELSE reached + [m IN next | {n: m, distance: ${i + 1}}] END AS r
  WITH r.n AS n, min(r.distance) AS distance
  RETURN collect({n: n, distance: distance}) AS grown
}
WITH [r IN grown WHERE r.distance = ${i + 1} | r.n] AS frontier, CASE WHEN size(next) = 0 THEN reached ELSE grown END AS reached
`,
  ).join('');
  return {
    text: `MATCH (s) WHERE s.id IN $ids AND ${anyLabel('s')}${paperFilter ? ` AND (NOT s:Paper OR (${paperFilterPredicate('s')}))` : ''}
WITH collect(DISTINCT s) AS frontier
WITH frontier, [s IN frontier | {n: s, distance: 0}] AS reached
${levels}UNWIND reached AS r
WITH r.n AS n, min(r.distance) AS distance
WITH n, distance, [l IN labels(n) WHERE l IN ${LABEL_LIST}][0] AS label
ORDER BY distance, n.id, label
LIMIT $limitPlusOne
WITH n, distance, label, COUNT { (n)--() } AS degree
ORDER BY distance, n.id, label
WITH collect({n: n, distance: distance, label: label, degree: degree}) AS found
WITH found, [f IN found | f.n][0..$limit] AS kept
${
  types.length === 0
    ? 'WITH found, [] AS edges'
    : `CALL (kept) {
  UNWIND kept AS a
  MATCH (a)-[r:${typeList}]->(b)
  WHERE b IN kept
  RETURN collect({type: type(r), from: a.id, to: b.id, weight: r.weight}) AS edges
}`
}
RETURN size(found) > $limit AS truncated, edges,
       [f IN found[0..$limit] | {label: f.label, id: f.n.id, title: f.n.title, name: f.n.name, owner: f.n.owner,
                                  distance: f.distance, degree: f.degree}] AS nodes`,
    params: { ids, limit: int(limit), limitPlusOne: int(limit + 1), ...(paperFilter ? paperFilterValues(paperFilter) : {}) },
  };
}
