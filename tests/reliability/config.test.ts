import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { freePort, runNode, within } from '../../testkit/processes.ts';

const KEY = 'k'.repeat(24);

/** loadConfig's error for an environment, or null when it is accepted. */
function errorOf(env: Record<string, string>): string | null {
  try {
    loadConfig(env);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
}

describe('configuration is checked at start', () => {
  it('gives the defaults for an empty environment: embedded store on 127.0.0.1:4000, info logs, 10 s drain, 4.5 s query timeout', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 4000,
      host: '127.0.0.1',
      neo4j: null,
      apiKey: null,
      corsOrigins: [],
      production: false,
      logLevel: 'info',
      shutdownTimeoutMs: 10_000,
      queryTimeoutMs: 4_500,
    });
  });

  it('reads a full Neo4j configuration', () => {
    const config = loadConfig({
      NEO4J_URI: 'neo4j+s://db.example.org:7687',
      NEO4J_USER: 'neo4j',
      NEO4J_PASSWORD: 'pw',
      NEO4J_DATABASE: 'papers-2024',
      PORT: '8080',
      HOST: '0.0.0.0',
      LOG_LEVEL: 'WARN',
      SHUTDOWN_TIMEOUT_MS: '2500',
      PAPERGRAPH_API_KEY: KEY,
      NODE_ENV: 'production',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      neo4j: { uri: 'neo4j+s://db.example.org:7687', user: 'neo4j', password: 'pw', database: 'papers-2024' },
      logLevel: 'warn',
      shutdownTimeoutMs: 2500,
      apiKey: KEY,
      production: true,
    });
  });

  it.each([
    [{ PORT: 'http' }, /^PORT must be a whole number from 0 to 65535, found "http"$/],
    [{ PORT: '70000' }, /^PORT .* found "70000"/],
    [{ PORT: '-1' }, /^PORT /],
    [{ PORT: '80.5' }, /^PORT /],
    [{ HOST: 'not a host!' }, /^HOST must be an IP address .* found "not a host!"/],
    [{ NEO4J_URI: 'localhost:7687' }, /^NEO4J_URI must look like bolt:\/\/host:7687 .*the scheme "localhost" is not one of them/],
    [{ NEO4J_URI: 'http://localhost:7474' }, /^NEO4J_URI .*the scheme "http"/],
    [{ NEO4J_URI: 'bolt://' }, /^NEO4J_URI must look like/],
    [{ NEO4J_URI: 'bolt://localhost:7687/neo4j' }, /^NEO4J_URI .*without a path.*NEO4J_DATABASE/],
    [{ NEO4J_URI: 'bolt://localhost:99999' }, /^NEO4J_URI must look like/],
    [{ NEO4J_URI: 'bolt://db:7687', NEO4J_DATABASE: 'x' }, /^NEO4J_DATABASE must be a Neo4j database name/],
    [{ NEO4J_URI: 'bolt://db:7687', NEO4J_PASSWORD: 'secret' }, /^NEO4J_PASSWORD is set but NEO4J_USER is not/],
    [{ NEO4J_USER: 'neo4j' }, /^NEO4J_USER or NEO4J_PASSWORD is set but NEO4J_URI is not/],
    [{ PAPERGRAPH_API_KEY: 'short' }, /^PAPERGRAPH_API_KEY must be at least 16 characters, found 5/],
    [{ PAPERGRAPH_API_KEY: 'has spaces in it, long enough' }, /^PAPERGRAPH_API_KEY must be printable ASCII without spaces/],
    [{ CORS_ORIGINS: 'https://app.example.org/path' }, /^CORS_ORIGINS must be a comma-separated list of origins/],
    [{ LOG_LEVEL: 'verbose' }, /^LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; found "verbose"/],
    [{ SHUTDOWN_TIMEOUT_MS: '10s' }, /^SHUTDOWN_TIMEOUT_MS must be a whole number from 0 to 600000, found "10s"/],
    [{ QUERY_TIMEOUT_MS: '0' }, /^QUERY_TIMEOUT_MS must be a whole number from 100 to 600000, found "0"/],
  ])('refuses %o, naming the variable and what it expects', (env, message) => {
    expect(errorOf(env)).toMatch(message);
  });

  it('never shows a secret in its messages: not the API key, not credentials in NEO4J_URI', () => {
    const key = 'abc def ghi jkl mno pqr';
    expect(errorOf({ PAPERGRAPH_API_KEY: key })).not.toContain(key);
    expect(errorOf({ PAPERGRAPH_API_KEY: 'tiny-secret' })).not.toContain('tiny-secret');
    const withCredentials = errorOf({ NEO4J_URI: 'bolt://neo4j:hunter2@db:7687' });
    expect(withCredentials).toMatch(/must not hold credentials; set NEO4J_USER and NEO4J_PASSWORD/);
    expect(withCredentials).not.toContain('hunter2');
    const badWithCredentials = errorOf({ NEO4J_URI: 'bolt://neo4j:hunter2@db:7687/path' });
    expect(badWithCredentials).not.toContain('hunter2');
  });
});

