import { ApolloServer, type ApolloServerPlugin, type HTTPGraphQLRequest } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { silentLogger, type Logger } from '../logging.ts';
import type { Context } from './context.ts';
import { narrowReadsPlugin } from './operationReadFields.ts';
import { createFormatError, isQueryTimeout, isStoreUnavailable } from './formatError.ts';
import { DEFAULT_QUERY_LIMITS, queryLimitsPlugin, type QueryLimits } from './queryLimits.ts';
import { buildResolvers } from './resolvers/index.ts';
import { loadTypeDefs } from './schema.ts';

export interface ApolloOptions {
  production?: boolean;
  limits?: QueryLimits;
  /** Where unexpected resolver errors are logged (with their stack); default: nowhere. */
  logger?: Logger;
}

/** What the GraphQL layer learned about one request, for its log line (see http.ts). */
export interface RequestFacts {
  requestId: string;
  /** The operation's name once Apollo has resolved it, else the one the request named. */
  operationName: string | null;
  operationType: 'query' | 'mutation' | 'subscription' | null;
  /** extensions.code of every error of the response, as the client sees them. */
  errorCodes: string[];
}

/**
 * The facts of each request, keyed by the HTTPGraphQLRequest http.ts hands to Apollo (the one
 * object Apollo passes through unchanged: it copies the context for each operation): http.ts
 * registers a record, the plugin fills it in, http.ts logs it. A WeakMap, so nothing outlives a request.
 */
export const requestFacts = new WeakMap<HTTPGraphQLRequest, RequestFacts>();

/** The Apollo server of the API: schema, resolvers, limits and error policy. The HTTP layer is in http.ts. */
export function createApollo(options: ApolloOptions = {}): ApolloServer<Context> {
  const limits = options.limits ?? DEFAULT_QUERY_LIMITS;
  const logger = options.logger ?? silentLogger();
  return new ApolloServer<Context>({
    typeDefs: loadTypeDefs(),
    resolvers: buildResolvers(),
    includeStacktraceInErrorResponses: !options.production,
    // Production: no schema discovery and no "did you mean" hints for strangers.
    introspection: !options.production,
    hideSchemaDetailsFromClientErrors: options.production ?? false,
    parseOptions: { maxTokens: limits.maxTokens },
    allowBatchedHttpRequests: false,
    // Compact JSON: Apollo's default pretty-prints every response (indent 2), a top entry of the CPU profile and a third more bytes.
    stringifyResult: (result) => JSON.stringify(result),
    // Stated although it is Apollo's default: a GET (or a form-encodable POST) must carry a header
    // a browser cannot send cross-origin without a preflight, so foreign pages cannot run operations.
    csrfPrevention: true,
    formatError: createFormatError(options.production ?? false),
    logger,
    // main.ts owns SIGTERM: Apollo's own handler would stop it while requests are still draining.
    stopOnTerminationSignals: false,
    // GraphiQL is served by http.ts from local files; Apollo's landing page would load a CDN.
    // No @cacheControl hints in the schema: the cache-control plugin would only add a hook to every field.
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      requestFactsPlugin(logger),
      queryLimitsPlugin(limits),
      narrowReadsPlugin(),
    ],
  });
}

/**
 * Records each request's operation and error codes into its RequestFacts, and logs errors that
 * are neither the client's fault nor a store outage (those carry their code in the request line)
 * with their stack, under the request id.
 */
function requestFactsPlugin(logger: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ request }) {
      const facts = request.http ? requestFacts.get(request.http) : undefined;
      if (facts) facts.operationName = request.operationName ?? null;
      return {
        async didResolveOperation({ operationName, operation }) {
          if (!facts) return;
          facts.operationName = operationName ?? null;
          facts.operationType = operation?.operation ?? null;
        },
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            // Errors that already carry a code (BAD_USER_INPUT, UNAUTHENTICATED, ...) were raised on purpose.
            if (error.extensions?.code !== undefined || isStoreUnavailable(error) || isQueryTimeout(error)) continue;
            logger.error(
              { reqId: facts?.requestId, path: error.path?.join('.'), err: unwrapResolverError(error) },
              'unexpected error while executing an operation',
            );
          }
        },
        async willSendResponse({ response }) {
          if (!facts || response.body.kind !== 'single') return;
          facts.errorCodes = (response.body.singleResult.errors ?? []).map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
        },
      };
    },
  };
}
