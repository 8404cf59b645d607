/** Where the API is: the server that serves the explorer, at /graphql. */
const GRAPHQL_URL = '/graphql';

/** One error of a GraphQL response, as the user will read it. */
export interface ReportedError {
  message: string;
  code: string | null;
}

/** A request that came back with GraphQL errors, or without a GraphQL response at all. */
export class GraphQLRequestError extends Error {
  readonly errors: readonly ReportedError[];
  readonly operationName: string;

  constructor(operationName: string, errors: readonly ReportedError[]) {
    super(errors.map((e) => (e.code ? `${e.message} (${e.code})` : e.message)).join('; '));
    this.name = 'GraphQLRequestError';
    this.operationName = operationName;
    this.errors = errors;
  }
}

/**
 * Given a document and its variables, POSTs them as JSON to /graphql on this origin (JSON passes
 * Apollo's CSRF prevention) and resolves with `data`. Rejects with a GraphQLRequestError when the
 * response carries errors (partial data is not used: the user sees what went wrong instead), when
 * the server answers something that is not a GraphQL response, or when it cannot be reached.
 * An aborted request rejects with the AbortError of `signal`.
 */
export async function requestGraphQL<TData, TVariables extends object>(
  document: string,
  variables: TVariables,
  signal?: AbortSignal,
): Promise<TData> {
  const operationName = /\b(?:query|mutation)\s+(\w+)/.exec(document)?.[1] ?? 'anonymous';
  let response: Response;
  try {
    response = await fetch(GRAPHQL_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json;q=0.9' },
      body: JSON.stringify({ query: document, variables, operationName }),
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new GraphQLRequestError(operationName, [{ message: `the server did not answer (${(error as Error).message})`, code: null }]);
  }
  const text = await response.text();
  let body: { data?: TData | null; errors?: { message?: unknown; extensions?: { code?: unknown } }[] };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new GraphQLRequestError(operationName, [
      { message: `HTTP ${response.status} ${response.statusText}: ${text.slice(0, 200) || 'empty response'}`, code: null },
    ]);
  }
  if (Array.isArray(body.errors) && body.errors.length > 0) {
    throw new GraphQLRequestError(
      operationName,
      body.errors.map((e) => ({
        message: String(e.message ?? 'unknown error'),
        code: typeof e.extensions?.code === 'string' ? e.extensions.code : null,
      })),
    );
  }
  if (body.data === undefined || body.data === null) {
    throw new GraphQLRequestError(operationName, [{ message: `HTTP ${response.status}: the response has no data`, code: null }]);
  }
  return body.data;
}
