import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { Context } from './context.ts';
import { createFormatError } from './formatError.ts';
import { DEFAULT_QUERY_LIMITS, queryLimitsPlugin, type QueryLimits } from './queryLimits.ts';
import { buildResolvers } from './resolvers/index.ts';
import { loadTypeDefs } from './schema.ts';

export interface ApolloOptions {
  production?: boolean;
  limits?: QueryLimits;
}

/** The Apollo server of the API: schema, resolvers, limits and error policy. The HTTP layer is in http.ts. */
export function createApollo(options: ApolloOptions = {}): ApolloServer<Context> {
  const limits = options.limits ?? DEFAULT_QUERY_LIMITS;
  return new ApolloServer<Context>({
    typeDefs: loadTypeDefs(),
    resolvers: buildResolvers(),
    includeStacktraceInErrorResponses: !options.production,
    // Production: no schema discovery and no "did you mean" hints for strangers.
    introspection: !options.production,
    hideSchemaDetailsFromClientErrors: options.production ?? false,
    parseOptions: { maxTokens: limits.maxTokens },
    allowBatchedHttpRequests: false,
    formatError: createFormatError(options.production ?? false),
    // GraphiQL is served by http.ts from local files; Apollo's landing page would load a CDN.
    plugins: [ApolloServerPluginLandingPageDisabled(), queryLimitsPlugin(limits)],
  });
}
