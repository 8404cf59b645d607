/**
 * npm run bench [-- --sizes 10000,100000 --duration 6 --warmup 2 --connections 16 --seed 7 --check 20 --json]
 *
 * Papergraph side by side with what a user would pick instead, on the same Neo4j and the same
 * data, in one run (issue #6):
 *   papergraph        Papergraph on Neo4j (src/main.ts, NEO4J_URI set)
 *   papergraph-memory Papergraph on its embedded store, loaded with the same papers
 *   neo4j-graphql     @neo4j/graphql 7 on Apollo Server (bench/compare/neo4jGraphqlServer.ts)
 *   raw-cypher        hand-written Cypher through neo4j-driver behind node:http (bench/compare/rawCypherServer.ts)
 *
 * For each size it imports synthetic papers (npm run generate's, seeded) into a local Neo4j with
 * APOC (started here unless NEO4J_URI is set) and into an embedded store, starts the four servers
 * as child processes, checks that every system gives the same answers on `--check` inputs per
 * query (and stops if one does not), then drives each query and the mix with autocannon at fixed
 * concurrency, after a warm-up until its throughput is steady (warmUntilSteady) and after Neo4j
 * has no statement of the previous run left and the other servers are idle
 * (bench/compare/quiesce.ts); before the first run of
 * a size, every system serves every query for the warm-up time, so that none pays for Neo4j's
 * JIT alone. It prints requests/s, p50 and p99 latency, Cypher statements and transactions per
 * request (counted inside each server by bench/compare/driverProbe.ts), server RSS, who used the
 * CPU during the run (the server per request, Neo4j, the idle servers, the load generator:
 * bench/compare/cpuShare.ts), Papergraph's GC pauses and event-loop delay
 * (bench/compare/serverRuntime.ts), the database hits of each system's Cypher for one request
 * (PROFILE), and the ratios Papergraph / @neo4j/graphql and Papergraph / raw Cypher. After each
 * query's rows, a verdict line judges its ratios against the targets of issue #14
 * (bench/compare/verdicts.ts); at the end, a markdown summary of every verdict by size and
 * query, and how many targets fail. With --json, stdout is one JSON document of all measurements
 * and verdicts instead. Not a test and not in CI.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual, promisify } from 'node:util';
import autocannon from 'autocannon';
import neo4j, { type Driver } from 'neo4j-driver';
import { createRandom } from '../src/generate/random.ts';
import { freePort, waitFor } from '../testkit/processes.ts';
import { benchNeo4j, machineLoad, seconds, syntheticFile, TAXONOMY } from './benchSupport.ts';
import { QUERIES, type BenchInputs, type QuerySpec, type SystemName } from './compare/queries.ts';
import { quiesceNeo4j, quiesceProcesses } from './compare/quiesce.ts';
import { formatCpuShare, startCpuShare, type CpuShare } from './compare/cpuShare.ts';
import { formatRuntimeShare, readRuntime, runtimeBetween, type RuntimeShare } from './compare/serverRuntime.ts';
import { countOutcomes, judgeQuery, TARGETS, type BenchSystem, type Outcome, type Target, type Verdict } from './compare/verdicts.ts';

const log = (line: string) => process.stderr.write(`${line}\n`);
const out = (line: string) => process.stdout.write(`${line}\n`);

const USAGE = `Usage: npm run bench [-- options]

Papergraph against @neo4j/graphql and raw Cypher on the same local Neo4j and data (issue #6).
Prints a table per size and, after each query's rows, a verdict line on the targets of issue #14:
${TARGETS.map((target) => `  ${target.name.padEnd(32)} throughput ${targetRule(target)}`).join('\n')}
(ratios are of requests/s and of p99 latency; PASS, FAIL, or n/a when a system was not measured;
a subject that failed any request fails), then a markdown summary by size and query, ready for
the README, with the number of failing targets.

Options:
  --sizes LIST        synthetic papers per round, ascending (default 10000,100000)
  --duration S        seconds of measured load per query and system (default 5)
  --memory-max N      measure the embedded store only at sizes up to N (default: every size)
  --warmup S          seconds of one warm-up window; each measurement is preceded by windows
                      until two in a row differ by less than 5 % in throughput, at most 5 (default 2)
  --connections N     concurrent connections of the load generator (default 16)
  --seed N            seed of the synthetic papers and of the inputs (default 7)
  --check N           inputs per query whose answers must be equal on every system (default 20)
  --systems LIST      subset of papergraph,papergraph-memory,neo4j-graphql,raw-cypher
  --json              print one JSON document of all measurements and verdicts on stdout instead
                      of the tables (progress stays on stderr); run it as npm run -s bench -- --json,
                      since without -s npm prints its own banner on stdout first
  -h, --help          show this help

NEO4J_URI: use that Neo4j (it needs APOC core for @neo4j/graphql) instead of starting one; it is emptied.`;

interface Flags {
  sizes: number[];
  duration: number;
  warmup: number;
  connections: number;
  seed: number;
  check: number;
  systems: BenchSystem[];
  /** The largest size at which the embedded store is measured (Infinity: every size). */
  memoryMax: number;
  json: boolean;
}

