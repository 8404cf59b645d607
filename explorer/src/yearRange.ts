import { h } from './dom.ts';

/** The year range slider's report: the bounds chosen, undefined at the ends of the span (no bound). */
export interface YearRangeChange {
  yearFrom: number | undefined;
  yearTo: number | undefined;
}

/**
 * The year range slider: two range inputs (from, to) over the years of the graph's dated papers.
 * Dragging (or the arrow, Home and End keys) moves a thumb, pushing the other along so that from
 * never passes to; letting go reports the range. A thumb at its end of the span sets no bound, so
 * the whole span keeps undated papers too (any bound leaves them out, as PaperFilter does).
 */
export class YearRange {
  readonly #from: HTMLInputElement;
  readonly #to: HTMLInputElement;
  readonly #label: HTMLOutputElement;
  readonly #container: HTMLElement;
  #span: { min: number; max: number } | null = null;

  constructor(container: HTMLElement, onChange: (change: YearRangeChange) => void) {
    this.#container = container;
    this.#from = h('input', { type: 'range', id: 'year-from', 'aria-label': 'Papers from year', step: 1 });
    this.#to = h('input', { type: 'range', id: 'year-to', 'aria-label': 'Papers up to year', step: 1 });
    this.#label = h('output', { id: 'year-range-label', for: 'year-from year-to', 'aria-live': 'polite' });
    container.replaceChildren(
      h('span', { class: 'control-label', id: 'year-range-title' }, 'Years'),
      h('span', { class: 'year-thumbs' }, this.#from, this.#to),
      this.#label,
    );
    const moved = (which: 'from' | 'to') => {
      const from = Number(this.#from.value);
      const to = Number(this.#to.value);
      if (from > to) (which === 'from' ? this.#to : this.#from).value = String(which === 'from' ? from : to);
      this.#showLabel();
    };
    this.#from.addEventListener('input', () => moved('from'));
    this.#to.addEventListener('input', () => moved('to'));
    const report = () => onChange(this.value());
    this.#from.addEventListener('change', report);
    this.#to.addEventListener('change', report);
    container.hidden = true;
  }

  /** The years the slider spans (those of the graph's dated papers); hidden when there are none. */
  setSpan(years: readonly number[]): void {
    if (years.length === 0) {
      this.#span = null;
      this.#container.hidden = true;
      return;
    }
    this.#span = { min: Math.min(...years), max: Math.max(...years) };
    for (const input of [this.#from, this.#to]) {
      input.min = String(this.#span.min);
      input.max = String(this.#span.max);
      input.disabled = this.#span.min === this.#span.max;
    }
    this.#container.hidden = false;
  }

  /** Moves the thumbs to a filter's bounds (the span's ends for none), without reporting. */
  show(yearFrom: number | undefined, yearTo: number | undefined): void {
    if (!this.#span) return;
    const clamp = (year: number) => Math.min(this.#span!.max, Math.max(this.#span!.min, year));
    this.#from.value = String(clamp(yearFrom ?? this.#span.min));
    this.#to.value = String(clamp(yearTo ?? this.#span.max));
    this.#showLabel();
  }

  /** The range the thumbs show, undefined at the ends of the span. */
  value(): YearRangeChange {
    const from = Number(this.#from.value);
    const to = Number(this.#to.value);
    return {
      yearFrom: this.#span && from > this.#span.min ? from : undefined,
      yearTo: this.#span && to < this.#span.max ? to : undefined,
    };
  }

  #showLabel(): void {
    const { yearFrom, yearTo } = this.value();
    const from = this.#from.value;
    const to = this.#to.value;
    this.#label.value =
      yearFrom === undefined && yearTo === undefined ? `All years (${from}–${to}, and undated)` : from === to ? from : `${from}–${to}`;
  }
}
