import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import type { GraphDocument, UpsertSummary } from '../domain/graph.ts';
import { loadTaxonomy } from '../extract/taxonomy.ts';
import { DEFAULT_PAPERS_PER_BATCH, ingestDocument } from '../ingestion/write.ts';
import { documentFromFiles, TAXONOMY_FILE } from '../ingestion/seeds.ts';
import { describeStore, EXIT, formatUpsertCounts, log, openStore, parseBatchSize, runCommand } from './common.ts';

const USAGE = `Usage: npm run ingest -- [options] FILE...

Reads Hugging Face Daily Papers page dumps (text: header, date line, title / abstract pairs),
extracts concepts, named methods and GitHub repositories, and upserts them into the store:
Neo4j when NEO4J_URI is set, else the embedded store in PAPERGRAPH_DATA_DIR (./data).
Every file is parsed before anything is written; a bad file stops the run with file:line.
Ingesting the same file again changes nothing.

Options:
  --dry-run          extract only; touch no store
  --json             print JSON on stdout (with --dry-run: the GraphDocument)
  --taxonomy FILE    concept taxonomy (default: seeds/${TAXONOMY_FILE})
  --batch-size N     papers per write transaction (default: ${DEFAULT_PAPERS_PER_BATCH})
  --no-seed          do not load the seed graph into an empty store first
  -h, --help         show this help

Examples:
  npm run ingest -- --dry-run --json seeds/hf-daily-papers-aug-1.txt
  NEO4J_URI=bolt://127.0.0.1:7687 npm run ingest -- my-daily-papers.txt

For JSON paper datasets (Hugging Face, Papers with Code, arXiv, OpenReview, ...) see npm run import.

Exit codes: 0 done, 1 bad input, 2 bad usage, 3 store unreachable or failed.`;

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'dry-run': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        taxonomy: { type: 'string' },
        'batch-size': { type: 'string' },
        'no-seed': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    process.stderr.write(`ingest: ${(error as Error).message}\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  const { values, positionals: files } = args;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.done;
  }
  if (files.length === 0) {
    process.stderr.write(`ingest: no input file given\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  const batchSize = parseBatchSize('ingest', values['batch-size'], DEFAULT_PAPERS_PER_BATCH);
  if (batchSize === null) return EXIT.usage;

  const config = loadConfig();
  const taxonomy = loadTaxonomy(values.taxonomy ?? `${config.seedsDir}/${TAXONOMY_FILE}`);
  const started = Date.now();
  log(`reading ${files.length} file(s)...`);
  const { document, extracted, warnings } = await documentFromFiles(files, taxonomy);
  for (const warning of warnings) log(`warning: ${warning}`);
  log(`extracted ${describe(extracted)}`);

  if (values['dry-run']) {
    if (values.json) process.stdout.write(`${JSON.stringify(extracted, null, 2)}\n`);
    else process.stdout.write(`dry run: ${describe(extracted)}; nothing written\n`);
    return EXIT.done;
  }

  const store = await openStore(config, { seed: !values['no-seed'] });
  if (!store) return EXIT.store;
  try {
    log(`writing to ${describeStore(config)}...`);
    const summary = await ingestDocument(store, document, {
      papersPerBatch: batchSize,
      onProgress: (done, total) => log(`  ${done}/${total} papers written`),
    });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (values.json) process.stdout.write(`${JSON.stringify({ papers: extracted.papers.length, ...summary, seconds: Number(seconds) })}\n`);
    else process.stdout.write(`${formatSummary(extracted.papers.length, files.length, summary)} in ${seconds} s\n`);
    return EXIT.done;
  } finally {
    await store.close();
  }
}

function describe(doc: GraphDocument): string {
  return `${doc.papers.length} papers, ${doc.concepts.length} concepts, ${doc.methods.length} methods, ${doc.repositories.length} repositories, ${doc.relationships.length} relationships`;
}

/** "Ingested 44 papers from 1 file: nodes 150 created, 0 updated, 20 unchanged; ...". */
export function formatSummary(papers: number, files: number, s: UpsertSummary): string {
  return `Ingested ${papers} papers from ${files} file${files === 1 ? '' : 's'}\n${formatUpsertCounts(s)}`;
}

runCommand('ingest', () => main(process.argv.slice(2)));
