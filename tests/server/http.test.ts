import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CORS_ALLOWED_HEADERS, createCorsHandler, parseCorsOrigins } from '../../src/server/cors.ts';
import { EXAMPLE_QUERIES } from '../../src/server/graphiql.ts';
import { MAX_BODY_BYTES, startHttpServer, type RunningServer } from '../../src/server/http.ts';
import { EmbeddedStore } from '../../src/store/embedded/EmbeddedStore.ts';

/** The Accept header a browser sends when navigating to a page. */
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
const ALLOWED_ORIGIN = 'http://allowed.example:5173';
const OTHER_ORIGIN = 'http://elsewhere.example';

/**
 * Hosts that occur in the served bundles only as strings the code never fetches: the SVG/XML
 * namespace, licence and documentation links in comments and error messages, React's error
 * decoder. A new host here after an upgrade needs a look: does the bundle now load something?
 */
const NON_LOADED_HOSTS = new Set([
  'www.w3.org',
  'reactjs.org',
  'react.dev',
  'github.com',
  'codemirror.net',
  'commonmark.org',
  'en.wikipedia.org',
]);

let store: EmbeddedStore;
let api: RunningServer;
/** Started without corsOrigins: the default, same-origin-only configuration. */
let plain: RunningServer;

beforeAll(async () => {
  store = new EmbeddedStore();
  await store.init();
  api = await startHttpServer({ store, port: 0, host: '127.0.0.1', corsOrigins: [ALLOWED_ORIGIN] });
  plain = await startHttpServer({ store, port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await api?.close();
  await plain?.close();
  await store?.close();
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** What the server's JSON bodies hold: GraphQL responses, and `error` on the non-GraphQL routes. */
interface JsonBody {
  data?: unknown;
  errors?: { message: string; extensions?: { code?: string } }[];
  error?: string;
}
const jsonOf = async (response: Response) => (await response.json()) as JsonBody;
/** `errors[0].extensions.code` of a response. */
const errorCode = async (response: Response) => (await jsonOf(response)).errors?.[0]?.extensions?.code;

const postJson = (body: string, headers: Record<string, string> = {}, server = api) =>
  fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('health and readiness', () => {
  it('/health answers 200 {status: "ok"}', async () => {
    const response = await fetch(`${api.url}/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('/ready answers 200 with the store kind when the store answers ping()', async () => {
    const response = await fetch(`${api.url}/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready', store: 'embedded' });
  });

  it('/ready answers 503 naming the store and the error when ping() rejects', async () => {
    vi.spyOn(store, 'ping').mockRejectedValue(new Error('connection refused'));
    const response = await fetch(`${api.url}/ready`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'unavailable', store: 'embedded', error: 'connection refused' });
  });

  it('refuses other methods with 405 and an Allow header', async () => {
    const response = await fetch(`${api.url}/health`, { method: 'POST' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('routing and request errors', () => {
  it('answers an unknown path with 404 JSON pointing at /graphql', async () => {
    const response = await fetch(`${api.url}/nowhere`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect((await jsonOf(response)).error).toMatch(/\/graphql/);
  });

  it('runs a POSTed query: { stats { nodeCount } } answers 200 with data', async () => {
    const response = await postJson(JSON.stringify({ query: '{ stats { nodeCount } }' }));
    const body = await response.json();
    expect(response.status, JSON.stringify(body)).toBe(200);
    expect(body).toEqual({ data: { stats: { nodeCount: 0 } } });
  });

  it('refuses a body over 1 MB with 413 and extensions.code, and the connection stays usable', async () => {
    const response = await postJson(JSON.stringify({ query: '{ __typename }', padding: 'x'.repeat(MAX_BODY_BYTES) }));
    expect(response.status).toBe(413);
    expect(await errorCode(response)).toBe('PAYLOAD_TOO_LARGE');
    expect((await postJson(JSON.stringify({ query: '{ __typename }' }))).status).toBe(200);
  });

  it('refuses a streamed (chunked, no Content-Length) body over 1 MB with 413', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > MAX_BODY_BYTES * 2) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit & { duplex: 'half' });
    expect(response.status).toBe(413);
    expect(await errorCode(response)).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses malformed JSON with 400', async () => {
    const response = await postJson('{"query": "{ __typename }"');
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe('BAD_REQUEST');
  });

  it('refuses a POST body that is not application/json with 415', async () => {
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: '<query/>',
    });
    expect(response.status).toBe(415);
    expect(await errorCode(response)).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses other methods on /graphql with 405 and an Allow header that includes OPTIONS', async () => {
    const response = await fetch(`${api.url}/graphql`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST, OPTIONS');
  });

  it('answers a document that does not validate with 200 for application/json and 400 for application/graphql-response+json', async () => {
    const body = JSON.stringify({ query: '{ thisFieldDoesNotExist }' });
    const legacy = await postJson(body, { accept: 'application/json' });
    expect(legacy.status).toBe(200);
    expect(await errorCode(legacy)).toBe('GRAPHQL_VALIDATION_FAILED');
    const modern = await postJson(body, { accept: 'application/graphql-response+json' });
    expect(modern.status).toBe(400);
    expect(modern.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
  });
});

describe('CSRF prevention (Apollo)', () => {
  it('refuses a GET query without a content-type or preflight header, without running it', async () => {
    const response = await fetch(`${api.url}/graphql?query=${encodeURIComponent('{ __typename }')}`);
    expect(response.status).toBe(400);
    const body = await jsonOf(response);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.message).toMatch(/CSRF/);
  });

  it('runs a GET query that carries apollo-require-preflight', async () => {
    const response = await fetch(`${api.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it("runs the GraphiQL page's own request: POST with content-type application/json and its Accept", async () => {
    const response = await postJson(JSON.stringify({ query: '{ __typename }' }), {
      accept: 'application/graphql-response+json, application/json;q=0.9',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('GraphiQL at /graphql', () => {
  const fetchPage = async () => {
    const response = await fetch(`${api.url}/graphql`, { headers: { accept: BROWSER_ACCEPT } });
    return { response, html: await response.text() };
  };
  /** Every src and href of the page's HTML. */
  const referencesOf = (html: string) => [...html.matchAll(/\b(?:src|href)\s*=\s*["']([^"']*)["']/gi)].map((match) => match[1]!);

  it('serves an HTML page to a browser (Accept prefers text/html, no query parameter)', async () => {
    const { response, html } = await fetchPage();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('vary')).toMatch(/\bAccept\b/);
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('id="graphiql"');
  });

  it('references only same-origin assets and holds no absolute URL at all', async () => {
    const { response, html } = await fetchPage();
    const references = referencesOf(html);
    expect(references.length).toBeGreaterThanOrEqual(5);
    for (const reference of references) {
      if (reference.startsWith('data:')) continue; // the empty favicon, inline
      expect(reference, 'a scheme-relative or absolute URL').not.toMatch(/^(?:[a-z][a-z0-9+.-]*:|\/\/)/i);
      expect(new URL(reference, response.url).origin).toBe(api.url);
    }
    expect(html).not.toMatch(/https?:\/\//i);
    // The browser enforces it too: nothing may be loaded or fetched from another origin.
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
  });

  it('serves every referenced asset with 200, its content type, a long cache lifetime, and no external loads', async () => {
    const { response, html } = await fetchPage();
    const assets = referencesOf(html).filter((reference) => !reference.startsWith('data:'));
    const kinds = new Set<string>();
    for (const reference of assets) {
      const url = new URL(reference, response.url);
      expect(url.pathname).toMatch(/^\/graphql\/assets\/[\w.-]+$/);
      const asset = await fetch(url);
      expect(asset.status, url.pathname).toBe(200);
      expect(asset.headers.get('cache-control')).toMatch(/max-age=31536000/);
      const text = await asset.text();
      if (url.pathname.endsWith('.css')) {
        kinds.add('css');
        expect(asset.headers.get('content-type')).toBe('text/css; charset=utf-8');
        expect(text, `${url.pathname} imports a stylesheet`).not.toMatch(/@import/i);
        // Fonts and icons must be inline (data:) or from this server.
        for (const [, target] of text.matchAll(/url\(\s*["']?([^"')]*)/gi))
          expect(target, url.pathname).toMatch(/^(?:data:|[^:/]+(?:\/|$)|\/[^/])/i);
      } else {
        kinds.add('js');
        expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
        // Minified bundles mention URLs in strings they never load; every host must be a known one of those.
        for (const [, host] of text.matchAll(/https?:\/\/([a-z0-9.-]+)/gi)) {
          expect(NON_LOADED_HOSTS.has(host!.toLowerCase()), `${url.pathname} mentions ${host}`).toBe(true);
        }
        expect(text).not.toMatch(/sourceMappingURL=(?:https?:)?\/\//);
      }
    }
    expect([...kinds].sort()).toEqual(['css', 'js']);
  });

  it('loads React, ReactDOM and GraphiQL before its own start-up script', async () => {
    const { html } = await fetchPage();
    const scripts = referencesOf(html)
      .filter((reference) => reference.includes('.js'))
      .map((reference) => reference.replace(/^.*\/|\?.*$/g, ''));
    expect(scripts).toEqual(['react.production.min.js', 'react-dom.production.min.js', 'graphiql.min.js', 'papergraph-graphiql.js']);
  });

  it('opens the example queries as tabs, and points its fetcher at the page URL, /graphql', async () => {
    const { html } = await fetchPage();
    const json = /<script type="application\/json" id="papergraph-graphiql-config">([^<]*)<\/script>/.exec(html)?.[1];
    const config = JSON.parse(json ?? 'null') as { tabs: { query: string }[] };
    expect(config.tabs).toHaveLength(EXAMPLE_QUERIES.length);
    EXAMPLE_QUERIES.forEach(({ title }, index) => expect(config.tabs[index]!.query).toContain(`# ${title}`));
    const boot = await (await fetch(`${api.url}/graphql/assets/papergraph-graphiql.js`)).text();
    expect(boot).toContain('url: window.location.pathname');
  });

  it('answers If-None-Match with 304, and compresses for clients that accept gzip', async () => {
    const first = await fetch(`${api.url}/graphql/assets/graphiql.min.css`);
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    const again = await fetch(`${api.url}/graphql/assets/graphiql.min.css`, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    // fetch sends Accept-Encoding: gzip and decompresses; the header shows what travelled.
    expect(first.headers.get('content-encoding')).toBe('gzip');
  });

  it('serves nothing outside its allow-list', async () => {
    for (const name of ['package.json', '%2e%2e%2fpackage.json', '..%2F..%2Fpackage.json', '__proto__', 'graphiql.min.js%00', '']) {
      const response = await fetch(`${api.url}/graphql/assets/${name}`);
      expect(response.status, name).toBe(404);
    }
  });

  it('leaves GraphQL requests to Apollo: a browser GET with ?query= gets JSON, and GraphQL clients never get the page', async () => {
    const withQuery = await fetch(`${api.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: BROWSER_ACCEPT, 'apollo-require-preflight': 'true' },
    });
    expect(withQuery.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await withQuery.json()).toEqual({ data: { __typename: 'Query' } });

    for (const accept of ['application/json', 'application/graphql-response+json', '*/*', 'application/json, text/html;q=0.5']) {
      const response = await fetch(`${api.url}/graphql`, { headers: { accept } });
      expect(response.headers.get('content-type'), accept).not.toMatch(/html/);
    }
  });
});

describe('CORS', () => {
  it('echoes an allowed origin, with Vary: Origin', async () => {
    const response = await postJson(JSON.stringify({ query: '{ __typename }' }), { origin: ALLOWED_ORIGIN });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    expect(response.headers.get('vary')).toMatch(/\bOrigin\b/);
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('sends no CORS header to another origin (the browser then withholds the response)', async () => {
    const response = await postJson(JSON.stringify({ query: '{ __typename }' }), { origin: OTHER_ORIGIN });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('vary')).toMatch(/\bOrigin\b/);
  });

  it('answers a preflight from an allowed origin with 204, the methods and the headers', async () => {
    const response = await fetch(`${api.url}/graphql`, {
      method: 'OPTIONS',
      headers: {
        origin: ALLOWED_ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, authorization',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS');
    const allowed = (response.headers.get('access-control-allow-headers') ?? '').split(/\s*,\s*/);
    expect(allowed).toEqual(
      expect.arrayContaining(['content-type', 'authorization', 'apollo-require-preflight', 'x-apollo-operation-name']),
    );
  });

  it('grants nothing to a preflight from another origin', async () => {
    const response = await fetch(`${api.url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: OTHER_ORIGIN, 'access-control-request-method': 'POST' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-allow-methods')).toBeNull();
    expect(response.headers.get('access-control-allow-headers')).toBeNull();
  });

  it('is off by default: no origin gets CORS headers and no Vary: Origin is added', async () => {
    const response = await postJson(JSON.stringify({ query: '{ __typename }' }), { origin: ALLOWED_ORIGIN }, plain);
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('vary') ?? '').not.toMatch(/\bOrigin\b/);
    const preflight = await fetch(`${plain.url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: ALLOWED_ORIGIN, 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('parses CORS_ORIGINS: comma-separated origins, `*`, blank for none; refuses what is not an origin', () => {
    expect(parseCorsOrigins(undefined)).toEqual([]);
    expect(parseCorsOrigins(' ')).toEqual([]);
    expect(parseCorsOrigins('https://app.example.org/, http://LOCALHOST:5173,https://x.example:443')).toEqual([
      'https://app.example.org',
      'http://localhost:5173',
      'https://x.example',
    ]);
    expect(parseCorsOrigins('*')).toEqual(['*']);
    for (const bad of [
      'app.example.org',
      'https://app.example.org/graphql',
      'https://app.example.org?x=1',
      'mailto:a@b.c',
      'https://user@app.example.org',
    ]) {
      expect(() => parseCorsOrigins(bad), bad).toThrow(/CORS_ORIGINS/);
    }
  });

  it('with `*`, echoes any origin', () => {
    const cors = createCorsHandler(['*']);
    const headers = new Map<string, string>();
    const res = {
      statusCode: 200,
      getHeader: (name: string) => headers.get(name),
      setHeader: (name: string, value: string) => headers.set(name, value),
      end: () => undefined,
    };
    const req = { method: 'OPTIONS', headers: { origin: OTHER_ORIGIN, 'access-control-request-method': 'GET' } };
    expect(cors(req as never, res as never)).toBe(true);
    expect(res.statusCode).toBe(204);
    expect(headers.get('access-control-allow-origin')).toBe(OTHER_ORIGIN);
    expect(headers.get('access-control-allow-headers')).toBe(CORS_ALLOWED_HEADERS);
  });
});
