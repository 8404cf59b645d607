import type { IncomingMessage, ServerResponse } from 'node:http';

/** Where the graph explorer (issue #4) is served. */
export const EXPLORER_PATH = '/explorer';

/** Serves the graph explorer's page and assets. Not built yet: 404 with what to do. */
export async function serveExplorer(_path: string, _req: IncomingMessage, res: ServerResponse): Promise<void> {
  res.statusCode = 404;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify({ error: 'the graph explorer is not available in this build' }));
}
