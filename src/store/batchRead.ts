import type { NodeByLabel, NodeLabel, PaperNode, RelationshipType } from '../domain/graph.ts';
import { endsOf } from './documentRows.ts';
import type { GraphStore, Page, PaperQuery, StoredRelationship } from './GraphStore.ts';

/** Relationships of one type read from one direction (a relationship loader's read, without its ids). */
export interface RelationshipRead {
  type: RelationshipType;
  direction: 'out' | 'in';
}

/**
 * One read of a batch: what a DataLoader asks for in one dispatch. Several of them, from
 * different loaders of the same request, are answered together by GraphStore.readBatch (one
 * Cypher statement on Neo4j), so a GraphQL request costs one store round trip per level of its
 * selection, not one per relation field.
 */
export type BatchRead =
  | { kind: 'nodes'; label: NodeLabel; ids: readonly string[] }
  /** Relationships of a type at each id, with the node at the other end of each (to prime the node loaders). */
  | ({ kind: 'relationships'; ids: readonly string[] } & RelationshipRead)
  | { kind: 'degree'; type: RelationshipType; direction: 'out' | 'in'; ids: readonly string[] }
  /**
   * One page of papers (GraphStore.findPapers) and, for each of `include`, the relationships of
   * the page's papers: what the relationship reads of those papers' ids would answer, in the same
   * read (the look-ahead of a page through `edges { node { ... } }`). `countTotal: false` leaves
   * the total uncounted (null), for a page whose totalCount nobody asked for.
   */
  | { kind: 'papers'; query: PaperQuery; include?: readonly RelationshipRead[]; countTotal?: boolean };

/** The relationships of a list of ids: one list per id, and the nodes at their far ends by id. */
export interface RelationshipsAnswer {
  lists: StoredRelationship[][];
  ends: Map<string, NodeByLabel[NodeLabel]>;
}

/** A page of papers as a batch read answers it: totalCount null when the read asked not to count. */
export type PapersPage = Omit<Page<PaperNode>, 'totalCount'> & { totalCount: number | null };

export type BatchAnswer =
  | { kind: 'nodes'; nodes: (NodeByLabel[NodeLabel] | null)[] }
  | ({ kind: 'relationships' } & RelationshipsAnswer)
  | { kind: 'degree'; degrees: number[] }
  /** `included[j]` answers `include[j]` for the page's papers, lists in page order. */
  | { kind: 'papers'; page: PapersPage; included: RelationshipsAnswer[] };

/** The label at the far end of relationships of `type` read from `direction`. */
export function farLabel(type: RelationshipType, direction: 'out' | 'in'): NodeLabel {
  const [from, to] = endsOf(type);
  return direction === 'out' ? to : from;
}

/** Relationships of a type at each id, with their far ends, from the single reads. */
async function relationshipsOneByOne(store: GraphStore, read: RelationshipRead, ids: readonly string[]): Promise<RelationshipsAnswer> {
  const lists = await store.relationshipsOf(read.type, read.direction, ids);
  const farIds = [...new Set(lists.flat().map((r) => (read.direction === 'out' ? r.to : r.from)))];
  const nodes = await store.nodesById(farLabel(read.type, read.direction), farIds);
  const ends = new Map<string, NodeByLabel[NodeLabel]>();
  for (const node of nodes) if (node) ends.set(node.id, node);
  return { lists, ends };
}

/**
 * readBatch built from the single reads, each read in turn: the definition of what readBatch
 * answers (the contract suite holds both stores' readBatch to it).
 */
export async function readBatchOneByOne(store: GraphStore, reads: readonly BatchRead[]): Promise<BatchAnswer[]> {
  const answers: BatchAnswer[] = [];
  for (const read of reads) {
    if (read.kind === 'papers') {
      const page = await store.findPapers(read.query);
      const ids = page.items.map((item) => item.node.id);
      const included: RelationshipsAnswer[] = [];
      for (const include of read.include ?? []) included.push(await relationshipsOneByOne(store, include, ids));
      answers.push({ kind: 'papers', page: read.countTotal === false ? { ...page, totalCount: null } : page, included });
    } else if (read.kind === 'nodes') {
      answers.push({ kind: 'nodes', nodes: await store.nodesById(read.label, read.ids) });
    } else if (read.kind === 'degree') {
      answers.push({ kind: 'degree', degrees: await store.degreeOf(read.type, read.direction, read.ids) });
    } else {
      answers.push({ kind: 'relationships', ...(await relationshipsOneByOne(store, read, read.ids)) });
    }
  }
  return answers;
}
