import { readFileSync } from 'node:fs';
import type { LoadQuery } from './loadQueries.ts';

/** What happened to one request of a load run. Times are Date.now() milliseconds. */
export interface RequestRecord {
  name: string;
  startedAt: number;
  endedAt: number;
  /** HTTP status; 0 when no response came (refused, reset, timed out). */
  status: number;
  /** extensions.code of the response's errors, in order. */
  errorCodes: string[];
  /** Errors without extensions.code: a contract breach, every error must carry one. */
  uncodedErrors: number;
  transportError?: string;
}

export interface LoadOptions {
  /** The server's base URL; only loopback addresses are accepted (see assertLoopback). */
  url: string;
  /** Requests in flight at once. */
  concurrency: number;
  /** Stop after this many requests have been sent... */
  maxRequests: number;
  /** ...or after this long, whichever comes first. */
  maxDurationMs: number;
  pick: () => LoadQuery;
  /** Per request; a request past it counts as a transport error. */
  timeoutMs?: number;
  /** Checked before each request: true stops the run early (for tests that end a load on an event). */
  shouldStop?: () => boolean;
  /** Called with each record as its request ends. */
  onRecord?: (record: RequestRecord) => void;
}

/** Refuses any target but this machine's loopback: load is never sent anywhere else. */
export function assertLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (!/^127(?:\.\d{1,3}){3}$/.test(host) && host !== 'localhost' && host !== '[::1]') {
    throw new Error(`load runs only against loopback addresses (127.0.0.0/8, localhost, [::1]); refusing ${host}`);
  }
}

/**
 * Sends GraphQL POSTs from `pick()` with `concurrency` requests in flight until `maxRequests`
 * were sent, `maxDurationMs` passed or `shouldStop()` said so, and resolves with a record per
 * request. Never throws for a failed request: failures are data.
 */
export async function runLoad(options: LoadOptions): Promise<RequestRecord[]> {
  assertLoopback(options.url);
  const records: RequestRecord[] = [];
  const deadline = Date.now() + options.maxDurationMs;
  let sent = 0;
  const more = () => sent < options.maxRequests && Date.now() < deadline && !options.shouldStop?.();
  const worker = async () => {
    while (more()) {
      sent += 1;
      const record = await send(options.url, options.pick(), options.timeoutMs ?? 30_000);
      records.push(record);
      options.onRecord?.(record);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return records;
}

async function send(url: string, query: LoadQuery, timeoutMs: number): Promise<RequestRecord> {
  const startedAt = Date.now();
  try {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-apollo-operation-name': query.name },
      body: JSON.stringify({ query: query.query, variables: query.variables ?? {} }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let errors: { extensions?: { code?: unknown } }[] = [];
    try {
      errors = (JSON.parse(text) as { errors?: typeof errors }).errors ?? [];
    } catch {
      errors = [{}];
    }
    const codes = errors.map((e) => e.extensions?.code).filter((c): c is string => typeof c === 'string');
    return {
      name: query.name,
      startedAt,
      endedAt: Date.now(),
      status: response.status,
      errorCodes: codes,
      uncodedErrors: errors.length - codes.length,
    };
  } catch (error) {
    return {
      name: query.name,
      startedAt,
      endedAt: Date.now(),
      status: 0,
      errorCodes: [],
      uncodedErrors: 0,
      transportError: (error as Error).message,
    };
  }
}

/** The value at quantile q (0 to 1) of ascending numbers, nearest rank. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Counts, throughput and latency quantiles (ms) of a run. */
export function summarize(records: readonly RequestRecord[]) {
  const latencies = records.map((r) => r.endedAt - r.startedAt).sort((a, b) => a - b);
  const span = records.length ? Math.max(...records.map((r) => r.endedAt)) - Math.min(...records.map((r) => r.startedAt)) : 0;
  const count = (select: (r: RequestRecord) => boolean) => records.filter(select).length;
  const codes: Record<string, number> = {};
  for (const r of records) for (const c of r.errorCodes) codes[c] = (codes[c] ?? 0) + 1;
  return {
    requests: records.length,
    seconds: Math.round(span / 100) / 10,
    perSecond: span > 0 ? Math.round((records.length / span) * 1000) : 0,
    p50Ms: quantile(latencies, 0.5),
    p90Ms: quantile(latencies, 0.9),
    p99Ms: quantile(latencies, 0.99),
    maxMs: latencies.at(-1) ?? Number.NaN,
    status5xx: count((r) => r.status >= 500),
    transportErrors: count((r) => r.status === 0),
    withErrors: count((r) => r.errorCodes.length + r.uncodedErrors > 0),
    uncodedErrors: records.reduce((sum, r) => sum + r.uncodedErrors, 0),
    errorCodes: codes,
  };
}

/** A process's resident set size in bytes, from /proc (Linux); null where there is no /proc. */
export function rssOf(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

export const megabytes = (bytes: number | null) => (bytes === null ? null : Math.round(bytes / 1024 / 102.4) / 10);
