import { basename } from 'node:path';
import type { UpsertCounts, UpsertSummary } from '../domain/graph.ts';
import { paperId } from '../domain/ids.ts';
import { formatLocation, InputError } from '../errors.ts';
import { compileConceptMatcher } from '../extract/conceptMatcher.ts';
import { extractGraph, taxonomyDocument } from '../extract/extractGraph.ts';
import type { Taxonomy } from '../extract/taxonomy.ts';
import type { PaperRecord } from '../domain/paperRecord.ts';
import type { StoreTuning } from '../store/createStore.ts';
import type { GraphStore } from '../store/GraphStore.ts';
import type { CheckpointDir } from './checkpoint.ts';
import { detectFormat, isPlaceholderTitle, type ImportFormat } from './formats/index.ts';
import { detectContainer, readRecords, type Container } from './readRecords.ts';
import { reconcileWithStore } from './reconcile.ts';
import { RecordFields } from './recordFields.ts';
import { resolvePapers } from './resolve.ts';

/**
 * How imports open a store (createStore.StoreTuning): the embedded store rewrites its file only
 * on flush (see ImportOptions.flushEveryMs), and Neo4j gets one UNWIND statement per label and
 * type of a batch, since round trips, not rows, dominate small statements.
 */
export const BULK_TUNING: StoreTuning = { persist: 'on-flush', neo4jRowsPerStatement: 20_000 };

/** What to do with a bad record: reject the whole run before anything is written, or report it and go on. */
export type OnError = 'fail' | 'skip';

export interface ImportOptions {
  taxonomy: Taxonomy;
  onError: OnError;
  /** Papers per write transaction. */
  batchSize: number;
  /** Read every file as this format instead of detecting it. */
  format?: ImportFormat;
  /** Continue each file after the last batch its checkpoint records. */
  resume?: boolean;
  /** Where checkpoints are kept; null keeps none (dry runs). */
  checkpoints: CheckpointDir | null;
  /**
   * Least time between `store.flush()` calls (each followed by the checkpoints): 0 flushes after
   * every batch. A store whose flush rewrites a large file wants tens of seconds.
   */
  flushEveryMs?: number;
  onProgress?: (progress: Progress) => void;
  /** Each rejected or skipped record, as it is found. */
  onProblem?: (problem: Problem) => void;
  /** Anything else worth telling ("its checkpoint is for another version of the file"). */
  onNotice?: (message: string) => void;
}

export interface Progress {
  file: string;
  /** Records read from this file so far. */
  records: number;
  /** Records read in this run, over all files (not those a resumed run passed over). */
  recordsThisRun: number;
  seconds: number;
  /** True for the report at the end of a file. */
  fileDone: boolean;
}

/** A record that was not imported: rejected (bad) or skipped (no paper in it, or a file already imported). */
export interface Problem {
  kind: 'rejected' | 'skipped';
  message: string;
}

/** Counts of one input. */
export interface FileCounts {
  /** Records read. */
  records: number;
  /** Records that became a paper not seen before in this run. */
  imported: number;
  /** Records folded into a paper already seen (earlier in the run, or from another input). */
  merged: number;
  rejected: number;
  /** Well-formed records with no paper in them (withdrawn placeholders). */
  skipped: number;
}

export interface FileSummary extends FileCounts {
  file: string;
  format: string | null;
  container: Container | null;
  /** Records a resumed run passed over because an earlier run committed them. */
  resumedAfter: number;
  /** True when a resumed run found the file already imported whole. */
  alreadyImported: boolean;
}

export interface ImportSummary {
  files: FileSummary[];
  totals: FileCounts;
  /** Records read in this run (a resumed run passes over the ones committed before). */
  recordsRead: number;
  nodes: UpsertCounts;
  relationships: UpsertCounts;
  /** The first problems found (at most MAX_PROBLEMS_KEPT); problemCount says how many there were. */
  problems: Problem[];
  problemCount: number;
  seconds: number;
}

/** The run was rejected (`--on-error fail`): bad records were found and nothing was written. */
export class ImportRejected extends Error {
  override readonly name = 'ImportRejected';
  constructor(
    readonly problems: Problem[],
    readonly problemCount: number,
  ) {
    super(`${problemCount} bad record${problemCount === 1 ? '' : 's'}; nothing was written`);
  }
}

const MAX_PROBLEMS_KEPT = 100;

/** An input file with its layout and format known. */
export interface Input {
  file: string;
  container: Container;
  format: ImportFormat;
  /** Paper.sources entry: `format:file-name`. */
  source: string;
}

