import { InputError } from '../../errors.ts';
import { arxiv } from './arxiv.ts';
import { FORMAT_NAMES, type ImportFormat, type InputFormat } from './format.ts';
import { generic } from './generic.ts';
import { hfDaily } from './hfDaily.ts';
import { hfDailyPage } from './hfDailyPage.ts';
import { openreview } from './openreview.ts';
import { openalex } from './openalex.ts';
import { s2ag } from './s2ag.ts';
import { papercopilot } from './papercopilot.ts';
import { pmlr } from './pmlr.ts';
import { pwcLinks, pwcPapers } from './pwc.ts';

export {
  FORMAT_NAMES,
  isPlaceholderTitle,
  type FormatName,
  type ImportFormat,
  type InputFormat,
  type PageFormat,
  type RecordContext,
} from './format.ts';
export { hfDailyPage };

/** Every format, in the order detection tries them: the most specific shapes first, plain records last. */
export const FORMATS: readonly ImportFormat[] = [
  hfDaily,
  pwcLinks,
  pwcPapers,
  arxiv,
  openalex,
  s2ag,
  openreview,
  pmlr,
  papercopilot,
  generic,
];

/** Every format, for `--help` and `--format`: the record formats, then the text page format. */
export const ALL_FORMATS: readonly InputFormat[] = [...FORMATS, hfDailyPage];

/** A format by its `--format` name. */
export function formatByName(name: string): InputFormat | undefined {
  return ALL_FORMATS.find((f) => f.name === name);
}

/**
 * Given the first record of a file, produces the format whose shape it has, or throws InputError
 * at that record listing the keys found and the formats known (use --format to say which).
 */
export function detectFormat(value: unknown, where: { file: string; line: number; record: number }): ImportFormat {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError(
      where,
      `cannot tell the format: expected paper records (JSON objects), found ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}`,
    );
  }
  const record = value as Record<string, unknown>;
  const format = FORMATS.find((f) => f.matches(record));
  if (format) return format;
  const keys = Object.keys(record).slice(0, 12).join(', ');
  throw new InputError(
    where,
    `cannot tell the format of a record with keys ${keys || '(none)'}: expected a paper record (a "title" and an "abstract" at least); give --format (one of ${FORMAT_NAMES.join(', ')})`,
  );
}
