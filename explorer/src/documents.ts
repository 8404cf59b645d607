/**
 * The GraphQL documents the explorer sends, each with the type of its `data` and the variables it
 * takes. Only the public API (schema/) is used; tests/e2e/explorerDocuments.test.ts validates every
 * document against the schema and the server's query limits, so a schema change that breaks one
 * fails a test rather than the page. The result types mirror the selection sets by hand (the
 * project's codegen generates server types only); keep each next to its document.
 *
 * No DOM here: Node tests import this file.
 */

export type NodeType = 'PAPER' | 'CONCEPT' | 'METHOD' | 'REPOSITORY' | 'AUTHOR';
export type EdgeType = 'MENTIONS' | 'PROPOSES' | 'USES' | 'APPLIES' | 'HAS_CODE' | 'BROADER' | 'RELATED' | 'AUTHORED_BY' | 'CITES';

/** How many nodes one neighbourhood request may bring into the graph. */
export const NEIGHBOURHOOD_LIMIT = 150;
/** How many typeahead suggestions the search boxes list. */
export const SUGGEST_HITS = 10;
/** How many nodes a filtered view without a focus (graphView) draws. */
export const GRAPH_VIEW_LIMIT = 150;
/** How many values each facet lists. */
export const FACET_VALUES = 8;
/** How many years the year range slider reads (the YEAR facet of the whole graph). */
export const YEAR_SPAN_VALUES = 100;
/**
 * The most seeds whose neighbourhoods the communities of a drawing are computed over (the last
 * expanded): within the server's 50 seed ids, and with a limit of NEIGHBOURHOOD_MAX_LIMIT within its cost limit.
 */
export const COMMUNITY_SEED_IDS = 20;
/** The most nodes a neighbourhood may hold (the server's TRAVERSAL_LIMITS.neighborhoodLimit). */
export const NEIGHBOURHOOD_MAX_LIMIT = 1000;
/** How many papers the "shares methods with" panel lists. */
export const SHARING_PAPERS = 8;
/** How many of a concept's papers its details list. */
export const CONCEPT_PAPERS = 10;

export interface GraphNode {
  id: string;
  type: NodeType;
  label: string;
  /** The node's degree in the whole graph. */
  weight: number;
  /** Its Louvain community within the view that brought it (0 is the largest). */
  community: number;
  /** A stub paper: a cited work known only from a reference (drawn apart). */
  stub: boolean;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  type: EdgeType;
  weight: number;
}

export interface GraphView {
  nodes: GraphNode[];
  edges: GraphEdge[];
  truncated: boolean;
}

const GRAPH_VIEW_FIELDS = 'truncated nodes { id type label weight community stub } edges { id source target type weight }';

/** The PaperFilter fields the explorer sets (the year range slider and the facets panel); absent fields do not filter. */
export interface PaperFilter {
  yearFrom?: number;
  yearTo?: number;
  venue?: string;
  author?: string;
  method?: string;
  conceptsAll?: string[];
}

/**
 * The nodes within `depth` hops of `ids`, and the edges among them: Cytoscape's elements. With a
 * filter, papers outside it are left out (the year range slider, the facets); every node carries
 * its Louvain community within this view (colour by community).
 */
export const NEIGHBOURHOOD_QUERY = `query ExplorerNeighbourhood($ids: [ID!]!, $depth: Int!, $limit: Int!, $filter: PaperFilter) {
  neighborhood(ids: $ids, depth: $depth, limit: $limit, filter: $filter) { ${GRAPH_VIEW_FIELDS} }
}`;
export interface NeighbourhoodVariables {
  ids: string[];
  depth: number;
  limit: number;
  filter: PaperFilter | null;
}

/**
 * A paper's citation neighbourhood: the papers it cites and the papers citing it (CITES only),
 * stubs included, within the filter.
 */
export const CITATIONS_QUERY = `query ExplorerCitations($ids: [ID!]!, $limit: Int!, $filter: PaperFilter) {
  neighborhood(ids: $ids, depth: 1, limit: $limit, filter: $filter, edgeTypes: [CITES]) { ${GRAPH_VIEW_FIELDS} }
}`;
export interface CitationsVariables {
  ids: string[];
  limit: number;
  filter: PaperFilter | null;
}

