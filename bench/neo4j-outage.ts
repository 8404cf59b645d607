/**
 * Repeated Neo4j outages under load: the server as a child process on a private local Neo4j, the
 * LOAD_QUERIES mix from several clients, and for each cycle a SIGKILL of the Neo4j JVM and a
 * restart on the same port and home. Prints the figures of each cycle (fail-fast latency, /ready
 * turning 503 and back, when errors stop) for each URI scheme: bolt:// (a direct driver) and
 * neo4j:// (a routing driver, which must rebuild its routing table after the outage).
 * Exits 1 when a cycle breaks the promises of README "Operating Papergraph".
 *
 *   npm run bench:neo4j-outage                         # 3 cycles, both schemes, 8 clients
 *   npm run bench:neo4j-outage -- --cycles 5 --scheme neo4j --clients 32 --down-seconds 10
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startLocalNeo4j, type LocalNeo4j } from '../scripts/neo4j-local.mjs';
import { freePort, startServerProcess } from '../testkit/processes.ts';
import { outageFigures, runOutage } from '../testkit/neo4jOutageCycle.ts';

const FAIL_FAST_MS = 5_000;
const RECOVERY_MS = 15_000;

const { values } = parseArgs({
  options: {
    cycles: { type: 'string', default: '3' },
    scheme: { type: 'string', default: 'bolt,neo4j' },
    clients: { type: 'string', default: '8' },
    'down-seconds': { type: 'string', default: '3' },
  },
});
const cycles = Number(values.cycles);
const clients = Number(values.clients);
const downMs = Number(values['down-seconds']) * 1000;
const schemes = values.scheme.split(',');
if (
  !Number.isInteger(cycles) ||
  cycles < 1 ||
  cycles > 20 ||
  !Number.isInteger(clients) ||
  clients < 1 ||
  clients > 256 ||
  !(downMs >= 0) ||
  schemes.some((s) => s !== 'bolt' && s !== 'neo4j')
) {
  console.error('bench:neo4j-outage: --cycles 1..20, --clients 1..256, --down-seconds >= 0, --scheme bolt and/or neo4j');
  process.exit(2);
}

let broken = false;
const workDir = mkdtempSync(join(tmpdir(), 'papergraph-outage-'));
const port = await freePort();
const home = join(workDir, 'neo4j-home');
let neo4j: LocalNeo4j = await startLocalNeo4j({ port, home });
try {
  for (const scheme of schemes) {
    const server = await startServerProcess({ NEO4J_URI: `${scheme}://127.0.0.1:${port}`, LOG_LEVEL: 'warn' }, 120_000);
    let serverExited = false;
    void server.exited.then(() => (serverExited = true));
    try {
      for (let cycle = 1; cycle <= cycles; cycle++) {
        const run = await runOutage({
          serverUrl: server.url,
          clients,
          downMs,
          kill: async () => {
            process.kill(neo4j.pid, 'SIGKILL');
            await neo4j.exited;
          },
          restart: async () => {
            neo4j = await startLocalNeo4j({ port, home });
          },
        });
        const figures = outageFigures(run);
        const ok =
          !serverExited &&
          (figures.failFastMaxMs ?? 0) <= FAIL_FAST_MS &&
          figures.readyDownAfterKillMs <= FAIL_FAST_MS &&
          figures.readyUpAfterBackMs <= RECOVERY_MS &&
          figures.errorsStopAfterBackMs <= RECOVERY_MS &&
          Object.keys(figures.errorCodes).every((code) => code === 'SERVICE_UNAVAILABLE');
        if (!ok) broken = true;
        console.log(JSON.stringify({ scheme, cycle, ok, serverAlive: !serverExited, ...figures }));
      }
    } finally {
      await server.stop();
    }
  }
} finally {
  await neo4j.stop();
  rmSync(workDir, { recursive: true, force: true });
}
process.exit(broken ? 1 : 0);
