import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The repository's root: child processes run there, as a user's commands do. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A free TCP port on 127.0.0.1, as the OS hands it out (free when asked; a race is unlikely but possible). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Polls `check` every `everyMs` until it returns a value other than undefined; rejects naming
 * `what` after `timeoutMs`. For states that announce themselves by no event (a port that starts
 * answering, a database that comes back); where there is an event, wait on it instead.
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise<void>((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${(lastError as Error).message})` : ''}`,
  );
}

/** Settles like `promise`, or rejects with "`what` did not happen within `ms` ms": a deadline, not a sleep. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** How a child process ended. */
export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A child process, its output collected line by line. */
export interface NodeProcess {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  /** Settles when the process has exited. */
  exited: Promise<ExitStatus>;
  /** Resolves with the first stdout or stderr line matching `pattern`, rejecting after `timeoutMs` or if the process exits first. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string>;
}

/**
 * Runs a TypeScript entry point of the repo (`src/main.ts`, `src/cli/ingest.ts`) as a user's
 * `npm run` would. The child gets this process's environment without NODE_ENV (vitest's "test")
 * and without the Neo4j settings (CI exports NEO4J_URI for the shared Neo4j): it uses the
 * embedded store unless `env` says otherwise.
 */
export function runNode(script: string, args: string[], env: Record<string, string | undefined>): NodeProcess {
  return runProcess(process.execPath, ['--import', 'tsx', script, ...args], env);
}

/**
 * Runs `command` in the repo's root as runNode does (same environment rules), collecting its
 * output: `npm start`, `node dist/main.js`, anything a user would type.
 */
export function runProcess(command: string, args: string[], env: Record<string, string | undefined>): NodeProcess {
  const child = spawn(command, args, {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      NODE_ENV: undefined,
      NEO4J_URI: undefined,
      NEO4J_USER: undefined,
      NEO4J_PASSWORD: undefined,
      NEO4J_DATABASE: undefined,
      ...env,
    } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  const onLine = (into: string[]) => (line: string) => {
    into.push(line);
    for (const waiter of [...waiters]) {
      if (waiter.pattern.test(line)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  };
  createInterface({ input: child.stdout! }).on('line', onLine(stdout));
  createInterface({ input: child.stderr! }).on('line', onLine(stderr));
  const exited = new Promise<ExitStatus>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    child,
    stdout,
    stderr,
    exited,
    waitForLine(pattern, timeoutMs) {
      const seen = [...stdout, ...stderr].find((line) => pattern.test(line));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; stderr:\n${stderr.slice(-20).join('\n')}`)),
          timeoutMs,
        );
        const waiter = {
          pattern,
          resolve: (line: string) => {
            clearTimeout(timer);
            resolve(line);
          },
        };
        waiters.push(waiter);
        void exited.then(({ code, signal }) => {
          if (!waiters.includes(waiter)) return;
          clearTimeout(timer);
          reject(
            new Error(
              `the process exited (${signal ?? `code ${code}`}) before printing a line matching ${pattern}; stderr:\n${stderr.slice(-20).join('\n')}`,
            ),
          );
        });
      });
    },
  };
}

/** The server as a child process on a free port, ready to serve. */
export interface ServerProcess extends NodeProcess {
  url: string;
  /** SIGTERM, then the exit status (SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<ExitStatus>;
}

/** The log line main.ts writes once the server listens. */
const SERVING_LINE = /"msg":"serving /;

/** Starts `node --import tsx src/main.ts` with `env` on a free port and resolves once it says it is serving. */
export function startServerProcess(env: Record<string, string | undefined>, startTimeoutMs = 60_000): Promise<ServerProcess> {
  return startServer((serverEnv) => runNode('src/main.ts', [], serverEnv), env, startTimeoutMs);
}

/**
 * Starts the server the way `run` spawns it (`npm start`, `node dist/main.js`, ...) with `env` on a
 * free port, and resolves once it has logged that it serves (its "serving ..." line), or, when
 * LOG_LEVEL hides that line, once /health answers.
 */
export async function startServer(
  run: (env: Record<string, string | undefined>) => NodeProcess,
  env: Record<string, string | undefined>,
  startTimeoutMs = 60_000,
): Promise<ServerProcess> {
  const port = await freePort();
  const serverEnv = { HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'info', ...env };
  const node = run(serverEnv);
  const url = `http://127.0.0.1:${port}`;
  // The "serving" line is info; a quieter server is asked until /health answers.
  const logsServing = ['info', 'debug', 'trace'].includes(serverEnv.LOG_LEVEL ?? 'info');
  const serving = logsServing
    ? node.waitForLine(SERVING_LINE, startTimeoutMs)
    : waitFor(
        'the server to answer /health',
        async () => {
          if (node.child.exitCode !== null || node.child.signalCode !== null)
            throw new Error(`the server exited: ${node.stderr.join('\n')}`);
          return (await fetch(`${url}/health`)).ok ? true : undefined;
        },
        startTimeoutMs,
      );
  await serving.catch((error: unknown) => {
    node.child.kill('SIGKILL');
    throw error;
  });
  return {
    ...node,
    url,
    async stop(graceMs = 20_000) {
      if (node.child.exitCode !== null || node.child.signalCode !== null) return node.exited;
      node.child.kill('SIGTERM');
      const timer = setTimeout(() => node.child.kill('SIGKILL'), graceMs);
      const status = await node.exited;
      clearTimeout(timer);
      return status;
    },
  };
}

/** The JSON lines a process printed on stdout (its pino log), skipping anything else. */
export function jsonLines(lines: string[]): Record<string, unknown>[] {
  return lines.flatMap((line) => {
    try {
      const value = JSON.parse(line) as unknown;
      return typeof value === 'object' && value !== null ? [value as Record<string, unknown>] : [];
    } catch {
      return [];
    }
  });
}

/** A GraphQL POST with a timeout; never throws on HTTP status. */
export async function postGraphql(url: string, body: unknown, headers: Record<string, string> = {}, timeoutMs = 20_000) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  let json: { data?: any; errors?: { message: string; extensions?: { code?: string } }[] } | null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: response.status, headers: response.headers, json, text };
}
