import { ConfigError, loadConfig, type Config } from './config.ts';
import { createLogger, type Logger } from './logging.ts';

/**
 * `npm start`: the store named by the environment (embedded by default), seeded when empty, served
 * over HTTP. Logs are JSON lines on stdout; a start-up failure is one plain sentence on stderr
 * (naming the variable or the store, and the fix) and exit code 1. SIGTERM or SIGINT drain the
 * requests in flight, close the store and exit 0; a second signal exits at once with 1.
 */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) return failStart(`bad configuration: ${error.message}`);
    throw error;
  }
  // Loaded once the configuration is known to be good, so that a bad one is reported at once.
  const [{ loadSeedTaxonomy, seedIfEmpty }, { startHttpServer }, { createStore }] = await Promise.all([
    import('./ingestion/seeds.ts'),
    import('./server/http.ts'),
    import('./store/createStore.ts'),
  ]);
  const logger = createLogger({ level: config.logLevel });
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: error }, 'uncaught exception; exiting');
    process.exit(1);
  });

  const taxonomy = loadSeedTaxonomy(config.seedsDir);
  const store = createStore(config);
  const where = config.neo4j
    ? `Neo4j at ${config.neo4j.uri} (database ${config.neo4j.database})`
    : `the embedded store in ${config.dataDir}`;
  try {
    await store.init();
  } catch (error) {
    await store.close().catch(() => undefined);
    const hint = config.neo4j
      ? 'Is Neo4j running and reachable? `npm run neo4j:local` starts one without Docker; or unset NEO4J_URI for the embedded store.'
      : 'Check that PAPERGRAPH_DATA_DIR is writable and its papergraph.db a Papergraph SQLite database.';
    return failStart(`cannot open ${where}: ${(error as Error).message}\n${hint}`);
  }
  const seeded = await seedIfEmpty(store, config.seedsDir);
  if (seeded)
    logger.info({ nodes: seeded.nodes.created, relationships: seeded.relationships.created }, 'the store was empty; loaded the seed graph');

  let server;
  try {
    server = await startHttpServer({
      store,
      taxonomy,
      apiKey: config.apiKey,
      corsOrigins: config.corsOrigins,
      port: config.port,
      host: config.host,
      production: config.production,
      logger,
      shutdownTimeoutMs: config.shutdownTimeoutMs,
      queryTimeoutMs: config.queryTimeoutMs,
      dataDir: config.neo4j ? null : config.dataDir,
    });
  } catch (error) {
    await store.close().catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code;
    const hint =
      code === 'EADDRINUSE'
        ? ' (another process listens there: choose another PORT)'
        : code === 'EADDRNOTAVAIL'
          ? ' (HOST is not an address of this machine)'
          : '';
    return failStart(`cannot listen on ${config.host}:${config.port}: ${(error as Error).message}${hint}`);
  }
  // Before the line that says it serves: whoever waits for that line may stop it at once.
  handleStopSignals(
    logger,
    async () => {
      const drained = await server.close();
      await store.close();
      return drained;
    },
    config.shutdownTimeoutMs,
  );
  logger.info(
    { url: `${server.url}/graphql`, store: store.kind, production: config.production, mutations: config.apiKey ? 'on' : 'off' },
    `serving ${where} at ${server.url}/graphql (health: /health, readiness: /ready, metrics: /metrics)`,
  );
}

/** On the first SIGTERM or SIGINT, runs `shutdown` and exits 0; on a second, or if it hangs, exits 1. */
function handleStopSignals(logger: Logger, shutdown: () => Promise<{ inFlight: number; cut: number }>, shutdownTimeoutMs: number): void {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second stop signal: exiting without waiting');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal, shutdownTimeoutMs }, 'stopping: no new connections; draining requests in flight');
    // Closing the store has its own timeouts; this is the backstop should anything still hang.
    setTimeout(() => {
      logger.error('shutdown did not finish in time; exiting');
      process.exit(1);
    }, shutdownTimeoutMs + 15_000).unref();
    try {
      const { inFlight, cut } = await shutdown();
      logger.info({ inFlight, cut }, cut > 0 ? `stopped; cut ${cut} request(s) still running after ${shutdownTimeoutMs} ms` : 'stopped');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'error while stopping');
      process.exit(1);
    }
  };
  process.on('SIGTERM', (signal) => void stop(signal));
  process.on('SIGINT', (signal) => void stop(signal));
}

/** Ends a start that cannot succeed: one sentence on stderr, exit code 1. */
function failStart(message: string): never {
  process.stderr.write(`papergraph: ${message}\n`);
  process.exit(1);
}

main().catch((error: unknown) => {
  process.stderr.write(`papergraph: failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
