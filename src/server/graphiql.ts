import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { parse, print } from 'graphql';

/** An example operation GraphiQL opens as a tab. */
export interface ExampleQuery {
  title: string;
  query: string;
}

/** A concept with its taxonomy neighbours and the papers that mention it. */
export const CONCEPT_RELATIONSHIPS_QUERY = `query ConceptRelationships { concept(name: "information bottleneck") { id name kind description broader { id name } narrower { id name } related { id name } papers(first: 5) { totalCount edges { node { id title } } } } }`;

/** The node-and-edge list a graph visualization draws around a node. */
export const NEIGHBOURHOOD_QUERY = `query Neighbourhood { neighborhood(ids: ["hessian"], depth: 1, limit: 100) { truncated nodes { id type label weight } edges { id source target type weight } } }`;

/** Papers related to a paper through the methods and concepts they share. */
export const SHARED_METHODS_QUERY = `query SharedMethods { search(query: "ZO2", types: [PAPER], first: 1) { node { id ... on Paper { title papersSharingMethods: similarPapers(first: 5) { score paper { id title } shared { id ... on Concept { name } ... on Method { name } } } } } } }`;

/** Node and relationship counts of the whole graph. */
export const STATS_QUERY = `query Stats { stats { nodeCount relationshipCount nodes { label count } relationships { label count } } }`;

/** The tabs the GraphiQL page opens with, in order (the first is active). */
export const EXAMPLE_QUERIES: readonly ExampleQuery[] = [
  { title: 'Concept relationships', query: CONCEPT_RELATIONSHIPS_QUERY },
  { title: 'Neighbourhood for a visualization', query: NEIGHBOURHOOD_QUERY },
  { title: 'Papers sharing methods', query: SHARED_METHODS_QUERY },
  { title: 'Graph stats', query: STATS_QUERY },
];

/** Path prefix of the page's scripts and stylesheets; the page itself is at /graphql. */
export const GRAPHIQL_ASSET_PREFIX = '/graphql/assets/';

/**
 * The page's own start-up script (the rest comes from node_modules). It is a file rather than an
 * inline script so the page's Content-Security-Policy can forbid inline scripts; its data (the
 * tabs) is read from a JSON data block, which a CSP does not treat as a script.
 */
const BOOT_SCRIPT = `(function () {
  'use strict';
  var config = JSON.parse(document.getElementById('papergraph-graphiql-config').textContent);
  // The page is served at the GraphQL endpoint itself, so its own path is the endpoint, whatever
  // prefix a reverse proxy adds. POST with content-type application/json passes Apollo's CSRF check.
  var fetcher = GraphiQL.createFetcher({
    url: window.location.pathname,
    enableIncrementalDelivery: false,
    headers: { accept: 'application/graphql-response+json, application/json;q=0.9' },
  });
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultTabs: config.tabs,
      defaultEditorToolsVisibility: true,
      // Headers may hold the API key: keep them out of localStorage.
      shouldPersistHeaders: false,
    }),
  );
})();
`;

interface AssetSource {
  contentType: string;
  /** A file of an installed package: [package name, path inside the package]. */
  file?: [string, string];
  /** Text generated here. */
  text?: string;
}

/**
 * Everything /graphql/assets/ serves, by name. Requests are answered only for these exact names, so
 * no request path ever reaches the file system (no traversal, no listing).
 */
const ASSET_SOURCES: ReadonlyMap<string, AssetSource> = new Map(
  Object.entries<AssetSource>({
    'react.production.min.js': { contentType: 'text/javascript; charset=utf-8', file: ['react', 'umd/react.production.min.js'] },
    'react-dom.production.min.js': {
      contentType: 'text/javascript; charset=utf-8',
      file: ['react-dom', 'umd/react-dom.production.min.js'],
    },
    'graphiql.min.js': { contentType: 'text/javascript; charset=utf-8', file: ['graphiql', 'graphiql.min.js'] },
    'graphiql.min.css': { contentType: 'text/css; charset=utf-8', file: ['graphiql', 'graphiql.min.css'] },
    // graphiql.min.js ends with `sourceMappingURL=index.umd.js.map` (its build name); serving it
    // under that name spares browser dev tools a 404. Only dev tools fetch it.
    'index.umd.js.map': { contentType: 'application/json; charset=utf-8', file: ['graphiql', 'graphiql.min.js.map'] },
    'papergraph-graphiql.js': { contentType: 'text/javascript; charset=utf-8', text: BOOT_SCRIPT },
  }),
);

/** Names of the scripts the page loads, in load order (GraphiQL needs the React globals first). */
const PAGE_SCRIPTS = ['react.production.min.js', 'react-dom.production.min.js', 'graphiql.min.js', 'papergraph-graphiql.js'];
const PAGE_STYLESHEETS = ['graphiql.min.css'];

interface LoadedAsset {
  contentType: string;
  body: Buffer;
  /** Short content hash: the ETag, and the `?v=` that changes asset URLs when a package is upgraded. */
  hash: string;
  gzipped: Promise<Buffer> | undefined;
}

const requireFromHere = createRequire(import.meta.url);
const gzipAsync = promisify(gzip);
const loaded = new Map<string, Promise<LoadedAsset>>();

/**
 * One asset, read on first use and then kept in memory (about 1.5 MB for the page, 4 MB more for
 * the source map if dev tools ask). Lazy so that an API-only deployment pays nothing; a failed
 * read is retried on the next request.
 */
