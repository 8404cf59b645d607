import type { Facet, FacetBy } from './documents.ts';
import { h } from './dom.ts';
import type { ViewFilter } from './testHook.ts';

const FACET_TITLES: Record<FacetBy, string> = { YEAR: 'Year', VENUE: 'Venue', CONCEPT: 'Concepts', METHOD: 'Methods', AUTHOR: 'Authors' };

/** True when the filter already holds this facet value. */
export function filterHas(filter: ViewFilter, by: FacetBy, value: string): boolean {
  switch (by) {
    case 'YEAR':
      return filter.yearFrom === Number(value) && filter.yearTo === Number(value);
    case 'VENUE':
      return filter.venue === value;
    case 'AUTHOR':
      return filter.author === value;
    case 'METHOD':
      return filter.method === value;
    case 'CONCEPT':
      return filter.conceptsAll?.includes(value) ?? false;
  }
}

/**
 * The filter with a facet value added (a year becomes a one-year range, a concept joins those every
 * paper must mention, the others replace their field), or taken out when it is already there.
 */
export function toggleFacetValue(filter: ViewFilter, by: FacetBy, value: string): ViewFilter {
  const on = !filterHas(filter, by, value);
  const next: ViewFilter = { ...filter, conceptsAll: [...(filter.conceptsAll ?? [])] };
  switch (by) {
    case 'YEAR':
      next.yearFrom = on ? Number(value) : undefined;
      next.yearTo = on ? Number(value) : undefined;
      break;
    case 'VENUE':
      next.venue = on ? value : undefined;
      break;
    case 'AUTHOR':
      next.author = on ? value : undefined;
      break;
    case 'METHOD':
      next.method = on ? value : undefined;
      break;
    case 'CONCEPT':
      next.conceptsAll = on ? [...next.conceptsAll!, value] : next.conceptsAll!.filter((id) => id !== value);
      break;
  }
  return next;
}

/** The filter's parts as removable choices, in the panel's order (the year range as one). */
function activeChoices(
  filter: ViewFilter,
  labelOf: (by: FacetBy, value: string) => string,
): { key: string; text: string; without: ViewFilter }[] {
  const out: { key: string; text: string; without: ViewFilter }[] = [];
  if (filter.yearFrom !== undefined || filter.yearTo !== undefined) {
    const { yearFrom: from, yearTo: to } = filter;
    const text =
      from === to ? `Year ${from}` : from === undefined ? `Up to ${to}` : to === undefined ? `From ${from}` : `Years ${from}–${to}`;
    out.push({ key: 'years', text, without: { ...filter, yearFrom: undefined, yearTo: undefined } });
  }
  if (filter.venue) out.push({ key: 'venue', text: `Venue: ${filter.venue}`, without: { ...filter, venue: undefined } });
  for (const id of filter.conceptsAll ?? []) {
    out.push({ key: `concept:${id}`, text: `Concept: ${labelOf('CONCEPT', id)}`, without: toggleFacetValue(filter, 'CONCEPT', id) });
  }
  if (filter.method)
    out.push({ key: 'method', text: `Method: ${labelOf('METHOD', filter.method)}`, without: { ...filter, method: undefined } });
  if (filter.author)
    out.push({ key: 'author', text: `Author: ${labelOf('AUTHOR', filter.author)}`, without: { ...filter, author: undefined } });
  return out;
}

/**
 * The facets panel: the filter in force as removable chips, then, per facet, the values most of
 * the matching papers have, with their counts; a value is a toggle button (pressed when the filter
 * holds it). `onFilter` receives the filter a click asks for.
 */
export function renderFacets(
  container: HTMLElement,
  facets: readonly Facet[],
  filter: ViewFilter,
  labelOf: (by: FacetBy, value: string) => string,
  onFilter: (next: ViewFilter) => void,
): void {
  const chips = activeChoices(filter, labelOf);
  container.replaceChildren(
    h('h2', {}, 'Filter papers'),
    chips.length === 0
      ? h('p', { class: 'muted', id: 'active-filters' }, 'All papers. Choose a value below, or drag the year range.')
      : h(
          'ul',
          { class: 'active-filters', id: 'active-filters', 'aria-label': 'Filters in force' },
          chips.map((chip) =>
            h(
              'li',
              { 'data-filter': chip.key },
              h('span', {}, chip.text),
              h(
                'button',
                { type: 'button', class: 'remove', 'aria-label': `Remove filter ${chip.text}`, onclick: () => onFilter(chip.without) },
                '×',
              ),
            ),
          ),
          chips.length > 1
            ? h('li', {}, h('button', { type: 'button', class: 'link-button', onclick: () => onFilter({}) }, 'Clear all'))
            : null,
        ),
    // A facet none of the papers has a value of (no venues in the data, say) is left out.
    ...facets
      .filter((facet) => facet.values.length > 0)
      .map((facet) =>
        h(
          'section',
          { class: 'facet', 'data-facet': facet.by, 'aria-labelledby': `facet-${facet.by}` },
          h('h3', { id: `facet-${facet.by}` }, FACET_TITLES[facet.by]),
          facet.values.length === 0
            ? h('p', { class: 'muted' }, 'None among these papers.')
            : h(
                'ul',
                {},
                facet.values.map((value) =>
                  h(
                    'li',
                    {},
                    h(
                      'button',
                      {
                        type: 'button',
                        class: 'facet-value',
                        'data-value': value.value,
                        'aria-pressed': String(filterHas(filter, facet.by, value.value)),
                        title: filterHas(filter, facet.by, value.value)
                          ? 'Click to remove this filter'
                          : `Show only papers with ${value.label}`,
                        onclick: () => onFilter(toggleFacetValue(filter, facet.by, value.value)),
                      },
                      h('span', { class: 'facet-label' }, value.label),
                      h('span', { class: 'facet-count' }, String(value.count)),
                    ),
                  ),
                ),
              ),
        ),
      ),
  );
}
