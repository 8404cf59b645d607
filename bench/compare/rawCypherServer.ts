/**
 * The raw-Cypher baseline of issue #6: a minimal node:http server that answers each question of
 * bench/compare/queries.ts with one hand-written Cypher statement through neo4j-driver, and
 * nothing else (no GraphQL, no DataLoaders, no per-request logging): the limit a GraphQL layer
 * over the same Neo4j can approach.
 *
 *   POST /query  {"name": "<query name>", "params": {...}}  ->  200 {"data": <result>}
 *
 * Every statement returns one column `result`, already in the shape of the answer (or no row:
 * `data` is null). Errors: 400/404/405 for a bad request, 500 {"errors": [{"message"}]} when the
 * query fails. Env: NEO4J_URI (bolt, no auth), PORT (0: any free port). Once listening it prints
 * {"ready":true,"port":<n>} on stdout; SIGTERM closes the server and the driver and exits 0.
 *
 * The statement builders are exported: neo4jGraphqlServer.ts puts the same Cypher in its @cypher
 * fields, so the two systems differ only by the layer in front of Neo4j.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import neo4j, { type Driver } from 'neo4j-driver';
import { NODE_LABELS, RELATIONSHIP_TYPES } from '../../src/domain/graph.ts';
import { TRAVERSAL_LIMITS } from '../../src/server/resolvers/graph.ts';
import { NEO4J_DRIVER_CONFIG } from '../../src/store/neo4j/driverConfig.ts';
import { PAPERS_SHARING_METHODS_CYPHER } from './sharedMethodsCypher.ts';

// ---- Cypher shared with the @cypher fields of neo4jGraphqlServer.ts ----

/** Papergraph's limits for the traversal arguments (neighborhood depth, conceptPath maxHops). */
export const MAX_DEPTH = TRAVERSAL_LIMITS.depth;
export const MAX_HOPS = TRAVERSAL_LIMITS.maxHops;
/** Most shortest paths conceptPath considers before picking the smallest (Neo4jStore MAX_SHORTEST_PATHS). */
export const MAX_SHORTEST_PATHS = 10_000;

const ALL_TYPES = RELATIONSHIP_TYPES.join('|');
const LABEL_LIST = `[${NODE_LABELS.map((l) => `'${l}'`).join(', ')}]`;
const ANY_LABEL = (v: string) => `(${NODE_LABELS.map((l) => `${v}:${l}`).join(' OR ')})`;

function checkInt(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max)
    throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${value}`);
  return value;
}

/**
 * papersSharingMethods: the statement of sharedMethodsCypher.ts (Papergraph's formula: same matching,
 * scoring, summation order and ties), returning only what the question asks ({paper {id, title}, score}).
 * Parameters $paperId, $first, $minShared (integers).
 */
export function papersSharingMethodsCypher(returnClause: string): string {
  const text = PAPERS_SHARING_METHODS_CYPHER;
  const papergraphReturn = text.lastIndexOf('RETURN properties(q) AS paper, score,');
  if (papergraphReturn < 0) throw new Error('bench/compare/sharedMethodsCypher.ts changed its RETURN: update papersSharingMethodsCypher');
  return `${text.slice(0, papergraphReturn)}${returnClause}`;
}

/**
 * neighborhood: Papergraph's Cypher (cypher.ts neighborhood, all edge types) up to the node
 * list, with Neo4jStore.neighborhood's post-processing done in Cypher: node type and label
 * (readRules.nodeText), weight = degree, edge ids and weights (readRules.edgeView), edges by id.
 * `expand` must yield rows `n, distance` (the seeds' nodes within the depth, each with its
 * smallest distance). Parameters $ids, $limit (integer).
 */
export function neighborhoodCypher(expand: string): string {
  return `${expand}