const ALL_SYSTEMS: BenchSystem[] = ['papergraph', 'papergraph-memory', 'neo4j-graphql', 'raw-cypher'];
/** The query dialect each benchmarked system speaks. */
const DIALECT: Record<BenchSystem, SystemName> = {
  papergraph: 'papergraph',
  'papergraph-memory': 'papergraph',
  'neo4j-graphql': 'neo4j-graphql',
  'raw-cypher': 'raw-cypher',
};

function parseFlags(argv: string[]): Flags {
  const flags: Flags = {
    sizes: [10_000, 100_000],
    duration: 5,
    warmup: 2,
    connections: 16,
    seed: 7,
    check: 20,
    systems: ALL_SYSTEMS,
    memoryMax: Infinity,
    json: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i]!;
    if (name === '-h' || name === '--help') {
      out(USAGE);
      process.exit(0);
    }
    if (name === '--json') {
      flags.json = true;
      continue;
    }
    const value = argv[++i];
    if (value === undefined) throw new UsageError(`${name} needs a value`);
    const number = () => {
      const n = Number(value);
      if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${name} needs a positive number; found "${value}"`);
      return n;
    };
    switch (name) {
      case '--sizes':
        flags.sizes = value.split(',').map((v) => Number(v));
        if (flags.sizes.some((n) => !Number.isInteger(n) || n < 100) || flags.sizes.some((n, k) => k > 0 && n <= flags.sizes[k - 1]!)) {
          throw new UsageError(`--sizes needs ascending whole numbers of at least 100, comma-separated; found "${value}"`);
        }
        break;
      case '--duration':
        flags.duration = number();
        break;
      case '--warmup':
        flags.warmup = number();
        break;
      case '--connections':
        flags.connections = Math.round(number());
        break;
      case '--seed':
        flags.seed = Math.round(number());
        break;
      case '--memory-max':
        flags.memoryMax = Math.round(number());
        break;
      case '--check':
        flags.check = Math.round(number());
        break;
      case '--systems': {
        const chosen = value.split(',') as BenchSystem[];
        const unknown = chosen.filter((s) => !ALL_SYSTEMS.includes(s));
        if (unknown.length > 0) throw new UsageError(`unknown system ${unknown.join(', ')}; known: ${ALL_SYSTEMS.join(', ')}`);
        flags.systems = ALL_SYSTEMS.filter((s) => chosen.includes(s));
        break;
      }
      default:
        throw new UsageError(`unknown option ${name}; see --help`);
    }
  }
  return flags;
}

class UsageError extends Error {}

interface RunningServer {
  system: BenchSystem;
  port: number;
  probePort: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * The V8 heap flags of `npm start` (package.json), given to every server measured: Papergraph runs
 * as its users run it, and the baselines, Node servers too, get the same heap settings.
 */
const SERVER_V8_FLAGS: string[] =
  (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }).scripts.start.match(/--max-[a-z-]+-size=\d+/g) ?? [];

const SERVER_ENTRY: Record<BenchSystem, string> = {
  papergraph: 'src/main.ts',
  'papergraph-memory': 'src/main.ts',
  'neo4j-graphql': 'bench/compare/neo4jGraphqlServer.ts',
  'raw-cypher': 'bench/compare/rawCypherServer.ts',
};

/** Starts one server as a child process with the driver probe preloaded, and waits until it answers. */
async function startServer(system: BenchSystem, env: NodeJS.ProcessEnv): Promise<RunningServer> {
  const [port, probePort] = [await freePort(), await freePort()];
  const stderr: string[] = [];
  const child = spawn(
    process.execPath,
    [...SERVER_V8_FLAGS, '--import', 'tsx', '--import', './bench/compare/driverProbe.ts', SERVER_ENTRY[system]],
    {
      env: { ...process.env, ...env, PORT: String(port), BENCH_PROBE_PORT: String(probePort) },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr.push(chunk.toString());
    if (stderr.length > 50) stderr.shift();
  });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`${system} exited with ${code} before it was ready:\n${stderr.join('')}`))),
  );
  // Any HTTP answer means it listens (the 10-minute bound covers the embedded store loading 100k papers).
  const ready = waitFor(
    `${system} to listen on port ${port}`,
    async () => {
      const res = await fetch(`http://127.0.0.1:${port}/`, { method: 'GET', signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      return true;
    },
    600_000,
    250,
  );
  await Promise.race([ready, exited]);
  child.removeAllListeners('exit');
  return {
    system,
    port,
    probePort,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

interface ProbeStats {
  runs: number;
  transactions: number;
  recent: { text: string; params: Record<string, unknown> }[];
}

async function probe(server: RunningServer, action: 'stats'): Promise<ProbeStats>;
async function probe(server: RunningServer, action: 'reset'): Promise<void>;
async function probe(server: RunningServer, action: 'stats' | 'reset'): Promise<ProbeStats | void> {
  const res = await fetch(`http://127.0.0.1:${server.probePort}/${action}`, { method: action === 'reset' ? 'POST' : 'GET' });
  if (action === 'reset') return void (await res.arrayBuffer());
  return (await res.json()) as ProbeStats;
}

function rssMb(pid: number | undefined): { rss: number; peak: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
    return { rss: Math.round(kb('VmRSS') / 1024), peak: Math.round(kb('VmHWM') / 1024) };
  } catch {
    return { rss: 0, peak: 0 };
  }
}

