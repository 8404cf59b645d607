/**
 * The Neo4j GraphQL Library (@neo4j/graphql 7) system of issue #6: type definitions for
 * Papergraph's graph, served by Apollo Server's standalone HTTP server at POST /graphql.
 *
 * Nodes and relationships are mapped the way the library's documentation recommends (`@node`
 * types, `@relationship` fields with `@relationshipProperties` types), so lookups, pages and
 * nested selections are the library's own generated queries and connection fields. Only the
 * three traversals the library cannot express (papers sharing methods, a neighbourhood, a
 * shortest path) are Query fields with `@cypher`, holding the same Cypher as the raw-Cypher
 * server (rawCypherServer.ts), which is Papergraph's own (src/store/neo4j/cypher.ts).
 *
 * Env: NEO4J_URI (bolt, no auth), PORT (0: any free port). Prints {"ready":true,"port":<n>} on
 * stdout once listening; SIGTERM drains the server, closes the driver and exits 0.
 * Introspection on, no landing page, no cache plugins.
 */
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { Neo4jGraphQL } from '@neo4j/graphql';
import neo4j from 'neo4j-driver';
import { pathToFileURL } from 'node:url';
import { NEO4J_DRIVER_CONFIG } from '../../src/store/neo4j/driverConfig.ts';
import {
  CONCEPT_PATH_SAME_CYPHER,
  MAX_DEPTH,
  MAX_HOPS,
  conceptPathCypher,
  conceptPathsMatch,
  neighborhoodCypher,
  neighborhoodExpand,
  papersSharingMethodsCypher,
} from './rawCypherServer.ts';

/**
 * A @cypher statement cannot put an argument in a variable-length bound (`*0..$depth` is not
 * Cypher), so the fields taking a depth or a hop count run one UNION branch per allowed value,
 * each guarded by `$arg = k`. The guard is on parameters only: Neo4j evaluates it before the
 * branch's variable-length pattern (checked with PROFILE), so only the branch of the asked value
 * expands. The price is planning: the first run of such a statement takes a second or two.
 */
