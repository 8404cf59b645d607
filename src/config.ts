import { resolve } from 'node:path';
import { parseCorsOrigins } from './server/cors.ts';

/** Server and store settings, read from the environment once at start. */
export interface Config {
  port: number;
  host: string;
  /** Set: the Neo4j store. Unset: the embedded store. */
  neo4j: { uri: string; user: string | undefined; password: string | undefined; database: string } | null;
  dataDir: string;
  seedsDir: string;
  apiKey: string | null;
  /** Origins allowed to call /graphql from a browser (CORS_ORIGINS); empty: same-origin only. */
  corsOrigins: string[];
  production: boolean;
}

/** A setting that cannot be used; the message names the variable and what it expects. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Given an environment, produces the Config or throws ConfigError naming the first bad variable.
 * PORT (default 4000), HOST (127.0.0.1), NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD /
 * NEO4J_DATABASE (neo4j), PAPERGRAPH_DATA_DIR (./data), PAPERGRAPH_SEEDS_DIR (./seeds),
 * PAPERGRAPH_API_KEY (mutations off when unset), CORS_ORIGINS (comma-separated, or *), NODE_ENV.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = env.PORT === undefined || env.PORT === '' ? 4000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be a whole number from 0 to 65535, found ${JSON.stringify(env.PORT)}`);
  }
  let neo4jConfig: Config['neo4j'] = null;
  if (env.NEO4J_URI) {
    if (!/^(neo4j|bolt)(\+s|\+ssc)?:\/\/[^\s]+$/.test(env.NEO4J_URI)) {
      throw new ConfigError(`NEO4J_URI must look like bolt://host:7687 or neo4j://host:7687, found ${JSON.stringify(env.NEO4J_URI)}`);
    }
    if (env.NEO4J_PASSWORD && !env.NEO4J_USER) throw new ConfigError('NEO4J_PASSWORD is set but NEO4J_USER is not; set both, or neither when auth is off');
    neo4jConfig = { uri: env.NEO4J_URI, user: env.NEO4J_USER || undefined, password: env.NEO4J_PASSWORD || undefined, database: env.NEO4J_DATABASE || 'neo4j' };
  }
  const apiKey = env.PAPERGRAPH_API_KEY || null;
  if (apiKey !== null && apiKey.length < 16) throw new ConfigError('PAPERGRAPH_API_KEY must be at least 16 characters (try: openssl rand -hex 24)');
  let corsOrigins: string[];
  try {
    corsOrigins = parseCorsOrigins(env.CORS_ORIGINS);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  return {
    corsOrigins,
    port,
    host: env.HOST || '127.0.0.1',
    neo4j: neo4jConfig,
    dataDir: resolve(env.PAPERGRAPH_DATA_DIR || 'data'),
    seedsDir: resolve(env.PAPERGRAPH_SEEDS_DIR || 'seeds'),
    apiKey,
    production: env.NODE_ENV === 'production',
  };
}
