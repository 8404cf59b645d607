import { GraphQLError } from 'graphql';
import type { Cursor } from '../store/GraphStore.ts';

/** The largest page any connection or list serves. */
export const MAX_PAGE_SIZE = 100;

/** A BAD_USER_INPUT error naming the argument, what it must be and what it was. */
export function badInput(argument: string, expected: string, received: unknown): GraphQLError {
  return new GraphQLError(`Argument "${argument}" must be ${expected}; received ${JSON.stringify(received)}.`, {
    extensions: { code: 'BAD_USER_INPUT', argumentName: argument },
  });
}

/** A BAD_USER_INPUT error about an argument, with a message that names the fix. */
export function badArgument(argument: string, message: string): GraphQLError {
  return new GraphQLError(`Argument "${argument}": ${message}.`, { extensions: { code: 'BAD_USER_INPUT', argumentName: argument } });
}

/** Checks an integer argument is within [min, max] before any store call. */
export function intInRange(argument: string, value: number | null | undefined, min: number, max: number, fallback: number): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < min || n > max) throw badInput(argument, `an integer from ${min} to ${max}`, value);
  return n;
}

/** A page size: 1 to MAX_PAGE_SIZE. */
export function pageSize(value: number | null | undefined, fallback = 20, argument = 'first'): number {
  return intInRange(argument, value, 1, MAX_PAGE_SIZE, fallback);
}

/**
 * An opaque keyset cursor: the ordering it belongs to, the sort key and the id of an item,
 * base64url JSON. Cursors of another ordering are refused rather than silently misread.
 */
export function encodeCursor(ordering: string, key: string | number, id: string): string {
  return Buffer.from(JSON.stringify([ordering, key, id])).toString('base64url');
}

/** Reads a cursor made by encodeCursor for the same ordering; BAD_USER_INPUT otherwise. */
export function decodeCursor(ordering: string, cursor: string | null | undefined, argument = 'after'): Cursor | null {
  if (cursor === null || cursor === undefined) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badInput(argument, 'a cursor returned by this API (pageInfo.endCursor)', cursor);
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || typeof parsed[2] !== 'string' || !['string', 'number'].includes(typeof parsed[1])) {
    throw badInput(argument, 'a cursor returned by this API (pageInfo.endCursor)', cursor);
  }
  if (parsed[0] !== ordering)
    throw badInput(argument, `a cursor of the same ordering (${ordering}); this one is of ${String(parsed[0])}`, cursor);
  return { key: parsed[1] as string | number, id: parsed[2] };
}

/**
 * A Relay connection from one page. A page read without its total (totalCount null: the
 * look-ahead saw no totalCount selected) throws if totalCount is read after all.
 */
export function toConnection<T extends { id: string }>(
  ordering: string,
  page: { items: { node: T; key: string | number }[]; totalCount: number | null; hasNextPage: boolean },
) {
  const edges = page.items.map(({ node, key }) => ({ cursor: encodeCursor(ordering, key, node.id), node }));
  return {
    edges,
    get totalCount(): number {
      if (page.totalCount === null) throw new Error(`totalCount of a page of ${ordering} read without counting: the look-ahead missed it`);
      return page.totalCount;
    },
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
