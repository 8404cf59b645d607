import type { PaperFilter as PaperFilterInput } from '../generated/graphql.ts';
import type { PaperFilter } from '../store/GraphStore.ts';
import { badArgument, badInput } from './arguments.ts';
import { EXPLORATION_LIMITS } from './queryLimits.ts';

/**
 * A PaperFilter argument as the store takes it, checked first: years are integers from 0 to 9999
 * with yearFrom <= yearTo, concept lists hold at most EXPLORATION_LIMITS.filterConcepts ids.
 * BAD_USER_INPUT names the field (`filter.yearFrom`); `argument` is the argument's name.
 */
export function paperFilterArgument(filter: PaperFilterInput | null | undefined, argument = 'filter'): PaperFilter {
  const year = (field: 'yearFrom' | 'yearTo') => {
    const value = filter?.[field];
    if (value === null || value === undefined) return null;
    if (!Number.isInteger(value) || value < 0 || value > 9999) throw badInput(`${argument}.${field}`, 'a year from 0 to 9999', value);
    return value;
  };
  const concepts = (field: 'conceptsAll' | 'conceptsAny') => {
    const ids = filter?.[field] ?? null;
    if (ids && ids.length > EXPLORATION_LIMITS.filterConcepts)
      throw badArgument(`${argument}.${field}`, `give at most ${EXPLORATION_LIMITS.filterConcepts} concept ids, not ${ids.length}`);
    return ids;
  };
  const [yearFrom, yearTo] = [year('yearFrom'), year('yearTo')];
  if (yearFrom !== null && yearTo !== null && yearFrom > yearTo)
    throw badArgument(`${argument}.yearFrom`, `yearFrom (${yearFrom}) is after yearTo (${yearTo}); swap them`);
  return {
    conceptId: filter?.concept ?? null,
    includeNarrower: filter?.includeNarrower ?? false,
    methodId: filter?.method ?? null,
    hasRepository: filter?.hasRepository ?? null,
    text: filter?.text ?? null,
    authorId: filter?.author ?? null,
    venue: filter?.venue ?? null,
    yearFrom,
    yearTo,
    conceptsAll: concepts('conceptsAll'),
    conceptsAny: concepts('conceptsAny'),
  };
}
