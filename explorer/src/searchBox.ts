import {
  displayName,
  nodeTypeOf,
  SUGGEST_HITS,
  SUGGEST_QUERY,
  type NodeType,
  type SearchNode,
  type SuggestData,
  type SuggestVariables,
} from './documents.ts';
import { h } from './dom.ts';
import { requestGraphQL } from './graphqlClient.ts';
import { typeSwatch } from './legend.ts';

export interface SearchBoxOptions {
  input: HTMLInputElement;
  listbox: HTMLUListElement;
  /** The node types to search; null for all. */
  types: NodeType[] | null;
  /** A hit was chosen (Enter on it, or a click). */
  onChoose(hit: SearchNode): void;
  onError(error: unknown): void;
  /** Wraps every request, so the page can tell when it is busy. */
  track<T>(work: Promise<T>): Promise<T>;
}

/** Wait this long after the last keystroke before asking (typeahead is fast: this only spares fast typists' requests). */
const DEBOUNCE_MS = 80;

/** A line of detail under a hit's name. */
function hitDetail(node: SearchNode): string {
  switch (node.__typename) {
    case 'Paper':
      return node.publishedAt ? `Paper · ${node.publishedAt}` : 'Paper';
    case 'Concept':
      return `Concept · ${node.kind.toLowerCase()} · ${node.paperCount} paper${node.paperCount === 1 ? '' : 's'}`;
    case 'Method':
      return node.fullName ? `Method · ${node.fullName}` : 'Method';
    case 'Repository':
      return 'Repository';
    case 'Author':
      return 'Author';
  }
}

/**
 * A typeahead box over the `suggest` query (names, aliases and titles with a word starting with
 * what was typed), following the ARIA combobox pattern: hits are listed as options on every
 * keystroke (debounced; a request overtaken by the next keystroke is aborted); Arrow keys move
 * through them, Enter or a click chooses one, Escape closes the list (or clears the box when it is closed).
 */
export class SearchBox {
  /** The node last chosen (or set); null once the text is edited. */
  chosen: { id: string; label: string } | null = null;
  readonly #options: SearchBoxOptions;
  #hits: SearchNode[] = [];
  #active = -1;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Settles the tracked wait of the keystrokes since the last search, once that search is done. */
  #waiting: (() => void) | null = null;
  #request: AbortController | null = null;

  constructor(options: SearchBoxOptions) {
    this.#options = options;
    const { input, listbox } = options;
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-controls', listbox.id);
    input.setAttribute('autocomplete', 'off');
    listbox.setAttribute('role', 'listbox');
    this.#close();
    input.addEventListener('input', () => {
      this.chosen = null;
      clearTimeout(this.#timer);
      // The wait counts as work in progress (the page is not idle while a keystroke's hits are due).
      if (!this.#waiting) {
        let done = () => {};
        void options.track(new Promise<void>((resolve) => (done = resolve)));
        this.#waiting = done;
      }
      this.#timer = setTimeout(() => {
        const done = this.#waiting;
        this.#waiting = null;
        void this.#search().finally(done ?? undefined);
      }, DEBOUNCE_MS);
    });
    input.addEventListener('keydown', (event) => this.#onKey(event));
    input.addEventListener('blur', () => this.#close());
    input.addEventListener('focus', () => {
      if (this.#hits.length > 0 && !this.chosen) this.#open();
    });
  }

  /** Shows a node as chosen, without searching (e.g. "path from here", or a path from the URL). */
  set(id: string, label: string): void {
    this.chosen = { id, label };
    this.#options.input.value = label;
    this.#close();
  }

  clear(): void {
    this.chosen = null;
    this.#options.input.value = '';
    this.#hits = [];
    this.#close();
  }

  async #search(): Promise<void> {
    // The server takes prefixes of up to 100 characters; the first 100 find what the whole would.
    const query = this.#options.input.value.trim().slice(0, 100);
    this.#request?.abort();
    if (query.length < 1) {
      this.#hits = [];
      this.#close();
      return;
    }
    const request = new AbortController();
    this.#request = request;
    try {
      const variables: SuggestVariables = { prefix: query, types: this.#options.types, first: SUGGEST_HITS };
      const data = await this.#options.track(requestGraphQL<SuggestData, SuggestVariables>(SUGGEST_QUERY, variables, request.signal));
      if (request.signal.aborted) return;
      this.#hits = data.suggest.map((hit) => hit.node);
      this.#active = -1;
      this.#render(query);
      if (document.activeElement === this.#options.input) this.#open();
    } catch (error) {
      if (!request.signal.aborted) this.#options.onError(error);
    }
  }

  #render(query: string): void {
    const { listbox } = this.#options;
    if (this.#hits.length === 0) {
      listbox.replaceChildren(
        h('li', { role: 'option', 'aria-disabled': 'true', 'aria-selected': 'false', class: 'no-hits' }, `No matches for “${query}”`),
      );
      return;
    }
    listbox.replaceChildren(
      ...this.#hits.map((hit, index) =>
        h(
          'li',
          {
            id: `${listbox.id}-${index}`,
            role: 'option',
            'aria-selected': 'false',
            'data-id': hit.id,
            // Keeps the focus in the input, so the list does not close before the click lands.
            onmousedown: (event) => event.preventDefault(),
            onclick: () => this.#choose(index),
          },
          typeSwatch(nodeTypeOf(hit.__typename)),
          h(
            'span',
            { class: 'hit-text' },
            h('span', { class: 'hit-name' }, displayName(hit)),
            h('span', { class: 'hit-detail' }, hitDetail(hit)),
          ),
        ),
      ),
    );
  }

  #onKey(event: KeyboardEvent): void {
    const open = !this.#options.listbox.hidden;
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        if (this.#hits.length === 0) return;
        event.preventDefault();
        if (!open) this.#open();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        this.#setActive(
          this.#active < 0 && step < 0 ? this.#hits.length - 1 : (this.#active + step + this.#hits.length) % this.#hits.length,
        );
        return;
      }
      case 'Enter':
        if (open && this.#active >= 0) {
          event.preventDefault();
          this.#choose(this.#active);
        }
        return;
      case 'Escape':
        event.preventDefault();
        if (open) this.#close();
        else this.clear();
        return;
    }
  }

  #setActive(index: number): void {
    const { input, listbox } = this.#options;
    this.#active = index;
    for (const [i, option] of [...listbox.children].entries()) option.setAttribute('aria-selected', String(i === index));
    const option = listbox.children[index];
    if (option) {
      input.setAttribute('aria-activedescendant', option.id);
      option.scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  }

  #choose(index: number): void {
    const hit = this.#hits[index];
    if (!hit) return;
    this.set(hit.id, displayName(hit));
    this.#options.onChoose(hit);
  }

  #open(): void {
    this.#options.listbox.hidden = false;
    this.#options.input.setAttribute('aria-expanded', 'true');
  }

  #close(): void {
    this.#options.listbox.hidden = true;
    this.#options.input.setAttribute('aria-expanded', 'false');
    this.#options.input.removeAttribute('aria-activedescendant');
    this.#active = -1;
  }
}
