import { cleanText } from '../../domain/cleanText.ts';
import type { PaperRecord } from '../../domain/paperRecord.ts';
import { formatLocation, InputError } from '../../errors.ts';

/** The result of reading one Daily Papers page dump strictly (parseDailyPapers). */
export interface DailyPapersPage {
  /** The date line as written ("Aug 1") and as ISO when it has a year. */
  date: { text: string; line: number; iso: string | null };
  papers: PaperRecord[];
  /** Papers read with something missing ("file:line: the title ... has no abstract"), imported all the same. */
  warnings: string[];
}

/** One entry of a page in page order: a paper (with a warning when its abstract is missing), or a block that is no paper. */
export type PageEntry = { paper: PaperRecord; warning?: string } | { error: InputError };

/** A page read leniently (readDailyPapersPage): every entry, bad ones included, so a caller can skip them. */
export interface DailyPapersEntries {
  date: DailyPapersPage['date'];
  entries: PageEntry[];
}

/** A part of the page: the line it starts on, its lines, and the blank lines after it. */
interface Block {
  line: number;
  lines: string[];
  /** Blank lines before the next block (or the end of the file). */
  gapAfter: number;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DATE_LINE =
  /^(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+(\d{1,2})(?:(?:,\s*|\s+)(\d{4}))?$/i;
const ISO_DATE_LINE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** The page header is a handful of lines; a date line later than this is not a header's. */
const MAX_HEADER_LINES = 40;
/** Titles are one line and short; a longer single line is an abstract. */
const MAX_TITLE_LENGTH = 300;

/**
 * Given the text of a Hugging Face Daily Papers page (header, date line, then title line /
 * abstract paragraph pairs), produces its date and papers, or throws InputError at the first
 * block that is no paper (see readDailyPapersPage). Pure: reads and writes nothing.
 */
export function parseDailyPapers(text: string, file = '<input>', source = baseName(file)): DailyPapersPage {
  const { date, entries } = readDailyPapersPage(text, file, source);
  const papers: PaperRecord[] = [];
  const warnings: string[] = [];
  for (const entry of entries) {
    if ('error' in entry) throw entry.error;
    papers.push(entry.paper);
    if (entry.warning) warnings.push(entry.warning);
  }
  return { date, papers, warnings };
}

/**
 * Given the text of a Daily Papers page, produces its date and its entries in page order. Roles
 * come from the page's structure: after the date line, parts alternate title, abstract. So a short
 * one-line part after a title is its (one-sentence) abstract, unless a paragraph that can only be
 * an abstract follows it: then it is the next title, and the title before it has no abstract. A
 * title with no abstract (an empty part, another title after it, or the end of the page) becomes
 * a paper with an empty abstract and a warning naming its line; a paragraph where a title belongs
 * is an error entry naming the paragraph's line. Throws InputError, naming file:line, only when
 * nothing can be read: empty or binary input, no date line, no papers after it.
 */
export function readDailyPapersPage(text: string, file = '<input>', source = baseName(file)): DailyPapersEntries {
  assertText(text, file);
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const blocks = toBlocks(lines);
  if (blocks.length === 0)
    throw new InputError({ file, line: 1 }, 'the file is empty (expected a Daily Papers page: a date line, then title / abstract pairs)');

  const dateIndex = blocks.findIndex((b) => b.line <= MAX_HEADER_LINES && b.lines.length === 1 && isDateLine(b.lines[0]!));
  if (dateIndex < 0) {
    throw new InputError(
      { file, line: 1 },
      `no date line (like "Aug 1" or "2024-08-01") in the first ${MAX_HEADER_LINES} lines; is this a Hugging Face Daily Papers page saved as text?`,
    );
  }
  const dateBlock = blocks[dateIndex]!;
  const date = { text: dateBlock.lines[0]!.trim(), line: dateBlock.line, iso: toIsoDate(dateBlock.lines[0]!.trim()) };
  const body = blocks.slice(dateIndex + 1);
  if (body.length === 0) throw new InputError({ file, line: dateBlock.line }, 'the page has a date line but no papers after it');

  // The page joins its parts with the same run of blank lines (one, usually); a missing abstract
  // leaves an empty part, so its title is followed by twice that run and one more.
  const emptyPartGap = 2 * usualGap(body) + 1;
  const entries: PageEntry[] = [];
  const paper = (title: Block, abstract: Block | null, warning?: string): PageEntry => ({
    paper: {
      title: cleanText(title.lines[0]!),
      abstract: abstract ? cleanText(abstract.lines.join(' ')) : '',
      arxivId: null,
      url: null,
      publishedAt: date.iso,
      source,
      line: title.line,
    },
    ...(warning ? { warning: `${formatLocation({ file, line: title.line })}: ${warning}; imported with an empty abstract` } : {}),
  });
  for (let i = 0; i < body.length;) {
    const title = body[i]!;
    if (!canBeTitle(title)) {
      entries.push({
        error: new InputError(
          { file, line: title.line },
          `expected a paper title (one short line), found a paragraph ("${preview(title)}"); is an abstract missing its title line?`,
        ),
      });
      i += 1;
      continue;
    }
    const next = body[i + 1];
    if (!next) {
      entries.push(paper(title, null, `the title "${preview(title)}" has no abstract (end of page)`));
      i += 1;
    } else if (!canBeTitle(next)) {
      entries.push(paper(title, next));
      i += 2;
    } else if (title.gapAfter >= emptyPartGap) {
      entries.push(paper(title, null, `the title "${preview(title)}" has no abstract (an empty part follows it)`));
      i += 1;
    } else if (body[i + 2] && !canBeTitle(body[i + 2]!) && next.gapAfter < emptyPartGap) {
      // Title, short line, paragraph: the short line is the next title; this one has no abstract.
      entries.push(
        paper(title, null, `the title "${preview(title)}" has no abstract: line ${next.line} is the next title ("${preview(next)}")`),
      );
      i += 1;
    } else {
      entries.push(paper(title, next)); // a one-sentence abstract
      i += 2;
    }
  }
  return { date, entries };
}

/** The run of blank lines that most often separates two parts of the page. */
function usualGap(blocks: Block[]): number {
  const counts = new Map<number, number>();
  for (const b of blocks.slice(0, -1)) counts.set(b.gapAfter, (counts.get(b.gapAfter) ?? 0) + 1);
  let best = 1;
  let bestCount = 0;
  for (const [gap, count] of counts) if (count > bestCount || (count === bestCount && gap < best)) [best, bestCount] = [gap, count];
  return Math.max(best, 1);
}

/** Rejects binary data before any parsing: NUL bytes, decoding failures, control characters. */
function assertText(text: string, file: string): void {
  // eslint-disable-next-line no-control-regex
  const bad = /[\u0000-\u0008\u000e-\u001f\ufffd]/.exec(text);
  if (!bad) return;
  const line = text.slice(0, bad.index).split(/\r\n|\r|\n/).length;
  const code = bad[0].codePointAt(0)!.toString(16).padStart(4, '0');
  throw new InputError({ file, line }, `binary data (character U+${code}), not a text page dump; was the file saved as text (UTF-8)?`);
}

function toBlocks(lines: string[]): Block[] {
  const blocks: Block[] = [];
  let current: Block | null = null;
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') {
      if (current) current.gapAfter += 1;
      else if (blocks.length > 0) blocks[blocks.length - 1]!.gapAfter += 1;
      current = null;
      return;
    }
    current = current ?? { line: index + 1, lines: [], gapAfter: 0 };
    if (current.lines.length === 0) blocks.push(current);
    current.lines.push(line);
  });
  return blocks;
}

/**
 * True for a part that may be a title: one line, short, at most one sentence break, and not a
 * long sentence ending in a period (titles end without one). A part that may be a title may also
 * be a one-sentence abstract: the page's structure tells which.
 */
function canBeTitle(block: Block): boolean {
  if (block.lines.length !== 1) return false;
  const line = block.lines[0]!;
  if (line.length > MAX_TITLE_LENGTH) return false;
  const sentenceBreaks = line.match(/[.!?]\s+[A-Z]/g)?.length ?? 0;
  return sentenceBreaks < 2 && !(line.length > 150 && line.endsWith('.'));
}

function isDateLine(line: string): boolean {
  return DATE_LINE.test(line.trim()) || ISO_DATE_LINE.test(line.trim());
}

function toIsoDate(line: string): string | null {
  const iso = ISO_DATE_LINE.exec(line);
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  const m = DATE_LINE.exec(line);
  if (!m?.[3]) return null;
  const month = MONTHS.indexOf(m[1]!.slice(0, 3).toLowerCase()) + 1;
  return `${m[3]}-${String(month).padStart(2, '0')}-${m[2]!.padStart(2, '0')}`;
}

function preview(block: Block): string {
  const text = block.lines.join(' ');
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}