async function send(server: RunningServer, request: { path: string; body: string }): Promise<unknown> {
  const res = await fetch(`http://127.0.0.1:${server.port}${request.path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: request.body,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${server.system} answered ${res.status} to ${request.body.slice(0, 200)}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as unknown;
}

/** Every system must give Papergraph-on-Neo4j's canonical answer for the first `n` inputs of every query. */
async function checkAnswers(servers: RunningServer[], inputs: BenchInputs, n: number): Promise<void> {
  const reference = servers[0]!;
  for (const query of QUERIES) {
    let nonEmpty = 0;
    for (let i = 0; i < n; i++) {
      const expected = query.canonical(
        DIALECT[reference.system],
        await send(reference, query.request(DIALECT[reference.system], i, inputs)),
      );
      if (expected !== null && !(Array.isArray(expected) && expected.length === 0)) nonEmpty++;
      for (const server of servers.slice(1)) {
        const dialect = DIALECT[server.system];
        const actual = query.canonical(dialect, await send(server, query.request(dialect, i, inputs)));
        if (!isDeepStrictEqual(actual, expected)) {
          throw new Error(
            `answers differ for "${query.name}" input ${i} between ${reference.system} and ${server.system}:\n` +
              `${reference.system}: ${JSON.stringify(expected).slice(0, 2000)}\n${server.system}: ${JSON.stringify(actual).slice(0, 2000)}`,
          );
        }
      }
    }
    log(`  answers equal: ${query.name} (${n} inputs, ${nonEmpty} non-empty, ${servers.length} systems)`);
  }
}

interface Measurement {
  rps: number;
  p50: number;
  p99: number;
  runsPerRequest: number;
  txPerRequest: number;
  rss: number;
  errors: number;
  /** Who used the CPU during the measured run (compare/cpuShare.ts). */
  cpu: CpuShare;
  /** The measured server's GC pauses and longest event-loop delay during the run (Papergraph's servers only: their /metrics). */
  runtime: RuntimeShare | null;
}

/** autocannon against one server, cycling through the inputs of the given queries (one query, or the mix). */
async function load(
  server: RunningServer,
  queries: QuerySpec[],
  inputs: BenchInputs,
  seconds_: number,
  connections: number,
  offset: number,
): Promise<autocannon.Result> {
  const dialect = DIALECT[server.system];
  let i = offset;
  const requests = queries.map((query) => ({
    method: 'POST' as const,
    setupRequest: (req: autocannon.Request) => {
      const r = query.request(dialect, i++, inputs);
      return { ...req, path: r.path, body: r.body };
    },
  }));
  return autocannon({
    url: `http://127.0.0.1:${server.port}`,
    connections,
    duration: seconds_,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    requests,
  });
}

