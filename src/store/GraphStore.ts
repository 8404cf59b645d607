import type { BatchAnswer, BatchRead } from './batchRead.ts';
import type { ReadFields } from './readFields.ts';
import type {
  ConceptKind,
  ConceptNode,
  GraphDocument,
  GraphStats,
  NodeByLabel,
  NodeLabel,
  PaperNode,
  PropsByType,
  RepositoryNode,
  RelationshipType,
  UpsertSummary,
} from '../domain/graph.ts';

/** A relationship as a store returns it. */
export interface StoredRelationship<T extends RelationshipType = RelationshipType> {
  type: T;
  from: string;
  to: string;
  properties: PropsByType[T];
}

/**
 * The port every graph store implements, split by concern. Neo4jStore and EmbeddedStore pass one
 * contract suite (tests/store/graphStore.contract.ts) and a parity suite (tests/store/parity.test.ts):
 * same ids, same counts, same order, same scores.
 */
export interface GraphStore extends StoreLifecycle, StoreWrites, StoreReads, StoreTraversals {}

/** Opening, checking and closing a store. */
export interface StoreLifecycle {
  /** "neo4j" or "embedded", for /ready and logs. */
  readonly kind: 'neo4j' | 'embedded';
  /** Prepares the store: constraints and indexes, or the data directory. Idempotent. */
  init(): Promise<void>;
  /** Throws when the store cannot answer (for `/ready`). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Writes: each one all or nothing, committed when it returns. */
export interface StoreWrites {
  /**
   * Writes a document all or nothing: nodes are merged by label and id (properties replaced,
   * Paper.sources merged), relationships merged by type and ends. A relationship whose end is
   * neither in the store nor in the document fails the whole upsert, and nothing is written.
   */
  upsert(doc: GraphDocument): Promise<UpsertSummary>;
  /**
   * Writes the document that `build` makes, holding the store's write lock from before `build`
   * reads until the document is committed, so that a read-then-write (the import's reconcile
   * step: is this paper already here under its arXiv id or title key?) cannot race another
   * writer in this or any other process. `build` reads through the store it is given, which sees
   * every write committed before the lock was taken. It may run more than once (a retried
   * transaction), so it must keep its effects in what it returns. Same all-or-nothing rules as upsert.
   */
  upsertWith<T>(
    build: (store: StoreReads) => Promise<{ document: GraphDocument; result: T }>,
  ): Promise<{ summary: UpsertSummary; result: T }>;
  /** Removes a paper with its relationships, and methods, repositories or authors left with no paper. False if unknown. */
  removePaper(id: string): Promise<boolean>;
  /** Removes everything (tests and `ingest --reset`). */
  clear(): Promise<void>;
}

/**
 * Reads by key and pages. Batch reads take many keys and answer one entry per key, in key order
 * (DataLoader-ready); `readBatch` answers several of them at once, one statement on Neo4j.
 */
export interface StoreReads {
  stats(): Promise<GraphStats>;
  /** Nodes of one label by id: one entry per id, null where there is none. */
  nodesById<L extends NodeLabel>(label: L, ids: readonly string[]): Promise<(NodeByLabel[L] | null)[]>;
  /**
   * Relationships of one type at each id, outgoing (`id` is `from`) or incoming (`id` is `to`):
   * one list per id, each sorted by the other end's id.
   */
  relationshipsOf<T extends RelationshipType>(type: T, direction: 'out' | 'in', ids: readonly string[]): Promise<StoredRelationship<T>[][]>;
  /**
   * Papers by title key (ids.titleKey, kept as the `titleKey` property): one list per key, in id
   * order, empty where none. How an import finds a paper it already has under another id.
   */
  papersByTitleKey(keys: readonly string[]): Promise<PaperNode[][]>;
  /**
   * Papers (stubs included) by external id (`doi:...`, `openalex:W...`, `corpus:...`; see
   * domain/externalIds.ts INDEXED_SCHEMES): one list per id, in paper id order, empty where none.
   * How citation imports find a paper or stub they already have.
   */
  papersByExternalId(ids: readonly string[]): Promise<PaperNode[][]>;
  /**
   * Several batch reads at once (what the DataLoaders of one request dispatch together), answers
   * in read order; the same answers as the single reads. One statement on Neo4j. With `fields`,
   * nodes and relationships need to carry only the properties it names (readFields.ts): the
   * others may come back as their defaults.
   */
  readBatch(reads: readonly BatchRead[], fields?: ReadFields): Promise<BatchAnswer[]>;
  /** How many relationships of one type each id has in one direction: one count per id. */
  degreeOf(type: RelationshipType, direction: 'out' | 'in', ids: readonly string[]): Promise<number[]>;

