import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type HTTPGraphQLRequest, type HTTPGraphQLResponse } from '@apollo/server';
import type { Taxonomy } from '../extract/taxonomy.ts';
import type { GraphStore } from '../store/GraphStore.ts';
import { Deadline, QUERY_TIMEOUT_CODE, runWithDeadline } from '../store/deadline.ts';
import { requestFacts, type RequestFacts } from './apollo.ts';
import { readJsonBody } from './body.ts';
import { createContext, type Context } from './context.ts';
import { appendVary } from './cors.ts';
import { serveGraphiqlPage, wantsGraphiql } from './graphiql.ts';
import type { ServerMetrics } from './metrics.ts';
import { mediaType, sendError, sendMethodNotAllowed } from './responses.ts';

/** Methods /graphql answers; anything else gets 405 with this as `Allow`. */
export const GRAPHQL_METHODS = 'GET, POST, OPTIONS';

export interface GraphqlRouteOptions {
  apollo: ApolloServer<Context>;
  store: GraphStore;
  taxonomy: Taxonomy;
  apiKey: string | null;
  /** Answers a CORS preflight (true: answered) and sets CORS headers on the rest. */
  cors: (req: IncomingMessage, res: ServerResponse) => boolean;
  /** See ServerOptions.queryTimeoutMs; null: as long as it takes. */
  queryTimeoutMs: number | null;
  metrics: ServerMetrics;
}

/** Answers one request to /graphql, filling in its RequestFacts. */
export type GraphqlRoute = (req: IncomingMessage, res: ServerResponse, url: URL, facts: RequestFacts) => Promise<void>;

/**
 * The GraphQL layer of /graphql: CORS, the GraphiQL page for browsers, GraphQL over HTTP through
 * Apollo (GET and POST; CSRF prevention on), the query deadline, and the operation's metrics
 * (outcome, latency, store calls, DataLoader batch sizes).
 */
export function createGraphqlRoute(options: GraphqlRouteOptions): GraphqlRoute {
  const { apollo, cors, queryTimeoutMs, metrics } = options;
  return async (req, res, url, facts) => {
    const method = req.method ?? 'GET';
    if (cors(req, res)) return; // a preflight, answered
    if (method === 'OPTIONS') {
      // Not a preflight we allow (same-origin, or a foreign origin that gets no CORS headers, so the browser refuses).
      res.statusCode = 204;
      res.setHeader('allow', GRAPHQL_METHODS);
      res.end();
      return;
    }
    if (wantsGraphiql(method, url.searchParams, req.headers.accept)) {
      appendVary(res, 'Accept');
      return serveGraphiqlPage(res);
    }
    // Apollo would answer these too, but with an Allow header that omits OPTIONS.
    if (method !== 'GET' && method !== 'POST') return sendMethodNotAllowed(res, GRAPHQL_METHODS);

    let body: unknown;
    if (method === 'POST') {
      const parsed = await readJsonBody(req);
      if (!parsed.ok) return sendError(res, parsed.status, parsed.message, parsed.code, parsed.headers);
      body = parsed.value;
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    // Apollo runs its CSRF prevention here: a GET (or a POST with a CORS-safelisted content type,
    // which readJsonBody already refused) must carry apollo-require-preflight or
    // x-apollo-operation-name, else it gets 400 without executing, so a foreign page cannot run
    // an operation through a plain <img> or <form> request.
    const httpGraphQLRequest: HTTPGraphQLRequest = { method, headers, search: url.search, body };
    requestFacts.set(httpGraphQLRequest, facts);
    const started = performance.now();
    const storeUse = metrics.instrumentStore(options.store);
    const ended = () => metrics.graphqlRequestEnded(facts, (performance.now() - started) / 1000, storeUse.calls());
    const execute = () =>
      apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest,
        context: () =>
          createContext({
            store: storeUse.store,
            taxonomy: options.taxonomy,
            apiKey: options.apiKey,
            authorization: req.headers.authorization,
          }),
      });
    const isQuery = () => facts.operationType !== 'mutation';
    // Every store read of the execution sees the deadline (store/deadline.ts): the embedded
    // traversals check it as they go, Neo4j reads get it as their transaction timeout.
    const execution = queryTimeoutMs === null ? execute() : runWithDeadline(new Deadline(queryTimeoutMs, isQuery), execute);
    const response = queryTimeoutMs === null ? await execution : await withDeadline(execution, queryTimeoutMs, isQuery);
    if (response === DEADLINE_PASSED || facts.errorCodes.includes(QUERY_TIMEOUT_CODE)) {
      // Past the deadline the execution goes on unobserved, but not for long: its reads are cut
      // as above (QUERY_TIMEOUT), and a cut read anywhere makes the whole answer this 503.
      execution.catch(() => undefined);
      facts.errorCodes = ['SERVICE_UNAVAILABLE'];
      ended();
      const message = `The query did not finish within ${queryTimeoutMs} ms: the graph store is slow or unreachable right now; retry shortly (GET /ready reports its state).`;
      return sendError(res, 503, message, 'SERVICE_UNAVAILABLE', { 'retry-after': '2' });
    }
    for (const [key, value] of response.headers) {
      if (key === 'vary') value.split(',').forEach((field) => appendVary(res, field.trim()));
      else res.setHeader(key, value);
    }
    // The response's media type depends on Accept (application/json or application/graphql-response+json).
    appendVary(res, 'Accept');
    res.statusCode = legacyJsonStatus(response);
    if (response.body.kind === 'complete') {
      ended();
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    ended();
    res.end();
  };
}

/**
 * Apollo error codes of a well-formed HTTP request whose GraphQL document or variables are at
 * fault (it does not parse, does not validate, names no operation of the document, or its
 * variables do not coerce). Apollo answers them with 400 whatever the response media type.
 */
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_USER_INPUT',
]);

/**
 * The status to send for Apollo's response. GraphQL over HTTP asks for 200 on such request errors
 * when the response is `application/json` (legacy clients treat any non-2xx as a transport
 * failure and would never read the errors), while `application/graphql-response+json` keeps
 * Apollo's 400. Malformed HTTP requests (code BAD_REQUEST, e.g. the CSRF check) keep their 400.
 */
function legacyJsonStatus(response: HTTPGraphQLResponse): number {
  const status = response.status ?? 200;
  if (status !== 400 || response.body.kind !== 'complete') return status;
  if (mediaType(response.headers.get('content-type')) !== 'application/json') return status;
  let result: unknown;
  try {
    result = JSON.parse(response.body.string);
  } catch {
    return status;
  }
  if (typeof result !== 'object' || result === null || 'data' in result || !('errors' in result) || !Array.isArray(result.errors))
    return status;
  const codes = result.errors.map((error: unknown) => (error as { extensions?: { code?: unknown } } | null)?.extensions?.code);
  return codes.length > 0 && codes.every((code) => typeof code === 'string' && REQUEST_ERROR_CODES.has(code)) ? 200 : status;
}

const DEADLINE_PASSED = Symbol('deadline passed');

/**
 * Settles like `promise`, or with DEADLINE_PASSED once `ms` have passed and `cut()` agrees; when
 * it does not (a mutation), waits for the promise after all.
 */
async function withDeadline<T>(promise: Promise<T>, ms: number, cut: () => boolean): Promise<T | typeof DEADLINE_PASSED> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<typeof DEADLINE_PASSED | null>((resolve) => {
    timer = setTimeout(() => resolve(cut() ? DEADLINE_PASSED : null), ms);
  });
  try {
    const first = await Promise.race([promise, deadline]);
    return first === null ? await promise : first;
  } finally {
    clearTimeout(timer);
  }
}
