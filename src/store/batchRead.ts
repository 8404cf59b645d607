import type { NodeByLabel, NodeLabel, PaperNode, RelationshipType } from '../domain/graph.ts';
import { endsOf } from './documentRows.ts';
import type { GraphStore, Page, PaperQuery, StoredRelationship } from './GraphStore.ts';

/**
 * One read of a batch: what a DataLoader asks for in one dispatch. Several of them, from
 * different loaders of the same request, are answered together by GraphStore.readBatch (one
 * Cypher statement on Neo4j), so a GraphQL request costs one store round trip per level of its
 * selection, not one per relation field.
 */
export type BatchRead =
  | { kind: 'nodes'; label: NodeLabel; ids: readonly string[] }
  /** Relationships of a type at each id, with the node at the other end of each (to prime the node loaders). */
  | { kind: 'relationships'; type: RelationshipType; direction: 'out' | 'in'; ids: readonly string[] }
  | { kind: 'degree'; type: RelationshipType; direction: 'out' | 'in'; ids: readonly string[] }
  /** One page of papers (GraphStore.findPapers). */
  | { kind: 'papers'; query: PaperQuery };

export type BatchAnswer =
  | { kind: 'nodes'; nodes: (NodeByLabel[NodeLabel] | null)[] }
  | { kind: 'relationships'; lists: StoredRelationship[][]; ends: Map<string, NodeByLabel[NodeLabel]> }
  | { kind: 'degree'; degrees: number[] }
  | { kind: 'papers'; page: Page<PaperNode> };

/** The label at the far end of relationships of `type` read from `direction`. */
export function farLabel(type: RelationshipType, direction: 'out' | 'in'): NodeLabel {
  const [from, to] = endsOf(type);
  return direction === 'out' ? to : from;
}

/**
 * readBatch built from the single reads, for stores where a round trip costs nothing (the
 * embedded store): each read in turn, same answers as the one-statement Neo4j version.
 */
export async function readBatchOneByOne(store: GraphStore, reads: readonly BatchRead[]): Promise<BatchAnswer[]> {
  const answers: BatchAnswer[] = [];
  for (const read of reads) {
    if (read.kind === 'papers') {
      answers.push({ kind: 'papers', page: await store.findPapers(read.query) });
    } else if (read.kind === 'nodes') {
      answers.push({ kind: 'nodes', nodes: await store.nodesById(read.label, read.ids) });
    } else if (read.kind === 'degree') {
      answers.push({ kind: 'degree', degrees: await store.degreeOf(read.type, read.direction, read.ids) });
    } else {
      const lists = await store.relationshipsOf(read.type, read.direction, read.ids);
      const farIds = [...new Set(lists.flat().map((r) => (read.direction === 'out' ? r.to : r.from)))];
      const nodes = await store.nodesById(farLabel(read.type, read.direction), farIds);
      const ends = new Map<string, NodeByLabel[NodeLabel]>();
      for (const node of nodes) if (node) ends.set(node.id, node);
      answers.push({ kind: 'relationships', lists, ends });
    }
  }
  return answers;
}