  /** The concept (by name or alias) or method (by name or full name) a name denotes, ignoring case and hyphens; the smallest id when several do. */
  findByName<L extends 'Concept' | 'Method'>(label: L, name: string): Promise<NodeByLabel[L] | null>;
  /** The concepts or methods whose names are nearest to a name (store/nameAlternatives.ts), best first: "did you mean" for a name findByName does not know. */
  nameAlternatives(label: 'Concept' | 'Method', name: string, first: number): Promise<NameAlternativeResult[]>;
  /** A page of papers, filtered and ordered, with keyset cursors and the total count. */
  findPapers(query: PaperQuery): Promise<Page<PaperNode>>;
  /** A page of concepts, optionally of one kind. */
  findConcepts(query: ConceptQuery): Promise<Page<ConceptNode>>;
  /** A page of repositories in id order. */
  findRepositories(query: PageQuery): Promise<Page<RepositoryNode>>;
  /** A page of authors or methods, by id or name (then id), with keyset cursors and the total count. */
  findNamedNodes<L extends 'Author' | 'Method'>(label: L, query: NamedNodeQuery): Promise<Page<NodeByLabel[L]>>;
  /**
   * Counts over the papers matching a filter, in one call: per facet asked for, its values
   * (year, venue, or the id of a concept, method or author) with a label and the number of
   * matching papers, by count descending then value, at most `first` per facet.
   */
  paperFacets(filter: PaperFilter, by: readonly FacetKind[], first: number): Promise<FacetResult[]>;
  /**
   * Typeahead: nodes of the given labels with a name, alias, full name or title holding a word
   * that starts with the prefix (case and accents ignored; exploration/suggestText.ts), in the
   * order of the matched text, then label, then id; each node once.
   */
  suggest(prefix: string, labels: readonly NodeLabel[], first: number): Promise<SuggestResult[]>;

