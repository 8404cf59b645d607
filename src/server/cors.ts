import type { IncomingMessage, ServerResponse } from 'node:http';

/** Methods a cross-origin page may use on /graphql (OPTIONS is the preflight itself). */
export const CORS_ALLOWED_METHODS = 'GET, POST, OPTIONS';

/**
 * Request headers a cross-origin page may send: JSON bodies, the API key, and the two headers
 * that satisfy Apollo's CSRF prevention on GET requests.
 */
export const CORS_ALLOWED_HEADERS = 'content-type, authorization, apollo-require-preflight, x-apollo-operation-name';

/** How long (seconds) a browser may reuse a preflight answer; browsers cap it at 2 h anyway. */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * Parses the CORS_ORIGINS setting: a comma-separated list of origins (`https://app.example.org`,
 * `http://localhost:5173`) or `*` for any origin. Unset or blank gives `[]`: no cross-origin
 * access, the server is same-origin only. A trailing slash is tolerated and dropped.
 * Throws an Error naming CORS_ORIGINS when an entry is not a bare origin (a path, a query, no scheme),
 * because a typo there would otherwise silently lock the intended front end out.
 */
export function parseCorsOrigins(value: string | undefined): string[] {
  if (value === undefined || value.trim() === '') return [];
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => normalizeOrigin(entry, 'CORS_ORIGINS'));
}

/**
 * Answers the CORS part of one request, given the allowed origins (`*` allows any origin).
 * Returns true when it has fully answered the request: a preflight (OPTIONS with
 * Access-Control-Request-Method) from an allowed origin gets 204 with the allowed methods and
 * headers. Otherwise returns false after, for an allowed Origin, setting
 * Access-Control-Allow-Origin to that origin; a disallowed or absent Origin gets no CORS header,
 * so the browser withholds the response from the foreign page. Whenever any origin is allowed,
 * `Vary: Origin` is added to every response, since the answer depends on the Origin header and a
 * shared cache must not hand one origin's response to another.
 * Throws at creation when an entry is not an origin (see parseCorsOrigins).
 */
export function createCorsHandler(allowedOrigins: readonly string[]): (req: IncomingMessage, res: ServerResponse) => boolean {
  const anyOrigin = allowedOrigins.includes('*');
  const allowed = new Set(allowedOrigins.filter((o) => o !== '*').map((o) => normalizeOrigin(o, 'corsOrigins')));
  const enabled = anyOrigin || allowed.size > 0;

  return (req, res) => {
    if (!enabled) return false;
    appendVary(res, 'Origin');
    const origin = req.headers.origin;
    if (origin === undefined || !(anyOrigin || allowed.has(origin))) return false;
    // Echoing the origin (rather than `*`) keeps one code path for both configurations; credentials
    // are never allowed (no cookies: the API key travels in Authorization), so echoing grants nothing more.
    res.setHeader('access-control-allow-origin', origin);
    if (req.method !== 'OPTIONS' || req.headers['access-control-request-method'] === undefined) return false;
    res.statusCode = 204;
    res.setHeader('access-control-allow-methods', CORS_ALLOWED_METHODS);
    res.setHeader('access-control-allow-headers', CORS_ALLOWED_HEADERS);
    res.setHeader('access-control-max-age', String(PREFLIGHT_MAX_AGE_SECONDS));
    res.end();
    return true;
  };
}

/**
 * Adds a field to the response's Vary header, keeping what is already there (Vary is a list,
 * and setHeader would replace it).
 */
export function appendVary(res: ServerResponse, field: string): void {
  const current = res.getHeader('vary');
  const fields = (Array.isArray(current) ? current.join(',') : current === undefined ? '' : String(current))
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '');
  if (fields.includes('*') || fields.some((f) => f.toLowerCase() === field.toLowerCase())) return;
  res.setHeader('vary', [...fields, field].join(', '));
}

/** `*`, or the serialized origin of `entry` when it is exactly an origin; throws naming `setting` otherwise. */
function normalizeOrigin(entry: string, setting: string): string {
  if (entry === '*') return entry;
  const bare = entry.replace(/\/$/, '');
  const url = URL.canParse(bare) ? new URL(bare) : null;
  // Only scheme, host and port make an origin: a path, query or user name means a URL pasted by
  // mistake. `origin` is "null" for non-hierarchical URLs such as `mailto:`.
  if (url === null || url.origin === 'null' || url.pathname !== '/' || /[?#@]/.test(bare)) {
    throw new Error(
      `${setting} must be a comma-separated list of origins such as https://app.example.org or http://localhost:5173, or *; found ${JSON.stringify(entry)}`,
    );
  }
  // Serialized as browsers send it in Origin: lower-case scheme and host, default port dropped.
  return url.origin;
}
