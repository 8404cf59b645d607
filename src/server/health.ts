import type { ServerResponse } from 'node:http';
import type { GraphStore } from '../store/GraphStore.ts';
import { sendJson } from './responses.ts';

/**
 * /ready answers 503 when the store has not answered ping() within this. A Neo4j that is down
 * fails faster (see store/neo4j/driverConfig.ts); this bounds a store that hangs, so that a
 * load balancer's probe, typically given 1 to 5 s, gets an answer rather than its own timeout.
 */
export const READY_TIMEOUT_MS = 3_000;

/** /health: 200 while the process runs. */
export function sendHealth(res: ServerResponse): void {
  sendJson(res, 200, { status: 'ok' });
}

/**
 * /ready: 200 `{ status: 'ready' }` when the store answers ping() within READY_TIMEOUT_MS;
 * 503 `stopping` while the server drains (so a load balancer sends new requests elsewhere), or
 * `unavailable` with the reason.
 */
export async function sendReadiness(res: ServerResponse, store: GraphStore, stopping: boolean): Promise<void> {
  if (stopping) return sendJson(res, 503, { status: 'stopping', store: store.kind });
  try {
    await withTimeout(store.ping(), READY_TIMEOUT_MS, `the ${store.kind} store did not answer within ${READY_TIMEOUT_MS} ms`);
    return sendJson(res, 200, { status: 'ready', store: store.kind });
  } catch (error) {
    return sendJson(res, 503, { status: 'unavailable', store: store.kind, error: (error as Error).message });
  }
}

/** Settles like `promise`, or rejects with `message` after `ms`. */
async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
