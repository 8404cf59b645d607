/**
 * The query mix of issue #6: six questions, each as the HTTP request every system gets (Papergraph
 * and @neo4j/graphql: POST /graphql; raw Cypher: POST /query) and as a system-independent
 * canonical answer, so that the benchmark can check that all three answer alike before timing them.
 *
 * Papergraph is the reference (schema/schema.graphql); neo4jGraphqlServer.ts and
 * rawCypherServer.ts are written to give the same canonical answers. Orders that Papergraph
 * defines are kept in the canonical form (concepts of a paper, papers of a concept, overlaps,
 * path nodes, authors in byline order); sets without a defined order are sorted.
 */

export type SystemName = 'papergraph' | 'neo4j-graphql' | 'raw-cypher';

export interface BenchInputs {
  paperIds: string[];
  conceptIds: string[];
  conceptPairs: [string, string][];
}

export interface QuerySpec {
  name: string;
  /** The HTTP request system `system` gets for input number i (use inputs[...][i % length]). */
  request(system: SystemName, i: number, inputs: BenchInputs): { path: string; body: string };
  /** The system-independent form of a parsed JSON response body, for the equal-answers check. Throw with a clear message if the body has errors. */
  canonical(system: SystemName, body: unknown): unknown;
}

// ---- helpers ----

function pick<T>(list: readonly T[], i: number, what: string): T {
  if (list.length === 0) throw new Error(`no ${what} in the bench inputs`);
  return list[((i % list.length) + list.length) % list.length]!;
}

const graphql = (query: string, variables: Record<string, unknown>) => ({ path: '/graphql', body: JSON.stringify({ query, variables }) });
const raw = (name: string, params: Record<string, unknown>) => ({ path: '/query', body: JSON.stringify({ name, params }) });

/** Parsed response JSON, checked by shape as it is read. */
type Json = any;

/** The `data` of a response body, or an error naming the system and the query when it has errors or no data. */
function dataOf(query: string, system: SystemName, body: unknown): Json {
  const b = body as { data?: unknown; errors?: { message?: string }[] } | null;
  if (b === null || typeof b !== 'object')
    throw new Error(`${system} ${query}: the response body is not a JSON object: ${String(body).slice(0, 200)}`);
  if (Array.isArray(b.errors) && b.errors.length > 0) {
    throw new Error(
      `${system} ${query}: ${b.errors
        .map((e) => e?.message ?? JSON.stringify(e))
        .join('; ')
        .slice(0, 500)}`,
    );
  }
  if (!('data' in b)) throw new Error(`${system} ${query}: no data in the response: ${JSON.stringify(body).slice(0, 200)}`);
  return b.data;
}

/** The single element of a list lookup (`papers(where: {id: {eq: $id}})`), or null. */
function single(query: string, list: Json): Json {
  if (!Array.isArray(list)) throw new Error(`${query}: expected a list, got ${JSON.stringify(list)?.slice(0, 200)}`);
  if (list.length > 1) throw new Error(`${query}: ${list.length} nodes for one id`);
  return list[0] ?? null;
}

/** UTF-16 code-unit order, as Papergraph and Cypher order strings. */
const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const sortBy = <T>(items: T[], key: (item: T) => string): T[] => [...items].sort((a, b) => byString(key(a), key(b)));

/** A float to 9 significant digits: the systems may sum the same terms in another order. */
const round9 = (x: number) => Number(x.toPrecision(9));

// ---- the six questions ----