/**
 * Warm-up, then the measured run. Before each, Neo4j is left to finish (or made to drop) the
 * statements of requests still in flight when the previous run stopped, and the other servers
 * are left to finish their own leftovers, such as a major GC (compare/quiesce.ts), so that no
 * run is measured with another's leftovers.
 */
async function measure(
  server: RunningServer,
  queries: QuerySpec[],
  inputs: BenchInputs,
  flags: Flags,
  driver: Driver,
  neighbours: { neo4jPid: number | null; others: RunningServer[] },
): Promise<Measurement> {
  await settle(driver, 'the previous run');
  await settleNeighbours(neighbours.others, 'the previous run');
  await warmUntilSteady(server, queries, inputs, flags);
  await settle(driver, 'the warm-up');
  await settleNeighbours(neighbours.others, 'the warm-up');
  await probe(server, 'reset');
  const runtimeBefore = await readRuntime(server.port);
  const cpuShare = startCpuShare({
    server: server.child.pid,
    neo4j: neighbours.neo4jPid,
    others: neighbours.others.map((s) => s.child.pid),
  });
  const result = await load(server, queries, inputs, flags.duration, flags.connections, 0);
  const completed = result.requests.total;
  const cpu = cpuShare(completed);
  const runtime = runtimeBetween(runtimeBefore, await readRuntime(server.port));
  const stats = await probe(server, 'stats');
  return {
    rps: completed / flags.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    runsPerRequest: completed > 0 ? stats.runs / completed : 0,
    txPerRequest: completed > 0 ? stats.transactions / completed : 0,
    rss: rssMb(server.child.pid).rss,
    errors: result.errors + result.non2xx + result.timeouts,
    cpu,
    runtime,
  };
}

/** Most warm-up windows one measurement gets (so a server whose throughput never settles still gets measured). */
const MAX_WARMUP_WINDOWS = 5;
/** Two consecutive warm-up windows whose throughputs differ by less than this share count as steady. */
const STEADY_SHARE = 0.05;

/**
 * Loads the server in windows of `--warmup` seconds until two consecutive windows differ in
 * throughput by less than 5 % (at most MAX_WARMUP_WINDOWS), the same rule for every system.
 * A fixed warm-up measured Papergraph's lookup while its throughput was still rising: fresh
 * servers on the 100k graph served 207-567 lookups/s in their first loads and 843-1,080 after
 * 25-35 s (2026-12-04), and Papergraph, first in the lookup's rotation, got 0.65x raw Cypher in
 * one run and 0.90x in another on the same code.
 */
