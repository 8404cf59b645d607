/** Types of scripts/neo4j-local.mjs (plain ESM so it runs before any build). */
export interface LocalNeo4j {
  /** bolt://127.0.0.1:PORT */
  uri: string;
  pid: number;
  /** Idempotent: SIGTERM, then SIGKILL after 20 s. */
  stop(): Promise<void>;
  /** Whole start-up: classpath and compile caches, JVM and Neo4j start. */
  startupMs: number;
  exited: Promise<{ code: number | null; signal: string | null }>;
}

export interface LocalNeo4jOptions {
  port?: number;
  home?: string;
  log?: boolean | ((line: string) => void);
  apoc?: boolean;
  timeoutMs?: number;
}

/** Starts Neo4j 5.26 Community in a JVM with Bolt on 127.0.0.1 (auth off) and resolves once it answers queries. */
export function startLocalNeo4j(options?: LocalNeo4jOptions): Promise<LocalNeo4j>;
