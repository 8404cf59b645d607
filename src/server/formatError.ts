import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';

/** Neo4j driver error codes that mean the database cannot be reached right now. */
const UNAVAILABLE_CODES = new Set(['ServiceUnavailable', 'SessionExpired', 'Neo.TransientError.General.DatabaseUnavailable']);

/**
 * The one place errors are shaped for clients: store outages become SERVICE_UNAVAILABLE with a
 * message that says what to do, and in production unexpected errors lose their message and
 * stack (the stack is only included outside production by Apollo itself).
 */
export function createFormatError(production: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error) as { code?: string; name?: string } | undefined;
    if (original && typeof original.code === 'string' && (UNAVAILABLE_CODES.has(original.code) || original.name === 'Neo4jError' && /unavailable|connect/i.test(String((original as Error).message)))) {
      return {
        message: 'The graph store is unreachable right now; retry shortly (GET /ready reports when it is back).',
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      };
    }
    if (production && formatted.extensions?.code === 'INTERNAL_SERVER_ERROR') {
      return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    }
    return formatted;
  };
}
