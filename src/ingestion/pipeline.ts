import { PhraseCounter, type DiscoveredConcepts } from '../extract/discoverPhrases.ts';
import type { UpsertCounts, UpsertSummary } from '../domain/graph.ts';
import type { PaperRecord } from '../domain/paperRecord.ts';
import { InputError } from '../errors.ts';
import { compileConceptMatcher, type ConceptMatcher } from '../extract/conceptMatcher.ts';
import { extractGraph, taxonomyDocument } from '../extract/extractGraph.ts';
import type { Taxonomy } from '../extract/taxonomy.ts';
import type { StoreTuning } from '../store/createStore.ts';
import type { GraphStore } from '../store/GraphStore.ts';
import type { CheckpointDir } from './checkpoint.ts';
import type { InputFormat } from './formats/index.ts';
import type { Container } from './readRecords.ts';
import { reconcileWithStore } from './reconcile.ts';
import { resolvePapers } from './resolve.ts';
import { linkCitations, matchExternalIds } from './citations.ts';
import { findBadRecords, openInput, readInput, rejected, unreadableFiles, type Input, type Problem } from './sources.ts';

export type { Input, InputItem, Problem } from './sources.ts';
export { openInput, readInput } from './sources.ts';

/**
 * How imports open a store (createStore.StoreTuning): Neo4j gets one UNWIND statement per label
 * and type of a batch, since round trips, not rows, dominate small statements.
 */
export const BULK_TUNING: StoreTuning = { neo4jRowsPerStatement: 20_000 };

/** What to do with a bad record: reject the whole run before anything is written, or report it and go on. */
export type OnError = 'fail' | 'skip';

export interface ImportOptions {
  taxonomy: Taxonomy;
  onError: OnError;
  /** Papers per write transaction. */
  batchSize: number;
  /**
   * Discover candidate concepts from phrases that recur across the inputs' papers and that the
   * taxonomy lacks (extract/discoverPhrases.ts): one more pass over every input before the first
   * write, so that each batch links to the same concepts. `npm run import` does; the mutations and
   * seeding, whose inputs are small, do not.
   */
  discoverConcepts?: boolean;
  /** Read every file as this format instead of detecting it. */
  format?: InputFormat;
  /** Continue each file after the last batch its checkpoint records. */
  resume?: boolean;
  /** Where checkpoints are kept; null keeps none (dry runs, the mutations). */
  checkpoints: CheckpointDir | null;
  /**
   * Runs once the inputs are known good enough to write (after the `--on-error fail` check), just
   * before the first write: the import command seeds an empty store here, so that a rejected run
   * has written nothing at all.
   */
  beforeFirstWrite?: () => Promise<void>;
  onProgress?: (progress: Progress) => void;
  /** Each rejected or skipped record, as it is found. */
  onProblem?: (problem: Problem) => void;
  /** Each paper imported with a part missing ("file:line: the title ... has no abstract"). */
  onWarning?: (message: string) => void;
  /** Anything else worth telling ("its checkpoint is for another version of the file"). */
  onNotice?: (message: string) => void;
}

