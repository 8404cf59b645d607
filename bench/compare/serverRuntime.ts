/**
 * A Papergraph server's runtime during a measured run, from its /metrics (prom-client's default
 * metrics): the GC pauses by kind and the longest event-loop delay, so that a latency tail can be
 * told apart from a pause of the server's own. The other systems have no /metrics: null.
 */

/** Garbage-collection pauses of a Papergraph server, by kind (prom-client's nodejs_gc_duration_seconds). */
export type GcPauses = Record<string, { count: number; seconds: number }>;

/** What a Papergraph server's /metrics says of its runtime: GC totals so far, and the longest event-loop delay since the last reading. */
export interface RuntimeReading {
  gc: GcPauses;
  /** prom-client's nodejs_eventloop_lag_max_seconds, in ms: its histogram is reset by every scrape, so this covers the time since the one before. */
  eventLoopLagMaxMs: number | null;
}

/** One reading of the server's /metrics; null for a server without them (the other systems). */
export async function readRuntime(port: number): Promise<RuntimeReading | null> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(5000) });
    if (!res.ok) {
      await res.arrayBuffer();
      return null;
    }
    const text = await res.text();
    const gc: GcPauses = {};
    for (const match of text.matchAll(/^nodejs_gc_duration_seconds_(sum|count)\{kind="(\w+)"\} (\S+)$/gm)) {
      const entry = (gc[match[2]!] ??= { count: 0, seconds: 0 });
      if (match[1] === 'sum') entry.seconds = Number(match[3]);
      else entry.count = Number(match[3]);
    }
    const lag = /^nodejs_eventloop_lag_max_seconds (\S+)$/m.exec(text);
    if (Object.keys(gc).length === 0 && !lag) return null;
    return { gc, eventLoopLagMaxMs: lag ? Number(lag[1]) * 1000 : null };
  } catch {
    return null;
  }
}

/** The same figures over one run, from the readings before and after it: GC pauses kind by kind, and the longest event-loop delay. */
export type RuntimeShare = RuntimeReading;

export function runtimeBetween(before: RuntimeReading | null, after: RuntimeReading | null): RuntimeShare | null {
  if (!before || !after) return null;
  const gc = Object.fromEntries(
    Object.entries(after.gc).map(([kind, a]) => [
      kind,
      { count: a.count - (before.gc[kind]?.count ?? 0), seconds: a.seconds - (before.gc[kind]?.seconds ?? 0) },
    ]),
  );
  return { gc, eventLoopLagMaxMs: after.eventLoopLagMaxMs };
}

/** `gc major 1 (412 ms), minor 140 (95 ms); event loop delay max 61 ms`. */
export function formatRuntimeShare(share: RuntimeShare): string {
  const parts = Object.entries(share.gc)
    .filter(([, p]) => p.count > 0)
    .map(([kind, p]) => `${kind} ${p.count} (${Math.round(p.seconds * 1000)} ms)`);
  const lag = share.eventLoopLagMaxMs === null ? '' : `; event loop delay max ${Math.round(share.eventLoopLagMaxMs)} ms`;
  return `gc ${parts.length > 0 ? parts.join(', ') : 'none'}${lag}`;
}
