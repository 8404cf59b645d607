import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startHttpServer } from '../../src/server/http.ts';
import type { GraphStore } from '../../src/store/GraphStore.ts';
import { EmbeddedStore } from '../../src/store/embedded/EmbeddedStore.ts';
import {
  REPO_ROOT,
  jsonLines,
  runProcess,
  startServer,
  startServerProcess,
  waitFor,
  within,
  type ServerProcess,
} from '../../testkit/processes.ts';

const API_KEY = 'shutdown-test-key-0123456789abcdef';

/** A store whose stats() waits until released: a request in flight for as long as a test wants. */
function gatedStore(inner: GraphStore) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let entered!: () => void;
  const started = new Promise<void>((resolve) => (entered = resolve));
  const store: GraphStore = Object.create(inner, {
    stats: {
      value: async () => {
        entered();
        await gate;
        return inner.stats();
      },
    },
  });
  return { store, started, release };
}

const statsQuery = (url: string) =>
  fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ stats { nodeCount } }' }),
  });

describe('close() drains in-process', () => {
  it('lets a request in flight finish while refusing new connections, then resolves', async () => {
    const memory = new EmbeddedStore();
    await memory.init();
    const { store, started, release } = gatedStore(memory);
    const server = await startHttpServer({ store, port: 0, host: '127.0.0.1', shutdownTimeoutMs: 5_000 });
    const inFlight = statsQuery(server.url);
    await started;
    const closing = server.close();
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
    release();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { stats: { nodeCount: 0 } } });
    expect(await closing).toEqual({ inFlight: 1, cut: 0 });
  });

  it('answers /ready with 503 "stopping" and Connection: close on a kept-alive connection while draining', async () => {
    const memory = new EmbeddedStore();
    await memory.init();
    const { store, started, release } = gatedStore(memory);
    const server = await startHttpServer({ store, port: 0, host: '127.0.0.1', shutdownTimeoutMs: 5_000 });
    const socket = connect(Number(new URL(server.url).port), '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    let requests = 0;
    const secondRequestIn = new Promise<void>((resolve) => server.server.on('request', () => ++requests === 2 && resolve()));
    const body = JSON.stringify({ query: '{ stats { nodeCount } }' });
    socket.write(
      `POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    await started;
    const closing = server.close();
    // The same connection, a second request: it is served, told to go elsewhere and that the connection ends.
    socket.write('GET /ready HTTP/1.1\r\nHost: x\r\n\r\n');
    await secondRequestIn;
    release();
    await ended; // the server closes the connection after the second response
    const responses = received.split(/(?=HTTP\/1\.1 )/);
    expect(responses).toHaveLength(2);
    expect(responses[0]).toMatch(/^HTTP\/1\.1 200 /);
    expect(responses[1]).toMatch(/^HTTP\/1\.1 503 /);
    expect(responses[1]).toMatch(/\r\nConnection: close\r\n/i);
    expect(responses[1]).toContain('{"status":"stopping","store":"embedded"}');
    expect(await closing).toEqual({ inFlight: 1, cut: 0 });
  });

  it('cuts a request still running after shutdownTimeoutMs', async () => {
    const memory = new EmbeddedStore();
    await memory.init();
    const { store, started } = gatedStore(memory);
    const server = await startHttpServer({ store, port: 0, host: '127.0.0.1', shutdownTimeoutMs: 200 });
    const inFlight = statsQuery(server.url).then(
      () => 'answered',
      () => 'cut',
    );
    await started;
    // The store never answers: close() can only resolve because shutdownTimeoutMs cut the request.
    expect(await server.close()).toEqual({ inFlight: 1, cut: 1 });
    expect(await inFlight).toBe('cut');
  });
});

/**
 * A POST whose body is sent in two parts: the request is in flight (the server has its headers
 * and waits for the rest) from the first part until the test sends the second.
 */
function slowPost(
  url: string,
  body: string,
): { sendRest: () => void; response: Promise<{ status: number; body: string; headers: IncomingMessage['headers'] }>; req: ClientRequest } {
  const half = Math.floor(body.length / 2);
  const req = request(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
  });
  const response = new Promise<{ status: number; body: string; headers: IncomingMessage['headers'] }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
  req.write(body.slice(0, half));
  return { req, response, sendRest: () => req.end(body.slice(half)) };
}

/**
 * What a stop may take beyond SHUTDOWN_TIMEOUT_MS: closing the store and the process exit, on a
 * machine busy with other tests. Not a measurement: a stop that hangs fails at this deadline.
 */
const EXIT_MARGIN_MS = 5_000;

/**
 * Resolves once the server's /metrics shows a request in flight besides the scrape itself: the
 * slow request the test started has reached the server.
 */
function requestInFlight(server: ServerProcess): Promise<true> {
  return waitFor(
    'a request in flight on the server',
    async () => {
      const text = await (await fetch(`${server.url}/metrics`)).text();
      const value = Number(/^papergraph_http_requests_in_flight (\d+)/m.exec(text)?.[1]);
      return value >= 2 ? true : undefined;
    },
    10_000,
    20,
  );
}

describe('SIGTERM on the server process', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'papergraph-shutdown-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('stops accepting, finishes the slow request in flight, closes the store and exits 0', async () => {
    const server = await startServerProcess({
      PAPERGRAPH_DATA_DIR: join(dataDir, 'drain'),
      PAPERGRAPH_API_KEY: API_KEY,
      SHUTDOWN_TIMEOUT_MS: '8000',
    });
    try {
      const slow = slowPost(server.url, JSON.stringify({ query: 'query Slow { stats { nodeCount } }' }));
      await requestInFlight(server);
      server.child.kill('SIGTERM');
      await server.waitForLine(/"msg":"stopping: no new connections; draining requests in flight"/, 5_000);
      // Not accepting any more, yet still alive: the slow request holds it.
      await expect(fetch(`${server.url}/health`, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
      expect(server.child.exitCode).toBeNull();
      slow.sendRest();
      const answered = await slow.response;
      expect(answered.status).toBe(200);
      expect(JSON.parse(answered.body)).toEqual({ data: { stats: { nodeCount: expect.any(Number) } } });
      const status = await server.exited;
      expect(status).toEqual({ code: 0, signal: null });
      const logged = jsonLines(server.stdout);
      expect(logged.find((l) => l.msg === 'stopped')).toMatchObject({ inFlight: 1, cut: 0 });
      expect(logged.find((l) => l.msg === 'request' && l.operationName === 'Slow')).toMatchObject({ status: 200 });
      expect([...server.stdout, ...server.stderr].join('\n')).not.toContain(API_KEY);
    } finally {
      await server.stop();
    }
  });

  it('cuts what is still running after SHUTDOWN_TIMEOUT_MS and still exits 0', async () => {
    const server = await startServerProcess({ PAPERGRAPH_DATA_DIR: join(dataDir, 'cut'), SHUTDOWN_TIMEOUT_MS: '500' });
    try {
      const stuck = slowPost(server.url, JSON.stringify({ query: '{ stats { nodeCount } }' }));
      const outcome = stuck.response.then(
        () => 'answered',
        () => 'cut',
      );
      await requestInFlight(server);
      server.child.kill('SIGTERM');
      expect(await within(server.exited, 500 + EXIT_MARGIN_MS, 'the exit after the drain timeout')).toEqual({ code: 0, signal: null });
      expect(await outcome).toBe('cut');
      expect(jsonLines(server.stdout).find((l) => l.msg?.toString().startsWith('stopped'))).toMatchObject({ inFlight: 1, cut: 1 });
    } finally {
      await server.stop();
    }
  });
});

describe('the commands a user or a process manager starts the server with', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'papergraph-start-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const SHUTDOWN_TIMEOUT_MS = 5_000;

  /** Stops `server` with `signal` sent to the process that was started, and checks it drained and exited 0 in time. */
  async function stopsCleanly(server: ServerProcess, signal: NodeJS.Signals) {
    try {
      server.child.kill(signal);
      const status = await within(server.exited, SHUTDOWN_TIMEOUT_MS + EXIT_MARGIN_MS, `the exit after ${signal}`);
      expect(status).toEqual({ code: 0, signal: null });
      expect(jsonLines(server.stdout).find((l) => l.msg === 'stopped')).toMatchObject({ inFlight: 0, cut: 0 });
      // Nothing is left serving behind the process that exited.
      await expect(fetch(`${server.url}/health`, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
    } finally {
      await server.stop();
    }
  }

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`npm start stops on ${signal} sent to the npm process: the server drains and npm exits 0`, async () => {
      const server = await startServer(
        (env) => runProcess('npm', ['start'], env),
        { PAPERGRAPH_DATA_DIR: join(dataDir, `npm-${signal}`), SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS) },
        120_000,
      );
      await stopsCleanly(server, signal);
    }, 180_000);
  }

  it('node dist/main.js (npm run build:server) serves and stops on SIGTERM', async () => {
    // tsc emits despite type errors, which the typecheck step reports; this checks the emitted JavaScript runs.
    const build = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    expect(build.error).toBeUndefined();
    const server = await startServer(
      (env) => runProcess(process.execPath, ['dist/main.js'], env),
      { PAPERGRAPH_DATA_DIR: join(dataDir, 'dist'), SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS), NODE_ENV: 'production' },
      60_000,
    );
    const ready = await fetch(`${server.url}/ready`);
    expect(ready.status).toBe(200);
    await stopsCleanly(server, 'SIGTERM');
  }, 120_000);
});