/** One record of an input as the import sees it: a paper, or a problem. */
export type InputItem = { index: number; paper: PaperRecord } | { index: number; problem: Problem };

/**
 * Given a file, tells its layout (readRecords.detectContainer) and format: the forced one, or the
 * one its first record's shape says (formats.detectFormat). Throws InputError when neither can be told.
 */
export async function openInput(file: string, forced?: ImportFormat): Promise<Input> {
  const container = await detectContainer(file);
  let format = forced;
  if (!format) {
    for await (const item of readRecords(file, container)) {
      if ('error' in item) throw item.error;
      format = detectFormat(item.value, { file, line: item.line, record: item.index });
      break;
    }
  }
  if (!format) throw new InputError({ file }, 'no records in the file');
  return { file, container, format, source: `${format.name}:${basename(file)}` };
}

/**
 * Streams the papers of an input, in file order: each record read by its format, or a problem
 * naming file:line, the record and the field. A withdrawn placeholder is skipped; a title that
 * gives no id (no Latin letter or digit and no arXiv id) is rejected.
 */
export async function* readInput(input: Input): AsyncGenerator<InputItem> {
  for await (const item of readRecords(input.file, input.container)) {
    if ('error' in item) {
      yield { index: item.index, problem: { kind: 'rejected', message: item.error.message } };
      continue;
    }
    const where = { file: input.file, line: item.line, record: item.index };
    if (typeof item.value !== 'object' || item.value === null || Array.isArray(item.value)) {
      const found = Array.isArray(item.value) ? 'an array' : JSON.stringify(item.value);
      yield { index: item.index, problem: { kind: 'rejected', message: new InputError(where, `expected a paper record (a JSON object), found ${found}`).message } };
      continue;
    }
    try {
      const read = input.format.read(new RecordFields(item.value as Record<string, unknown>, where), { ...where, source: input.source });
      if (isPlaceholderTitle(read.title)) {
        yield { index: item.index, problem: { kind: 'skipped', message: `${formatLocation(where)}: the title "${read.title}" is a placeholder (a withdrawn submission), not a paper; skipped` } };
        continue;
      }
      if (!paperId(read.title, read.arxivId)) throw new InputError({ ...where, field: 'title' }, `the title ${JSON.stringify(read.title)} has no letter or digit to make an id from, and there is no arXiv id`);
      yield { index: item.index, paper: read };
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      yield { index: item.index, problem: { kind: 'rejected', message: error.message } };
    }
  }
}

/**
 * Reads every input through without writing, and lists its bad records (for `--on-error fail`,
 * which must reject a run before its first write). Memory stays flat: records are not kept.
 */
export async function findBadRecords(files: string[], forced?: ImportFormat): Promise<{ problems: Problem[]; problemCount: number }> {
  const problems: Problem[] = [];
  let problemCount = 0;
  const note = (message: string) => {
    problemCount += 1;
    if (problems.length < MAX_PROBLEMS_KEPT) problems.push({ kind: 'rejected', message });
  };
  for (const file of files) {
    let input: Input;
    try {
      input = await openInput(file, forced);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      note(error.message);
      continue;
    }
    for await (const item of readInput(input)) if ('problem' in item && item.problem.kind === 'rejected') note(item.problem.message);
  }
  return { problems, problemCount };
}

/**
 * Imports paper files into a store: each file streamed, its records read by its format, batches
 * of `batchSize` papers resolved against the store (resolvePapers: one paper, one node), extracted
 * (extractGraph), reconciled with what the store has (reconcileWithStore) and written in one
 * upsert (one transaction) each, with a checkpoint after each committed batch.
 * With `onError: 'fail'` every file is checked first and any bad record throws ImportRejected
 * before anything is written; with 'skip' bad records are reported (onProblem) and passed over.
 * Importing the same files again changes nothing.
 */
