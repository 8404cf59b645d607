import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../config.ts';
import { loadTaxonomy } from '../extract/taxonomy.ts';
import { CheckpointDir } from '../ingestion/checkpoint.ts';
import { ALL_FORMATS, FORMAT_NAMES, formatByName } from '../ingestion/formats/index.ts';
import { BULK_TUNING, ImportRejected, importFiles, type ImportSummary, type OnError } from '../ingestion/pipeline.ts';
import { seedIfEmpty, taxonomyFile } from '../ingestion/seeds.ts';
import { unreadableFiles } from '../ingestion/sources.ts';
import { DEFAULT_PAPERS_PER_BATCH } from '../ingestion/write.ts';
import { EmbeddedStore } from '../store/embedded/EmbeddedStore.ts';
import { describeStore, EXIT, formatUpsertCounts, log, openStore, parseBatchSize, runCommand } from './common.ts';

/** Problems printed one by one; the rest are counted. */
const MAX_PROBLEMS_SHOWN = 20;
/** Progress lines on stderr at most this often, unless --progress-every says otherwise. */
const DEFAULT_PROGRESS_EVERY_S = 2;

const USAGE = `Usage: npm run import -- [options] FILE...

Imports papers into the store (Neo4j when NEO4J_URI is set, else the embedded store in
PAPERGRAPH_DATA_DIR, ./data), streaming each file: JSON arrays, JSON objects holding a "papers"
array, JSON lines, or Hugging Face Daily Papers pages saved as text. Each file's format is told
from its content (a text page, or the shape of its first record):

${ALL_FORMATS.map((f) => `  ${f.name.padEnd(13)} ${f.summary}`).join('\n')}

Every file runs the one ingestion pipeline the server's mutations and seeding run too: read,
resolve, extract, reconcile, write. One paper is one node: records with the same arXiv id or the
same title (ignoring case, accents and punctuation) merge, within a run and with papers already
stored, and every source is recorded. Concepts, named methods, GitHub repositories and authors
are extracted; keywords the taxonomy does not know become candidate concepts. With
--discover-concepts, so do phrases of two or three words that recur in at least 3 papers (and at
most 5%) of the files imported together and that the taxonomy lacks (extractor "corpus", half a
curated mention's weight; one more pass over the files before the first write). Importing the same
files again changes nothing.

A Daily Papers title without an abstract (real pages have some) is imported with an empty
abstract and a warning naming file:line, under either --on-error mode: it is a paper, just a
short one.

Options:
  --format NAME       read every FILE as this format (${FORMAT_NAMES.join(', ')})
  --on-error MODE     fail: a bad record rejects the run and nothing is written (default);
                      skip: report bad records (file:line) and import the rest
  --batch-size N      papers per write transaction (default: ${DEFAULT_PAPERS_PER_BATCH})
  --resume            continue each FILE after the last batch an earlier run committed
                      (a checkpoint is saved after every committed batch)
  --checkpoint-dir D  where checkpoints are kept (default: DATA_DIR/imports for the embedded
                      store, .papergraph/imports for Neo4j)
  --progress-every S  a progress line on stderr at most every S seconds (default:
                      ${DEFAULT_PROGRESS_EVERY_S}; 0: after every committed batch)
  --dry-run           read, check and extract into a scratch store; touch no store
  --json              print the summary as JSON on stdout, and nothing else there
  --taxonomy FILE     concept taxonomy (default: seeds/taxonomy.json)
  --no-seed           do not load the seed graph into an empty store first
  --discover-concepts candidate concepts from phrases recurring across the files (two in three of
                      them are real terms on the shared conference data: off by default)
  -h, --help          show this help

Progress, warnings and problems go to stderr, the summary to stdout. Examples:
  npm run import -- ../shared/data/hf-daily/index.json ../shared/data/papercopilot/*.json
  npm run import -- seeds/hf-daily-papers-aug-1.txt ../shared/data/hf-daily-pages/*.txt
  npm run import -- --on-error skip --batch-size 1000 papers-with-abstracts.json
  npm run -s import -- --dry-run --json arxiv-metadata-oai-snapshot.json > summary.json

(npm prints its own banner on stdout unless run with -s: use npm run -s when stdout must be JSON.)

Exit codes: 0 done, 1 bad input, 2 bad usage, 3 store unreachable or failed.`;