const PAPER_BY_ID: QuerySpec = {
  name: 'paper by id',
  request(system, i, inputs) {
    const id = pick(inputs.paperIds, i, 'paper ids');
    switch (system) {
      case 'papergraph':
        return graphql(
          `
            query PaperById($id: ID!) {
              paper(id: $id) {
                id
                title
                publishedAt
                concepts {
                  weight
                  count
                  concept {
                    id
                    name
                  }
                }
                repositories {
                  id
                  url
                }
              }
            }
          `,
          { id },
        );
      case 'neo4j-graphql':
        return graphql(
          `
            query PaperById($id: ID!) {
              papers(where: { id: { eq: $id } }) {
                id
                title
                publishedAt
                conceptsConnection(sort: [{ edge: { weight: DESC } }, { edge: { count: DESC } }, { node: { id: ASC } }]) {
                  edges {
                    properties {
                      weight
                      count
                    }
                    node {
                      id
                      name
                    }
                  }
                }
                repositories(sort: [{ id: ASC }]) {
                  id
                  url
                }
              }
            }
          `,
          { id },
        );
      case 'raw-cypher':
        return raw('paperById', { id });
    }
  },
  canonical(system, body) {
    const data = dataOf('paper by id', system, body);
    let paper: Json;
    let concepts: { id: string; name: string; weight: number; count: number }[];
    if (system === 'papergraph') {
      paper = data.paper;
      if (!paper) return null;
      concepts = paper.concepts.map((m: Json) => ({ id: m.concept.id, name: m.concept.name, weight: m.weight, count: m.count }));
    } else if (system === 'neo4j-graphql') {
      paper = single('paper by id', data.papers);
      if (!paper) return null;
      concepts = paper.conceptsConnection.edges.map((e: Json) => ({
        id: e.node.id,
        name: e.node.name,
        weight: e.properties.weight,
        count: e.properties.count,
      }));
    } else {
      paper = data;
      if (!paper) return null;
      concepts = paper.concepts.map((c: Json) => ({ id: c.id, name: c.name, weight: c.weight, count: c.count }));
    }
    return {
      id: paper.id,
      title: paper.title,
      publishedAt: paper.publishedAt ?? null,
      concepts,
      repositories: sortBy(
        paper.repositories.map((r: Json) => ({ id: r.id, url: r.url })),
        (r: { id: string }) => r.id,
      ),
    };
  },
};

const CONCEPT_PAPERS: QuerySpec = {
  name: 'concept papers page',
  request(system, i, inputs) {
    const id = pick(inputs.conceptIds, i, 'concept ids');
    switch (system) {
      case 'papergraph':
        return graphql(
          `
            query ConceptPapers($id: ID!) {
              concept(id: $id) {
                id
                name
                papers(first: 20) {
                  totalCount
                  edges {
                    node {
                      id
                      title
                    }
                  }
                }
              }
            }
          `,
          { id },
        );
      case 'neo4j-graphql':
        return graphql(
          `
            query ConceptPapers($id: ID!) {
              concepts(where: { id: { eq: $id } }) {
                id
                name
                papersConnection(first: 20, sort: [{ edge: { weight: DESC } }, { node: { id: ASC } }]) {
                  totalCount
                  edges {
                    node {
                      id
                      title
                    }
                  }
                }
              }
            }
          `,
          { id },
        );
      case 'raw-cypher':
        return raw('conceptPapers', { id, first: 20 });
    }
  },
  canonical(system, body) {
    const data = dataOf('concept papers page', system, body);
    if (system === 'raw-cypher') {
      if (!data) return null;
      return { id: data.id, name: data.name, totalCount: data.totalCount, papers: data.papers.map((p: Json) => p.id) };
    }
    const concept = system === 'papergraph' ? data.concept : single('concept papers page', data.concepts);
    if (!concept) return null;
    const page = system === 'papergraph' ? concept.papers : concept.papersConnection;
    return { id: concept.id, name: concept.name, totalCount: page.totalCount, papers: page.edges.map((e: Json) => e.node.id) };
  },
};

const PAPERS_SHARING_METHODS: QuerySpec = {
  name: 'papersSharingMethods',
  request(system, i, inputs) {
    const id = pick(inputs.paperIds, i, 'paper ids');
    if (system === 'raw-cypher') return raw('papersSharingMethods', { paperId: id, first: 10 });
    return graphql(
      `
        query PapersSharingMethods($id: ID!) {
          papersSharingMethods(paperId: $id, first: 10) {
            score
            paper {
              id
              title
            }
          }
        }
      `,
      { id },
    );
  },
  canonical(system, body) {
    const data = dataOf('papersSharingMethods', system, body);
    const list = system === 'raw-cypher' ? data : data.papersSharingMethods;
    if (!Array.isArray(list))
      throw new Error(`${system} ${'papersSharingMethods'}: expected a list, got ${JSON.stringify(list)?.slice(0, 200)}`);
    return list.map((o: Json) => ({ id: o.paper.id, score: round9(o.score) }));
  },
};