async function warmUntilSteady(server: RunningServer, queries: QuerySpec[], inputs: BenchInputs, flags: Flags): Promise<void> {
  let previous: number | null = null;
  for (let window = 1; window <= MAX_WARMUP_WINDOWS; window++) {
    const result = await load(server, queries, inputs, flags.warmup, flags.connections, 1_000_000 * window);
    const rps = result.requests.total / flags.warmup;
    if (previous !== null && Math.abs(rps - previous) < STEADY_SHARE * Math.max(rps, previous)) return;
    previous = rps;
  }
  log(`    (${server.system}: throughput not steady after ${MAX_WARMUP_WINDOWS} warm-up windows; measured anyway)`);
}

/**
 * Before the first measurement of a size, every system serves every query for `--warmup`
 * seconds. A measurement's own warm-up warms its server, but Neo4j is shared: without this pass
 * the first system measured paid for the JVM compiling Bolt, the transaction machinery and the
 * Cypher runtime after the import. Measured on 2026-12-03 at 100k: Papergraph, always first
 * on the paper lookup, used 0.93 ms of Neo4j CPU per lookup, against 0.36 ms once Neo4j was warm
 * (raw Cypher, measured later: 0.44-0.50 ms).
 */
async function warmEverySystem(servers: RunningServer[], inputs: BenchInputs, flags: Flags, driver: Driver): Promise<void> {
  const t = Date.now();
  for (const server of servers) {
    for (const query of QUERIES) {
      await load(server, [query], inputs, flags.warmup, flags.connections, 2_000_000);
      await settle(driver, `the ${server.system} warm-up`);
    }
  }
  log(`  every system warmed on every query in ${seconds(Date.now() - t)}`);
}

/** Sum of the database hits of a profiled plan. */
function dbHits(plan: { dbHits?: unknown; children?: unknown[] }): number {
  const own = neo4j.isInt(plan.dbHits) ? (plan.dbHits as { toNumber(): number }).toNumber() : Number(plan.dbHits ?? 0);
  return own + (plan.children ?? []).reduce<number>((sum, child) => sum + dbHits(child as { dbHits?: unknown; children?: unknown[] }), 0);
}

const revive = (_key: string, value: unknown) =>
  value !== null && typeof value === 'object' && '$int' in (value as Record<string, unknown>)
    ? neo4j.int((value as { $int: string }).$int)
    : value;

/** PROFILEs every statement one request of `query` made on `server`: database hits in all, and the number of statements. */
async function profile(
  driver: Driver,
  server: RunningServer,
  query: QuerySpec,
  inputs: BenchInputs,
): Promise<{ hits: number; statements: number } | null> {
  if (server.system === 'papergraph-memory') return null;
  await probe(server, 'reset');
  await send(server, query.request(DIALECT[server.system], 0, inputs));
  const { recent } = await probe(server, 'stats');
  const statements = (JSON.parse(JSON.stringify(recent), revive) as ProbeStats['recent']).filter(
    (s) => !/^\s*(RETURN 1|CALL dbms\.)/i.test(s.text),
  );
  let hits = 0;
  for (const statement of statements) {
    const session = driver.session({ defaultAccessMode: neo4j.session.READ });
    try {
      const result = await session.run(`PROFILE ${statement.text.replace(/^\s*CYPHER\s+[^\n]*\n/i, '')}`, statement.params);
      hits += dbHits(result.summary.profile as unknown as { dbHits?: unknown; children?: unknown[] });
    } finally {
      await session.close();
    }
  }
  return { hits, statements: statements.length };
}