/** What the run has written so far, so that a failure says "nothing was written" only when that is true. */
const run = { wrote: false };

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        'on-error': { type: 'string', default: 'fail' },
        'batch-size': { type: 'string' },
        resume: { type: 'boolean', default: false },
        'checkpoint-dir': { type: 'string' },
        'progress-every': { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        taxonomy: { type: 'string' },
        'no-seed': { type: 'boolean', default: false },
        'discover-concepts': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    return usage((error as Error).message);
  }
  const { values, positionals: files } = args;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.done;
  }
  if (files.length === 0) return usage('no input file given');
  const onError = values['on-error'];
  if (onError !== 'fail' && onError !== 'skip') return usage(`--on-error must be fail or skip, found ${JSON.stringify(onError)}`);
  const format = values.format === undefined ? undefined : formatByName(values.format);
  if (values.format !== undefined && !format)
    return usage(`--format must be one of ${FORMAT_NAMES.join(', ')}, found ${JSON.stringify(values.format)}`);
  const batchSize = parseBatchSize('import', values['batch-size'], DEFAULT_PAPERS_PER_BATCH);
  if (batchSize === null) return EXIT.usage;
  const progressValue = values['progress-every'];
  // Number('') is 0: a blank value is a mistake, not "after every batch".
  const progressEvery = progressValue === undefined ? DEFAULT_PROGRESS_EVERY_S : progressValue.trim() === '' ? NaN : Number(progressValue);
  if (!Number.isFinite(progressEvery) || progressEvery < 0)
    return usage(`--progress-every must be a number of seconds, 0 or more, found ${JSON.stringify(values['progress-every'])}`);

  // Files that cannot be opened stop the run before any store is opened.
  const unreadable = await unreadableFiles(files);
  if (unreadable.length > 0) {
    for (const u of unreadable) log(`import: ${u.file}: ${u.reason}`);
    log(
      `import: ${unreadable.length === 1 ? 'an input file is' : `${unreadable.length} input files are`} missing or unreadable; nothing was written.`,
    );
    if (values.json) process.stdout.write(`${JSON.stringify({ rejected: true, unreadable })}\n`);
    return EXIT.badInput;
  }

  const config = loadConfig();
  const taxonomy = loadTaxonomy(values.taxonomy ?? taxonomyFile(config.seedsDir));
  const dryRun = values['dry-run'];
  const store = dryRun ? new EmbeddedStore() : await openStore(config, { tuning: BULK_TUNING });
  if (!store) return EXIT.store;
  const where = dryRun ? 'a scratch store (dry run: nothing is written)' : describeStore(config);
  log(
    `importing ${files.length} file(s) into ${where}, ${batchSize} papers per batch, bad records: ${onError === 'fail' ? 'reject the run' : 'skip'}`,
  );

  let shown = 0;
  let lastProgress = 0;
  let summary: ImportSummary;
  try {
    if (dryRun) await store.init();
    summary = await importFiles(store, files, {
      taxonomy,
      onError: onError as OnError,
      batchSize,
      format,
      resume: values.resume,
      discoverConcepts: values['discover-concepts'],
      checkpoints: dryRun
        ? null
        : new CheckpointDir(resolve(values['checkpoint-dir'] ?? defaultCheckpointDir(config)), storeIdentity(config)),
      beforeFirstWrite: async () => {
        run.wrote = !dryRun;
        if (dryRun || values['no-seed']) return;
        const seeded = await seedIfEmpty(store, config.seedsDir);
        if (seeded) log(`the store was empty: loaded the seed graph from ${config.seedsDir}`);
      },
      onProgress: (p) => {
        // A line at most every --progress-every seconds, and at the end of each file. Reported
        // after a committed batch: the papers it counts are in the store.
        if (!p.fileDone && Date.now() - lastProgress < progressEvery * 1000) return;
        lastProgress = Date.now();
        const rate = Math.round(p.recordsThisRun / Math.max(p.seconds, 0.001));
        log(`  ${basename(p.file)}: ${p.records} records read, ${p.papersWritten} papers written (${rate} records/s)`);
      },
      onProblem: (p) => {
        shown += 1;
        if (shown <= MAX_PROBLEMS_SHOWN) log(`${p.kind}: ${p.message}`);
        else if (shown === MAX_PROBLEMS_SHOWN + 1) log('(further problems are counted in the summary)');
      },
      onWarning: (message) => log(`warning: ${message}`),
      onNotice: (message) => log(`note: ${message}`),
    });
  } catch (error) {
    if (!(error instanceof ImportRejected)) throw error;
    for (const p of error.problems.slice(0, MAX_PROBLEMS_SHOWN)) log(`rejected: ${p.message}`);
    if (error.problemCount > MAX_PROBLEMS_SHOWN) log(`... and ${error.problemCount - MAX_PROBLEMS_SHOWN} more`);
    log(`import: ${error.message} (fix the records, or pass --on-error skip to import the rest).`);
    if (values.json)
      process.stdout.write(
        `${JSON.stringify({ rejected: true, problemCount: error.problemCount, problems: error.problems.map((p) => p.message) })}\n`,
      );
    return EXIT.badInput;
  } finally {
    await store.close();
  }

  if (values.json) process.stdout.write(`${JSON.stringify({ dryRun, ...summary, problems: summary.problems.map((p) => p.message) })}\n`);
  else
    process.stdout.write(`${formatImportSummary(summary, dryRun ? 'a scratch store, as if empty (dry run: nothing written)' : where)}\n`);
  return EXIT.done;
}

