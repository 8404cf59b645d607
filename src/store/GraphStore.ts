import type {
  GraphDocument,
  GraphStats,
  NodeByLabel,
  NodeLabel,
  PropsByType,
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
 * The port every graph store implements. Neo4jStore and MemoryStore pass one contract suite
 * (tests/contract/graphStore.contract.ts): same ids, same counts, same order.
 * Batch reads take many keys and answer one entry per key, in key order (DataLoader-ready).
 */
export interface GraphStore {
  /** "neo4j" or "memory", for /ready and logs. */
  readonly kind: 'neo4j' | 'memory';
  /** Prepares the store: constraints and indexes, or the data directory. Idempotent. */
  init(): Promise<void>;
  /** Throws when the store cannot answer (for `/ready`). */
  ping(): Promise<void>;
  close(): Promise<void>;

  /**
   * Writes a document all or nothing: nodes are merged by label and id (properties replaced,
   * Paper.sources merged), relationships merged by type and ends. A relationship whose end is
   * neither in the store nor in the document fails the whole upsert, and nothing is written.
   */
  upsert(doc: GraphDocument): Promise<UpsertSummary>;
  /** Removes a paper with its relationships, and methods or repositories left with no paper. False if unknown. */
  removePaper(id: string): Promise<boolean>;
  /** Removes everything (tests and `ingest --reset`). */
  clear(): Promise<void>;

  stats(): Promise<GraphStats>;
  /** Nodes of one label by id: one entry per id, null where there is none. */
  nodesById<L extends NodeLabel>(label: L, ids: readonly string[]): Promise<(NodeByLabel[L] | null)[]>;
  /**
   * Relationships of one type at each id, outgoing (`id` is `from`) or incoming (`id` is `to`):
   * one list per id, each sorted by the other end's id.
   */
  relationshipsOf<T extends RelationshipType>(type: T, direction: 'out' | 'in', ids: readonly string[]): Promise<StoredRelationship<T>[][]>;
}
