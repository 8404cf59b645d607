import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { BatchRead } from '../store/batchRead.ts';
import { DATABASE_FILE } from '../store/embedded/database.ts';
import type { GraphStore } from '../store/GraphStore.ts';
import type { RequestFacts } from './apollo.ts';

/**
 * Operation names become label values: a client could send a new one with every request, so
 * names are kept only when they look like GraphQL names, and only for the first this many;
 * the rest count under `other`.
 */
const MAX_OPERATION_NAMES = 200;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** The routes HTTP metrics are labelled with: the server's own paths, anything else is `other`. */
export type MetricsRoute = '/graphql' | '/graphql/assets' | '/explorer' | '/health' | '/ready' | '/metrics' | 'other';

/** Seconds: GraphQL over HTTP requests are mostly milliseconds; the query timeout is 4.5 s by default. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const COUNT_BUCKETS = [1, 2, 3, 5, 10, 20, 50, 100, 200, 500, 1000];

export interface MetricsOptions {
  store: GraphStore;
  /** The embedded store's data directory: its database file sizes are reported when given. */
  dataDir?: string | null;
}

/** What one GraphQL request asks of the store, counted by instrumentStore. */
export interface StoreUse {
  /** The store to hand the request's context: the real one, every call counted. */
  store: GraphStore;
  /** Calls made through `store` so far. */
  calls(): number;
}

/** The server's Prometheus metrics (one registry per server, so that servers in one process do not mix). */
export interface ServerMetrics {
  registry: Registry;
  /** Counts a request on its way in; the function it returns records its end, with its status. */
  httpRequestStarted(route: MetricsRoute): (status: number) => void;
  /** Records a GraphQL request once its response has gone out: operation, outcome, latency, store calls. */
  graphqlRequestEnded(facts: RequestFacts, seconds: number, storeCalls: number): void;
  /** Wraps the store for one request: counts its calls, and the batch sizes its DataLoaders send. */
  instrumentStore(store: GraphStore): StoreUse;
  /** The exposition: Prometheus text format, with its content type. */
  render(): Promise<{ contentType: string; body: string }>;
}

/**
 * Given the server's store (and the embedded store's data directory), produces its metrics:
 * - `papergraph_http_requests_total{route,status}`, `papergraph_http_request_duration_seconds{route}`,
 *   `papergraph_http_requests_in_flight`;
 * - `papergraph_graphql_requests_total{operation,type,outcome}` (outcome `ok` or `error`),
 *   `papergraph_graphql_errors_total{code}`, `papergraph_graphql_request_duration_seconds{operation,type}`;
 * - `papergraph_graphql_store_calls` (store calls per GraphQL request), `papergraph_store_calls_total{method}`;
 * - `papergraph_dataloader_batch_size{read}` (keys per DataLoader batch, e.g. read="relationships:MENTIONS:out"),
 *   `papergraph_store_read_batch_reads` (DataLoader batches sent to the store together);
 * - `papergraph_store_nodes{store,label}`, `papergraph_store_relationships{store,type}` (store.stats() at
 *   each scrape), `papergraph_embedded_database_bytes{file}` (papergraph.db and its -wal, embedded store);
 * - Node's process metrics (`process_*`, `nodejs_*`) from prom-client.
 */