function loadAsset(name: string): Promise<LoadedAsset> {
  let asset = loaded.get(name);
  if (asset === undefined) {
    asset = (async () => {
      const source = ASSET_SOURCES.get(name);
      if (source === undefined) throw new Error(`${name} is not a GraphiQL asset`);
      let body: Buffer;
      if (source.file) {
        const [pkg, path] = source.file;
        // package.json is exported by all three packages, unlike the UMD files themselves.
        body = await readFile(join(dirname(requireFromHere.resolve(`${pkg}/package.json`)), path));
      } else body = Buffer.from(source.text ?? '', 'utf8');
      const hash = createHash('sha256').update(body).digest('base64url').slice(0, 16);
      return { contentType: source.contentType, body, hash, gzipped: undefined };
    })();
    loaded.set(name, asset);
    asset.catch(() => loaded.delete(name));
  }
  return asset;
}

/**
 * True when a request to /graphql is a browser asking for a page rather than a GraphQL GET
 * request: method GET or HEAD, no `query` parameter, and an Accept header ranking text/html at
 * least as high as the JSON media types (browsers send `text/html,...,*\/*;q=0.8`; GraphQL clients
 * send JSON types or nothing).
 */
export function wantsGraphiql(method: string | undefined, searchParams: URLSearchParams, accept: string | undefined): boolean {
  if ((method !== 'GET' && method !== 'HEAD') || searchParams.has('query') || !accept) return false;
  let html = 0;
  let json = 0;
  for (const range of accept.split(',')) {
    const [type = '', ...params] = range.split(';').map((part) => part.trim().toLowerCase());
    const qParam = params.find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (!Number.isFinite(q)) continue;
    if (type === 'text/html') html = Math.max(html, q);
    else if (type === 'application/json' || type === 'application/graphql-response+json') json = Math.max(json, q);
  }
  return html > 0 && html >= json;
}

/**
 * Security headers of the page. Scripts, styles and connections are limited to this origin, so
 * even a compromised bundle could not load or send anything elsewhere. Styles also allow inline
 * ones because GraphiQL and CodeMirror set `style` attributes; fonts and icons come as data: URLs.
 */
const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Answers with the GraphiQL page (200 text/html). Every script and stylesheet it references is a
 * relative URL under /graphql/assets/ served by serveGraphiqlAsset, and its fetcher POSTs JSON to
 * the page's own URL, /graphql; nothing is loaded from another origin.
 */
export async function serveGraphiqlPage(res: ServerResponse): Promise<void> {
  const names = [...PAGE_STYLESHEETS, ...PAGE_SCRIPTS];
  const hashes = new Map(await Promise.all(names.map(async (name) => [name, (await loadAsset(name)).hash] as const)));
  const html = renderGraphiqlPage(hashes);
  res.statusCode = 200;
  res.setHeader('content-type', 'text/html; charset=utf-8');
  // Cheap to make, and it names the current asset versions: always revalidate.
  res.setHeader('cache-control', 'no-cache');
  res.setHeader('content-security-policy', PAGE_CSP);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  res.end(html);
}

/**
 * Answers a GET or HEAD of /graphql/assets/<name>: 200 with the asset's content type and a
 * one-year immutable cache lifetime (URLs carry a content hash), gzip when the client accepts
 * it, 304 when If-None-Match matches, and 404 JSON for any name outside the allow-list.
 */
export async function serveGraphiqlAsset(name: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!ASSET_SOURCES.has(name)) {
    res.statusCode = 404;
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(JSON.stringify({ error: `no asset ${name}` }));
    return;
  }
  const asset = await loadAsset(name);
  const etag = `"${asset.hash}"`;
  res.setHeader('cache-control', 'public, max-age=31536000, immutable');
  res.setHeader('etag', etag);
  res.setHeader('vary', 'Accept-Encoding');
  res.setHeader('x-content-type-options', 'nosniff');
  if (req.headers['if-none-match']?.split(',').some((tag) => tag.trim() === etag)) {
    res.statusCode = 304;
    res.end();
    return;
  }
  res.statusCode = 200;
  res.setHeader('content-type', asset.contentType);
  // The bundles shrink about fourfold; compress once and keep the result.
  if (/\bgzip\b/i.test(req.headers['accept-encoding'] ?? '')) {
    asset.gzipped ??= gzipAsync(asset.body, { level: 9 });
    const body = await asset.gzipped;
    res.setHeader('content-encoding', 'gzip');
    res.setHeader('content-length', body.length);
    res.end(body);
    return;
  }
  res.setHeader('content-length', asset.body.length);
  res.end(asset.body);
}

/** The page's HTML, given the content hash of each asset it references. */
function renderGraphiqlPage(hashes: Map<string, string>): string {
  // Relative to the page's URL (…/graphql), so the page also works behind a path prefix.
  const assetUrl = (name: string) => `graphql/assets/${name}?v=${hashes.get(name) ?? ''}`;
  const config = { tabs: EXAMPLE_QUERIES.map(({ title, query }) => ({ query: `# ${title}\n${prettyPrint(query)}\n` })) };
  // `<` is escaped so no query text can close the data block (`</script>`) early.
  const configJson = JSON.stringify(config).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Papergraph GraphiQL</title>
<link rel="icon" href="data:,">
${PAGE_STYLESHEETS.map((name) => `<link rel="stylesheet" href="${assetUrl(name)}">`).join('\n')}
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<noscript>GraphiQL needs JavaScript. Without it, POST GraphQL requests as JSON to this URL.</noscript>
<script type="application/json" id="papergraph-graphiql-config">${configJson}</script>
${PAGE_SCRIPTS.map((name) => `<script src="${assetUrl(name)}"></script>`).join('\n')}
</body>
</html>
`;
}

/** The query laid out on several lines, as GraphiQL's Prettify would; unchanged if it does not parse. */
function prettyPrint(query: string): string {
  try {
    return print(parse(query));
  } catch {
    return query;
  }
}