export async function importFiles(store: GraphStore, files: string[], options: ImportOptions): Promise<ImportSummary> {
  const started = Date.now();
  if (options.onError === 'fail') {
    const { problems, problemCount } = await findBadRecords(files, options.format);
    if (problemCount > 0) throw new ImportRejected(problems, problemCount);
  }
  const matcher = compileConceptMatcher(options.taxonomy);
  const totals: UpsertSummary = { nodes: zero(), relationships: zero() };
  const problems: Problem[] = [];
  let problemCount = 0;
  const report = (problem: Problem) => {
    problemCount += 1;
    if (problems.length < MAX_PROBLEMS_KEPT) problems.push(problem);
    options.onProblem?.(problem);
  };
  // The whole taxonomy first: batches then link to curated concepts without writing them again.
  addSummary(totals, await store.upsert(taxonomyDocument(options.taxonomy)));

  const seen = new Set<string>();
  const summaries: FileSummary[] = [];
  let recordsThisRun = 0;
  let lastFlush = Date.now();
  let flushCost = 0;
  const pendingCheckpoints = new Map<string, () => Promise<void>>();
  /** Makes the written batches durable and records them in the checkpoints, when it is time (or `force`). */
  const commitPoint = async (force: boolean) => {
    const every = Math.max(options.flushEveryMs ?? 0, 3 * flushCost);
    if (!force && Date.now() - lastFlush < every) return;
    const t = Date.now();
    await store.flush();
    flushCost = Date.now() - t;
    lastFlush = Date.now();
    for (const save of pendingCheckpoints.values()) await save();
    pendingCheckpoints.clear();
  };

  for (const file of files) {
    const summary: FileSummary = { file, format: null, container: null, records: 0, imported: 0, merged: 0, rejected: 0, skipped: 0, resumedAfter: 0, alreadyImported: false };
    summaries.push(summary);
    let input: Input;
    try {
      input = await openInput(file, options.format);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      summary.rejected += 1;
      report({ kind: 'rejected', message: error.message });
      continue;
    }
    summary.format = input.format.name;
    summary.container = input.container;

    if (options.resume && options.checkpoints) {
      const { checkpoint, stale } = await options.checkpoints.load(file);
      if (stale) options.onNotice?.(`${file}: its checkpoint is for another version of the file; importing it from the start`);
      if (checkpoint) {
        Object.assign(summary, pick(checkpoint.counts));
        summary.resumedAfter = checkpoint.recordsDone;
        if (checkpoint.complete) {
          summary.alreadyImported = true;
          continue;
        }
      }
    }

    const saveCheckpoint = (recordsDone: number, complete: boolean) => {
      const counts = pick(summary);
      pendingCheckpoints.set(file, async () => options.checkpoints?.save(file, { format: input.format.name, recordsDone, complete, counts }));
    };
    let batch: PaperRecord[] = [];
    let lastIndex = summary.resumedAfter;
    const writeBatch = async () => {
      if (batch.length > 0) {
        const resolved = await resolvePapers(store, batch, seen);
        summary.merged += resolved.merged;
        summary.imported += batch.length - resolved.merged;
        const { document } = extractGraph(resolved.records, options.taxonomy, matcher);
        const reconciled = await reconcileWithStore(store, document);
        addSummary(totals, await store.upsert(reconciled.document));
        totals.nodes.unchanged += reconciled.unchangedNodes;
        batch = [];
      }
      saveCheckpoint(lastIndex, false);
      await commitPoint(false);
    };

    for await (const item of readInput(input)) {
      if (item.index <= summary.resumedAfter) continue;
      summary.records += 1;
      recordsThisRun += 1;
      lastIndex = item.index;
      if ('problem' in item) {
        if (item.problem.kind === 'rejected') summary.rejected += 1;
        else summary.skipped += 1;
        report(item.problem);
        continue;
      }
      batch.push(item.paper);
      if (batch.length >= options.batchSize) {
        await writeBatch();
        options.onProgress?.({ file, records: summary.records, recordsThisRun, seconds: (Date.now() - started) / 1000, fileDone: false });
      }
    }
    await writeBatch();
    saveCheckpoint(lastIndex, true);
    await commitPoint(true);
    options.onProgress?.({ file, records: summary.records, recordsThisRun, seconds: (Date.now() - started) / 1000, fileDone: true });
  }
  await commitPoint(true);

  const sum = (k: keyof FileCounts) => summaries.reduce((n, s) => n + s[k], 0);
  return {
    files: summaries,
    totals: { records: sum('records'), imported: sum('imported'), merged: sum('merged'), rejected: sum('rejected'), skipped: sum('skipped') },
    recordsRead: recordsThisRun,
    nodes: totals.nodes,
    relationships: totals.relationships,
    problems,
    problemCount,
    seconds: (Date.now() - started) / 1000,
  };
}

function zero(): UpsertCounts {
  return { created: 0, updated: 0, unchanged: 0 };
}

function addSummary(into: UpsertSummary, add: UpsertSummary): void {
  for (const part of ['nodes', 'relationships'] as const) {
    into[part].created += add[part].created;
    into[part].updated += add[part].updated;
    into[part].unchanged += add[part].unchanged;
  }
}

function pick(counts: Partial<FileCounts>): FileCounts {
  return { records: counts.records ?? 0, imported: counts.imported ?? 0, merged: counts.merged ?? 0, rejected: counts.rejected ?? 0, skipped: counts.skipped ?? 0 };
}
