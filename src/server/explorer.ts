import { createHash } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

/** Where the graph explorer (issue #4) is served. */
export const EXPLORER_PATH = '/explorer';

/** The command that builds the explorer into EXPLORER_DIST_DIR. */
export const EXPLORER_BUILD_COMMAND = 'npm run build:explorer';

/** The explorer's build (Vite's output, from explorer/): dist/explorer at the repository root. */
export const EXPLORER_DIST_DIR = fileURLToPath(new URL('../../dist/explorer/', import.meta.url));

/** The page's file in the build. */
const PAGE_FILE = 'index.html';

/** Vite puts content-hashed files here: their URL changes with their content, so they are cached for good. */
const HASHED_DIR = 'assets/';

/**
 * The file types the explorer serves, by extension. A file of any other type in the build is
 * not served at all (it is not something the page loads).
 */
const CONTENT_TYPES: ReadonlyMap<string, { type: string; compressible: boolean }> = new Map([
  ['.html', { type: 'text/html; charset=utf-8', compressible: true }],
  ['.js', { type: 'text/javascript; charset=utf-8', compressible: true }],
  ['.mjs', { type: 'text/javascript; charset=utf-8', compressible: true }],
  ['.css', { type: 'text/css; charset=utf-8', compressible: true }],
  ['.map', { type: 'application/json; charset=utf-8', compressible: true }],
  ['.json', { type: 'application/json; charset=utf-8', compressible: true }],
  ['.svg', { type: 'image/svg+xml', compressible: true }],
  ['.txt', { type: 'text/plain; charset=utf-8', compressible: true }],
  ['.png', { type: 'image/png', compressible: false }],
  ['.ico', { type: 'image/x-icon', compressible: false }],
  ['.webp', { type: 'image/webp', compressible: false }],
  ['.woff2', { type: 'font/woff2', compressible: false }],
]);

/**
 * The stylesheet Cytoscape.js adds to the page when it starts (`position: relative` for its
 * container). The CSP allows exactly this inline style by its hash, and nothing else inline; if a
 * Cytoscape upgrade changes the text, the browser blocks it (harmlessly: explorer.css sets the
 * same) and the end-to-end test, which fails on CSP violations, says so.
 */
const CYTOSCAPE_CONTAINER_STYLESHEET = '.__________cytoscape_container { position: relative; }';

/**
 * Security headers of the page: everything (scripts, styles, images, API calls) from this origin
 * only, so even a compromised bundle could not load or send anything elsewhere; no inline script.
 */
export const EXPLORER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  `style-src 'self' 'sha256-${createHash('sha256').update(CYTOSCAPE_CONTAINER_STYLESHEET).digest('base64')}'`,
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

interface BuildFile {
  path: string;
  contentType: string;
  compressible: boolean;
}

interface LoadedFile {
  body: Buffer;
  etag: string;
  gzipped: Promise<Buffer> | undefined;
}

/** A build as found on disk: its files by URL path below /explorer/, and those read so far. */
interface Build {
  /** The page's modification time: a new build writes a new page, and the listing is made again. */
  version: number;
  files: ReadonlyMap<string, BuildFile>;
  loaded: Map<string, Promise<LoadedFile>>;
}

const gzipAsync = promisify(gzip);

/** The request handler serveExplorer is, for a build in `distDir` (tests point it at their own). */
export type ExplorerHandler = (path: string, req: IncomingMessage, res: ServerResponse) => Promise<void>;

/**
 * Given the directory of a build, produces the handler of GET and HEAD requests to /explorer and
 * below (the HTTP layer answers other methods):
 * - /explorer (and /explorer/, /explorer/index.html): the page, 200 text/html, `no-cache` (it
 *   names the current hashed assets), the CSP above;
 * - /explorer/<file>: a file of the build, looked up by name in a listing of the build's regular
 *   files, so no request path is ever joined into a file path (no traversal, no symlinks, no
 *   listing); files under assets/ carry a content hash and are cached for a year (`immutable`);
 * - gzip when the client accepts it, ETags and 304s;
 * - 404 JSON for anything else, and 503 JSON naming EXPLORER_BUILD_COMMAND while there is no build.
 * A rebuild while the server runs is picked up on the next request.
 */
