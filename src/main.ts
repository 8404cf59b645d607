import { ConfigError, loadConfig } from './config.ts';
import { loadSeedTaxonomy, seedIfEmpty } from './ingest/seeds.ts';
import { startHttpServer } from './server/http.ts';
import { createStore } from './store/createStore.ts';

/** `npm start`: the store named by the environment (embedded by default), seeded when empty, served over HTTP. */
async function main(): Promise<void> {
  const config = loadConfig();
  const taxonomy = loadSeedTaxonomy(config.seedsDir);
  const store = createStore(config);
  const where = config.neo4j ? `Neo4j at ${config.neo4j.uri}` : `the embedded store in ${config.dataDir}`;
  try {
    await store.init();
  } catch (error) {
    console.error(`papergraph: cannot open ${where}: ${(error as Error).message}`);
    if (config.neo4j) console.error('Is Neo4j running? `npm run neo4j:local` starts one without Docker; or unset NEO4J_URI for the embedded store.');
    process.exit(1);
  }
  const seeded = await seedIfEmpty(store, config.seedsDir);
  if (seeded) console.error(`papergraph: the store was empty; loaded the seed graph (${seeded.nodes.created} nodes, ${seeded.relationships.created} relationships)`);
  const server = await startHttpServer({
    store,
    taxonomy,
    apiKey: config.apiKey,
    corsOrigins: config.corsOrigins,
    port: config.port,
    host: config.host,
    production: config.production,
  });
  console.error(`papergraph: serving ${where} at ${server.url}/graphql (health: /health, readiness: /ready)`);
  console.error(`papergraph: mutations are ${config.apiKey ? 'on (Authorization: Bearer <PAPERGRAPH_API_KEY>)' : 'off (set PAPERGRAPH_API_KEY to enable them)'}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`papergraph: ${signal}: draining requests and closing the store...`);
    await server.close();
    await store.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(`papergraph: ${error instanceof ConfigError ? error.message : ((error as Error).stack ?? String(error))}`);
  process.exit(1);
});
