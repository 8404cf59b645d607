import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { InputError } from '../errors.ts';
import { EXPORT_MEDIA, exportChunks } from '../exploration/exportFormats.ts';
import { parseExportRequest } from '../exploration/exportRequest.ts';
import { graphViewOf } from '../exploration/graphViewOf.ts';
import type { GraphStore } from '../store/GraphStore.ts';
import { sendError, sendMethodNotAllowed } from './responses.ts';

/** The path of the export route. */
export const EXPORT_PATH = '/export';

/**
 * GET /export?format=gexf|graphml|graphology|cytoscape&limit=&author=&yearFrom=...: the graph view of
 * a paper filter (exploration/graphViewOf.ts; the PaperFilter fields of GraphQL as parameters,
 * lists comma-separated) streamed in the format, one chunk per node or edge, as an attachment.
 * 400 BAD_USER_INPUT naming the parameter for a bad value; 405 for other methods than GET and HEAD.
 */
export async function serveExport(req: IncomingMessage, res: ServerResponse, url: URL, store: GraphStore): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendMethodNotAllowed(res, 'GET, HEAD');
  let request;
  try {
    request = parseExportRequest((name) => url.searchParams.get(name) ?? undefined, EXPORT_PATH);
  } catch (error) {
    if (error instanceof InputError) return sendError(res, 400, error.message, 'BAD_USER_INPUT');
    throw error;
  }
  const view = await graphViewOf(store, request.filter, request.limit, request.edgeTypes);
  const media = EXPORT_MEDIA[request.format];
  res.statusCode = 200;
  res.setHeader('content-type', media.contentType);
  res.setHeader('content-disposition', `attachment; filename="papergraph.${media.extension}"`);
  res.setHeader('x-papergraph-truncated', String(view.truncated));
  if (req.method === 'HEAD') return void res.end();
  await pipeline(Readable.from(exportChunks(view, request.format)), res);
}