/** Inputs drawn once per size with the seed: papers and concepts that exist, in random order. */
async function drawInputs(driver: Driver, seed: number): Promise<BenchInputs> {
  const random = createRandom(seed);
  const session = driver.session({ defaultAccessMode: neo4j.session.READ });
  try {
    const paperIds = (await session.run('MATCH (p:Paper) RETURN p.id AS id ORDER BY id')).records.map((r) => r.get('id') as string);
    const conceptIds = (
      await session.run('MATCH (c:Concept) WHERE EXISTS { (:Paper)-[:MENTIONS]->(c) } RETURN c.id AS id ORDER BY id')
    ).records.map((r) => r.get('id') as string);
    const curated = TAXONOMY.concepts.map((c) => c.id);
    const n = 4096;
    return {
      paperIds: Array.from({ length: n }, () => random.pick(paperIds)),
      conceptIds: Array.from({ length: n }, () => random.pick(conceptIds)),
      conceptPairs: Array.from({ length: n }, () => [random.pick(curated), random.pick(curated)] as [string, string]),
    };
  } finally {
    await session.close();
  }
}

/** `npm run import` into one store (env names it), as a user would load their data. */
async function importInto(file: string, env: NodeJS.ProcessEnv, label: string): Promise<void> {
  const t = Date.now();
  await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'src/cli/import.ts', '--no-seed', '--on-error', 'skip', '--batch-size', '1000', file],
    {
      env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
      maxBuffer: 16 << 20,
    },
  );
  log(`  ${label}: imported ${file.split('/').pop()} in ${seconds(Date.now() - t)}`);
}

async function settle(driver: Driver, what: string): Promise<void> {
  const terminated = await quiesceNeo4j(driver);
  if (terminated > 0) log(`    (terminated ${terminated} Neo4j transactions that ${what} left running)`);
}

/** Waits until the servers not measured next are idle; logs a wait longer than the settle time itself. */
async function settleNeighbours(others: RunningServer[], what: string): Promise<void> {
  const pids = others.map((s) => s.child.pid).filter((pid): pid is number => pid !== undefined);
  const { waitedMs, settled } = await quiesceProcesses(pids);
  if (!settled) log(`    (the other servers were still busy ${seconds(waitedMs)} after ${what}; measured anyway)`);
  else if (waitedMs > 1500) log(`    (waited ${seconds(waitedMs)} for the other servers to go idle after ${what})`);
}

/** One system's measurement of one query (or the mix), with the profile of one request where one was taken. */
type SystemResult = Measurement & { profile: { hits: number; statements: number } | null };

/** One size: for each query (and the mix), what every measured system did and the verdicts it earns. */
interface SizeReport {
  size: number;
  systems: BenchSystem[];
  queries: { query: string; results: Partial<Record<BenchSystem, SystemResult>>; verdicts: Verdict[] }[];
}