/** A filtered graph without a focus: the first papers matching the filter and what they link to. */
export const GRAPH_VIEW_QUERY = `query ExplorerGraphView($filter: PaperFilter, $limit: Int!) {
  graphView(filter: $filter, limit: $limit) { ${GRAPH_VIEW_FIELDS} }
}`;
export interface GraphViewVariables {
  filter: PaperFilter | null;
  limit: number;
}
export interface GraphViewData {
  graphView: GraphView;
}

export type FacetBy = 'YEAR' | 'VENUE' | 'CONCEPT' | 'METHOD' | 'AUTHOR';
/** The facets the panel shows, in its order. */
export const FACETS_SHOWN: readonly FacetBy[] = ['YEAR', 'VENUE', 'CONCEPT', 'METHOD', 'AUTHOR'];
export interface Facet {
  by: FacetBy;
  values: { value: string; label: string; count: number }[];
}

/** Counts of the papers matching the filter, per facet: the facets panel (and, unfiltered, the year slider's span). */
export const FACETS_QUERY = `query ExplorerFacets($by: [FacetBy!]!, $filter: PaperFilter, $first: Int!) {
  facets(by: $by, filter: $filter, first: $first) { by values { value label count } }
}`;
export interface FacetsVariables {
  by: FacetBy[];
  filter: PaperFilter | null;
  first: number;
}
export interface FacetsData {
  facets: Facet[];
}
export interface NeighbourhoodData {
  neighborhood: GraphView;
}

/** A search hit, with what the result list shows about it. */
export type SearchNode =
  | { __typename: 'Paper'; id: string; title: string; publishedAt: string | null }
  | { __typename: 'Concept'; id: string; name: string; kind: string; paperCount: number }
  | { __typename: 'Method'; id: string; name: string; fullName: string | null }
  | { __typename: 'Repository'; id: string; owner: string; name: string }
  | { __typename: 'Author'; id: string; name: string };

/** Typeahead: nodes with a name, alias or title word starting with the prefix, on every keystroke. */
export const SUGGEST_QUERY = `query ExplorerSuggest($prefix: String!, $types: [NodeType!], $first: Int!) {
  suggest(prefix: $prefix, types: $types, first: $first) {
    text
    node {
      __typename id
      ... on Paper { title publishedAt }
      ... on Concept { name kind paperCount }
      ... on Method { name fullName }
      ... on Repository { owner name }
      ... on Author { name }
    }
  }
}`;
export interface SuggestVariables {
  prefix: string;
  types: NodeType[] | null;
  first: number;
}
export interface SuggestData {
  suggest: { text: string; node: SearchNode }[];
}

export interface NamedRef {
  id: string;
  name: string;
}
export interface PaperRef {
  id: string;
  title: string;
}

export interface PaperDetails {
  __typename: 'Paper';
  id: string;
  title: string;
  abstract: string;
  arxivId: string | null;
  url: string | null;
  publishedAt: string | null;
  concepts: { concept: { id: string; name: string; aliases: string[] }; count: number; weight: number; evidence: string[] }[];
  methods: { id: string; name: string; fullName: string | null }[];
  proposes: { id: string }[];
  repositories: { id: string; url: string; owner: string; name: string; path: string | null }[];
}
export interface ConceptDetails {
  __typename: 'Concept';
  id: string;
  name: string;
  kind: string;
  description: string | null;
  aliases: string[];
  curated: boolean;
  paperCount: number;
  broader: NamedRef[];
  narrower: NamedRef[];
  related: NamedRef[];
  methods: NamedRef[];
  papers: { totalCount: number; edges: { node: PaperRef }[] };
}
export interface MethodDetails {
  __typename: 'Method';
  id: string;
  name: string;
  fullName: string | null;
  proposedBy: PaperRef[];
  usedBy: PaperRef[];
  concepts: NamedRef[];
}
export interface RepositoryDetails {
  __typename: 'Repository';
  id: string;
  /** Aliased: `url` and `papers` have other types on Paper and Concept, and one selection cannot mix them. */
  repositoryUrl: string;
  owner: string;
  name: string;
  path: string | null;
  repositoryPapers: PaperRef[];
}
export interface AuthorDetails {
  __typename: 'Author';
  id: string;
  name: string;
  /** Aliased, as Repository's papers are. */
  authorPapers: PaperRef[];
}
export type NodeDetails = PaperDetails | ConceptDetails | MethodDetails | RepositoryDetails | AuthorDetails;

