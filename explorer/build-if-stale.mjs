#!/usr/bin/env node
/**
 * Builds the graph explorer (`npm run build:explorer`) when dist/explorer is missing or older than
 * its sources, and otherwise does nothing, quickly: `npm start` runs it first (prestart), so a new
 * clone serves /explorer without a separate step. A failed or impossible build (no Vite, as in an
 * install without devDependencies) is reported and does not stop the API from starting; /explorer
 * then serves the previous build, or answers 503 naming the command.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** What the build depends on, relative to the repository root: the explorer's sources and the locked package versions. */
export const EXPLORER_SOURCES = ['explorer', 'package-lock.json'];

/** The build's page, relative to the repository root; Vite writes it on every build. */
export const EXPLORER_BUILD_PAGE = join('dist', 'explorer', 'index.html');

/** The newest modification time (ms) among the files under a path; 0 when it does not exist. */
function newestMtime(path) {
  let info;
  try {
    info = statSync(path);
  } catch {
    return 0;
  }
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs; // a deleted file shows as a newer directory
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/**
 * Whether the explorer needs building in the repository at `root`, and why: `missing` (no
 * dist/explorer/index.html), `outdated` (a source is newer than it), or `current`.
 */
export function explorerBuildState(root = REPO_ROOT) {
  let built;
  try {
    built = statSync(join(root, EXPLORER_BUILD_PAGE)).mtimeMs;
  } catch {
    return 'missing';
  }
  const newestSource = Math.max(...EXPLORER_SOURCES.map((source) => newestMtime(join(root, source))));
  return newestSource > built ? 'outdated' : 'current';
}

/**
 * Builds the explorer when explorerBuildState says it is missing or outdated. Returns what
 * happened: `current` (nothing to do), `built`, `no-vite` or `failed`; `log` gets one line about it.
 */
export function buildExplorerIfStale({ root = REPO_ROOT, log = (line) => console.error(line), stdio = 'inherit' } = {}) {
  const state = explorerBuildState(root);
  if (state === 'current') return 'current';
  if (!existsSync(join(root, 'node_modules', 'vite', 'package.json'))) {
    log(
      `papergraph: the graph explorer is ${state === 'missing' ? 'not built' : 'out of date'}, and Vite is not installed (npm ci installs it); /explorer ${state === 'missing' ? 'will answer 503' : 'serves the previous build'}.`,
    );
    return 'no-vite';
  }
  log(`papergraph: the graph explorer is ${state === 'missing' ? 'not built' : 'out of date'}: npm run build:explorer`);
  // npm sets npm_execpath for scripts it runs; outside npm, `npm` from the PATH.
  const npm = process.env.npm_execpath;
  const [command, args] = npm && npm.endsWith('.js') ? [process.execPath, [npm]] : ['npm', []];
  const result = spawnSync(command, [...args, 'run', '--silent', 'build:explorer'], {
    cwd: root,
    stdio,
    shell: process.platform === 'win32' && command === 'npm',
  });
  if (result.status === 0) return 'built';
  log(
    `papergraph: building the graph explorer failed (${result.error?.message ?? `exit status ${result.status}`}); the API starts anyway. Run npm run build:explorer to see why.`,
  );
  return 'failed';
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) buildExplorerIfStale();