export function createExplorerHandler(distDir: string): ExplorerHandler {
  let current: Promise<Build | null> | null = null;
  let currentVersion: number | null = null;

  /** The build on disk: listed again only when its page changed (one stat per request otherwise). */
  async function findBuild(): Promise<Build | null> {
    const version = await stat(join(distDir, PAGE_FILE)).then(
      (info) => (info.isFile() ? info.mtimeMs : null),
      () => null,
    );
    if (version === null) {
      current = null;
      currentVersion = null;
      return null;
    }
    if (current === null || version !== currentVersion) {
      currentVersion = version;
      current = listBuild(distDir).then((files) => ({ version, files, loaded: new Map() }));
      current.catch(() => {
        current = null;
      });
    }
    return current;
  }

  return async (path, req, res) => {
    const build = await findBuild();
    if (build === null) {
      return sendJson(res, 503, {
        error: `the graph explorer is not built: run \`${EXPLORER_BUILD_COMMAND}\` (\`npm start\` builds it when it is missing), then reload`,
      });
    }
    const notFound = () => sendJson(res, 404, { error: `no file ${path} in the graph explorer; the page is at ${EXPLORER_PATH}` });
    const name = fileNameOf(path);
    const file = name === null ? undefined : build.files.get(name);
    if (name === null || file === undefined) return notFound();

    let loaded: LoadedFile;
    try {
      loaded = await loadFile(build, name, file);
    } catch {
      // Deleted since the listing (a rebuild under way): list again next time.
      current = null;
      return notFound();
    }
    const isPage = name === PAGE_FILE;
    res.setHeader('cache-control', isPage || !name.startsWith(HASHED_DIR) ? 'no-cache' : 'public, max-age=31536000, immutable');
    res.setHeader('etag', loaded.etag);
    res.setHeader('vary', 'Accept-Encoding');
    res.setHeader('x-content-type-options', 'nosniff');
    if (isPage) {
      res.setHeader('content-security-policy', EXPLORER_CSP);
      res.setHeader('referrer-policy', 'no-referrer');
    }
    if (req.headers['if-none-match']?.split(',').some((tag) => tag.trim() === loaded.etag)) {
      res.statusCode = 304;
      res.end();
      return;
    }
    res.statusCode = 200;
    res.setHeader('content-type', file.contentType);
    let body = loaded.body;
    if (file.compressible && /\bgzip\b/i.test(req.headers['accept-encoding'] ?? '')) {
      loaded.gzipped ??= gzipAsync(loaded.body, { level: 9 });
      body = await loaded.gzipped;
      res.setHeader('content-encoding', 'gzip');
    }
    res.setHeader('content-length', body.length);
    res.end(body);
  };
}

/** Serves the graph explorer's page and assets from EXPLORER_DIST_DIR (see createExplorerHandler). */
export const serveExplorer: ExplorerHandler = createExplorerHandler(EXPLORER_DIST_DIR);

/**
 * The build file a request path names ('index.html' for the page), or null when the path is not
 * one a build file could have: a file's name is its path below /explorer/, percent-decoded.
 */
function fileNameOf(path: string): string | null {
  if (path === EXPLORER_PATH || path === `${EXPLORER_PATH}/`) return PAGE_FILE;
  if (!path.startsWith(`${EXPLORER_PATH}/`)) return null;
  try {
    return decodeURIComponent(path.slice(EXPLORER_PATH.length + 1));
  } catch {
    return null;
  }
}

/** Every regular file of the build with a served type, by its path below the build directory ('/'-separated). */
async function listBuild(distDir: string): Promise<Map<string, BuildFile>> {
  const files = new Map<string, BuildFile>();
  const walk = async (dir: string, prefix: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      // Dirent types come from lstat: symbolic links are neither, so nothing outside the build is reachable.
      if (entry.isDirectory()) await walk(join(dir, entry.name), `${prefix}${entry.name}/`);
      else if (entry.isFile()) {
        const type = CONTENT_TYPES.get(extname(entry.name).toLowerCase());
        if (type)
          files.set(`${prefix}${entry.name}`, { path: join(dir, entry.name), contentType: type.type, compressible: type.compressible });
      }
    }
  };
  await walk(distDir, '');
  return files;
}

/** A file's bytes and ETag, read once per build. */
function loadFile(build: Build, name: string, file: BuildFile): Promise<LoadedFile> {
  let loaded = build.loaded.get(name);
  if (loaded === undefined) {
    loaded = readFile(file.path).then((body) => ({
      body,
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"`,
      gzipped: undefined,
    }));
    build.loaded.set(name, loaded);
    loaded.catch(() => build.loaded.delete(name));
  }
  return loaded;
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.end(JSON.stringify(value));
}
