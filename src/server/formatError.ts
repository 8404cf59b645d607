import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { QUERY_TIMEOUT_CODE, QueryDeadlineError } from '../store/deadline.ts';

/** Neo4j driver error codes that mean the database cannot be reached or cannot serve right now. */
const UNAVAILABLE_CODES = new Set(['ServiceUnavailable', 'SessionExpired']);

/**
 * True when an error (or the resolver error wrapping it) means the graph store is unreachable or
 * temporarily unable to serve, so retrying later can succeed: the driver's ServiceUnavailable and
 * SessionExpired (Neo4j down, restarting, a dropped connection), any Neo4j TransientError left
 * after the driver's own retries (database unavailable, deadlock, leader switch), and a timed-out
 * connection acquisition (every pooled connection busy: overload). The driver gives the last one
 * no code of its own, so it is recognised by its message.
 */
export function isStoreUnavailable(error: unknown): boolean {
  const original = unwrapResolverError(error) as { code?: unknown; name?: unknown; message?: unknown } | undefined;
  if (typeof original !== 'object' || original === null) return false;
  const code = typeof original.code === 'string' ? original.code : '';
  if (UNAVAILABLE_CODES.has(code) || code.includes('TransientError')) return true;
  return (
    original.name === 'Neo4jError' && typeof original.message === 'string' && /^Connection acquisition timed out/.test(original.message)
  );
}

/**
 * Neo4j error codes of a transaction terminated at its timeout: the read deadline the store set
 * from QUERY_TIMEOUT_MS (neo4j/driverConfig.ts readTransactionConfig), or the server's own
 * db.transaction.timeout.
 */
const TIMEOUT_CODES = new Set([
  'Neo.ClientError.Transaction.TransactionTimedOut',
  'Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration',
]);

/**
 * True when an error (or the resolver error wrapping it) is a read cut at the request's deadline:
 * the embedded store's cooperative check (store/deadline.ts QueryDeadlineError) or a Neo4j
 * transaction timeout, told by its Neo4j error code.
 */
export function isQueryTimeout(error: unknown): boolean {
  const original = unwrapResolverError(error);
  if (original instanceof QueryDeadlineError) return true;
  const code = (original as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' && TIMEOUT_CODES.has(code);
}

/** What a client is told when a read is cut at the deadline (graphqlRoute.ts then answers the whole request 503). */
export const QUERY_TIMEOUT_MESSAGE =
  'The read was cut at the query deadline (QUERY_TIMEOUT_MS); ask for less (smaller depth, limit or first) or retry shortly.';

/** What a client is told when the store is unavailable: what happened and what to do. */
export const STORE_UNAVAILABLE_MESSAGE = 'The graph store is unreachable right now; retry shortly (GET /ready reports when it is back).';

/**
 * The one place errors are shaped for clients: reads cut at the deadline (either store) become
 * QUERY_TIMEOUT, store outages become SERVICE_UNAVAILABLE with a
 * message that says what to do (never the driver's, which names hosts and ports), and in
 * production unexpected errors lose their message (Apollo drops stack traces there itself).
 */
export function createFormatError(production: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    if (isQueryTimeout(error)) {
      return {
        message: QUERY_TIMEOUT_MESSAGE,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: QUERY_TIMEOUT_CODE },
      };
    }
    if (isStoreUnavailable(error)) {
      return {
        message: STORE_UNAVAILABLE_MESSAGE,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      };
    }
    if (production && formatted.extensions?.code === 'INTERNAL_SERVER_ERROR') {
      return {
        message: 'Internal server error',
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      };
    }
    return formatted;
  };
}
