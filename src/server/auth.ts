import { createHash, timingSafeEqual } from 'node:crypto';
import { GraphQLError } from 'graphql';

/** Who is calling, as far as mutations care. */
export interface Auth {
  /** Mutations are on only when the server has an API key. */
  mutationsEnabled: boolean;
  /** The request carried that key. */
  authorized: boolean;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Given the server's API key (or null) and a request's Authorization header, tells whether the
 * request may mutate. Keys are compared in constant time (over their SHA-256 digests, so the
 * length leaks nothing either) and never logged.
 */
export function authenticate(apiKey: string | null, authorization: string | undefined): Auth {
  if (!apiKey) return { mutationsEnabled: false, authorized: false };
  const match = /^Bearer\s+(.+)$/i.exec(authorization?.trim() ?? '');
  return { mutationsEnabled: true, authorized: match !== null && timingSafeEqual(digest(match[1]!), digest(apiKey)) };
}

/** Throws the GraphQL error a mutation without the API key gets. */
export function requireApiKey(auth: Auth): void {
  if (!auth.mutationsEnabled) {
    throw new GraphQLError('Mutations are disabled on this server: start it with PAPERGRAPH_API_KEY set to enable them.', {
      extensions: { code: 'FORBIDDEN', http: { status: 403 } },
    });
  }
  if (!auth.authorized) {
    throw new GraphQLError('Mutations need the API key: send the header "Authorization: Bearer <PAPERGRAPH_API_KEY>".', {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
    });
  }
}