export function createMetrics(options: MetricsOptions): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const httpRequests = new Counter({
    name: 'papergraph_http_requests_total',
    help: 'HTTP requests answered, by route and status.',
    labelNames: ['route', 'status'],
    registers,
  });
  const httpDuration = new Histogram({
    name: 'papergraph_http_request_duration_seconds',
    help: 'Time from a request coming in to its response having gone out, by route.',
    labelNames: ['route'],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const inFlight = new Gauge({ name: 'papergraph_http_requests_in_flight', help: 'HTTP requests being answered right now.', registers });
  const graphqlRequests = new Counter({
    name: 'papergraph_graphql_requests_total',
    help: 'GraphQL requests, by operation name (anonymous, other past 200 names), operation type and outcome (ok: no errors; error: at least one).',
    labelNames: ['operation', 'type', 'outcome'],
    registers,
  });
  const graphqlErrors = new Counter({
    name: 'papergraph_graphql_errors_total',
    help: 'Errors in GraphQL responses, by extensions.code.',
    labelNames: ['code'],
    registers,
  });
  const graphqlDuration = new Histogram({
    name: 'papergraph_graphql_request_duration_seconds',
    help: 'Time to answer a GraphQL request, by operation name and type.',
    labelNames: ['operation', 'type'],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const storeCallsPerRequest = new Histogram({
    name: 'papergraph_graphql_store_calls',
    help: 'Store calls one GraphQL request made.',
    buckets: COUNT_BUCKETS,
    registers,
  });
  const storeCalls = new Counter({
    name: 'papergraph_store_calls_total',
    help: 'Store calls made by GraphQL requests, by store method.',
    labelNames: ['method'],
    registers,
  });
  const batchSize = new Histogram({
    name: 'papergraph_dataloader_batch_size',
    help: 'Keys in one DataLoader batch, by the read it became (kind:label or kind:type:direction).',
    labelNames: ['read'],
    buckets: COUNT_BUCKETS,
    registers,
  });
  const readsPerBatch = new Histogram({
    name: 'papergraph_store_read_batch_reads',
    help: 'DataLoader batches sent to the store in one readBatch call.',
    buckets: COUNT_BUCKETS,
    registers,
  });

  const { store, dataDir } = options;
  new Gauge({
    name: 'papergraph_store_nodes',
    help: 'Nodes in the store, by label (store.stats() at scrape time).',
    labelNames: ['store', 'label'],
    registers,
    async collect() {
      const stats = await store.stats().catch(() => null);
      this.reset();
      for (const [label, count] of Object.entries(stats?.nodes ?? {})) this.set({ store: store.kind, label }, count);
    },
  });
  new Gauge({
    name: 'papergraph_store_relationships',
    help: 'Relationships in the store, by type (store.stats() at scrape time).',
    labelNames: ['store', 'type'],
    registers,
    async collect() {
      const stats = await store.stats().catch(() => null);
      this.reset();
      for (const [type, count] of Object.entries(stats?.relationships ?? {})) this.set({ store: store.kind, type }, count);
    },
  });
  if (store.kind === 'embedded' && dataDir) {
    new Gauge({
      name: 'papergraph_embedded_database_bytes',
      help: "Size of the embedded store's SQLite files: papergraph.db and its write-ahead log papergraph.db-wal.",
      labelNames: ['file'],
      registers,
      async collect() {
        for (const file of [DATABASE_FILE, `${DATABASE_FILE}-wal`]) {
          const size = await stat(join(dataDir, file)).then(
            (info) => info.size,
            () => 0,
          );
          this.set({ file }, size);
        }
      },
    });
  }

  const operationNames = new Set<string>();
  const operationLabel = (name: string | null): string => {
    if (name === null) return 'anonymous';
    if (!OPERATION_NAME.test(name)) return 'other';
    if (operationNames.has(name)) return name;
    if (operationNames.size >= MAX_OPERATION_NAMES) return 'other';
    operationNames.add(name);
    return name;
  };

  return {
    registry,
    httpRequestStarted(route) {
      inFlight.inc();
      const end = httpDuration.startTimer({ route });
      return (status) => {
        inFlight.dec();
        end();
        httpRequests.inc({ route, status: String(status) });
      };
    },
    graphqlRequestEnded(facts, seconds, calls) {
      const operation = operationLabel(facts.operationName);
      const type = facts.operationType ?? 'none';
      graphqlRequests.inc({ operation, type, outcome: facts.errorCodes.length === 0 ? 'ok' : 'error' });
      for (const code of facts.errorCodes) graphqlErrors.inc({ code });
      graphqlDuration.observe({ operation, type }, seconds);
      storeCallsPerRequest.observe(calls);
    },
    instrumentStore(inner) {
      let calls = 0;
      const wrapped = new Map<PropertyKey, unknown>();
      // The proxy's own target is an empty object on the store's prototype chain, so that the
      // proxy may answer with wrappers even for the store's read-only properties.
      const store = new Proxy(Object.create(inner) as GraphStore, {
        get(_target, property) {
          const value = Reflect.get(inner, property, inner) as unknown;
          if (typeof value !== 'function' || property === 'constructor') return value;
          let wrapper = wrapped.get(property);
          if (!wrapper) {
            const method = String(property);
            wrapper = (...args: unknown[]) => {
              calls += 1;
              storeCalls.inc({ method });
              if (method === 'readBatch') observeBatch(args[0] as readonly BatchRead[]);
              // Called on the store itself: class stores keep private state a proxy cannot reach.
              return (value as (...a: unknown[]) => unknown).apply(inner, args);
            };
            wrapped.set(property, wrapper);
          }
          return wrapper;
        },
      });
      return { store, calls: () => calls };
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };

  function observeBatch(reads: readonly BatchRead[]): void {
    readsPerBatch.observe(reads.length);
    for (const read of reads) {
      if (!('ids' in read)) continue;
      const name = read.kind === 'nodes' ? `nodes:${read.label}` : `${read.kind}:${read.type}:${read.direction}`;
      batchSize.observe({ read: name }, read.ids.length);
    }
  }
}

/** The route label of a request path. */
export function metricsRoute(path: string): MetricsRoute {
  if (path === '/graphql' || path === '/health' || path === '/ready' || path === '/metrics') return path;
  if (path.startsWith('/graphql/assets/')) return '/graphql/assets';
  if (path === '/explorer' || path.startsWith('/explorer/')) return '/explorer';
  return 'other';
}
