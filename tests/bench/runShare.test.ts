import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCpuShare, startCpuShare } from '../../bench/compare/cpuShare.ts';
import { formatRuntimeShare, readRuntime, runtimeBetween } from '../../bench/compare/serverRuntime.ts';

/**
 * What the bench logs beside each run: the CPU share read from /proc (this process stands in for
 * the measured server) and a server's runtime read from /metrics, served here by prom-client's
 * own default metrics, as Papergraph's server serves them.
 */
describe('bench CPU share (/proc)', () => {
  it('counts the CPU a process used during the run, per completed request, and leaves unknown processes null', async () => {
    const share = startCpuShare({ server: process.pid, neo4j: null, others: [process.pid] });
    // The loop-delay sampler is a 10-ms timer whose first firing only sets its reference time: a
    // 20-ms timer set after it fires after that firing (libuv runs due timers in order).
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Burn at least 50 ms of this process's CPU (counted by the kernel, not by a clock).
    const start = process.cpuUsage();
    let x = 0;
    while (process.cpuUsage(start).user < 50_000) x += Math.sqrt(x + 1);
    expect(x).toBeGreaterThan(0);
    // Let one timers phase pass after the burn, so that the sampler records it.
    await new Promise(setImmediate);
    await new Promise(setImmediate);
    const cpu = share(10);
    // /proc counts in 10-ms ticks: at least 40 ms of the 50 ms, over 10 requests.
    expect(cpu.serverMsPerRequest).toBeGreaterThanOrEqual(4);
    expect(cpu.neo4jSeconds).toBeNull();
    expect(cpu.otherServersSeconds).toBeGreaterThanOrEqual(0.04);
    expect(cpu.benchSeconds).toBeGreaterThanOrEqual(0.05);
    expect(cpu.machineBusy).toBeGreaterThan(0);
    expect(cpu.machineBusy).toBeLessThanOrEqual(1);
    // The burn held this process's event loop for at least 50 ms of CPU, so at least 40 ms of wall time.
    expect(cpu.benchLoopDelayMaxMs).toBeGreaterThanOrEqual(40);
    expect(formatCpuShare(cpu)).toMatch(
      /^cpu server \d+\.\d\d ms\/req, neo4j \?, others \d+\.\d s, bench \d+\.\d s \(loop delay max \d+ ms\), machine \d+%$/,
    );
  });

  it('reports no figure per request when none completed, and none for a process that is gone', () => {
    const cpu = startCpuShare({ server: 2 ** 22 + 12_345, neo4j: null, others: [] })(0);
    expect(cpu.serverMsPerRequest).toBeNull();
    expect(cpu.otherServersSeconds).toBe(0);
  });
});

describe('bench server runtime (/metrics)', () => {
  let server: Server;
  let port: number;
  const registry = new Registry();

  beforeAll(async () => {
    collectDefaultMetrics({ register: registry });
    server = createServer((req, res) => {
      if (req.url !== '/metrics') return void res.writeHead(404).end();
      void registry.metrics().then((text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("reads GC pauses and the event-loop delay from prom-client's metrics, and gives a run's GC as the difference", async () => {
    const before = await readRuntime(port);
    expect(before).not.toBeNull();
    expect(before!.eventLoopLagMaxMs).toEqual(expect.any(Number));
    // Allocate until a young-generation GC is reported (prom-client observes GC entries asynchronously).
    let after = before!;
    const kept: unknown[] = [];
    while ((after.gc.minor?.count ?? 0) <= (before!.gc.minor?.count ?? 0)) {
      for (let i = 0; i < 100_000; i++) kept.push({ i });
      kept.length = 0;
      await new Promise((resolve) => setImmediate(resolve));
      after = (await readRuntime(port))!;
    }
    const run = runtimeBetween(before, after)!;
    expect(run.gc.minor!.count).toBeGreaterThan(0);
    expect(run.gc.minor!.seconds).toBeGreaterThan(0);
    expect(formatRuntimeShare(run)).toMatch(/^gc .*minor \d+ \(\d+ ms\).*; event loop delay max \d+ ms$/);
  });

  it('gives null for a server without /metrics, as the other systems are', async () => {
    const missing = createServer((_req, res) => res.writeHead(404).end());
    await new Promise<void>((resolve) => missing.listen(0, '127.0.0.1', resolve));
    try {
      expect(await readRuntime((missing.address() as AddressInfo).port)).toBeNull();
    } finally {
      await new Promise<void>((resolve) => missing.close(() => resolve()));
    }
    expect(runtimeBetween(null, null)).toBeNull();
  });
});
