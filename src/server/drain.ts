import type { Server } from 'node:http';

/** The server's state as close() and the request handler share it. */
export interface Lifecycle {
  stopping: boolean;
  inFlight: number;
  /** Called when the last request in flight has ended. */
  onIdle: (() => void) | null;
}

/** A Lifecycle of a server that runs and has no request in flight. */
export function createLifecycle(): Lifecycle {
  return { stopping: false, inFlight: 0, onIdle: null };
}

/**
 * Stops `server` taking connections, waits up to `timeoutMs` for the requests in flight to end,
 * cuts the connections of those still running, then runs `stopAfter` (Apollo's stop). Resolves
 * with how many requests were in flight when it began and how many had to be cut.
 */
export async function drainAndClose(
  server: Server,
  lifecycle: Lifecycle,
  timeoutMs: number,
  stopAfter: () => Promise<void>,
): Promise<{ inFlight: number; cut: number }> {
  lifecycle.stopping = true;
  const inFlight = lifecycle.inFlight;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // Keep-alive connections between requests would otherwise hold close() open until they time out.
  server.closeIdleConnections();
  const drained = await new Promise<boolean>((resolve) => {
    if (lifecycle.inFlight === 0) return resolve(true);
    const timer = setTimeout(() => resolve(false), timeoutMs);
    lifecycle.onIdle = () => {
      clearTimeout(timer);
      resolve(true);
    };
  });
  const cut = drained ? 0 : lifecycle.inFlight;
  if (drained) server.closeIdleConnections();
  else server.closeAllConnections();
  await closed;
  await stopAfter();
  return { inFlight, cut };
}
