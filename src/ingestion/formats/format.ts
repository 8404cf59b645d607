import type { PaperRecord } from '../../domain/paperRecord.ts';
import type { RecordFields } from '../recordFields.ts';
import type { DailyPapersEntries } from './parseDailyPapers.ts';

/** The input formats `npm run import` reads (the `--format` names), detected per file. */
export const FORMAT_NAMES = [
  'hf-daily',
  'pwc-links',
  'pwc-papers',
  'arxiv',
  'openreview',
  'pmlr',
  'papercopilot',
  'openalex',
  's2ag',
  'generic',
  'hf-daily-page',
] as const;
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

/** A format of whole text pages rather than JSON records: the page is read at once, entry by entry. */
export interface PageFormat {
  name: FormatName;
  summary: string;
  /** The page's entries: papers (some with a warning) and blocks that are no paper, each naming file:line. */
  parse(text: string, file: string, source: string): DailyPapersEntries;
}

/** Any format an input can have. */
export type InputFormat = ImportFormat | PageFormat;

/** The parts of a PaperRecord every reader fills in the same way. */
export function baseRecord(context: RecordContext, title: string): Pick<PaperRecord, 'title' | 'source' | 'line' | 'record'> {
  return { title, source: context.source, line: context.line, record: context.record };
}

/** Titles that stand for no paper: what OpenReview shows for withdrawn submissions. */
const PLACEHOLDER_TITLE = /^(withdrawn?|withdrawn paper|deleted|removed|untitled|n\/?a|tbd|none|null|placeholder)\.?$/i;

/** True for a title that is a placeholder, not a paper's title. */
export function isPlaceholderTitle(title: string): boolean {
  return PLACEHOLDER_TITLE.test(title.trim());
}