/**
 * How long a start that cannot succeed may take to exit: a Node start-up and, for an unreachable
 * Neo4j, the driver's connection timeout (driverConfig.ts), on a busy machine. A hang fails here.
 */
const START_FAILURE_DEADLINE_MS = 25_000;

describe('a server that cannot start says why and exits 1', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'papergraph-config-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  /** Runs the server with `env` until it exits, which it must do within START_FAILURE_DEADLINE_MS. */
  async function start(env: Record<string, string>) {
    const node = runNode('src/main.ts', [], { PAPERGRAPH_DATA_DIR: dataDir, PORT: '0', NEO4J_URI: undefined, ...env });
    try {
      const status = await within(node.exited, START_FAILURE_DEADLINE_MS, 'the exit of a start that cannot succeed');
      return { ...status, stderr: node.stderr.join('\n'), stdout: node.stdout.join('\n') };
    } finally {
      if (node.child.exitCode === null && node.child.signalCode === null) node.child.kill('SIGKILL');
    }
  }

  it('exits 1 for each bad variable, with the variable named on stderr', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ PORT: 'eighty' }, /^papergraph: bad configuration: PORT must be a whole number/],
      [{ NEO4J_URI: 'postgres://db:5432' }, /^papergraph: bad configuration: NEO4J_URI must look like bolt:\/\/host:7687/],
      [{ PAPERGRAPH_API_KEY: 'too-short' }, /^papergraph: bad configuration: PAPERGRAPH_API_KEY must be at least 16 characters/],
      [{ CORS_ORIGINS: 'example.org' }, /^papergraph: bad configuration: CORS_ORIGINS must be a comma-separated list of origins/],
    ];
    // In parallel: each is a Node start-up, and none gets past reading its configuration.
    const results = await Promise.all(cases.map(([env]) => start(env)));
    results.forEach((result, i) => {
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toMatch(cases[i]![1]);
      expect(result.stderr).not.toContain('too-short');
    });
  });

  it('exits 1 within seconds when Neo4j is unreachable, naming the URI and how to start one', async () => {
    const port = await freePort(); // nothing listens there
    const result = await start({ NEO4J_URI: `bolt://127.0.0.1:${port}` });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain(`papergraph: cannot open Neo4j at bolt://127.0.0.1:${port} (database neo4j):`);
    expect(result.stderr).toMatch(/Is Neo4j running and reachable\? `npm run neo4j:local` starts one/);
  });

  it('exits 1 when the port is taken, saying so', async () => {
    const { createServer } = await import('node:net');
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', () => resolve()));
    const { port } = taken.address() as { port: number };
    try {
      const result = await start({ PORT: String(port) });
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE.*choose another PORT`));
    } finally {
      taken.close();
    }
  });
});
