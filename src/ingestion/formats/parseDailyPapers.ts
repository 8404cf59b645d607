import { InputError } from '../../errors.ts';
import { cleanText } from '../../domain/cleanText.ts';
import type { PaperRecord } from '../../domain/paperRecord.ts';

/** The result of reading one Daily Papers page dump. */
export interface DailyPapersPage {
  /** The date line as written ("Aug 1") and as ISO when it has a year. */
  date: { text: string; line: number; iso: string | null };
  papers: PaperRecord[];
}

interface Block {
  line: number;
  lines: string[];
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
 * abstract paragraph pairs), produces its date and paper records.
 * Throws InputError naming `file:line` for empty or binary input, a missing date line,
 * a title with no abstract, or an abstract with no title. Pure: reads and writes nothing.
 */
export function parseDailyPapers(text: string, file = '<input>'): DailyPapersPage {
  assertText(text, file);
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const blocks = toBlocks(lines);
  if (blocks.length === 0) throw new InputError({ file, line: 1 }, 'the file is empty (expected a Daily Papers page: a date line, then title / abstract pairs)');

  const dateIndex = blocks.findIndex((b) => b.line <= MAX_HEADER_LINES && b.lines.length === 1 && isDateLine(b.lines[0]!));
  if (dateIndex < 0) {
    throw new InputError(
      { file, line: 1 },
      `no date line (like "Aug 1" or "2024-08-01") in the first ${MAX_HEADER_LINES} lines; is this a Hugging Face Daily Papers page saved as text?`,
    );
  }
  const dateBlock = blocks[dateIndex]!;
  const date = { text: dateBlock.lines[0]!.trim(), line: dateBlock.line, iso: toIsoDate(dateBlock.lines[0]!.trim()) };

  const source = baseName(file);
  const papers: PaperRecord[] = [];
  const body = blocks.slice(dateIndex + 1);
  if (body.length === 0) throw new InputError({ file, line: dateBlock.line }, 'the page has a date line but no papers after it');

  for (let i = 0; i < body.length; i += 2) {
    const titleBlock = body[i]!;
    if (!looksLikeTitle(titleBlock)) {
      throw new InputError(
        { file, line: titleBlock.line },
        `expected a paper title (one short line), found a paragraph ("${preview(titleBlock)}"); is an abstract missing its title line?`,
      );
    }
    const abstractBlock = body[i + 1];
    if (!abstractBlock) {
      throw new InputError({ file, line: titleBlock.line }, `the title "${preview(titleBlock)}" has no abstract after it (end of file)`);
    }
    if (looksLikeTitle(abstractBlock)) {
      throw new InputError(
        { file, line: titleBlock.line },
        `the title "${preview(titleBlock)}" has no abstract: line ${abstractBlock.line} is another title ("${preview(abstractBlock)}")`,
      );
    }
    const title = cleanText(titleBlock.lines[0]!);
    const abstract = cleanText(abstractBlock.lines.join(' '));
    papers.push({ title, abstract, arxivId: null, url: null, publishedAt: date.iso, source, line: titleBlock.line });
  }
  return { date, papers };
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
      current = null;
      return;
    }
    if (!current) {
      current = { line: index + 1, lines: [] };
      blocks.push(current);
    }
    current.lines.push(line);
  });
  return blocks;
}

function looksLikeTitle(block: Block): boolean {
  if (block.lines.length !== 1) return false;
  const line = block.lines[0]!;
  if (line.length > MAX_TITLE_LENGTH) return false;
  // A title has at most one sentence: an abstract-like line has several ". X" sentence breaks.
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
