import type { ServerResponse } from 'node:http';

/** Sends `value` as a JSON body with `status` and any extra `headers`. */
export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  for (const [key, headerValue] of Object.entries(headers)) res.setHeader(key, headerValue);
  res.end(JSON.stringify(value));
}

/** A GraphQL-shaped error response (`errors[0].extensions.code`), as clients of /graphql expect. */
export function sendError(res: ServerResponse, status: number, message: string, code: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { errors: [{ message, extensions: { code } }] }, headers);
}

/** 405 naming the methods the path answers, in the message and in `Allow`. */
export function sendMethodNotAllowed(res: ServerResponse, allow: string): void {
  sendError(res, 405, `method not allowed; use ${allow}`, 'METHOD_NOT_ALLOWED', { allow });
}

/** The lower-case type/subtype of a Content-Type value, without parameters; '' when absent. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}