const NEIGHBORHOOD: QuerySpec = {
  name: 'neighborhood depth 2',
  request(system, i, inputs) {
    const id = pick(inputs.conceptIds, i, 'concept ids');
    if (system === 'raw-cypher') return raw('neighborhood', { ids: [id], depth: 2, limit: 200 });
    // The same document for both GraphQL servers (the @neo4j/graphql field is a @cypher one).
    return graphql(
      `
        query Neighborhood($id: ID!) {
          neighborhood(ids: [$id], depth: 2, limit: 200) {
            nodes {
              id
              type
              label
              weight
            }
            edges {
              id
              source
              target
              type
              weight
            }
            truncated
          }
        }
      `,
      { id },
    );
  },
  canonical(system, body) {
    const data = dataOf('neighborhood depth 2', system, body);
    const view = system === 'raw-cypher' ? data : data.neighborhood;
    if (!view) throw new Error(`${system} ${'neighborhood depth 2'}: no neighbourhood`);
    return {
      nodes: sortBy(
        view.nodes.map((n: Json) => ({ id: n.id, type: n.type, label: n.label, weight: n.weight })),
        (n: { id: string; type: string }) => `${n.id}\u0000${n.type}`,
      ),
      edges: sortBy(
        view.edges.map((e: Json) => ({ id: e.id, source: e.source, target: e.target, type: e.type, weight: round9(e.weight) })),
        (e: { id: string }) => e.id,
      ),
      truncated: view.truncated,
    };
  },
};

const CONCEPT_PATH: QuerySpec = {
  name: 'conceptPath',
  request(system, i, inputs) {
    const [from, to] = pick(inputs.conceptPairs, i, 'concept pairs');
    if (system === 'raw-cypher') return raw('conceptPath', { from, to, maxHops: 6 });
    return graphql(
      `
        query ConceptPath($from: ID!, $to: ID!) {
          conceptPath(from: $from, to: $to, maxHops: 6) {
            length
            nodes {
              id
            }
            edges {
              source
              target
              type
            }
          }
        }
      `,
      { from, to },
    );
  },
  canonical(system, body) {
    const data = dataOf('conceptPath', system, body);
    const path = system === 'raw-cypher' ? data : data.conceptPath;
    if (!path) return null;
    return {
      length: path.length,
      nodes: path.nodes.map((n: Json) => n.id),
      edges: path.edges.map((e: Json) => ({ source: e.source, target: e.target, type: e.type })),
    };
  },
};

const NESTED: QuerySpec = {
  name: 'nested 3 levels',
  request(system, i, inputs) {
    const id = pick(inputs.conceptIds, i, 'concept ids');
    switch (system) {
      case 'papergraph':
        return graphql(
          `
            query Nested($id: ID!) {
              concept(id: $id) {
                name
                papers(first: 10) {
                  edges {
                    node {
                      id
                      title
                      authors {
                        name
                      }
                      repositories {
                        url
                      }
                    }
                  }
                }
              }
            }
          `,
          { id },
        );
      case 'neo4j-graphql':
        return graphql(
          `
            query Nested($id: ID!) {
              concepts(where: { id: { eq: $id } }) {
                name
                papersConnection(first: 10, sort: [{ edge: { weight: DESC } }, { node: { id: ASC } }]) {
                  edges {
                    node {
                      id
                      title
                      authorsConnection(sort: [{ edge: { position: ASC } }, { node: { id: ASC } }]) {
                        edges {
                          node {
                            name
                          }
                        }
                      }
                      repositories {
                        url
                      }
                    }
                  }
                }
              }
            }
          `,
          { id },
        );
      case 'raw-cypher':
        return raw('nestedConceptPapers', { id, first: 10 });
    }
  },
  canonical(system, body) {
    const data = dataOf('nested 3 levels', system, body);
    const paper = (id: string, title: string, authors: string[], urls: string[]) => ({
      id,
      title,
      authors,
      repositories: [...urls].sort(byString),
    });
    if (system === 'raw-cypher') {
      if (!data) return null;
      return { name: data.name, papers: data.papers.map((p: Json) => paper(p.id, p.title, p.authors, p.repositories)) };
    }
    if (system === 'papergraph') {
      const c = data.concept;
      if (!c) return null;
      return {
        name: c.name,
        papers: c.papers.edges.map((e: Json) =>
          paper(
            e.node.id,
            e.node.title,
            e.node.authors.map((a: Json) => a.name),
            e.node.repositories.map((r: Json) => r.url),
          ),
        ),
      };
    }
    const c = single('nested 3 levels', data.concepts);
    if (!c) return null;
    return {
      name: c.name,
      papers: c.papersConnection.edges.map((e: Json) =>
        paper(
          e.node.id,
          e.node.title,
          e.node.authorsConnection.edges.map((a: Json) => a.node.name),
          e.node.repositories.map((r: Json) => r.url),
        ),
      ),
    };
  },
};

export const QUERIES: QuerySpec[] = [PAPER_BY_ID, CONCEPT_PAPERS, PAPERS_SHARING_METHODS, NEIGHBORHOOD, CONCEPT_PATH, NESTED];
