import type { PaperQuery } from '../../store/GraphStore.ts';
import { decodeCursor, pageSize } from '../arguments.ts';

/** The ordering name of Concept.papers' cursors. */
export const conceptPapersOrdering = (includeNarrower: boolean | null | undefined) =>
  `concept-papers:${includeNarrower ? 'narrower' : 'exact'}`;

/** The page Concept.papers asks the store for (shared with the look-ahead in prefetch.ts); throws BAD_USER_INPUT on bad arguments. */
export function conceptPapersQuery(
  conceptId: string,
  args: { first?: number | null; after?: string | null; includeNarrower?: boolean | null },
): PaperQuery {
  return {
    first: pageSize(args.first),
    after: decodeCursor(conceptPapersOrdering(args.includeNarrower), args.after),
    filter: { conceptId, includeNarrower: args.includeNarrower ?? false },
    orderBy: { field: 'RELEVANCE', direction: 'DESC' },
  };
}
