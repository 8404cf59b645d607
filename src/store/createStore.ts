import type { Config } from '../config.ts';
import type { GraphStore } from './GraphStore.ts';
import { MemoryStore } from './memory/MemoryStore.ts';
import { Neo4jStore } from './neo4j/Neo4jStore.ts';

/** The store the configuration names: Neo4j when NEO4J_URI is set, else the embedded store in the data directory. */
export function createStore(config: Pick<Config, 'neo4j' | 'dataDir'>): GraphStore {
  if (config.neo4j) return new Neo4jStore(config.neo4j);
  return new MemoryStore({ dataDir: config.dataDir });
}