/** Everything the side panel shows about one node, whatever its type. */
export const NODE_DETAILS_QUERY = `query ExplorerNode($id: ID!, $conceptPapers: Int!) {
  node(id: $id) {
    __typename id
    ... on Paper {
      title abstract arxivId url publishedAt
      concepts { concept { id name aliases } count weight evidence }
      methods { id name fullName }
      proposes { id }
      repositories { id url owner name path }
    }
    ... on Concept {
      name kind description aliases curated paperCount
      broader { id name } narrower { id name } related { id name }
      methods { id name }
      papers(first: $conceptPapers) { totalCount edges { node { id title } } }
    }
    ... on Method {
      name fullName
      proposedBy { id title } usedBy { id title }
      concepts { id name }
    }
    ... on Repository { repositoryUrl: url owner name path repositoryPapers: papers { id title } }
    ... on Author { name authorPapers: papers { id title } }
  }
}`;
export interface NodeDetailsVariables {
  id: string;
  conceptPapers: number;
}
export interface NodeDetailsData {
  node: NodeDetails | null;
}

/** A shared method: a METHOD-kind concept or a named method. */
export type SharedNode = { __typename: 'Concept'; id: string; name: string } | { __typename: 'Method'; id: string; name: string };

export const SHARING_QUERY = `query ExplorerSharingMethods($paperId: ID!, $first: Int!) {
  papersSharingMethods(paperId: $paperId, first: $first) {
    score
    paper { id title }
    shared { __typename id ... on Concept { name } ... on Method { name } }
  }
}`;
export interface SharingVariables {
  paperId: string;
  first: number;
}
export interface SharingData {
  papersSharingMethods: { score: number; paper: PaperRef; shared: SharedNode[] }[];
}

/** A node of a concept path, with its display name. */
export type PathNode =
  | { __typename: 'Concept'; id: string; name: string }
  | { __typename: 'Paper'; id: string; title: string }
  | { __typename: 'Method'; id: string; name: string }
  | { __typename: 'Repository'; id: string; name: string };

export const CONCEPT_PATH_QUERY = `query ExplorerConceptPath($from: ID!, $to: ID!) {
  conceptPath(from: $from, to: $to) {
    length
    nodes { __typename id ... on Concept { name } ... on Paper { title } ... on Method { name } ... on Repository { name } }
    edges { id source target type weight }
  }
}`;
export interface ConceptPathVariables {
  from: string;
  to: string;
}
export interface ConceptPathData {
  conceptPath: { length: number; nodes: PathNode[]; edges: GraphEdge[] } | null;
}

/** A concept by name or alias: what the path form falls back to when no hit was chosen. */
export const CONCEPT_BY_NAME_QUERY = `query ExplorerConceptByName($name: String!) {
  concept(name: $name) { id name }
}`;
export interface ConceptByNameVariables {
  name: string;
}
export interface ConceptByNameData {
  concept: NamedRef | null;
}

/** What the graph holds, for the page's introduction. */
export const STATS_QUERY = `query ExplorerStats {
  stats { nodeCount relationshipCount nodes { label count } }
}`;
export interface StatsData {
  stats: { nodeCount: number; relationshipCount: number; nodes: { label: string; count: number }[] };
}

/** The display name of any node the API returns (title, name, or owner/name). */
export function displayName(node: SearchNode | PathNode | SharedNode): string {
  switch (node.__typename) {
    case 'Paper':
      return node.title;
    case 'Repository':
      return 'owner' in node ? `${node.owner}/${node.name}` : node.name;
    default:
      return node.name;
  }
}

/** The NodeType of an API `__typename`. */
export function nodeTypeOf(typename: 'Paper' | 'Concept' | 'Method' | 'Repository' | 'Author'): NodeType {
  return typename.toUpperCase() as NodeType;
}
