import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApolloServer } from '@apollo/server';
import type { Taxonomy } from '../extract/taxonomy.ts';
import { requestIdFrom, silentLogger, type Logger } from '../logging.ts';
import type { GraphStore } from '../store/GraphStore.ts';
import { createApollo, type RequestFacts } from './apollo.ts';
import type { Context } from './context.ts';
import { createCorsHandler } from './cors.ts';
import { createLifecycle, drainAndClose } from './drain.ts';
import { EXPLORER_PATH, serveExplorer } from './explorer.ts';
import { EXPORT_PATH, serveExport } from './exportRoute.ts';
import { GRAPHIQL_ASSET_PREFIX, serveGraphiqlAsset } from './graphiql.ts';
import { createGraphqlRoute } from './graphqlRoute.ts';
import { sendHealth, sendReadiness } from './health.ts';
import { createMetrics, metricsRoute, type ServerMetrics } from './metrics.ts';
import { logRequest } from './requestLog.ts';
import { sendError, sendJson, sendMethodNotAllowed } from './responses.ts';

export { MAX_BODY_BYTES } from './body.ts';
export { READY_TIMEOUT_MS } from './health.ts';

/** How long close() waits for requests in flight before cutting their connections, by default. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;

/** The header carrying the request id, both ways. */
const REQUEST_ID_HEADER = 'x-request-id';

export interface ServerOptions {
  store: GraphStore;
  port: number;
  host: string;
  production?: boolean;
  /** The server's API key (PAPERGRAPH_API_KEY). Omitted or null: mutations are off. */
  apiKey?: string | null;
  /** The concept taxonomy ingest mutations match against. Omitted: an empty one (nothing matches). */
  taxonomy?: Taxonomy;
  /**
   * Origins whose pages may call /graphql from a browser (CORS), e.g. from CORS_ORIGINS through
   * parseCorsOrigins; `*` allows any origin. Omitted or empty: same-origin only.
   */
  corsOrigins?: readonly string[];
  /** One JSON line per request goes here (see logRequest); omitted: nothing is logged. */
  logger?: Logger;
  /** How long close() lets requests in flight finish; default DEFAULT_SHUTDOWN_TIMEOUT_MS. */
  shutdownTimeoutMs?: number;
  /**
   * How long a query may run before it is answered 503 SERVICE_UNAVAILABLE (QUERY_TIMEOUT_MS);
   * omitted: as long as it takes. Mutations always run to their end: a write cut short would
   * still commit, unknown to the client. A Neo4j that refuses connections fails faster (see
   * driverConfig.ts), but one whose Bolt port is up while its database is still starting or
   * recovering holds queries until the database is available, and nothing in the driver bounds that.
   */
  queryTimeoutMs?: number;
  /** The embedded store's data directory (PAPERGRAPH_DATA_DIR): /metrics reports its database file sizes. */
  dataDir?: string | null;
}

export interface RunningServer {
  url: string;
  server: Server;
  apollo: ApolloServer<Context>;
  /** What /metrics serves. */
  metrics: ServerMetrics;
  /**
   * Stops taking connections, lets the requests in flight finish (their responses say
   * `Connection: close`, and /ready answers 503 meanwhile), cuts whatever is still running after
   * `shutdownTimeoutMs`, then stops Apollo. The store is the caller's to close. Resolves with
   * how many requests were in flight and how many of them had to be cut.
   */
  close(): Promise<{ inFlight: number; cut: number }>;
}

/** The request target as a URL, or null when it does not parse as one. */
function requestUrl(target: string | undefined): URL | null {
  try {
    return new URL(target ?? '/', 'http://localhost');
  } catch {
    return null;
  }
}

/** Stands in when no taxonomy is given: ingest then matches no curated concept. */
const EMPTY_TAXONOMY: Taxonomy = { version: 1, concepts: [] };

/**
 * Starts the HTTP server and resolves once it listens:
 * - /graphql: GraphQL over HTTP and the GraphiQL page (see graphqlRoute.ts);
 * - /graphql/assets/<name>: GraphiQL's scripts and stylesheets, from node_modules;
 * - /explorer: the graph explorer (see explorer.ts);
 * - /health: 200 while the process runs; /ready: 200 when the store answers ping() within
 *   READY_TIMEOUT_MS, else 503 with the reason (and 503 "stopping" while close() drains);
 * - /metrics: Prometheus text format (see metrics.ts).
 * A query still running after `queryTimeoutMs`, when given, is answered 503 SERVICE_UNAVAILABLE (mutations run to the end).
 * Every response carries `x-request-id` (the request's own when sane, see requestIdFrom, else a
 * new UUID), and every request is logged as one line to `logger` when it ends (see logRequest).
 * Errors are JSON: 404 unknown path, 405 wrong method, 413 body over MAX_BODY_BYTES,
 * 415 POST body not JSON, 400 malformed JSON. Throws if `corsOrigins` holds something not an origin.
 */
