import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { paperId } from '../domain/ids.ts';
import type { PaperRecord } from '../domain/paperRecord.ts';
import { formatLocation, InputError, type InputLocation } from '../errors.ts';
import { detectFormat, FORMATS, hfDailyPage, isPlaceholderTitle, type ImportFormat, type InputFormat } from './formats/index.ts';
import { detectContainer, readRecords, unreadableFile, type Container, type ReadItem } from './readRecords.ts';
import { RecordFields } from './recordFields.ts';

/** A record that was not imported: rejected (bad) or skipped (no paper in it, or a file already imported). */
export interface Problem {
  kind: 'rejected' | 'skipped';
  /** The whole message, starting with file:line. */
  message: string;
  /** Where it is and what is wrong, apart (for the mutations' `{ line, field }` errors). */
  location?: InputLocation;
  reason?: string;
}

/** One entry of an input as the pipeline sees it: a paper (with a warning when a part is missing), or a problem. */
export type InputItem = { index: number; paper: PaperRecord; warning?: string } | { index: number; problem: Problem };

/** An input with its layout and format known: a file, or text or records handed over in memory (the mutations). */
export interface Input {
  /** The file's path, or the name in-memory input goes by in messages ("graphql"). */
  file: string;
  /** How its records sit; 'records' for records in memory. */
  container: Container | 'records';
  format: InputFormat;
  /** Paper.sources entry: `format:file-name` for files, the name given for in-memory input. */
  source: string;
  /** True for a file on disk: only those get checkpoints. */
  onDisk: boolean;
  /** The text or the records of an in-memory input. */
  text?: string;
  records?: readonly unknown[];
}

/**
 * Given input files, produces each file that cannot be opened with why ("no such file"), so a
 * run can refuse them before it reads or writes anything; [] when every file can be read.
 */
export async function unreadableFiles(files: readonly string[]): Promise<{ file: string; reason: string }[]> {
  const reasons = await Promise.all(files.map(unreadableFile));
  return files.flatMap((file, i) => (reasons[i] ? [{ file, reason: reasons[i]! }] : []));
}

/**
 * Given a file, tells its layout (readRecords.detectContainer) and format: the forced one, the
 * Daily Papers page format for text, or the one its first record's shape says
 * (formats.detectFormat). Throws InputError when the file cannot be read or its format told.
 */
export async function openInput(file: string, forced?: InputFormat): Promise<Input> {
  const container = await detectContainer(file);
  let format = forced;
  if (!format && container === 'text') format = hfDailyPage;
  if (!format && container !== 'text') {
    for await (const item of readRecords(file, container)) {
      if ('error' in item) throw item.error;
      format = detectFormat(item.value, { file, line: item.line, record: item.index });
      break;
    }
  }
  if (!format) throw new InputError({ file }, 'no records in the file');
  if (container === 'text' && !isPageFormat(format))
    throw new InputError({ file, line: 1 }, `a text file, not JSON: --format ${format.name} reads JSON records`);
  if (container !== 'text' && isPageFormat(format))
    throw new InputError({ file, line: 1 }, `a JSON file: --format ${format.name} reads text pages`);
  return { file, container, format, source: `${format.name}:${basename(file)}`, onDisk: true };
}

/** The text of a Daily Papers page as an input (the ingestDailyPapers mutation); `name` stands for the file in messages and is the source. */
export function pageTextInput(text: string, name: string): Input {
  return { file: name, container: 'text', format: hfDailyPage, source: name, onDisk: false, text };
}

/** Records in memory as an input (the ingestPapers mutation), read by `format` (plain records by default) under the same rules as a file's. */
export function recordsInput(
  records: readonly unknown[],
  name: string,
  format: ImportFormat = FORMATS.find((f) => f.name === 'generic')!,
): Input {
  return { file: name, container: 'records', format, source: name, onDisk: false, records };
}

/**
 * Streams the papers of an input, in order: each record read by its format (or each entry of a
 * page), or a problem naming file:line, the record and the field. A withdrawn placeholder is
 * skipped; a title that gives no id (no Latin letter or digit and no arXiv id) is rejected. A
 * page that cannot be read at all (no date line) is one rejected problem.
 */
