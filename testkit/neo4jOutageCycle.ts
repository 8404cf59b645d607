import { queryPicker } from './loadQueries.ts';
import { runLoad, summarize, type RequestRecord } from './loadRunner.ts';

/** One Neo4j outage as clients saw it: every request, and when each thing happened (Date.now() ms). */
export interface OutageRun {
  records: RequestRecord[];
  killedAt: number;
  /** When /ready first answered 503. */
  readyDownAt: number;
  restartedAt: number;
  /** When Neo4j answered queries again. */
  backAt: number;
  /** When /ready first answered 200 again. */
  readyUpAt: number;
}

export interface OutageOptions {
  serverUrl: string;
  /** Clients sending the LOAD_QUERIES mix throughout. */
  clients: number;
  /** Runs once the load is warm, just before the kill (e.g. waits for an ingest to be mid-run). */
  beforeKill?: () => Promise<void>;
  /** Kills Neo4j and resolves once it is gone. */
  kill: () => Promise<void>;
  /** Starts Neo4j again and resolves once it answers queries. */
  restart: () => Promise<void>;
  /** How long Neo4j stays down before the restart begins (the restart itself adds to it). */
  downMs?: number;
  /**
   * After /ready is 200 again, the load goes on until this many requests in a row were answered
   * cleanly (default 24), or for settleTimeoutMs at most (default 30 s): a Neo4j just back can
   * still be slow for a while (recovery, cold caches, JIT).
   */
  settledAfter?: number;
  settleTimeoutMs?: number;
  /** Gives up on /ready turning 503 or 200 after this. */
  readyTimeoutMs?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    await sleep(100);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

async function readyStatus(serverUrl: string): Promise<number> {
  return (await fetch(`${serverUrl}/ready`, { signal: AbortSignal.timeout(10_000) })).status;
}

/**
 * Puts the server under load, kills Neo4j, watches /ready go 503, starts Neo4j again, watches
 * /ready come back, lets the load run on for `settleMs`, and returns every request with the times.
 * The load warms up first: 16 answered requests before the kill.
 */
export async function runOutage(options: OutageOptions): Promise<OutageRun> {
  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  let stop = false;
  let answered = 0;
  let cleanInARow = 0;
  const load = runLoad({
    url: options.serverUrl,
    concurrency: options.clients,
    maxRequests: 1_000_000,
    maxDurationMs: 10 * 60_000,
    pick: queryPicker(5),
    timeoutMs: 30_000,
    shouldStop: () => stop,
    onRecord: (r) => {
      const clean = !failed(r);
      if (clean) answered += 1;
      cleanInARow = clean ? cleanInARow + 1 : 0;
    },
  });
  try {
    await until('16 answered requests before the fault', async () => (answered >= 16 ? true : undefined), 60_000);
    await options.beforeKill?.();
    const killedAt = Date.now();
    await options.kill();
    const readyDownAt = await until(
      '/ready to answer 503',
      async () => ((await readyStatus(options.serverUrl)) === 503 ? Date.now() : undefined),
      readyTimeoutMs,
    );
    await sleep(options.downMs ?? 2_000);
    const restartedAt = Date.now();
    await options.restart();
    const backAt = Date.now();
    const readyUpAt = await until(
      '/ready to answer 200 again',
      async () => ((await readyStatus(options.serverUrl)) === 200 ? Date.now() : undefined),
      readyTimeoutMs,
    );
    const settledAfter = options.settledAfter ?? 24;
    await until(
      `${settledAfter} clean answers in a row`,
      async () => (cleanInARow >= settledAfter ? true : undefined),
      options.settleTimeoutMs ?? 30_000,
    ).catch(() => undefined);
    stop = true;
    return { records: await load, killedAt, readyDownAt, restartedAt, backAt, readyUpAt };
  } finally {
    stop = true;
    await load;
  }
}

/** A request that did not get a clean answer. */
export const failed = (r: RequestRecord) => r.status !== 200 || r.errorCodes.length > 0 || r.uncodedErrors > 0;

/** The figures of an outage: how fast requests failed, when /ready turned, when errors stopped. */
export function outageFigures(run: OutageRun) {
  const during = run.records.filter((r) => r.startedAt >= run.killedAt && r.endedAt < run.backAt);
  const failures = during
    .filter(failed)
    .map((r) => r.endedAt - r.startedAt)
    .sort((a, b) => a - b);
  const inFlightAtKill = run.records.filter((r) => r.startedAt < run.killedAt && r.endedAt >= run.killedAt);
  const lastFailureStart = Math.max(run.killedAt, ...run.records.filter(failed).map((r) => r.startedAt));
  return {
    requests: run.records.length,
    failedWhileDown: failures.length,
    failFastMedianMs: failures[Math.floor(failures.length / 2)] ?? null,
    failFastMaxMs: failures.at(-1) ?? null,
    inFlightAtKillSettledMs: Math.max(0, ...inFlightAtKill.map((r) => r.endedAt - run.killedAt)),
    readyDownAfterKillMs: run.readyDownAt - run.killedAt,
    neo4jRestartMs: run.backAt - run.restartedAt,
    readyUpAfterBackMs: run.readyUpAt - run.backAt,
    errorsStopAfterBackMs: Math.max(0, lastFailureStart - run.backAt),
    errorCodes: summarize(run.records).errorCodes,
  };
}