WITH n, distance, [l IN labels(n) WHERE l IN ${LABEL_LIST}][0] AS label
ORDER BY distance, n.id, label
LIMIT $limit + 1
WITH n, distance, label, COUNT { (n)--() } AS degree
ORDER BY distance, n.id, label
WITH collect({n: n, distance: distance, label: label, degree: degree}) AS found
WITH found, [f IN found | f.n][0..$limit] AS kept
CALL (kept) {
  UNWIND kept AS a
  MATCH (a)-[r:${ALL_TYPES}]->(b)
  WHERE b IN kept
  WITH a.id + '-' + type(r) + '->' + b.id AS id, a, b, r
  ORDER BY id
  RETURN collect({id: id, source: a.id, target: b.id, type: type(r),
                  weight: CASE WHEN type(r) IN ['MENTIONS', 'RELATED'] THEN toFloat(coalesce(r.weight, 1.0)) ELSE 1.0 END}) AS edges
}
RETURN {
  truncated: size(found) > $limit,
  nodes: [f IN found[0..$limit] | {
    id: f.n.id,
    type: toUpper(f.label),
    label: CASE f.label WHEN 'Paper' THEN f.n.title WHEN 'Repository' THEN f.n.owner + '/' + f.n.name ELSE f.n.name END,
    weight: toFloat(f.degree)
  }],
  edges: edges
} AS result`;
}

/** The expansion of cypher.ts neighborhood for a fixed depth: seeds by id, nodes within `depth` hops with their distance. */
export function neighborhoodExpand(depth: number, guard = ''): string {
  checkInt('depth', depth, 0, MAX_DEPTH);
  return `MATCH (s) WHERE ${guard}s.id IN $ids AND ${ANY_LABEL('s')}
MATCH path = (s)-[:${ALL_TYPES}*0..${depth}]-(n)
WITH n, min(length(path)) AS distance`;
}

/**
 * conceptPath: Papergraph's search (cypher.ts conceptPaths: all shortest paths through BROADER,
 * RELATED and MENTIONS, at most MAX_SHORTEST_PATHS of them) with Neo4jStore.conceptPath's choice
 * made in Cypher: the path whose node ids, then edge keys (`type|from-type->to`), come first
 * (Cypher orders lists element by element, strings by UTF-16 code units, as compareStrings does).
 * `paths` must yield rows `p`, the shortest paths from `a` to `b` (see conceptPathsMatch).
 * Parameters $from, $to.
 */
export function conceptPathCypher(paths: string): string {
  return `MATCH (a:Concept {id: $from}), (b:Concept {id: $to})
WHERE $from <> $to
${paths}
WITH p LIMIT ${MAX_SHORTEST_PATHS}
WITH p, [n IN nodes(p) | n.id] AS nodeIds,
     [r IN relationships(p) | type(r) + '|' + startNode(r).id + '-' + type(r) + '->' + endNode(r).id] AS edgeKeys