export async function startHttpServer(options: ServerOptions): Promise<RunningServer> {
  const logger = options.logger ?? silentLogger();
  const cors = createCorsHandler(options.corsOrigins ?? []);
  const apollo = createApollo({ production: options.production, logger });
  await apollo.start();
  const metrics = createMetrics({ store: options.store, dataDir: options.dataDir ?? null });
  const graphql = createGraphqlRoute({
    apollo,
    store: options.store,
    taxonomy: options.taxonomy ?? EMPTY_TAXONOMY,
    apiKey: options.apiKey ?? null,
    cors,
    queryTimeoutMs: options.queryTimeoutMs ?? null,
    metrics,
  });

  const lifecycle = createLifecycle();
  const server = createServer((req, res) => {
    const started = performance.now();
    const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    const facts: RequestFacts = { requestId, operationName: null, operationType: null, errorCodes: [] };
    const url = requestUrl(req.url);
    const httpEnded = metrics.httpRequestStarted(url ? metricsRoute(url.pathname) : 'other');
    lifecycle.inFlight += 1;
    // A keep-alive client must not send its next request on a connection about to be closed.
    if (lifecycle.stopping) res.setHeader('connection', 'close');
    let failure: unknown;
    res.once('close', () => {
      lifecycle.inFlight -= 1;
      httpEnded(res.statusCode);
      logRequest(logger, req, res, facts, performance.now() - started, failure);
      if (lifecycle.inFlight === 0) lifecycle.onIdle?.();
    });
    (url
      ? route(req, res, url, facts)
      : Promise.resolve(sendError(res, 400, 'the request target is not a valid path', 'BAD_REQUEST'))
    ).catch((error: unknown) => {
      failure = error;
      if (!res.headersSent) sendError(res, 500, 'Internal server error', 'INTERNAL_SERVER_ERROR');
      else res.destroy(error as Error);
    });
  });

  /** Sends each path to its handler; the methods each path answers are checked here. */
  async function route(req: IncomingMessage, res: ServerResponse, url: URL, facts: RequestFacts): Promise<void> {
    const method = req.method ?? 'GET';
    const path = url.pathname;
    if (path === '/graphql') return graphql(req, res, url, facts);
    const readOnly = method === 'GET' || method === 'HEAD';
    if (path === '/health' || path === '/ready' || path === '/metrics') {
      if (!readOnly) return sendMethodNotAllowed(res, 'GET, HEAD');
      if (path === '/health') return sendHealth(res);
      if (path === '/ready') return sendReadiness(res, options.store, lifecycle.stopping);
      const { contentType, body } = await metrics.render();
      res.setHeader('content-type', contentType);
      res.end(body);
      return;
    }
    if (path.startsWith(GRAPHIQL_ASSET_PREFIX)) {
      if (!readOnly) return sendMethodNotAllowed(res, 'GET, HEAD');
      // The name is looked up in an allow-list, never joined into a file path.
      return serveGraphiqlAsset(path.slice(GRAPHIQL_ASSET_PREFIX.length), req, res);
    }
    if (path === EXPORT_PATH) return serveExport(req, res, url, options.store);
    if (path === EXPLORER_PATH || path.startsWith(`${EXPLORER_PATH}/`)) {
      if (!readOnly) return sendMethodNotAllowed(res, 'GET, HEAD');
      return serveExplorer(path, req, res);
    }
    return sendJson(res, 404, { error: `no route ${path}; GraphQL is at /graphql` });
  }

  // Slow clients cannot hold a connection open forever: headers within 10 s, the whole request
  // (at most MAX_BODY_BYTES) within 30 s.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
  let closing: Promise<{ inFlight: number; cut: number }> | undefined;
  return {
    url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`,
    server,
    apollo,
    metrics,
    close: () => (closing ??= drainAndClose(server, lifecycle, shutdownTimeoutMs, () => apollo.stop())),
  };
}
