/**
 * Preloaded into each benchmarked server (`node --import tsx --import ./bench/compare/driverProbe.ts ...`):
 * counts the Cypher statements the process sends through neo4j-driver (every `run`, in a
 * transaction or auto-commit) and the transactions it opens, and keeps the most recent statements
 * so that the harness can PROFILE exactly what a server ran for a request. The figures are served
 * on BENCH_PROBE_PORT (127.0.0.1): GET /stats, POST /reset. Nothing of the server is changed.
 */
import { createServer } from 'node:http';
import neo4j from 'neo4j-driver';

interface Recorded {
  text: string;
  params: Record<string, unknown>;
}

const state = { runs: 0, transactions: 0, recent: [] as Recorded[] };
const KEEP = 50;

function record(query: unknown, params: unknown): void {
  state.runs++;
  const text = typeof query === 'string' ? query : String((query as { text?: string }).text ?? query);
  state.recent.push({
    text,
    params: (params ?? (query as { parameters?: Record<string, unknown> }).parameters ?? {}) as Record<string, unknown>,
  });
  if (state.recent.length > KEEP) state.recent.shift();
}

type Run = (this: unknown, query: unknown, params?: unknown, ...rest: unknown[]) => unknown;
const txProto = neo4j.Transaction.prototype as unknown as { run: Run; _begin: Run };
const sessionProto = neo4j.Session.prototype as unknown as { run: Run };

const txRun = txProto.run;
txProto.run = function (this: unknown, query: unknown, params?: unknown, ...rest: unknown[]) {
  record(query, params);
  return txRun.call(this, query, params, ...rest);
};
const txBegin = txProto._begin;
txProto._begin = function (this: unknown, ...args: unknown[]) {
  state.transactions++;
  return (txBegin as (...a: unknown[]) => unknown).apply(this, args);
};
// Auto-commit statements: one implicit transaction each.
const sessionRun = sessionProto.run;
sessionProto.run = function (this: unknown, query: unknown, params?: unknown, ...rest: unknown[]) {
  record(query, params);
  state.transactions++;
  return sessionRun.call(this, query, params, ...rest);
};

const port = Number(process.env.BENCH_PROBE_PORT);
if (Number.isInteger(port) && port > 0) {
  const server = createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/reset') {
      state.runs = 0;
      state.transactions = 0;
      state.recent = [];
      res.writeHead(204).end();
      return;
    }
    if (req.method === 'GET' && req.url === '/stats') {
      const body = JSON.stringify({ runs: state.runs, transactions: state.transactions, recent: state.recent }, (_k, v: unknown) =>
        neo4j.isInt(v) ? { $int: (v as { toString(): string }).toString() } : typeof v === 'bigint' ? { $int: v.toString() } : v,
      );
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
      return;
    }
    res.writeHead(404).end();
  });
  server.listen(port, '127.0.0.1');
  server.unref();
}
