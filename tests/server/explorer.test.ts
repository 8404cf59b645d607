import { mkdir, mkdtemp, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createExplorerHandler, EXPLORER_CSP, type ExplorerHandler } from '../../src/server/explorer.ts';

/** A temporary folder holding a fake build in dist/ and a file next to it that must never be served. */
let root: string;
let dist: string;
let server: Server;
let handler: ExplorerHandler;

const PAGE = '<!doctype html><title>explorer</title><script type="module" src="/explorer/assets/index-AbC123.js"></script>';
const SCRIPT = `console.log(${JSON.stringify('x'.repeat(2000))});`;

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/**
 * Sends a request with exactly this path (no client-side normalisation, unlike fetch) to a server
 * that routes as src/server/http.ts does: the pathname of the parsed URL, for /explorer and below.
 */
function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawResponse> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const json = (response: RawResponse) => JSON.parse(response.body.toString('utf8')) as { error: string };

async function writeBuild(): Promise<void> {
  await rm(dist, { recursive: true, force: true });
  await mkdir(join(dist, 'assets'), { recursive: true });
  await writeFile(join(dist, 'index.html'), PAGE);
  await writeFile(join(dist, 'assets', 'index-AbC123.js'), SCRIPT);
  await writeFile(join(dist, 'assets', 'index-AbC123.css'), 'body{margin:0}');
  await writeFile(join(dist, 'assets', 'logo-Xy9.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  await writeFile(join(dist, 'robots.txt'), 'User-agent: *');
  await writeFile(join(dist, 'assets', 'notes.sh'), 'echo not served');
  await symlink(join(root, 'secret.txt'), join(dist, 'assets', 'linked.txt'));
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'papergraph-explorer-'));
  dist = join(root, 'dist');
  await writeFile(join(root, 'secret.txt'), 'the server must never send this');
  handler = createExplorerHandler(dist);
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/explorer' || path.startsWith('/explorer/')) void handler(path, req, res);
    else {
      res.statusCode = 404;
      res.end(JSON.stringify({ error: `no route ${path}` }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});

beforeEach(writeBuild);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await rm(root, { recursive: true, force: true });
});