export interface Progress {
  file: string;
  /** Records read from this file so far. */
  records: number;
  /** Records read in this run, over all files (not those a resumed run passed over). */
  recordsThisRun: number;
  /** Papers of this file committed to the store so far (imported and merged records). */
  papersWritten: number;
  seconds: number;
  /** True for the report at the end of a file. */
  fileDone: boolean;
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
  container: Container | 'records' | null;
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
  /** The first warnings (at most MAX_PROBLEMS_KEPT): papers imported with a part missing. */
  warnings: string[];
  warningCount: number;
  /** The ids of the papers the records became, in input order, each once. */
  paperIds: string[];
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

/**
 * Imports paper files into a store (see ingest). Files that cannot be opened at all (missing,
 * directories, unreadable) stop the run before anything is read or written, with an InputError
 * listing each; a file whose content cannot be told (empty, an unknown shape) is a bad input under
 * the error policy, like a bad record.
 */
export async function importFiles(store: GraphStore, files: string[], options: ImportOptions): Promise<ImportSummary> {
  const unreadable = await unreadableFiles(files);
  if (unreadable.length === 1) throw new InputError({ file: unreadable[0]!.file }, unreadable[0]!.reason);
  if (unreadable.length > 1)
    throw new InputError(
      { file: `${unreadable.length} of the input files` },
      `cannot be read: ${unreadable.map((u) => `${u.file}: ${u.reason}`).join('; ')}`,
    );
  const opened = await Promise.all(
    files.map(async (file): Promise<Input | { file: string; problem: Problem }> => {
      try {
        return await openInput(file, options.format);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        return { file, problem: rejected(error) };
      }
    }),
  );
  return ingest(store, opened, options);
}

/**
 * The ingestion pipeline every entry runs (the import command, the mutations, seeding): each
 * input read into PaperRecords (sources.readInput); then, batch by batch of `batchSize` papers,
 * resolved against the store (resolvePapers: one paper, one node), extracted (extractGraph),
 * reconciled with what the store holds (reconcileWithStore) and written, all four inside one
 * store.upsertWith, so that no other writer (another import, a mutation) can slip a paper in
 * between the look-up and the write. A checkpoint follows each committed batch.
 * With `onError: 'fail'` every input is checked first and any bad record throws ImportRejected
 * before anything is written; with 'skip' bad records are reported (onProblem) and passed over.
 * Importing the same inputs again changes nothing.
 */
export async function ingest(
  store: GraphStore,
  inputs: readonly (Input | { file: string; problem: Problem })[],
  options: ImportOptions,
): Promise<ImportSummary> {
  const started = Date.now();
  if (options.onError === 'fail') {
    const unopened = inputs.flatMap((i) => ('problem' in i ? [i.problem] : []));
    const { problems, problemCount } = await findBadRecords(
      inputs.filter((i): i is Input => !('problem' in i)),
      MAX_PROBLEMS_KEPT,
    );
    if (unopened.length + problemCount > 0)
      throw new ImportRejected([...unopened, ...problems].slice(0, MAX_PROBLEMS_KEPT), unopened.length + problemCount);
  }
  await options.beforeFirstWrite?.();
  const matcher = compileConceptMatcher(options.taxonomy);
  const discovered = options.discoverConcepts ? await discoverConcepts(inputs, matcher, options) : undefined;
  const totals: UpsertSummary = { nodes: zero(), relationships: zero() };
  const problems: Problem[] = [];
  let problemCount = 0;
  const report = (problem: Problem) => {
    problemCount += 1;
    if (problems.length < MAX_PROBLEMS_KEPT) problems.push(problem);
    options.onProblem?.(problem);
  };
  const warnings: string[] = [];
  let warningCount = 0;
  // The whole taxonomy first: batches then link to curated concepts without writing them again.
  addSummary(totals, await store.upsert(taxonomyDocument(options.taxonomy)));

  const seen = new Set<string>();
  const paperIds: string[] = [];
  const summaries: FileSummary[] = [];
  let recordsThisRun = 0;
  const pendingCheckpoints = new Map<string, () => Promise<void>>();
  /** Records the batches written so far in the checkpoints: each was committed when its upsert returned. */
  const commitPoint = async () => {
    for (const save of pendingCheckpoints.values()) await save();
    pendingCheckpoints.clear();
  };

  for (const entry of inputs) {
    const summary: FileSummary = {
      file: entry.file,
      format: null,
      container: null,
      records: 0,
      imported: 0,
      merged: 0,
      rejected: 0,
      skipped: 0,
      resumedAfter: 0,
      alreadyImported: false,
    };
    summaries.push(summary);
    if ('problem' in entry) {
      summary.rejected += 1;
      report(entry.problem);
      continue;
    }
    const input = entry;
    const file = input.file;
    summary.format = input.format.name;
    summary.container = input.container;
    const checkpoints = input.onDisk ? options.checkpoints : null;

    if (options.resume && checkpoints) {
      const { checkpoint, stale } = await checkpoints.load(file);
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
      if (!checkpoints) return;
      const counts = pick(summary);
      pendingCheckpoints.set(file, async () => checkpoints.save(file, { format: input.format.name, recordsDone, complete, counts }));
    };
    let batch: PaperRecord[] = [];
    let lastIndex = summary.resumedAfter;
    // Reported after a flush, so that every paper it counts is committed.
    const progress = (fileDone: boolean) =>
      options.onProgress?.({
        file,
        records: summary.records,
        recordsThisRun,
        papersWritten: summary.imported + summary.merged,
        seconds: (Date.now() - started) / 1000,
        fileDone,
      });
    const flushBatch = async () => {
      if (batch.length > 0) {
        const written = await writeBatch(store, batch, seen, options.taxonomy, matcher, discovered);
        for (const id of written.ids) {
          if (!seen.has(id)) paperIds.push(id);
          seen.add(id);
        }
        summary.merged += written.merged;
        summary.imported += batch.length - written.merged;
        addSummary(totals, written.summary);
        batch = [];
      }
      saveCheckpoint(lastIndex, false);
      await commitPoint();
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
      if (item.warning) {
        warningCount += 1;
        if (warnings.length < MAX_PROBLEMS_KEPT) warnings.push(item.warning);
        options.onWarning?.(item.warning);
      }
      batch.push(item.paper);
      if (batch.length >= options.batchSize) {
        await flushBatch();
        progress(false);
      }
    }
    await flushBatch();
    saveCheckpoint(lastIndex, true);
    await commitPoint();
    progress(true);
  }
  await commitPoint();

  const sum = (k: keyof FileCounts) => summaries.reduce((n, s) => n + s[k], 0);
  return {
    files: summaries,
    totals: {
      records: sum('records'),
      imported: sum('imported'),
      merged: sum('merged'),
      rejected: sum('rejected'),
      skipped: sum('skipped'),
    },
    recordsRead: recordsThisRun,
    nodes: totals.nodes,
    relationships: totals.relationships,
    problems,
    problemCount,
    warnings,
    warningCount,
    paperIds,
    seconds: (Date.now() - started) / 1000,
  };
}

/**
 * One batch through resolve, extract and reconcile, written in one transaction under the
 * store's write lock. `build` may run more than once, so it only reads `seen`; the ids it
 * resolved come back for the caller to add.
 */
async function writeBatch(
  store: GraphStore,
  batch: PaperRecord[],
  seen: ReadonlySet<string>,
  taxonomy: Taxonomy,
  matcher: ConceptMatcher,
  discovered: DiscoveredConcepts | undefined,
): Promise<{ summary: UpsertSummary; merged: number; ids: string[] }> {
  const { summary, result } = await store.upsertWith(async (locked) => {
    const matched = await matchExternalIds(locked, batch);
    const resolved = await resolvePapers(locked, matched.records, seen);
    const { document } = extractGraph(resolved.records, taxonomy, matcher, discovered);
    const reconciled = await reconcileWithStore(locked, document);
    return {
      document: await linkCitations(locked, matched, resolved.records, reconciled.document),
      result: { merged: resolved.merged, ids: resolved.ids, unchangedNodes: reconciled.unchangedNodes },
    };
  });
  return {
    summary: { ...summary, nodes: { ...summary.nodes, unchanged: summary.nodes.unchanged + result.unchangedNodes } },
    merged: result.merged,
    ids: result.ids,
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
  return {
    records: counts.records ?? 0,
    imported: counts.imported ?? 0,
    merged: counts.merged ?? 0,
    rejected: counts.rejected ?? 0,
    skipped: counts.skipped ?? 0,
  };
}

/** The candidate concepts of phrases recurring across every paper of the inputs (a pass of its own over them). */
async function discoverConcepts(
  inputs: readonly (Input | { file: string; problem: Problem })[],
  matcher: ConceptMatcher,
  options: ImportOptions,
): Promise<DiscoveredConcepts> {
  const counter = new PhraseCounter();
  let papers = 0;
  for (const input of inputs) {
    if ('problem' in input) continue;
    for await (const item of readInput(input)) {
      if (!('paper' in item)) continue;
      counter.add(item.paper.title, item.paper.abstract);
      papers += 1;
    }
  }
  const discovered = counter.discover(matcher, options.taxonomy);
  options.onNotice?.(`found ${discovered.concepts.size} candidate concepts in phrases that recur across the ${papers} papers`);
  return discovered;
}
