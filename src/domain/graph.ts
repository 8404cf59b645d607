/**
 * The graph model shared by extraction and both stores (see docs/design.md).
 * Labels and relationship types are closed sets: only these ever reach Cypher.
 */

export const NODE_LABELS = ['Paper', 'Concept', 'Method', 'Repository', 'Author'] as const;
export type NodeLabel = (typeof NODE_LABELS)[number];

export const RELATIONSHIP_TYPES = [
  'MENTIONS',
  'PROPOSES',
  'USES',
  'APPLIES',
  'HAS_CODE',
  'BROADER',
  'RELATED',
  'AUTHORED_BY',
  'CITES',
] as const;
export type RelationshipType = (typeof RELATIONSHIP_TYPES)[number];

/** Which labels each relationship type connects, from -> to. */
export const RELATIONSHIP_ENDS: Record<RelationshipType, readonly [NodeLabel, NodeLabel]> = {
  MENTIONS: ['Paper', 'Concept'],
  PROPOSES: ['Paper', 'Method'],
  USES: ['Paper', 'Method'],
  APPLIES: ['Method', 'Concept'],
  HAS_CODE: ['Paper', 'Repository'],
  BROADER: ['Concept', 'Concept'],
  RELATED: ['Concept', 'Concept'],
  AUTHORED_BY: ['Paper', 'Author'],
  CITES: ['Paper', 'Paper'],
};

export const CONCEPT_KINDS = ['FIELD', 'TASK', 'METHOD', 'THEORY', 'MODEL', 'PROPERTY', 'METRIC', 'DATASET'] as const;
export type ConceptKind = (typeof CONCEPT_KINDS)[number];

export interface PaperNode {
  id: string;
  title: string;
  abstract: string;
  arxivId: string | null;
  url: string | null;
  publishedAt: string | null;
  /** Where it was published ("ICLR 2018", a journal reference), when the source says. */
  venue: string | null;
  /** The source's own keywords or tasks, as written there (merged across sources). */
  keywords: string[];
  sources: string[];
  /**
   * Every external id the paper was seen with, as `scheme:value` (domain/externalIds.ts:
   * "doi:10.1145/3292500.3330701", "openalex:W2741809807", "corpus:215416146", "arxiv:2310.02025");
   * absent when it has none.
   */
  externalIds?: string[];
  /** True for a cited work the graph knows only by id (and title when known), present only on stubs. */
  stub?: true;
}

export interface ConceptNode {
  id: string;
  name: string;
  kind: ConceptKind;
  aliases: string[];
  description: string | null;
  curated: boolean;
  /** Set (true) on a concept of another kind that papers use as a technique (taxonomy `technique`); METHOD concepts are techniques anyway. */
  technique?: boolean;
}

export interface MethodNode {
  id: string;
  name: string;
  fullName: string | null;
}

export interface RepositoryNode {
  id: string;
  url: string;
  owner: string;
  name: string;
  path: string | null;
}

export interface AuthorNode {
  /** The slug of the normalised name (ids.authorId): one node per spelling of a name. */
  id: string;
  name: string;
}

export interface NodeByLabel {
  Paper: PaperNode;
  Concept: ConceptNode;
  Method: MethodNode;
  Repository: RepositoryNode;
  Author: AuthorNode;
}

export interface MentionsProps {
  count: number;
  weight: number;
  evidence: string[];
  extractor: string;
}
export interface EvidenceProps {
  evidence: string[];
}
export interface HasCodeProps {
  official: boolean;
  source: string;
}
export interface RelatedProps {
  weight: number;
  source: string;
}
export interface AuthoredByProps {
  /** 1 for the first author, in byline order. */
  position: number;
}
/** A reference: the citing paper cites the cited one (the cited may be a stub). */
export interface CitesProps {
  /** True when a source (Semantic Scholar) says the citation is influential. */
  influential: boolean;
  /** Why it is cited, as the source says ("background", "methodology", "result"). */
  intents: string[];
  /** Up to three sentences of the citing paper around the citation. */
  contexts: string[];
}
export type NoProps = Record<string, never>;

export interface PropsByType {
  MENTIONS: MentionsProps;
  PROPOSES: EvidenceProps;
  USES: EvidenceProps;
  APPLIES: NoProps;
  HAS_CODE: HasCodeProps;
  BROADER: NoProps;
  RELATED: RelatedProps;
  AUTHORED_BY: AuthoredByProps;
  CITES: CitesProps;
}

/** One relationship; at most one of each type between two nodes (MERGE semantics). */
export type Relationship = {
  [T in RelationshipType]: { type: T; from: string; to: string; properties: PropsByType[T] };
}[RelationshipType];

/** The one shape both stores accept: what extraction produces and `upsert` writes. */
export interface GraphDocument {
  papers: PaperNode[];
  concepts: ConceptNode[];
  methods: MethodNode[];
  repositories: RepositoryNode[];
  authors: AuthorNode[];
  relationships: Relationship[];
  /**
   * Stub papers merged into papers of this document (ingestion/citations.ts): removed with their
   * relationships in the same write, after the document is written. The document carries their
   * CITES edges re-pointed at the papers they were merged into.
   */
  removedStubs?: string[];
}

export const DOCUMENT_KEY_BY_LABEL = {
  Paper: 'papers',
  Concept: 'concepts',
  Method: 'methods',
  Repository: 'repositories',
  Author: 'authors',
} as const satisfies Record<NodeLabel, keyof GraphDocument>;

/** An empty document, for building one up. */
export function emptyDocument(): GraphDocument {
  return { papers: [], concepts: [], methods: [], repositories: [], authors: [], relationships: [] };
}

/** Counts of what an upsert did: created, changed in place, or left as it was. */
export interface UpsertCounts {
  created: number;
  updated: number;
  unchanged: number;
}
export interface UpsertSummary {
  nodes: UpsertCounts;
  relationships: UpsertCounts;
}

/** Node and relationship counts by label and type. */
export interface GraphStats {
  nodes: Record<NodeLabel, number>;
  relationships: Record<RelationshipType, number>;
}
