import type { ColourMode, ViewFilter, ViewState } from './testHook.ts';

export type { ColourMode, ViewFilter, ViewState };

/** A year as the URL gives it, or undefined for anything that is not a whole number. */
function yearOf(text: string | null): number | undefined {
  if (text === null || !/^-?\d{1,4}$/.test(text.trim())) return undefined;
  return Number(text);
}

/** The filter without its unset fields, so equal filters compare and print equal. */
export function normaliseFilter(filter: ViewFilter): ViewFilter {
  const out: ViewFilter = {};
  if (filter.yearFrom !== undefined) out.yearFrom = filter.yearFrom;
  if (filter.yearTo !== undefined) out.yearTo = filter.yearTo;
  if (filter.venue) out.venue = filter.venue;
  if (filter.author) out.author = filter.author;
  if (filter.method) out.method = filter.method;
  if (filter.conceptsAll && filter.conceptsAll.length > 0) out.conceptsAll = [...new Set(filter.conceptsAll)];
  return out;
}

/** True when the filter keeps every paper. */
export function isEmptyFilter(filter: ViewFilter): boolean {
  return Object.keys(normaliseFilter(filter)).length === 0;
}

/** A key equal for equal filters (field order and unset fields do not matter). */
export function filterKey(filter: ViewFilter): string {
  const f = normaliseFilter(filter);
  return JSON.stringify([f.yearFrom ?? null, f.yearTo ?? null, f.venue ?? null, f.author ?? null, f.method ?? null, f.conceptsAll ?? []]);
}

/** The state of a query string; a path needs both ends, else it is dropped; unreadable years are dropped. */
export function parseViewState(search: string): ViewState {
  const params = new URLSearchParams(search);
  const value = (name: string) => params.get(name)?.trim() || null;
  const from = value('from');
  const to = value('to');
  const filter = normaliseFilter({
    yearFrom: yearOf(params.get('yearFrom')),
    yearTo: yearOf(params.get('yearTo')),
    venue: value('venue') ?? undefined,
    author: value('author') ?? undefined,
    method: value('method') ?? undefined,
    conceptsAll: params
      .getAll('concept')
      .map((id) => id.trim())
      .filter(Boolean),
  });
  const colour: ColourMode = value('colour') === 'community' ? 'community' : 'type';
  return { focus: value('focus'), from: from && to ? from : null, to: from && to ? to : null, filter, colour };
}

/** The query string of a state ('' when it is empty), in a fixed order so equal states give equal URLs. */
export function formatViewState(state: ViewState): string {
  const params = new URLSearchParams();
  if (state.focus) params.set('focus', state.focus);
  if (state.from && state.to) {
    params.set('from', state.from);
    params.set('to', state.to);
  }
  const filter = normaliseFilter(state.filter);
  if (filter.yearFrom !== undefined) params.set('yearFrom', String(filter.yearFrom));
  if (filter.yearTo !== undefined) params.set('yearTo', String(filter.yearTo));
  if (filter.venue) params.set('venue', filter.venue);
  if (filter.author) params.set('author', filter.author);
  if (filter.method) params.set('method', filter.method);
  for (const concept of filter.conceptsAll ?? []) params.append('concept', concept);
  if (state.colour === 'community') params.set('colour', 'community');
  const query = params.toString();
  return query ? `?${query}` : '';
}