describe('serving the graph explorer (src/server/explorer.ts)', () => {
  it('serves the page at /explorer, /explorer/ and /explorer/index.html: HTML, revalidated on every load, under a same-origin CSP', async () => {
    for (const path of ['/explorer', '/explorer/', '/explorer/index.html', '/explorer?focus=hessian']) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.headers['content-security-policy']).toBe(EXPLORER_CSP);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.body.toString('utf8')).toBe(PAGE);
    }
  });

  it('allows only its own origin in the CSP: no inline script, no eval, nothing from elsewhere', () => {
    const directives = new Map(EXPLORER_CSP.split(/;\s*/).map((d) => [d.split(' ')[0], d.split(' ').slice(1)] as const));
    expect(directives.get('default-src')).toEqual(["'none'"]);
    for (const name of ['script-src', 'connect-src', 'img-src', 'font-src']) expect(directives.get(name), name).toEqual(["'self'"]);
    // Cytoscape's one-line container stylesheet is allowed by its hash, not by 'unsafe-inline'.
    expect(directives.get('style-src')).toEqual(["'self'", expect.stringMatching(/^'sha256-[A-Za-z0-9+/]{43}='$/)]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(EXPLORER_CSP).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
  });

  it('serves hashed assets with their content type and a year-long immutable cache lifetime', async () => {
    const script = await get('/explorer/assets/index-AbC123.js');
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(script.headers['content-security-policy']).toBeUndefined();
    expect(script.body.toString('utf8')).toBe(SCRIPT);
    const css = await get('/explorer/assets/index-AbC123.css');
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    const png = await get('/explorer/assets/logo-Xy9.png');
    expect(png.headers['content-type']).toBe('image/png');
    expect([...png.body]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  it('revalidates files outside assets/, whose names carry no hash', async () => {
    const robots = await get('/explorer/robots.txt');
    expect(robots.status).toBe(200);
    expect(robots.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(robots.headers['cache-control']).toBe('no-cache');
  });

  it('answers If-None-Match with 304, compresses text for clients that accept gzip, and answers HEAD without a body', async () => {
    const first = await get('/explorer/assets/index-AbC123.js');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]{16}"$/);
    expect((await get('/explorer/assets/index-AbC123.js', { 'if-none-match': etag })).status).toBe(304);
    const gzipped = await get('/explorer/assets/index-AbC123.js', { 'accept-encoding': 'gzip, br' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers.vary).toBe('Accept-Encoding');
    expect(gunzipSync(gzipped.body).toString('utf8')).toBe(SCRIPT);
    expect(gzipped.body.length).toBeLessThan(SCRIPT.length / 4);
    expect((await get('/explorer/assets/logo-Xy9.png', { 'accept-encoding': 'gzip' })).headers['content-encoding']).toBeUndefined();
    const head = await get('/explorer/assets/index-AbC123.js', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(SCRIPT.length));
    expect(head.body.length).toBe(0);
  });

  it('serves only regular files of the build with a known type: not other names, types, directories or symbolic links', async () => {
    for (const path of [
      '/explorer/assets/missing.js',
      '/explorer/assets/notes.sh',
      '/explorer/assets',
      '/explorer/assets/',
      '/explorer/assets/linked.txt',
      '/explorer/__proto__',
      '/explorer/constructor',
    ]) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      expect(response.headers['content-type'], path).toBe('application/json; charset=utf-8');
      expect(json(response).error, path).toMatch(/^no file /);
    }
  });

  it('never sends a file from outside the build, whatever the path says', async () => {
    const attempts = [
      '/explorer/../secret.txt',
      '/explorer/%2e%2e/secret.txt',
      '/explorer/assets/..%2f..%2fsecret.txt',
      '/explorer/%2F..%2F..%2Fsecret.txt',
      '/explorer/..%5csecret.txt',
      '/explorer/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      `/explorer/${encodeURIComponent(join(root, 'secret.txt'))}`,
      '/explorer//etc/passwd',
      '/explorer/index.html%00.js',
      '/explorer/%E0%A4%A',
    ];
    for (const path of attempts) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      expect(response.body.toString('utf8'), path).not.toContain('never send');
    }
    // The handler itself, given raw paths that the URL parser would have normalised away.
    for (const path of ['/explorer/../secret.txt', '/explorer/assets/../../secret.txt', '/explorer/./index.html/../../secret.txt']) {
      const sent: { status?: number; body?: string } = {};
      const res = {
        statusCode: 0,
        setHeader() {},
        end(body?: string | Buffer) {
          sent.status = this.statusCode;
          sent.body = String(body);
        },
      };
      await handler(path, { headers: {} } as never, res as never);
      expect(sent.status, path).toBe(404);
      expect(sent.body, path).not.toContain('never send');
    }
  });

  it('answers 503 naming `npm run build:explorer` while there is no build, and serves one built later without a restart', async () => {
    await rm(dist, { recursive: true, force: true });
    for (const path of ['/explorer', '/explorer/assets/index-AbC123.js']) {
      const response = await get(path);
      expect(response.status, path).toBe(503);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(json(response).error).toContain('npm run build:explorer');
    }
    await writeBuild();
    expect((await get('/explorer')).status).toBe(200);
  });

  it('follows a rebuild: its new files are served and the old ones are gone', async () => {
    expect((await get('/explorer/assets/index-AbC123.js')).status).toBe(200);
    await rm(join(dist, 'assets', 'index-AbC123.js'));
    await writeFile(join(dist, 'assets', 'index-New456.js'), 'console.log("new")');
    // A new build writes a new page: a later modification time, set explicitly rather than waited for.
    const before = (await stat(join(dist, 'index.html'))).mtime;
    await writeFile(join(dist, 'index.html'), PAGE.replace('AbC123', 'New456'));
    const later = new Date(before.getTime() + 1_000);
    await utimes(join(dist, 'index.html'), later, later);
    expect((await get('/explorer/assets/index-New456.js')).body.toString('utf8')).toBe('console.log("new")');
    expect((await get('/explorer/assets/index-AbC123.js')).status).toBe(404);
    expect((await get('/explorer')).body.toString('utf8')).toContain('index-New456.js');
  });
});
