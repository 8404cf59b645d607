import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { LOG_LEVELS, type LogLevel } from './logging.ts';
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
  logLevel: LogLevel;
  /** How long a SIGTERM lets requests in flight finish before their connections are cut. */
  shutdownTimeoutMs: number;
  /**
   * How long a query may run before it is answered 503 SERVICE_UNAVAILABLE: 4.5 s by default, so
   * that a client hears back within 5 s whatever the store does (see http.ts queryTimeoutMs).
   */
  queryTimeoutMs: number;
}

/** A setting that cannot be used; the message names the variable and what it expects. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const NEO4J_SCHEMES = ['bolt:', 'bolt+s:', 'bolt+ssc:', 'neo4j:', 'neo4j+s:', 'neo4j+ssc:'];
/** Neo4j's own rule for database names: 3 to 63 ASCII letters, digits, dots and dashes, starting with a letter. */
const DATABASE_NAME = /^[A-Za-z][A-Za-z0-9.-]{2,62}$/;
/** A DNS host name: dot-separated labels of letters, digits and inner dashes. */
const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const MAX_SHUTDOWN_TIMEOUT_MS = 10 * 60 * 1000;

/**
 * Given an environment, produces the Config or throws ConfigError naming the first bad variable,
 * what it expects and what it found (never the value of a secret).
 * PORT (default 4000), HOST (127.0.0.1), NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD /
 * NEO4J_DATABASE (neo4j), PAPERGRAPH_DATA_DIR (./data), PAPERGRAPH_SEEDS_DIR (./seeds),
 * PAPERGRAPH_API_KEY (mutations off when unset), CORS_ORIGINS (comma-separated, or *), NODE_ENV,
 * LOG_LEVEL (info), SHUTDOWN_TIMEOUT_MS (10000), QUERY_TIMEOUT_MS (4500).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = wholeNumber(env, 'PORT', 4000, 0, 65535);
  const host = env.HOST || '127.0.0.1';
  if (isIP(host) === 0 && !HOST_NAME.test(host)) {
    throw new ConfigError(`HOST must be an IP address (127.0.0.1, 0.0.0.0, ::) or a host name, found ${JSON.stringify(host)}`);
  }
  let corsOrigins: string[];
  try {
    corsOrigins = parseCorsOrigins(env.CORS_ORIGINS);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  const logLevel = (env.LOG_LEVEL || 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; found ${JSON.stringify(env.LOG_LEVEL)}`);
  }
  return {
    corsOrigins,
    port,
    host,
    neo4j: neo4jConfig(env),
    dataDir: resolve(env.PAPERGRAPH_DATA_DIR || 'data'),
    seedsDir: resolve(env.PAPERGRAPH_SEEDS_DIR || 'seeds'),
    apiKey: apiKey(env),
    production: env.NODE_ENV === 'production',
    logLevel: logLevel as LogLevel,
    shutdownTimeoutMs: wholeNumber(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 0, MAX_SHUTDOWN_TIMEOUT_MS),
    queryTimeoutMs: wholeNumber(env, 'QUERY_TIMEOUT_MS', 4_500, 100, 10 * 60 * 1000),
  };
}

/** A whole number setting within [min, max]; unset or blank gives the default. */
function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, found ${JSON.stringify(raw)}`);
  }
  return value;
}

function neo4jConfig(env: NodeJS.ProcessEnv): Config['neo4j'] {
  const raw = env.NEO4J_URI;
  if (!raw) {
    if (env.NEO4J_USER || env.NEO4J_PASSWORD)
      throw new ConfigError(
        'NEO4J_USER or NEO4J_PASSWORD is set but NEO4J_URI is not; set NEO4J_URI too, or unset them for the embedded store',
      );
    return null;
  }
  const expected = 'NEO4J_URI must look like bolt://host:7687 or neo4j://host:7687 (schemes bolt, neo4j, with +s or +ssc for TLS)';
  // Userinfo in the URI would be a password in every log line and error that shows the URI.
  const shown = raw.replace(/\/\/[^@/]*@/, '//<credentials>@');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${expected}, found ${JSON.stringify(shown)}`);
  }
  if (!NEO4J_SCHEMES.includes(url.protocol))
    throw new ConfigError(`${expected}; the scheme ${JSON.stringify(url.protocol.slice(0, -1))} is not one of them`);
  if (url.hostname === '') throw new ConfigError(`${expected}; ${JSON.stringify(shown)} names no host`);
  if (url.username || url.password) throw new ConfigError('NEO4J_URI must not hold credentials; set NEO4J_USER and NEO4J_PASSWORD instead');
  if (url.pathname !== '' && url.pathname !== '/')
    throw new ConfigError(`${expected}, without a path; found ${JSON.stringify(shown)} (the database goes in NEO4J_DATABASE)`);
  if (url.search !== '' && !url.protocol.startsWith('neo4j'))
    throw new ConfigError(`NEO4J_URI: only neo4j:// URIs take a routing context (?key=value); found ${JSON.stringify(shown)}`);
  if (env.NEO4J_PASSWORD && !env.NEO4J_USER)
    throw new ConfigError('NEO4J_PASSWORD is set but NEO4J_USER is not; set both, or neither when auth is off');
  const database = env.NEO4J_DATABASE || 'neo4j';
  if (!DATABASE_NAME.test(database)) {
    throw new ConfigError(
      `NEO4J_DATABASE must be a Neo4j database name (3 to 63 letters, digits, dots and dashes, starting with a letter), found ${JSON.stringify(database)}`,
    );
  }
  return { uri: raw, user: env.NEO4J_USER || undefined, password: env.NEO4J_PASSWORD || undefined, database };
}

function apiKey(env: NodeJS.ProcessEnv): string | null {
  const key = env.PAPERGRAPH_API_KEY;
  if (!key) return null;
  // The messages never show the key: a config error ends up in logs.
  if (key.length < 16)
    throw new ConfigError(`PAPERGRAPH_API_KEY must be at least 16 characters, found ${key.length} (try: openssl rand -hex 24)`);
  if (key.length > 512) throw new ConfigError(`PAPERGRAPH_API_KEY must be at most 512 characters, found ${key.length}`);
  if (!/^[\x21-\x7e]+$/.test(key)) {
    throw new ConfigError(
      'PAPERGRAPH_API_KEY must be printable ASCII without spaces (it travels as "Authorization: Bearer <key>"; try: openssl rand -hex 24)',
    );
  }
  return key;
}