const fmt = (n: number, digits = 0) => n.toFixed(digits);
const formatRatio = (r: number | null) => (r === null ? 'n/a' : Number.isFinite(r) ? `${r.toFixed(2)}x` : 'inf');

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const wallStarted = Date.now();
  log(
    `bench: sizes ${flags.sizes.join(', ')}; ${flags.duration} s per run after ${flags.warmup} s warm-up; ${flags.connections} connections; ${machineLoad()}`,
  );
  const neo = await benchNeo4jWithApoc();
  const driver = neo4j.driver(neo.uri);
  const dataDir = mkdtempSync(join(tmpdir(), 'papergraph-bench-memory-'));
  const startedAt = new Date().toISOString();
  const machine = {
    cores: cpus().length,
    cpu: cpus()[0]?.model.trim() ?? '',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
  const reports: SizeReport[] = [];
  try {
    await clearNeo4j(driver);
    let from = 0;
    for (const size of flags.sizes) {
      // The embedded store holds every size up to memoryMax (its import is skipped past it).
      const systems = flags.systems.filter((system) => system !== 'papergraph-memory' || size <= flags.memoryMax);
      log(`size ${size}: loading papers ${from}..${size - 1}...`);
      const file = await syntheticFile(flags.seed, from, size);
      // Both imports at once: the Neo4j one mostly waits on Neo4j, the embedded one on this machine's other core.
      // Neo4j is loaded even when only the embedded store is measured: the inputs are drawn from it.
      await Promise.all([
        importInto(file, { NEO4J_URI: neo.uri }, 'Neo4j'),
        systems.includes('papergraph-memory') ? importInto(file, { NEO4J_URI: '', PAPERGRAPH_DATA_DIR: dataDir }, 'embedded store') : null,
      ]);
      from = size;

      const servers: RunningServer[] = [];
      try {
        for (const system of systems) {
          const t = Date.now();
          const env: NodeJS.ProcessEnv =
            system === 'papergraph-memory'
              ? { NEO4J_URI: '', PAPERGRAPH_DATA_DIR: dataDir, NODE_ENV: 'production', LOG_LEVEL: 'warn' }
              : { NEO4J_URI: neo.uri, PAPERGRAPH_DATA_DIR: dataDir, NODE_ENV: 'production', LOG_LEVEL: 'warn' };
          servers.push(await startServer(system, env));
          log(`  ${system} ready in ${seconds(Date.now() - t)}`);
        }
        const inputs = await drawInputs(driver, flags.seed + size);
        await checkAnswers(servers, inputs, flags.check);
        await warmEverySystem(servers, inputs, flags, driver);

        const report: SizeReport = { size, systems, queries: [] };
        const runs: { name: string; queries: QuerySpec[] }[] = [
          ...QUERIES.map((q) => ({ name: q.name, queries: [q] })),
          { name: 'mix', queries: QUERIES },
        ];
        for (const [k, run] of runs.entries()) {
          const results: Partial<Record<BenchSystem, SystemResult>> = {};
          // Each query starts with another system, so that no system is always measured first or last.
          for (const server of [...servers.slice(k % servers.length), ...servers.slice(0, k % servers.length)]) {
            const others = servers.filter((s) => s !== server);
            const m = await measure(server, run.queries, inputs, flags, driver, { neo4jPid: neo.pid, others });
            const p = run.queries.length === 1 ? await profile(driver, server, run.queries[0]!, inputs) : null;
            results[server.system] = { ...m, profile: p };
            log(
              `  ${size} ${run.name.padEnd(24)} ${server.system.padEnd(18)} ${fmt(m.rps).padStart(6)} req/s  p50 ${fmt(m.p50, 1)} ms  p99 ${fmt(m.p99, 1)} ms  ` +
                `${fmt(m.runsPerRequest, 2)} statements/req  ${m.rss} MB${m.errors ? `  ERRORS ${m.errors}` : ''}\n` +
                `    ${formatCpuShare(m.cpu)}${m.runtime ? `; ${formatRuntimeShare(m.runtime)}` : ''}`,
            );
          }
          report.queries.push({ query: run.name, results, verdicts: judgeQuery(results) });
        }
        reports.push(report);
      } finally {
        for (const server of servers) await server.stop();
      }
    }
  } finally {
    await driver.close();
    await neo.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const wallSeconds = Math.round((Date.now() - wallStarted) / 100) / 10;
  const reproduce = `npm run bench -- ${process.argv.slice(2).join(' ')}`.trimEnd();
  const counts = countOutcomes(reports.flatMap((r) => r.queries.flatMap((q) => q.verdicts)));
  if (flags.json) {
    const { json: _json, ...settings } = flags;
    const document = { startedAt, machine, settings, targets: TARGETS, sizes: reports, outcomes: counts, wallSeconds, reproduce };
    // JSON has no Infinity: a ratio over a baseline that served nothing (or had a p99 of 0) is written "Infinity".
    out(JSON.stringify(document, (_key, value: unknown) => (value === Infinity ? 'Infinity' : value), 2));
    return;
  }
  const lines: string[] = [
    '',
    `bench (${startedAt}): ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, Node ${machine.node}; ` +
      `${flags.connections} connections, ${flags.duration} s per run after ${flags.warmup} s warm-up, seed ${flags.seed}`,
    ...reports.flatMap(table),
    ...summary(reports, counts),
    '',
    `wall time ${wallSeconds.toFixed(1)} s; reproduce with: ${reproduce}`,
  ];
  out(lines.join('\n'));
}

/** One verdict as a cell: the ratios, then PASS, FAIL with the missed conditions, or n/a. */
function verdictCell(verdict: Verdict): string {
  if (verdict.outcome === 'n/a') return 'n/a';
  const p99 = verdict.p99Ratio === null ? '' : `, p99 ${formatRatio(verdict.p99Ratio)}`;
  const misses = verdict.misses.length > 0 ? ` (${verdict.misses.join(', ')})` : '';
  return `${formatRatio(verdict.throughputRatio)}${p99} ${verdict.outcome}${misses}`;
}

/** What a target asks of the ratios (throughput first), as --help, the verdict lines and the summary header show it. */
function targetRule(target: Target): string {
  const p99 = target.maxP99Ratio === null ? '' : `, p99 <= ${target.maxP99Ratio.toFixed(1)}x`;
  return `>= ${target.minThroughputRatio.toFixed(1)}x${p99}`;
}

/** The per-size table: a row per query and system, and after each query's rows its verdict line. */
function table(report: SizeReport): string[] {
  const lines = [
    '',
    `${report.size} papers`,
    `${'query'.padEnd(24)} ${'system'.padEnd(18)} ${'req/s'.padStart(7)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'stmts/req'.padStart(9)} ${'tx/req'.padStart(7)} ${'RSS MB'.padStart(7)} ${'db hits'.padStart(9)}`,
  ];
  for (const { query, results, verdicts } of report.queries) {
    for (const system of report.systems) {
      const m = results[system]!;
      lines.push(
        `${query.padEnd(24)} ${system.padEnd(18)} ${fmt(m.rps).padStart(7)} ${fmt(m.p50, 1).padStart(7)} ${fmt(m.p99, 1).padStart(7)} ${fmt(m.runsPerRequest, 2).padStart(9)} ${fmt(m.txPerRequest, 2).padStart(7)} ${String(m.rss).padStart(7)} ${(m.profile ? String(m.profile.hits) : '-').padStart(9)}${m.errors ? `  ERRORS ${m.errors}` : ''}`,
      );
    }
    lines.push(
      `${''.padEnd(24)} verdict: ${verdicts.map((v, i) => `${v.target} ${verdictCell(v)} [${targetRule(TARGETS[i]!)}]`).join(';  ')}`,
    );
  }
  return lines;
}

/** The markdown summary (ready for the README): a row per size and query with the three verdicts, then the count of failing targets. */
function summary(reports: SizeReport[], counts: Record<Outcome, number>): string[] {
  const lines = [
    '',
    `| size | query | ${TARGETS.map((t) => `${t.name} (throughput ${targetRule(t)})`).join(' | ')} | failing |`,
    `| ${['---', '---', ...TARGETS.map(() => '---'), '---'].join(' | ')} |`,
  ];
  for (const report of reports) {
    for (const { query, verdicts } of report.queries) {
      lines.push(`| ${report.size} | ${query} | ${verdicts.map(verdictCell).join(' | ')} | ${countOutcomes(verdicts).FAIL} |`);
    }
  }
  const judged = counts.PASS + counts.FAIL;
  lines.push(
    '',
    `${counts.FAIL} of ${judged} targets fail` + (counts['n/a'] > 0 ? ` (${counts['n/a']} not judged: a system was not measured)` : ''),
  );
  return lines;
}

/** A Neo4j with APOC core (the local launcher's --apoc profile) unless NEO4J_URI names one. */
async function benchNeo4jWithApoc() {
  return benchNeo4j(log, { apoc: true });
}

async function clearNeo4j(driver: Driver): Promise<void> {
  const session = driver.session();
  try {
    await session.run('MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS');
    await session.run('MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 10000 ROWS');
  } finally {
    await session.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`bench: ${error.message}\n`);
    process.exitCode = 2;
    return;
  }
  process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
