import type { PaperRecord } from '../../domain/paperRecord.ts';
import type { RecordFields } from '../recordFields.ts';

/** The input formats `npm run import` reads (the `--format` names), detected per file. */
export const FORMAT_NAMES = ['hf-daily', 'pwc-links', 'pwc-papers', 'arxiv', 'openreview', 'pmlr', 'papercopilot', 'generic'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

/** What a format reader knows of the record it reads. */
export interface RecordContext {
  file: string;
  /** Recorded in Paper.sources: `format:file-name`. */
  source: string;
  line: number;
  record: number;
}

/** One public record shape: how to recognise it and how to read a paper from it. */
export interface ImportFormat {
  name: FormatName;
  /** One line for `--help`. */
  summary: string;
  /** True when a record has this shape's tell-tale fields. */
  matches(record: Record<string, unknown>): boolean;
  /** The paper of a record; throws InputError naming the field when a field has the wrong type or the title is missing. */
  read(fields: RecordFields, context: RecordContext): PaperRecord;
}

/** The parts of a PaperRecord every reader fills in the same way. */
export function baseRecord(context: RecordContext, title: string): Pick<PaperRecord, 'title' | 'source' | 'line' | 'record'> {
  return { title, source: context.source, line: context.line, record: context.record };
}

/**
 * An ISO date (YYYY-MM-DD) from a date as sources write it: an ISO date or timestamp, an RFC 2822
 * date ("Mon, 2 Apr 2007 19:18:42 GMT"), epoch milliseconds, or CSL date-parts ([[2024, 6, 30]]).
 * Null when it has no day (a year alone is not a date) or cannot be read.
 */
export function isoDate(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? new Date(value).toISOString().slice(0, 10) : null;
  if (Array.isArray(value)) {
    const [y, m, d] = (Array.isArray(value[0]) ? value[0] : value) as unknown[];
    if (![y, m, d].every((n) => Number.isInteger(Number(n)))) return null;
    return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  }
  if (typeof value !== 'string') return null;
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(value.trim());
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  if (!/\d{1,2}\s+[A-Za-z]{3,}\s+\d{4}|[A-Za-z]{3,}\s+\d{1,2},?\s+\d{4}/.test(value)) return null;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? null : new Date(parsed).toISOString().slice(0, 10);
}

/** Titles that stand for no paper: what OpenReview shows for withdrawn submissions. */
const PLACEHOLDER_TITLE = /^(withdrawn?|withdrawn paper|deleted|removed|untitled|n\/?a|tbd|none|null|placeholder)\.?$/i;

/** True for a title that is a placeholder, not a paper's title. */
export function isPlaceholderTitle(title: string): boolean {
  return PLACEHOLDER_TITLE.test(title.trim());
}