  /** Nodes whose text holds every word of the query, best first (readRules.searchScore). */
  search(query: string, labels: readonly NodeLabel[], first: number): Promise<SearchResult[]>;
}

/** Traversals and rankings over the graph. */
export interface StoreTraversals {
  /** Papers sharing METHOD concepts and named methods with a paper, best first (formula in store/sharedMethods.ts). */
  papersSharingMethods(paperId: string, first: number, minShared: number): Promise<PaperOverlapResult[]>;
  /**
   * Papers most similar to a paper by the blend of shared techniques, specific concepts, text
   * (TF-IDF) and authors (store/similarity/rankSimilarPapers.ts), best first, each with the
   * signals that brought it; papers in `exclude` left out. Empty for an unknown paper.
   */
  similarPapers(paperId: string, first: number, exclude?: readonly string[]): Promise<SimilarPaperResult[]>;
  /**
   * A shortest path between two concepts through concept links and the papers that mention them
   * (and citations between papers when `throughCitations`); null when none within maxHops.
   */
  conceptPath(from: string, to: string, maxHops: number, throughCitations?: boolean): Promise<PathResult | null>;
  /**
   * The nodes within `depth` hops of the seeds (nearest first, then by id, at most `limit`) and every edge among them.
   * With `paperFilter`, papers that do not match it are left out (neither shown nor walked through).
   */
  neighborhood(
    ids: readonly string[],
    depth: number,
    limit: number,
    edgeTypes: readonly RelationshipType[],
    paperFilter?: PaperFilter,
  ): Promise<NeighborhoodResult>;
}

/** A node with its label, for results that mix labels. */
export interface LabelledNode {
  label: NodeLabel;
  node: NodeByLabel[NodeLabel];
}

/** A reference to a node: its label and id. */
export interface NodeRef {
  label: NodeLabel;
  id: string;
}

/** An edge as graph views show it: stored direction, type, weight (MENTIONS and RELATED weights, else 1). */
export interface EdgeView {
  id: string;
  type: RelationshipType;
  source: string;
  target: string;
  weight: number;
}

export interface SearchResult extends LabelledNode {
  score: number;
}

export interface PaperOverlapResult {
  paper: PaperNode;
  score: number;
  /** The shared concepts and methods, largest contribution first. */
  shared: (LabelledNode & { contribution: number })[];
}

/** One signal of a similar paper: its blended score and what the two papers share (nodes, or words for TEXT). */
export interface SimilaritySignalResult {
  name: 'TECHNIQUES' | 'CONCEPTS' | 'TEXT' | 'AUTHORS' | 'COUPLING' | 'CO_CITATION';
  score: number;
  shared: (LabelledNode & { contribution: number })[];
  terms: { term: string; contribution: number }[];
}

/** A name near one asked for: the node, which of its names is near, and how near (0 to 1). */
export interface NameAlternativeResult extends LabelledNode {
  name: string;
  similarity: number;
}

export interface SimilarPaperResult {
  paper: PaperNode;
  score: number;
  signals: SimilaritySignalResult[];
}

export interface PathResult {
  nodes: NodeRef[];
  edges: EdgeView[];
  /** The nodes themselves, in the same order, where the store read them with the path (saves a lookup). */
  loaded?: NodeByLabel[NodeLabel][];
}

export interface GraphNodeView extends NodeRef {
  /** Display text: a paper's title, a concept's or method's name, a repository's owner/name. */
  text: string;
  /** The node's degree: how many relationships it has in the whole graph. */
  weight: number;
  /** Hops from the nearest seed. */
  distance: number;
}

export interface NeighborhoodResult {
  nodes: GraphNodeView[];
  edges: EdgeView[];
  truncated: boolean;
}

/** A keyset position: the sort key and id of the last item seen. */
export interface Cursor {
  key: string | number;
  id: string;
}

export interface PageQuery {
  first: number;
  after: Cursor | null;
}

export type SortDirection = 'ASC' | 'DESC';
export type PaperOrderField = 'ID' | 'TITLE' | 'PUBLISHED_AT' | 'RELEVANCE';

export interface PaperFilter {
  conceptId?: string | null;
  includeNarrower?: boolean | null;
  methodId?: string | null;
  hasRepository?: boolean | null;
  /** Case-insensitive substring of the title or abstract. */
  text?: string | null;
  /** Papers by this author (id). */
  authorId?: string | null;
  /** Papers whose venue is exactly this. */
  venue?: string | null;
  /** Papers published in or after this year (the first four digits of publishedAt); papers without a date are left out. */
  yearFrom?: number | null;
  /** Papers published in or before this year. */
  yearTo?: number | null;
  /** Papers mentioning every one of these concepts (ids). */
  conceptsAll?: readonly string[] | null;
  /** Papers mentioning at least one of these concepts (ids). */
  conceptsAny?: readonly string[] | null;
}

/** What a facet counts papers by. */
export type FacetKind = 'YEAR' | 'VENUE' | 'CONCEPT' | 'METHOD' | 'AUTHOR';

/** One value of a facet: the year, venue or node id, its display text, and how many matching papers have it. */
export interface FacetValue {
  value: string;
  label: string;
  count: number;
}

export interface FacetResult {
  by: FacetKind;
  values: FacetValue[];
}

/** A typeahead hit: the node and the normalised text from the matched word to the end of the name. */
export interface SuggestResult extends LabelledNode {
  text: string;
}

export interface NamedNodeQuery extends PageQuery {
  orderBy: { field: 'ID' | 'NAME'; direction: SortDirection };
}

export interface PaperQuery extends PageQuery {
  filter: PaperFilter;
  /** RELEVANCE (the MENTIONS weight) needs a concept filter. Ties are broken by id, ascending. */
  orderBy: { field: PaperOrderField; direction: SortDirection };
}

export interface ConceptQuery extends PageQuery {
  kind?: ConceptKind | null;
  orderBy: { field: 'ID' | 'NAME'; direction: SortDirection };
}

/** One page: items with their sort keys (for cursors), the total matching, and whether more follow. */
export interface Page<T> {
  items: { node: T; key: string | number }[];
  totalCount: number;
  hasNextPage: boolean;
}
