#!/usr/bin/env node
// Local Neo4j Community 5.26 without Docker: runs neo4j/Launcher.java (embedded Neo4j with Bolt on
// 127.0.0.1) on the jars that neo4j/pom.xml resolves from Maven Central.
//
//   node scripts/neo4j-local.mjs [--port N] [--home DIR] [--apoc]    # foreground, Ctrl-C stops
//   import { startLocalNeo4j } from './scripts/neo4j-local.mjs'        # tests, benchmarks
//
// Needs Java 17+ (`java`, `javac`; JAVA_HOME is honoured) and Maven (`mvn`, or $MVN). Caches, all
// under the git-ignored .neo4j/ at the repo root:
//   classpath.txt / classpath-apoc.txt  Maven-resolved classpath, redone when neo4j/pom.xml changes
//   launcher-classes/<hash>/            Launcher.java compiled once per source version
//
// Plain ESM on purpose (no TypeScript, no build step) so it runs before anything else is set up.

import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { delimiter, dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const POM = join(REPO_ROOT, 'neo4j', 'pom.xml');
const LAUNCHER_SRC = join(REPO_ROOT, 'neo4j', 'Launcher.java');
const CACHE_DIR = join(REPO_ROOT, '.neo4j');
const CLASSES_DIR = join(CACHE_DIR, 'launcher-classes');

// Neo4j 5 reaches into these JDK internals (off-heap buffers, native file channels); the Neo4j
// server's own launch script passes the same flags.
const JVM_OPENS = [
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
];

const READY_RE = /^NEO4J_READY (bolt:\/\/\S+)\s*$/;
const DEFAULT_TIMEOUT_MS = 180_000;
const STOP_GRACE_MS = 20_000;
const STDERR_TAIL_LINES = 40;

/** Runs a command to completion, capturing its combined output; rejects with that output on failure. */
function run(cmd, args, what) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', (err) =>
      reject(new Error(`${what}: cannot run \`${cmd}\` (${err.code ?? err.message}); is it installed and on PATH?`)),
    );
    child.on('close', (code) => {
      if (code === 0) resolvePromise(out);
      else reject(new Error(`${what}: \`${cmd} ${args.join(' ')}\` exited with ${code}\n${tail(out, 30)}`));
    });
  });
}

