import type { Config } from 'neo4j-driver';
import { currentDeadline } from '../deadline.ts';

/**
 * The neo4j-driver settings of the server and the ingest command, chosen so that a Neo4j outage
 * turns into errors within about 4 s (not the driver's defaults of 30 to 60 s, during which
 * requests would pile up) and the same driver recovers by itself once Neo4j is back (checked by
 * tests/reliability/neo4jFaults.test.ts, which SIGKILLs and restarts a real Neo4j under load).
 *
 * How long a request can take while Neo4j is down: a refused or dropped connection is a
 * ServiceUnavailable error, which `executeWrite` (and autoCommitRead.ts, for reads) retry with backoff delays of about
 * 1 s then 2 s (±20 %) as long as less than `maxTransactionRetryTime` has passed since the first
 * failure. With 2 s that is three attempts at about 0 s, 1 s and 3 s: the last error reaches the
 * client 2.4 to 3.6 s after the first, plus up to `connectionTimeout` per attempt when the host
 * does not even refuse (a dead VM, a firewall dropping packets).
 */
export const NEO4J_DRIVER_CONFIG = {
  // Neo4j integers fit in JavaScript numbers everywhere in this graph (counts, not ids).
  disableLosslessIntegers: true,
  /**
   * Retries of a managed transaction stop 2 s after its first failure. This rides out what Neo4j
   * itself calls transient (deadlocks, a leader switch, a connection reset by a restarting
   * proxy) while keeping the worst case of an outage near 3.6 s per store call, under the 5 s
   * after which a client should see an error rather than a hanging request.
   */
  maxTransactionRetryTime: 2_000,
  /**
   * Opening a TCP connection (and the TLS and Bolt handshakes) to a reachable Neo4j takes
   * milliseconds on a LAN or within a cloud region; 2 s leaves room for a cold TLS handshake
   * across regions and bounds each attempt when packets to a dead host are silently dropped.
   */
  connectionTimeout: 2_000,
  /**
   * The longest a store call waits for a pooled connection when all of them are busy (under
   * overload, or while connections are being opened). Past it the call fails with "Connection
   * acquisition timed out", which formatError maps to SERVICE_UNAVAILABLE: shedding load beats
   * queueing it without bound. The driver does not retry this error.
   */
  connectionAcquisitionTimeout: 5_000,
  /**
   * At most 100 connections per process: the driver's default, and well below the 400 Bolt
   * worker threads a Neo4j server has by default, so three or four server replicas can run at
   * full pool without Neo4j refusing work. One GraphQL request holds a few connections at once
   * (one per DataLoader batch in flight).
   */
  maxConnectionPoolSize: 100,
  /**
   * A pooled connection idle for more than 30 s is checked with a RESET round trip before it is
   * used. A connection that Neo4j closed (a restart, SIGKILL) is noticed by the socket at once,
   * but one silently dropped by a NAT gateway, load balancer or firewall on its idle timeout is
   * not; without the check the first query on it would fail. A busy server rarely leaves a
   * connection idle that long, so the check costs nearly nothing.
   */
  connectionLivenessCheckTimeout: 30_000,
  /**
   * Connections are replaced after an hour (the driver's default), so a long-running server
   * follows DNS and load-balancer changes.
   */
  maxConnectionLifetime: 60 * 60 * 1000,
  userAgent: 'papergraph/0.1',
} as const satisfies Config;

/**
 * The transaction config of a read under the current request's deadline (store/deadline.ts): its
 * `timeout` is the time left, so Neo4j itself terminates a read still running at the deadline
 * (error Neo.ClientError.Transaction.TransactionTimedOut*, mapped by server/formatError.ts) instead
 * of working on for a client that was already answered 503. No deadline: the server's default
 * (db.transaction.timeout). A deadline already passed throws QueryDeadlineError before any round trip.
 */
export function readTransactionConfig(): { timeout: number } | undefined {
  const deadline = currentDeadline();
  const remaining = deadline.remainingMs();
  if (remaining === Infinity) return undefined;
  deadline.check();
  // Neo4j takes whole milliseconds, and 0 would mean "no timeout".
  return { timeout: Math.max(1, Math.ceil(remaining)) };
}