function unionByBound(bounds: number[], branch: (bound: number) => string): string {
  return bounds.map(branch).join('\nUNION ALL\n');
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

const NEIGHBORHOOD_STATEMENT = neighborhoodCypher(`CALL () {
  ${unionByBound(range(0, MAX_DEPTH), (depth) => `${neighborhoodExpand(depth, `$depth = ${depth} AND `)}\nRETURN n, distance`).replace(/\n/g, '\n  ')}
}`);

const CONCEPT_PATH_STATEMENT = `${CONCEPT_PATH_SAME_CYPHER}
UNION ALL
${conceptPathCypher(`CALL (a, b) {
  ${unionByBound(range(1, MAX_HOPS), (hops) => `WITH a, b WHERE $maxHops = ${hops}\n${conceptPathsMatch(hops)}\nRETURN p`).replace(/\n/g, '\n  ')}
}`)}`;

/**
 * PaperOverlap is not a @node type, so the library hands the returned map to GraphQL's default
 * resolvers: `paper` must be a property map (as Papergraph's own query returns it), not a node.
 */
const PAPERS_SHARING_METHODS_STATEMENT = papersSharingMethodsCypher('RETURN {paper: properties(q), score: score} AS result');

/** GraphQL block-string content: the statement with `"""` and backslashes escaped. */
const block = (statement: string) => statement.replace(/\\/g, '\\\\').replace(/"""/g, '\\"""');

/** Type definitions for the same graph as schema/schema.graphql; property names and types as stored (src/domain/graph.ts). */
export const typeDefs = /* GraphQL */ `
  # Read-only, as Papergraph is without an API key: no generated create/update/delete mutations.
  extend schema @mutation(operations: [])

  enum ConceptKind {
    FIELD
    TASK
    METHOD
    THEORY
    MODEL
    PROPERTY
    METRIC
    DATASET
  }

  type Paper @node {
    id: ID!
    title: String!
    abstract: String!
    arxivId: String
    url: String
    publishedAt: String
    venue: String
    keywords: [String!]
    sources: [String!]
    authors: [Author!]! @relationship(type: "AUTHORED_BY", direction: OUT, properties: "AuthoredBy")
    concepts: [Concept!]! @relationship(type: "MENTIONS", direction: OUT, properties: "Mentions")
    proposes: [Method!]! @relationship(type: "PROPOSES", direction: OUT, properties: "Proposes")
    uses: [Method!]! @relationship(type: "USES", direction: OUT, properties: "Uses")
    repositories: [Repository!]! @relationship(type: "HAS_CODE", direction: OUT, properties: "HasCode")
  }

  type Concept @node {
    id: ID!
    name: String!
    kind: ConceptKind!
    aliases: [String!]
    description: String
    curated: Boolean!
    papers: [Paper!]! @relationship(type: "MENTIONS", direction: IN, properties: "Mentions")
    broader: [Concept!]! @relationship(type: "BROADER", direction: OUT)
    narrower: [Concept!]! @relationship(type: "BROADER", direction: IN)
    related: [Concept!]! @relationship(type: "RELATED", direction: OUT, properties: "Related")
    methods: [Method!]! @relationship(type: "APPLIES", direction: IN)
  }

  type Method @node {
    id: ID!
    name: String!
    fullName: String
    proposedBy: [Paper!]! @relationship(type: "PROPOSES", direction: IN, properties: "Proposes")
    usedBy: [Paper!]! @relationship(type: "USES", direction: IN, properties: "Uses")
    concepts: [Concept!]! @relationship(type: "APPLIES", direction: OUT)
  }

  type Repository @node {
    id: ID!
    url: String!
    owner: String!
    name: String!
    path: String
    papers: [Paper!]! @relationship(type: "HAS_CODE", direction: IN, properties: "HasCode")
  }

  type Author @node {
    id: ID!
    name: String!
    papers: [Paper!]! @relationship(type: "AUTHORED_BY", direction: IN, properties: "AuthoredBy")
  }

  type Mentions @relationshipProperties {
    count: Int!
    weight: Float!
    evidence: [String!]
    extractor: String
  }

  type Proposes @relationshipProperties {
    evidence: [String!]
  }

  type Uses @relationshipProperties {
    evidence: [String!]
  }

  type HasCode @relationshipProperties {
    official: Boolean
    source: String
  }

  type Related @relationshipProperties {
    weight: Float
    source: String
  }

  type AuthoredBy @relationshipProperties {
    position: Int!
  }

  enum NodeType {
    PAPER
    CONCEPT
    METHOD
    REPOSITORY
    AUTHOR
  }

  enum EdgeType {
    MENTIONS
    PROPOSES
    USES
    APPLIES
    HAS_CODE
    BROADER
    RELATED
    AUTHORED_BY
  }

  "A paper sharing methods with another, and its overlap score (as Papergraph's PaperOverlap, without shared)."
  type PaperOverlap {
    paper: Paper!
    score: Float!
  }

  type GraphNode {
    id: ID!
    type: NodeType!
    label: String!
    weight: Float!
  }

  type GraphEdge {
    id: ID!
    source: ID!
    target: ID!
    type: EdgeType!
    weight: Float!
  }

  type GraphView {
    nodes: [GraphNode!]!
    edges: [GraphEdge!]!
    truncated: Boolean!
  }

  type PathNode {
    id: ID!
    type: NodeType!
  }

  type GraphPath {
    length: Int!
    nodes: [PathNode!]!
    edges: [GraphEdge!]!
  }

  type Query {
    papersSharingMethods(paperId: ID!, first: Int = 10, minShared: Int = 1): [PaperOverlap!]!
      @cypher(statement: """
${block(PAPERS_SHARING_METHODS_STATEMENT)}
""", columnName: "result")

    neighborhood(ids: [ID!]!, depth: Int = 1, limit: Int = 200): GraphView!
      @cypher(statement: """
${block(NEIGHBORHOOD_STATEMENT)}
""", columnName: "result")

    conceptPath(from: ID!, to: ID!, maxHops: Int = 6): GraphPath
      @cypher(statement: """
${block(CONCEPT_PATH_STATEMENT)}
""", columnName: "result")
  }
`;

async function main(): Promise<void> {
  const uri = process.env.NEO4J_URI;
  if (!uri) throw new Error('NEO4J_URI is required (bolt://host:port, no auth)');
  const port = Number(process.env.PORT ?? '0');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got ${process.env.PORT}`);
  // The same driver settings as Papergraph's store.
  const driver = neo4j.driver(uri, undefined, { ...NEO4J_DRIVER_CONFIG, userAgent: 'papergraph-bench/neo4j-graphql' });
  await driver.verifyConnectivity({ database: 'neo4j' });
  const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();
  const server = new ApolloServer({
    schema,
    introspection: true,
    // SIGTERM is handled below: stop the server first, then the driver.
    stopOnTerminationSignals: false,
    plugins: [ApolloServerPluginLandingPageDisabled()],
  });
  const { url } = await startStandaloneServer(server, {
    listen: { port, host: '127.0.0.1' },
    context: async () => ({ sessionConfig: { database: 'neo4j' } }),
  });
  process.stdout.write(`${JSON.stringify({ ready: true, port: Number(new URL(url).port) })}\n`);
  let stopping = false;
  process.on('SIGTERM', () => {
    if (stopping) return;
    stopping = true;
    server
      .stop()
      .then(() => driver.close())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`neo4j-graphql server: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}
