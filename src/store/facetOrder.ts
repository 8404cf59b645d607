import type { FacetValue } from './GraphStore.ts';
import { compareStrings } from './readRules.ts';

/** The order of a facet's values on both stores: count descending, then value (code points), cut to `first`. */
export function topFacetValues(values: FacetValue[], first: number): FacetValue[] {
  return values.sort((a, b) => b.count - a.count || compareStrings(a.value, b.value)).slice(0, first);
}
