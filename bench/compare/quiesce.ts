import { setTimeout as pause } from 'node:timers/promises';
import type { Driver } from 'neo4j-driver';
import { processCpuMs } from './cpuShare.ts';

/**
 * Waits until Neo4j runs no transaction but this check's own, so that one system's measurement
 * does not pay for another's leftovers. autocannon stops at the end of a run without waiting for
 * the requests in flight, and a server does not cancel its statement when the client goes away:
 * at 100k papers raw Cypher's papersSharingMethods takes seconds, so sixteen of them kept Neo4j
 * busy well into the next system's run (the "5 requests/s" mix of 2026-12-02 was that).
 *
 * Statements still running after `graceMs` are terminated (TERMINATE TRANSACTIONS): their
 * clients are gone. Idle means no transaction for `settleMs` in a row. Resolves with the number
 * terminated, for the log.
 */
export async function quiesceNeo4j(driver: Driver, graceMs = 3000, settleMs = 1000, pollMs = 100): Promise<number> {
  const started = Date.now();
  let terminated = 0;
  let idleSince: number | null = null;
  for (; ; await pause(pollMs)) {
    try {
      const running = await otherTransactions(driver);
      if (running.length === 0) {
        // Idle for settleMs in a row: a server's driver retries a failed transaction after about a second.
        idleSince ??= Date.now();
        if (Date.now() - idleSince >= settleMs) return terminated;
        continue;
      }
      idleSince = null;
      if (Date.now() - started >= graceMs) terminated += await terminate(driver, running);
    } catch (error) {
      // The leftovers can fill Neo4j's transaction memory pool, so that even this check fails for a while (MemoryPoolOutOfMemoryError).
      if (!(error as { retryable?: boolean }).retryable) throw error;
    }
  }
}

async function terminate(driver: Driver, ids: string[]): Promise<number> {
  const session = driver.session();
  try {
    const result = await session.run('TERMINATE TRANSACTIONS $ids YIELD transactionId RETURN count(*) AS n', { ids });
    return (result.records[0]?.get('n') as { toNumber(): number } | undefined)?.toNumber() ?? 0;
  } finally {
    await session.close();
  }
}

/** The ids of the transactions Neo4j is running, other than the one listing them. */
async function otherTransactions(driver: Driver): Promise<string[]> {
  const session = driver.session();
  try {
    const result = await session.run(
      `SHOW TRANSACTIONS YIELD transactionId, currentQuery, status
       WHERE status = 'Running' AND NOT currentQuery STARTS WITH 'SHOW TRANSACTIONS'
       RETURN transactionId`,
    );
    return result.records.map((r) => r.get('transactionId') as string);
  } finally {
    await session.close();
  }
}

/**
 * Waits until the servers not being measured use (almost) no CPU, so that a run does not pay for
 * a neighbour's leftovers. Found on 2026-12-04: a server whose load stops in the middle of a major
 * GC finishes the marking in idle tasks, on the main thread and V8's helper threads. The embedded
 * store's 100k heap (about 1 GB) took 1.5 s of marking and 2.9 s of CPU on both cores in the two
 * seconds after its run; the next system's run began at once and lost that CPU ("others 1.1-4.4 s"
 * in the runs of that day).
 *
 * Idle means at most `busyMs` of CPU for all of them together in each `windowMs` window, for
 * `settleMs` in a row (Linux counts CPU in 10 ms ticks, and an idle Node server shows a tick every
 * second or two). Gives up after `graceMs` (a neighbour that never settles is reported, not waited
 * on for ever). Resolves with how long it waited and whether they settled; without /proc it
 * resolves at once.
 */
export async function quiesceProcesses(
  pids: number[],
  { busyMs = 20, windowMs = 250, settleMs = 1000, graceMs = 15_000 } = {},
): Promise<{ waitedMs: number; settled: boolean }> {
  const started = Date.now();
  const total = () => {
    let sum = 0;
    for (const pid of pids) {
      const ms = processCpuMs(pid);
      if (ms === null) return null;
      sum += ms;
    }
    return sum;
  };
  let last = total();
  if (last === null) return { waitedMs: 0, settled: true };
  let quietSince = Date.now();
  for (;;) {
    await pause(windowMs);
    const now = total();
    if (now === null) return { waitedMs: Date.now() - started, settled: true };
    if (now - last > busyMs) quietSince = Date.now();
    last = now;
    if (Date.now() - quietSince >= settleMs) return { waitedMs: Date.now() - started, settled: true };
    if (Date.now() - started >= graceMs) return { waitedMs: Date.now() - started, settled: false };
  }
}
