/** One operation of the load mix: what the README and GraphiQL examples ask, with their variables. */
export interface LoadQuery {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  /** How often it is picked, relative to the others. */
  weight: number;
}

const ZO2 = 'zo2-scalable-zeroth-order-fine-tuning-for-extremely-large-language-models-with';

/**
 * The load mix: the API's real use cases on the seed graph (README "Example queries"), weighted
 * toward the cheap lookups and pages a UI makes most, with the heavier traversals (neighbourhood,
 * papers sharing methods, concept paths, search) a fifth of the requests or so. Every one of them
 * answers without errors on the seed graph, so any error under load is the server's.
 */
export const LOAD_QUERIES: readonly LoadQuery[] = [
  { name: 'Stats', weight: 2, query: 'query Stats { stats { nodeCount relationshipCount nodes { label count } } }' },
  {
    name: 'PapersPage',
    weight: 4,
    query: `query PapersPage($after: String) {
      papers(first: 10, after: $after, orderBy: { field: TITLE }) {
        totalCount
        edges { cursor node { id title publishedAt concepts { concept { id name } weight } repositories { url } } }
        pageInfo { hasNextPage endCursor }
      }
    }`,
  },
  {
    name: 'ConceptRelationships',
    weight: 3,
    query: `query ConceptRelationships($name: String!) {
      concept(name: $name) {
        id name kind description
        broader { id name } narrower { id name } related { id name }
        papers(first: 5) { totalCount edges { node { id title } } }
      }
    }`,
    variables: { name: 'information bottleneck' },
  },
  {
    name: 'FilteredPapers',
    weight: 2,
    query: `query FilteredPapers {
      papers(first: 10, filter: { concept: "second-order-information", includeNarrower: true, hasRepository: true }) {
        totalCount edges { node { title repositories { url } } }
      }
    }`,
  },
  {
    name: 'Search',
    weight: 2,
    query: 'query Search($q: String!) { search(query: $q, types: [PAPER, METHOD], first: 5) { score node { id __typename } } }',
    variables: { q: 'second-order optimizer' },
  },
  {
    name: 'Neighborhood',
    weight: 1,
    query: `query Neighborhood {
      neighborhood(ids: ["hessian"], depth: 2, limit: 200, edgeTypes: [MENTIONS, BROADER, RELATED]) {
        truncated nodes { id type label weight } edges { id source target type weight }
      }
    }`,
  },
  {
    name: 'SharedMethods',
    weight: 1,
    query: `query SharedMethods($id: ID!) { papersSharingMethods(paperId: $id, first: 5) { score paper { id title } shared { id ... on Concept { name } ... on Method { name } } } }`,
    variables: { id: ZO2 },
  },
  {
    name: 'ConceptPath',
    weight: 1,
    query: `query ConceptPath {
      conceptPath(from: "hessian", to: "zeroth-order-optimization") {
        length nodes { __typename id ... on Concept { name } ... on Paper { title } } edges { source target type }
      }
    }`,
  },
  {
    name: 'NodeLookup',
    weight: 2,
    query:
      'query NodeLookup { node(id: "github:optml-group/deepzero") { ... on Repository { url papers { title } } } method(name: "deepzero") { id concepts { id } } }',
  },
];

/** A picker over LOAD_QUERIES by weight, deterministic for a seed. */
export function queryPicker(seed = 1, queries: readonly LoadQuery[] = LOAD_QUERIES): () => LoadQuery {
  let state = seed >>> 0 || 1;
  const total = queries.reduce((sum, q) => sum + q.weight, 0);
  return () => {
    // xorshift32: cheap and reproducible; the mix needs no better randomness.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    let ticket = ((state >>> 0) / 4294967296) * total;
    for (const q of queries) {
      ticket -= q.weight;
      if (ticket < 0) return q;
    }
    return queries.at(-1)!;
  };
}