/**
 * The summary a run prints: per file and in total the records imported, merged into a paper
 * already seen, rejected and skipped, then nodes and relationships created, updated, unchanged.
 */
export function formatImportSummary(s: ImportSummary, where: string): string {
  const counts = (c: ImportSummary['totals']) =>
    `${c.records} records: ${c.imported} imported, ${c.merged} merged, ${c.rejected} rejected, ${c.skipped} skipped`;
  const rate = Math.round(s.recordsRead / Math.max(s.seconds, 0.001));
  const lines = [
    `Imported ${s.files.length} file${s.files.length === 1 ? '' : 's'} into ${where} in ${s.seconds.toFixed(1)} s (${rate} records/s)`,
  ];
  for (const f of s.files) {
    const resumed = f.alreadyImported
      ? ' (already imported: passed over)'
      : f.resumedAfter > 0
        ? ` (resumed after record ${f.resumedAfter})`
        : '';
    lines.push(`  ${(f.format ?? '?').padEnd(12)} ${basename(f.file)}: ${counts(f)}${resumed}`);
  }
  lines.push(
    `  total: ${counts(s.totals)}${s.warningCount > 0 ? `; ${s.warningCount} warning${s.warningCount === 1 ? '' : 's'} (see stderr)` : ''}`,
    formatUpsertCounts(s),
  );
  return lines.join('\n');
}

function defaultCheckpointDir(config: Config): string {
  return config.neo4j ? join('.papergraph', 'imports') : join(config.dataDir, 'imports');
}

/** Which store checkpoints belong to: a checkpoint of one store is never used for another. */
function storeIdentity(config: Config): string {
  return config.neo4j ? `neo4j:${config.neo4j.uri}/${config.neo4j.database}` : `embedded:${config.dataDir}`;
}

function usage(message: string): number {
  process.stderr.write(`import: ${message}\n\n${USAGE}\n`);
  return EXIT.usage;
}

runCommand(
  'import',
  () => main(process.argv.slice(2)),
  () =>
    run.wrote
      ? 'the batches committed before this are in the store; fix the cause and run again with --resume to continue.'
      : 'nothing was written.',
);