function tail(text, n) {
  // Debian's Maven emits colour codes even in batch mode; keep error messages readable.
  return (
    text
      // eslint-disable-next-line no-control-regex -- ESC is the character being matched
      .replace(/\x1b\[[0-9;]*m/g, '')
      .trimEnd()
      .split('\n')
      .slice(-n)
      .join('\n')
  );
}

function javaTool(name) {
  return process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', name) : name;
}

/**
 * Returns the Neo4j classpath (with APOC Core when `apoc`), from the cache when it is newer than
 * neo4j/pom.xml and every jar in it still exists (a wiped ~/.m2 must not yield a broken classpath).
 */
async function resolveClasspath({ apoc, progress }) {
  const cacheFile = join(CACHE_DIR, apoc ? 'classpath-apoc.txt' : 'classpath.txt');
  if (existsSync(cacheFile) && statSync(cacheFile).mtimeMs >= statSync(POM).mtimeMs) {
    const cached = readFileSync(cacheFile, 'utf8').trim();
    if (cached && cached.split(delimiter).every((jar) => existsSync(jar))) return cached;
  }

  progress(`resolving classpath with Maven${apoc ? ' (with APOC)' : ''} (first run downloads ~125 MB)...`);
  await mkdir(CACHE_DIR, { recursive: true });
  // Write to a private file and rename, so concurrent starts never read a half-written cache.
  const tmp = `${cacheFile}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const args = ['-q', '-B', '-Dstyle.color=never', '-f', POM, 'dependency:build-classpath', `-Dmdep.outputFile=${tmp}`];
  if (apoc) args.push('-Papoc');
  try {
    await run(process.env.MVN || 'mvn', args, 'resolving the Neo4j classpath');
    await rename(tmp, cacheFile);
  } finally {
    await rm(tmp, { force: true });
  }
  return (await readFile(cacheFile, 'utf8')).trim();
}

/**
 * Compiles Launcher.java into .neo4j/launcher-classes/<hash of source>/ unless already there.
 * Running the precompiled class instead of `java Launcher.java` saves ~6 s per start (the source
 * launcher recompiles in-process against ~200 jars every time). Keying on the content hash rather
 * than mtimes survives git checkouts and needs no invalidation logic.
 */
async function compileLauncher(classpath, progress) {
  const hash = createHash('sha256')
    .update(await readFile(LAUNCHER_SRC))
    .digest('hex')
    .slice(0, 16);
  const outDir = join(CLASSES_DIR, hash);
  if (existsSync(join(outDir, 'Launcher.class'))) return outDir;

  progress('compiling neo4j/Launcher.java...');
  await mkdir(CLASSES_DIR, { recursive: true });
  const tmp = join(CLASSES_DIR, `.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    // --release 17 keeps the classes runnable on any Java >= 17; -XDignore.symbol.file silences
    // the "internal proprietary API" warning for sun.misc.Signal (used on purpose, see Launcher).
    await run(
      javaTool('javac'),
      ['--release', '17', '-XDignore.symbol.file', '-nowarn', '-cp', classpath, '-d', tmp, LAUNCHER_SRC],
      'compiling neo4j/Launcher.java',
    );
    await rename(tmp, outDir).catch((err) => {
      // Another process compiled the same source first: theirs is identical, use it.
      if (!existsSync(join(outDir, 'Launcher.class'))) throw err;
    });
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  // Drop classes compiled from older versions of the source (best effort).
  for (const entry of await readdir(CLASSES_DIR)) {
    if (entry !== hash && !entry.startsWith('.tmp-')) {
      await rm(join(CLASSES_DIR, entry), { recursive: true, force: true }).catch(() => {});
    }
  }
  return outDir;
}

function makeLogger(log) {
  if (typeof log === 'function') return log;
  if (log) return (line) => process.stderr.write(`${line}\n`);
  return () => {};
}

/**
 * Starts a private Neo4j Community 5.26 (embedded in a JVM child process, Bolt on 127.0.0.1, auth
 * disabled) and resolves once it answers queries.
 *
 * @param {object} [options]
 * @param {number} [options.port]  Bolt port; 0 or absent picks a free one.
 * @param {string} [options.home]  DBMS home to use and keep; absent means a temp dir deleted on stop.
 * @param {boolean|((line: string) => void)} [options.log]  true: Neo4j's log and progress to
 *   stderr; a function receives each line; absent: silent (errors still carry the last lines).
 * @param {boolean} [options.apoc]  also load APOC Core (Maven profile `apoc`).
 * @param {number} [options.timeoutMs]  how long to wait for readiness (default 180 s).
 * @returns {Promise<{uri: string, pid: number, stop: () => Promise<void>, startupMs: number,
 *   exited: Promise<{code: number|null, signal: string|null}>}>}
 *   startupMs covers the whole call: classpath and compile caches plus JVM and Neo4j start;
 *   stop() is idempotent (SIGTERM, then SIGKILL after 20 s); exited settles when the JVM is gone
 *   (code 0 after a clean stop).
 *
 * Environment: NEO4J_LOCAL_HEAP (JVM -Xmx, default 1g), NEO4J_LOCAL_PAGECACHE (default 256m),
 * NEO4J_LOCAL_JAVA_OPTS (extra JVM flags, space-separated), JAVA_HOME, MVN.
 *
 * The child never outlives this process: it is signalled when this process exits and, as a
 * backstop for SIGKILL, it shuts itself down when its stdin pipe closes. It does not keep this
 * process alive either; call stop() for an orderly shutdown.
 */
export async function startLocalNeo4j({ port, home, log, apoc = false, timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
  const t0 = performance.now();
  const emit = makeLogger(log);
  const progress = (msg) => emit(`[neo4j-local] ${msg}`);

  const classpath = await resolveClasspath({ apoc, progress });
  const classesDir = await compileLauncher(classpath, progress);

  const javaArgs = [
    ...JVM_OPENS,
    `-Xmx${process.env.NEO4J_LOCAL_HEAP || '1g'}`,
    // Flags the Neo4j server launcher also sets: no JMX registration for log4j, and cap the JDK's
    // per-thread temporary direct-buffer cache (otherwise it can grow without bound under load).
    '-Dlog4j2.disable.jmx=true',
    '-Djdk.nio.maxCachedBufferSize=1024',
    ...(process.env.NEO4J_LOCAL_JAVA_OPTS || '').split(/\s+/).filter(Boolean),
    '-cp',
    `${classesDir}${delimiter}${classpath}`,
    'Launcher',
    '--exit-on-stdin-eof',
    '--port',
    String(port ?? 0),
  ];
  if (home) javaArgs.push('--home', resolve(home));
  if (process.env.NEO4J_LOCAL_PAGECACHE) javaArgs.push('--pagecache', process.env.NEO4J_LOCAL_PAGECACHE);

  progress('starting Neo4j...');
  const spawnedAt = performance.now();
  const child = spawn(javaTool('java'), javaArgs, {
    cwd: REPO_ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
    // Own process group: a terminal's Ctrl-C reaches only us, and we stop the child in order
    // (instead of both racing to shut down).
    detached: true,
  });

  const stderrTail = [];
  createInterface({ input: child.stderr }).on('line', (line) => {
    stderrTail.push(line);
    if (stderrTail.length > STDERR_TAIL_LINES) stderrTail.shift();
    emit(line);
  });

  const exited = new Promise((res) => child.once('exit', (code, signal) => res({ code, signal })));
  const running = () => child.pid !== undefined && child.exitCode === null && child.signalCode === null;
  // SIGTERM lets the Launcher shut Neo4j down and delete its temp home; SIGKILL only if it hangs.
  const terminate = async (graceMs) => {
    if (!running()) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => {
      emit(`[neo4j-local] no exit ${graceMs / 1000} s after SIGTERM; sending SIGKILL`);
      child.kill('SIGKILL');
    }, graceMs);
    await exited;
    clearTimeout(timer);
  };
  const killOnParentExit = () => {
    if (running()) child.kill('SIGTERM'); // 'exit' handlers must be synchronous: signal, don't wait
  };
  process.once('exit', killOnParentExit);

  let uri;
  try {
    uri = await new Promise((res, rej) => {
      const fail = (why) =>
        rej(
          new Error(
            `local Neo4j did not start: ${why}\n` +
              // With log === true those lines are already on the terminal; don't print them twice.
              (log === true ? '' : `Last stderr lines:\n${stderrTail.join('\n') || '(none)'}\n`) +
              `Common causes: Java 17+ missing (check \`java -version\`, JAVA_HOME); Maven unreachable ` +
              `(\`mvn -v\`); Bolt port already in use; not enough memory for ` +
              `-Xmx${process.env.NEO4J_LOCAL_HEAP || '1g'} (NEO4J_LOCAL_HEAP); a busy machine (raise timeoutMs).`,
          ),
        );
      const timer = setTimeout(() => fail(`no NEO4J_READY line within ${timeoutMs / 1000} s`), timeoutMs);
      createInterface({ input: child.stdout }).on('line', (line) => {
        const m = READY_RE.exec(line);
        if (m) {
          clearTimeout(timer);
          res(m[1]);
        }
      });
      child.once('error', (err) => {
        clearTimeout(timer);
        fail(`cannot run ${javaTool('java')} (${err.code ?? err.message})`);
      });
      exited.then(({ code, signal }) => {
        clearTimeout(timer);
        fail(`the JVM exited early (${signal ?? `code ${code}`})`);
      });
    });
  } catch (err) {
    process.removeListener('exit', killOnParentExit);
    await terminate(5_000); // e.g. after a timeout; a no-op when the JVM already exited or never ran
    throw err;
  }

  // From here on the child must not keep the event loop alive: a script that forgets stop() should
  // still end (its 'exit' then signals the child). The streams keep being drained while it runs.
  child.unref();
  for (const s of [child.stdin, child.stdout, child.stderr]) s.unref?.();

  let stopping;
  const stop = () =>
    (stopping ??= (async () => {
      process.removeListener('exit', killOnParentExit);
      await terminate(STOP_GRACE_MS);
    })());

  const startupMs = Math.round(performance.now() - t0);
  progress(`ready at ${uri} (JVM start to ready ${((performance.now() - spawnedAt) / 1000).toFixed(1)} s)`);
  return { uri, pid: child.pid, stop, startupMs, exited };
}

const USAGE = `Usage: node scripts/neo4j-local.mjs [--port N] [--home DIR] [--apoc] [--help]

Runs Neo4j Community 5.26 locally without Docker (embedded in a JVM, Bolt on 127.0.0.1, auth off)
and keeps it in the foreground until Ctrl-C / SIGTERM.

  --port N    Bolt port (default: a free port)
  --home DIR  keep the database in DIR (default: a temp dir, deleted on stop)
  --apoc      also load APOC Core
  --help      show this help

Environment: NEO4J_LOCAL_HEAP (default 1g), NEO4J_LOCAL_PAGECACHE (default 256m),
NEO4J_LOCAL_JAVA_OPTS, JAVA_HOME, MVN. Needs Java 17+ and Maven; the first run downloads
the Neo4j jars from Maven Central into ~/.m2.`;

function parseArgs(argv) {
  const opts = { port: 0, home: undefined, apoc: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].startsWith('--') && argv[i].includes('=') ? argv[i].split(/=(.*)/s) : [argv[i]];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--help':
      case '-h':
        opts.help = true;
        break;
      case '--apoc':
        opts.apoc = true;
        break;
      case '--home':
        opts.home = value();
        break;
      case '--port': {
        const v = value();
        opts.port = Number(v);
        if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) throw new Error(`invalid port: ${v}`);
        break;
      }
      default:
        throw new Error(`unknown argument: ${argv[i]}`);
    }
  }
  return opts;
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`neo4j-local: ${err.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (opts.help) {
    console.log(USAGE);
    return;
  }

  let neo4j;
  try {
    neo4j = await startLocalNeo4j({ port: opts.port, home: opts.home, apoc: opts.apoc, log: true });
  } catch (err) {
    console.error(`neo4j-local: ${err.message}`);
    process.exit(1);
  }
  console.log(`Neo4j 5.26 ready at ${neo4j.uri} (started in ${(neo4j.startupMs / 1000).toFixed(1)} s)`);
  console.log(`  export NEO4J_URI=${neo4j.uri}`);
  console.log('  (auth is disabled: leave NEO4J_USER / NEO4J_PASSWORD unset)');

  // Stay in the foreground until asked to stop, or until the JVM dies on its own.
  const keepAlive = setInterval(() => {}, 1 << 30);
  let stopping = false;
  const shutdown = async (signal) => {
    if (stopping) return;
    stopping = true;
    console.error(`[neo4j-local] ${signal}: stopping Neo4j...`);
    await neo4j.stop();
    clearInterval(keepAlive);
    const { code } = await neo4j.exited;
    process.exit(code === 0 ? 0 : 1);
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  neo4j.exited.then(({ code, signal }) => {
    if (stopping) return;
    console.error(`neo4j-local: Neo4j exited unexpectedly (${signal ?? `code ${code}`})`);
    process.exit(1);
  });
}

// Run main() only when executed directly, not when imported.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
