/**
 * The long load test: the server as a child process on the embedded store and on a local Neo4j,
 * the README's query mix from LOAD_QUERIES at several concurrencies over loopback, each run
 * bounded in requests and time. Prints throughput, p50/p90/p99 latency, errors and the server's
 * RSS before and after each run, and exits 1 on any 5xx, dropped request or error.
 *
 *   npm run bench:load                      # both stores, defaults below
 *   npm run bench:load -- --store embedded --requests 20000 --concurrency 16,64,128
 *   NEO4J_URI=bolt://127.0.0.1:7687 npm run bench:load -- --store neo4j   # an existing Neo4j (it is cleared and seeded!)
 *
 * Without NEO4J_URI the Neo4j runs start a private local Neo4j (scripts/neo4j-local.mjs).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startLocalNeo4j } from '../scripts/neo4j-local.mjs';
import { Neo4jStore } from '../src/store/neo4j/Neo4jStore.ts';
import { startServerProcess } from '../testkit/processes.ts';
import { queryPicker } from '../testkit/loadQueries.ts';
import { megabytes, rssOf, runLoad, summarize } from '../testkit/loadRunner.ts';

const { values } = parseArgs({
  options: {
    store: { type: 'string', default: 'embedded,neo4j' },
    requests: { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '16,64' },
    'max-seconds': { type: 'string', default: '120' },
  },
});
const stores = values.store.split(',');
const requests = Number(values.requests);
const concurrencies = values.concurrency.split(',').map(Number);
const maxDurationMs = Number(values['max-seconds']) * 1000;
if (
  !Number.isInteger(requests) ||
  requests < 1 ||
  concurrencies.some((c) => !Number.isInteger(c) || c < 1 || c > 1024) ||
  !(maxDurationMs > 0)
) {
  console.error('bench:load: --requests N (>= 1), --concurrency C[,C...] (1 to 1024), --max-seconds S (> 0)');
  process.exit(2);
}

let failed = false;
for (const store of stores) {
  const cleanup: (() => Promise<void>)[] = [];
  let env: Record<string, string>;
  if (store === 'embedded') {
    const dataDir = mkdtempSync(join(tmpdir(), 'papergraph-bench-'));
    cleanup.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    env = { PAPERGRAPH_DATA_DIR: dataDir };
  } else if (store === 'neo4j') {
    let uri = process.env.NEO4J_URI;
    if (!uri) {
      console.error('starting a local Neo4j...');
      const neo4j = await startLocalNeo4j({});
      cleanup.push(() => neo4j.stop());
      uri = neo4j.uri;
    }
    // The server seeds an empty store; start from the seed graph like the embedded runs.
    const reset = new Neo4jStore({ uri });
    await reset.init();
    await reset.clear();
    await reset.close();
    env = { NEO4J_URI: uri };
  } else {
    console.error(`bench:load: unknown store ${store}; use embedded and/or neo4j`);
    process.exit(2);
  }
  const server = await startServerProcess({ ...env, LOG_LEVEL: 'warn' }, 120_000);
  cleanup.unshift(async () => void (await server.stop()));
  try {
    await runLoad({ url: server.url, concurrency: 16, maxRequests: 500, maxDurationMs: 60_000, pick: queryPicker(1) }); // warm-up
    for (const concurrency of concurrencies) {
      const rssBefore = rssOf(server.child.pid!);
      const records = await runLoad({ url: server.url, concurrency, maxRequests: requests, maxDurationMs, pick: queryPicker(concurrency) });
      const rssAfter = rssOf(server.child.pid!);
      const s = summarize(records);
      console.log(
        JSON.stringify({
          store,
          concurrency,
          requests: s.requests,
          seconds: s.seconds,
          perSecond: s.perSecond,
          p50Ms: s.p50Ms,
          p90Ms: s.p90Ms,
          p99Ms: s.p99Ms,
          maxMs: s.maxMs,
          status5xx: s.status5xx,
          transportErrors: s.transportErrors,
          errorCodes: s.errorCodes,
          rssBeforeMB: megabytes(rssBefore),
          rssAfterMB: megabytes(rssAfter),
        }),
      );
      if (s.status5xx + s.transportErrors + s.withErrors > 0) failed = true;
    }
  } finally {
    for (const step of cleanup) await step();
  }
}
process.exit(failed ? 1 : 0);
