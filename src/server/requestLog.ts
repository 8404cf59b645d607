import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logging.ts';
import type { RequestFacts } from './apollo.ts';

/**
 * One line per request, when its response has gone out or its connection closed: the request id,
 * method, path (never the query string, which can hold a GET's query and variables), status,
 * duration, operation and error codes. Headers (the API key is one) and variables are never logged.
 */
export function logRequest(
  logger: Logger,
  req: IncomingMessage,
  res: ServerResponse,
  facts: RequestFacts,
  durationMs: number,
  failure: unknown,
): void {
  const line: Record<string, unknown> = {
    reqId: facts.requestId,
    method: req.method,
    path: pathOf(req.url),
    status: res.statusCode,
    durationMs: Math.round(durationMs * 10) / 10,
  };
  if (facts.operationName) line.operationName = facts.operationName;
  if (facts.operationType) line.operationType = facts.operationType;
  if (facts.errorCodes.length > 0) line.errorCodes = [...new Set(facts.errorCodes)];
  if (!res.writableFinished) line.aborted = true;
  if (failure !== undefined) line.err = failure;
  if (res.statusCode >= 500) logger.error(line, 'request');
  else logger.info(line, 'request');
}

/** The path of a request target, without its query string; `/` for anything unparsable. */
export function pathOf(target: string | undefined): string {
  try {
    return new URL(target ?? '/', 'http://localhost').pathname;
  } catch {
    return '/';
  }
}