export async function* readInput(input: Input): AsyncGenerator<InputItem> {
  if (isPageFormat(input.format)) {
    yield* readPage(input, input.format);
    return;
  }
  const format = input.format;
  for await (const item of rawRecords(input)) {
    if ('error' in item) {
      yield { index: item.index, problem: rejected(item.error) };
      continue;
    }
    const where = { file: input.file, line: item.line, record: item.index };
    if (typeof item.value !== 'object' || item.value === null || Array.isArray(item.value)) {
      const found = Array.isArray(item.value) ? 'an array' : JSON.stringify(item.value);
      yield { index: item.index, problem: rejected(new InputError(where, `expected a paper record (a JSON object), found ${found}`)) };
      continue;
    }
    try {
      yield checked(
        item.index,
        format.read(new RecordFields(item.value as Record<string, unknown>, where), { ...where, source: input.source }),
        where,
      );
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      yield { index: item.index, problem: rejected(error) };
    }
  }
}

/**
 * Reads every input through without writing, and lists its bad records (for `--on-error fail`,
 * which must reject a run before its first write). Memory stays flat: records are not kept.
 */
export async function findBadRecords(inputs: readonly Input[], maxKept: number): Promise<{ problems: Problem[]; problemCount: number }> {
  const problems: Problem[] = [];
  let problemCount = 0;
  for (const input of inputs) {
    for await (const item of readInput(input)) {
      if (!('problem' in item) || item.problem.kind !== 'rejected') continue;
      problemCount += 1;
      if (problems.length < maxKept) problems.push(item.problem);
    }
  }
  return { problems, problemCount };
}

/** A problem from an InputError, its location and reason kept apart. */
export function rejected(error: InputError): Problem {
  return { kind: 'rejected', message: error.message, location: error.location, reason: error.reason };
}

function isPageFormat(format: InputFormat): format is Extract<InputFormat, { parse: unknown }> {
  return 'parse' in format;
}

/** The rules every paper meets whatever its input: a placeholder title is skipped, a title that gives no id rejected. */
function checked(index: number, paper: PaperRecord, where: InputLocation, warning?: string): InputItem {
  if (isPlaceholderTitle(paper.title)) {
    return {
      index,
      problem: {
        kind: 'skipped',
        message: `${formatLocation(where)}: the title "${paper.title}" is a placeholder (a withdrawn submission), not a paper; skipped`,
      },
    };
  }
  // A record with external ids and no title (a Semantic Scholar abstract or citation) adds to the paper with those ids.
  if (!paperId(paper.title, paper.arxivId) && !paper.externalIds?.length) {
    return {
      index,
      problem: rejected(
        new InputError(
          { ...where, field: 'title' },
          `the title ${JSON.stringify(paper.title)} has no letter or digit to make an id from, and there is no arXiv id`,
        ),
      ),
    };
  }
  return warning ? { index, paper, warning } : { index, paper };
}

async function* readPage(input: Input, format: Extract<InputFormat, { parse: unknown }>): AsyncGenerator<InputItem> {
  let entries;
  try {
    entries = format.parse(input.text ?? (await readFile(input.file, 'utf8')), input.file, input.source).entries;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    yield { index: 1, problem: rejected(error) };
    return;
  }
  let index = 0;
  for (const entry of entries) {
    index += 1;
    if ('error' in entry) yield { index, problem: rejected(entry.error) };
    else yield checked(index, entry.paper, { file: input.file, line: entry.paper.line }, entry.warning);
  }
}

async function* rawRecords(input: Input): AsyncGenerator<ReadItem> {
  if (input.container === 'records') {
    let index = 0;
    for (const value of input.records ?? []) {
      index += 1;
      yield { value, line: index, index };
    }
    return;
  }
  if (input.container === 'text') throw new Error(`${input.file}: a text input needs a page format`);
  yield* readRecords(input.file, input.container);
}
