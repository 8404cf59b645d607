import type { Config } from '../config.ts';
import type { GraphStore } from './GraphStore.ts';
import { EmbeddedStore } from './embedded/EmbeddedStore.ts';
import { Neo4jStore } from './neo4j/Neo4jStore.ts';

/** How a bulk writer (an import) wants the store: see Neo4jStoreOptions.batchSize. */
export interface StoreTuning {
  /** Rows per UNWIND statement in Neo4j: an import's batches are large, and each statement costs a round trip. */
  neo4jRowsPerStatement?: number;
}

/**
 * The store the configuration names: Neo4j when NEO4J_URI is set, else the embedded store in the
 * data directory; `tuning` is for bulk writers, a server needs none.
 */
export function createStore(config: Pick<Config, 'neo4j' | 'dataDir'>, tuning: StoreTuning = {}): GraphStore {
  if (config.neo4j)
    return new Neo4jStore({ ...config.neo4j, ...(tuning.neo4jRowsPerStatement ? { batchSize: tuning.neo4jRowsPerStatement } : {}) });
  return new EmbeddedStore({ dataDir: config.dataDir });
}
