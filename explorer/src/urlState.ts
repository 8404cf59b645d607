import type { ViewState } from './testHook.ts';

export type { ViewState };

/** The state of a query string (`?focus=…&from=…&to=…`); a path needs both ends, else it is dropped. */
export function parseViewState(search: string): ViewState {
  const params = new URLSearchParams(search);
  const value = (name: string) => params.get(name)?.trim() || null;
  const from = value('from');
  const to = value('to');
  return { focus: value('focus'), from: from && to ? from : null, to: from && to ? to : null };
}

/** The query string of a state ('' when it is empty), in a fixed order so equal states give equal URLs. */
export function formatViewState(state: ViewState): string {
  const params = new URLSearchParams();
  if (state.focus) params.set('focus', state.focus);
  if (state.from && state.to) {
    params.set('from', state.from);
    params.set('to', state.to);
  }
  const query = params.toString();
  return query ? `?${query}` : '';
}
