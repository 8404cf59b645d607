import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * Who used the machine's CPU during a measured run: the server measured, Neo4j, the other
 * servers (idle, one hopes), this process (autocannon and the driver) and the machine as a whole.
 * Read from Linux /proc, so that a latency tail can be told apart from a neighbour's burst: the
 * servers, Neo4j and the load generator share two cores. Elsewhere every figure is null.
 */
export interface CpuShare {
  /** CPU milliseconds of the measured server per completed request. */
  serverMsPerRequest: number | null;
  /** CPU seconds during the run. */
  neo4jSeconds: number | null;
  otherServersSeconds: number | null;
  benchSeconds: number;
  /**
   * Longest event-loop delay of this process (the load generator) during the run, in ms. autocannon
   * stamps a request's latency on this loop, so a stall here inflates every latency in flight, as
   * one in the server does.
   */
  benchLoopDelayMaxMs: number;
  /** Busy share of all cores over the run, 0..1. */
  machineBusy: number | null;
}

/** Linux reports process times in clock ticks, USER_HZ, which is 100 on every mainstream architecture. */
const CLOCK_TICKS = 100;

/** CPU time of a process (user + system, its own threads), in ms; null when it cannot be read. */
export function processCpuMs(pid: number | null | undefined): number | null {
  if (!pid) return null;
  try {
    // Fields after the parenthesised command name (which may hold spaces): utime and stime are fields 14 and 15.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** Busy and total jiffies of all cores (/proc/stat's first line), or null. */
function machineJiffies(): { busy: number; total: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
    const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number) as number[];
    const busy = user! + nice! + system! + irq! + softirq! + steal!;
    return { busy, total: busy + idle! + iowait! };
  } catch {
    return null;
  }
}

interface Snapshot {
  server: number | null;
  neo4j: number | null;
  others: (number | null)[];
  bench: number;
  machine: { busy: number; total: number } | null;
}

/** Take one snapshot before a run and call the returned function after it, with the requests it completed. */
export function startCpuShare(pids: { server: number | undefined; neo4j: number | null; others: (number | undefined)[] }) {
  const take = (): Snapshot => {
    const usage = process.cpuUsage();
    return {
      server: processCpuMs(pids.server),
      neo4j: processCpuMs(pids.neo4j),
      others: pids.others.map(processCpuMs),
      bench: (usage.user + usage.system) / 1000,
      machine: machineJiffies(),
    };
  };
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const before = take();
  return (completed: number): CpuShare => {
    const after = take();
    loopDelay.disable();
    const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : b - a);
    const server = diff(before.server, after.server);
    const neo4j = diff(before.neo4j, after.neo4j);
    const others = before.others.map((b, k) => diff(b, after.others[k]!));
    const othersKnown = others.every((ms) => ms !== null);
    const machine =
      before.machine && after.machine && after.machine.total > before.machine.total
        ? (after.machine.busy - before.machine.busy) / (after.machine.total - before.machine.total)
        : null;
    return {
      serverMsPerRequest: server === null || completed === 0 ? null : server / completed,
      neo4jSeconds: neo4j === null ? null : neo4j / 1000,
      otherServersSeconds: othersKnown ? (others as number[]).reduce((s, ms) => s + ms, 0) / 1000 : null,
      benchSeconds: (after.bench - before.bench) / 1000,
      benchLoopDelayMaxMs: loopDelay.max / 1e6,
      machineBusy: machine,
    };
  };
}

/** The share for the progress log: `cpu server 1.20 ms/req, neo4j 3.1 s, others 0.0 s, bench 4.2 s (loop delay max 21 ms), machine 97%`. */
export function formatCpuShare(share: CpuShare): string {
  const s = (v: number | null, digits: number, unit: string) => (v === null ? '?' : `${v.toFixed(digits)}${unit}`);
  return (
    `cpu server ${s(share.serverMsPerRequest, 2, ' ms/req')}, neo4j ${s(share.neo4jSeconds, 1, ' s')}, ` +
    `others ${s(share.otherServersSeconds, 1, ' s')}, bench ${share.benchSeconds.toFixed(1)} s ` +
    `(loop delay max ${Math.round(share.benchLoopDelayMaxMs)} ms), ` +
    `machine ${share.machineBusy === null ? '?' : `${Math.round(share.machineBusy * 100)}%`}`
  );
}
