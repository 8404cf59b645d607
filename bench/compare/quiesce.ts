import { setTimeout as pause } from 'node:timers/promises';
import type { Driver } from 'neo4j-driver';

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