ORDER BY nodeIds, edgeKeys
LIMIT 1
RETURN {
  length: length(p),
  nodes: [n IN nodes(p) | {id: n.id, type: CASE WHEN n:Paper THEN 'PAPER' ELSE 'CONCEPT' END}],
  edges: [r IN relationships(p) | {id: startNode(r).id + '-' + type(r) + '->' + endNode(r).id, source: startNode(r).id, target: endNode(r).id, type: type(r),
                                   weight: CASE WHEN type(r) IN ['MENTIONS', 'RELATED'] THEN toFloat(coalesce(r.weight, 1.0)) ELSE 1.0 END}]
} AS result`;
}

/** The shortest paths of cypher.ts conceptPaths for a fixed bound: `MATCH p = allShortestPaths(...)` from a to b. */
export function conceptPathsMatch(maxHops: number): string {
  checkInt('maxHops', maxHops, 1, MAX_HOPS);
  return `MATCH p = allShortestPaths((a)-[:BROADER|RELATED|MENTIONS*..${maxHops}]-(b))`;
}

/** conceptPath when from = to: the one-node path if the concept exists. */
export const CONCEPT_PATH_SAME_CYPHER = `MATCH (a:Concept {id: $from})
WHERE $from = $to
RETURN {length: 0, nodes: [{id: a.id, type: 'CONCEPT'}], edges: []} AS result`;

// ---- the hand-written statements ----

/** A request this server refuses (400): unknown query, missing or out-of-range parameter. */
class BadRequest extends Error {}

interface Statement {
  text: string;
  params: Record<string, unknown>;
  /** The answer is the list of every row's `result` (else the first row's, or null). */
  list?: true;
}

const str = (params: Record<string, unknown>, name: string): string => {
  const v = params[name];
  if (typeof v !== 'string') throw new BadRequest(`params.${name} must be a string`);
  return v;
};
const num = (params: Record<string, unknown>, name: string, min: number, max: number, fallback: number): number => {
  const v = params[name] ?? fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    throw new BadRequest(`params.${name} must be an integer from ${min} to ${max}`);
  return v;
};

/** Papers of a concept by relevance (MENTIONS weight desc, then id), as Concept.papers orders them. */
const CONCEPT_PAPERS = `MATCH (c:Concept {id: $id})
CALL (c) {
  MATCH (p:Paper)-[m:MENTIONS]->(c)
  WITH p, m ORDER BY m.weight DESC, p.id ASC LIMIT $first
  RETURN collect({id: p.id, title: p.title}) AS papers
}
// Every MENTIONS starts at a Paper (domain/graph.ts RELATIONSHIP_ENDS): the count is the node's degree.
RETURN {id: c.id, name: c.name, totalCount: COUNT { (c)<-[:MENTIONS]-() }, papers: papers} AS result`;

const PAPER_BY_ID = `MATCH (p:Paper {id: $id})
RETURN {
  id: p.id, title: p.title, publishedAt: p.publishedAt,
  concepts: COLLECT {
    MATCH (p)-[m:MENTIONS]->(c:Concept)
    WITH m, c ORDER BY m.weight DESC, m.count DESC, c.id ASC
    RETURN {id: c.id, name: c.name, weight: m.weight, count: m.count}
  },
  repositories: COLLECT { MATCH (p)-[:HAS_CODE]->(r:Repository) WITH r ORDER BY r.id RETURN {id: r.id, url: r.url} }
} AS result`;

const NESTED = `MATCH (c:Concept {id: $id})
CALL (c) {
  MATCH (p:Paper)-[m:MENTIONS]->(c)
  WITH p, m ORDER BY m.weight DESC, p.id ASC LIMIT $first
  RETURN collect({
    id: p.id, title: p.title,
    authors: COLLECT { MATCH (p)-[a:AUTHORED_BY]->(au:Author) WITH a, au ORDER BY a.position, au.id RETURN au.name },
    repositories: COLLECT { MATCH (p)-[:HAS_CODE]->(r:Repository) WITH r ORDER BY r.id RETURN r.url }
  }) AS papers
}
RETURN {name: c.name, papers: papers} AS result`;

const PAPERS_SHARING_METHODS = papersSharingMethodsCypher('RETURN {paper: {id: q.id, title: q.title}, score: score} AS result');

/** Statement texts with a variable-length bound (interpolated: bounds cannot be parameters), built once per bound. */
const NEIGHBORHOOD_BY_DEPTH = Array.from({ length: MAX_DEPTH + 1 }, (_, depth) => neighborhoodCypher(neighborhoodExpand(depth)));
const CONCEPT_PATH_BY_HOPS = Array.from({ length: MAX_HOPS + 1 }, (_, hops) =>
  hops === 0 ? '' : conceptPathCypher(conceptPathsMatch(hops)),
);

/** The questions this server answers, by name: params in, one statement out. */
export const RAW_QUERIES: Record<string, (params: Record<string, unknown>) => Statement> = {
  paperById: (p) => ({ text: PAPER_BY_ID, params: { id: str(p, 'id') } }),
  conceptPapers: (p) => ({ text: CONCEPT_PAPERS, params: { id: str(p, 'id'), first: neo4j.int(num(p, 'first', 1, 100, 20)) } }),
  papersSharingMethods: (p) => ({
    text: PAPERS_SHARING_METHODS,
    params: {
      paperId: str(p, 'paperId'),
      first: neo4j.int(num(p, 'first', 1, 100, 10)),
      minShared: neo4j.int(num(p, 'minShared', 1, 100, 1)),
    },
    list: true,
  }),
  neighborhood: (p) => {
    const ids = p.ids;
    const maxIds = TRAVERSAL_LIMITS.seedIds;
    if (!Array.isArray(ids) || ids.length < 1 || ids.length > maxIds || !ids.every((x) => typeof x === 'string'))
      throw new BadRequest(`params.ids must be 1 to ${maxIds} strings`);
    const depth = num(p, 'depth', 0, MAX_DEPTH, 1);
    const limit = num(p, 'limit', 1, TRAVERSAL_LIMITS.neighborhoodLimit, 200);
    return { text: NEIGHBORHOOD_BY_DEPTH[depth]!, params: { ids: [...new Set(ids)], limit: neo4j.int(limit) } };
  },
  conceptPath: (p) => {
    const from = str(p, 'from');
    const to = str(p, 'to');
    const maxHops = num(p, 'maxHops', 1, MAX_HOPS, 6);
    return { text: from === to ? CONCEPT_PATH_SAME_CYPHER : CONCEPT_PATH_BY_HOPS[maxHops]!, params: { from, to } };
  },
  nestedConceptPapers: (p) => ({ text: NESTED, params: { id: str(p, 'id'), first: neo4j.int(num(p, 'first', 1, 100, 10)) } }),
};

// ---- the server ----

const MAX_BODY_BYTES = 100_000;

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BadRequest('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function answer(driver: Driver, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.url !== '/query') return send(res, 404, { errors: [{ message: 'not found: POST /query' }] });
  if (req.method !== 'POST') return send(res, 405, { errors: [{ message: 'POST only' }] });
  let statement: Statement;
  try {
    const body = JSON.parse(await readBody(req)) as { name?: unknown; params?: unknown };
    const build = typeof body.name === 'string' && Object.hasOwn(RAW_QUERIES, body.name) ? RAW_QUERIES[body.name] : undefined;
    if (!build) throw new BadRequest(`unknown query name ${JSON.stringify(body.name)}; one of ${Object.keys(RAW_QUERIES).join(', ')}`);
    const params = body.params ?? {};
    if (typeof params !== 'object' || params === null || Array.isArray(params)) throw new BadRequest('params must be an object');
    statement = build(params as Record<string, unknown>);
  } catch (error) {
    return send(res, 400, { errors: [{ message: (error as Error).message }] });
  }
  const session = driver.session({ database: 'neo4j', defaultAccessMode: neo4j.session.READ });
  try {
    const result = await session.executeRead((tx) => tx.run(statement.text, statement.params));
    const data = statement.list ? result.records.map((r) => r.get('result')) : (result.records[0]?.get('result') ?? null);
    send(res, 200, { data });
  } finally {
    await session.close();
  }
}

async function main(): Promise<void> {
  const uri = process.env.NEO4J_URI;
  if (!uri) throw new Error('NEO4J_URI is required (bolt://host:port, no auth)');
  const port = Number(process.env.PORT ?? '0');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got ${process.env.PORT}`);
  // The same driver settings as Papergraph's store (integers as JavaScript numbers, pool of 100).
  const driver = neo4j.driver(uri, undefined, { ...NEO4J_DRIVER_CONFIG, userAgent: 'papergraph-bench/raw-cypher' });
  await driver.verifyConnectivity({ database: 'neo4j' });
  const server = createServer((req, res) => {
    answer(driver, req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { errors: [{ message: (error as Error).message }] });
      else res.destroy(error as Error);
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  process.stdout.write(`${JSON.stringify({ ready: true, port: (server.address() as AddressInfo).port })}\n`);
  let stopping = false;
  process.on('SIGTERM', () => {
    if (stopping) return;
    stopping = true;
    // Stop accepting, let requests in flight finish (cut keep-alive connections still open
    // after 2 s), then close the driver.
    setTimeout(() => server.closeAllConnections(), 2_000).unref();
    server.close(() => {
      driver.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
    server.closeIdleConnections();
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`raw-cypher server: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}
