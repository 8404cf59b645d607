import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { PaperRecord } from '../domain/paperRecord.ts';
import { compileConceptMatcher } from '../extract/conceptMatcher.ts';
import { formatSourceQuality, sourceQuality } from '../extract/qualityReport.ts';
import { loadTaxonomy } from '../extract/taxonomy.ts';
import { openInput, readInput } from '../ingestion/pipeline.ts';
import { TAXONOMY_FILE } from '../ingestion/seeds.ts';
import { readPaperFiles } from '../ingestion/write.ts';
import { EXIT, runCommand } from './common.ts';

const USAGE = `Usage: npm run quality -- [options] FILE...

Reports how well concept extraction does on paper files, per file (source), touching no store:
papers, the share with a concept found in the title or abstract, concepts per paper, the most
frequent concepts, and a reproducible random sample of mentions with their evidence sentence
(matched words in [[brackets]]) for a person to judge. Text files are read as Daily Papers pages
(npm run ingest), everything else as npm run import reads it.

Options:
  --sample N         mentions sampled per source (default: 20)
  --seed N           seed of the sample (default: 13): the same seed gives the same sample
  --top N            most frequent concepts shown (default: 10)
  --taxonomy FILE    concept taxonomy (default: seeds/${TAXONOMY_FILE})
  -h, --help         show this help

Example:
  npm run quality -- ../shared/data/hf-daily/index.json ../shared/data/papercopilot/*.json

Exit codes: 0 done, 1 bad input, 2 bad usage.`;

async function readSource(file: string): Promise<PaperRecord[]> {
  if (file.endsWith('.txt')) return readPaperFiles([file]);
  const records: PaperRecord[] = [];
  for await (const item of readInput(await openInput(file))) if ('paper' in item) records.push(item.paper);
  return records;
}

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        sample: { type: 'string', default: '20' },
        seed: { type: 'string', default: '13' },
        top: { type: 'string', default: '10' },
        taxonomy: { type: 'string', default: join('seeds', TAXONOMY_FILE) },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    process.stderr.write(`quality: ${(error as Error).message}\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  if (args.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.done;
  }
  const numbers = { sample: Number(args.values.sample), seed: Number(args.values.seed), top: Number(args.values.top) };
  for (const [name, value] of Object.entries(numbers)) {
    if (!Number.isInteger(value) || value < 0) {
      process.stderr.write(
        `quality: --${name} must be a whole number, found ${JSON.stringify(args.values[name as keyof typeof numbers])}\n`,
      );
      return EXIT.usage;
    }
  }
  if (args.positionals.length === 0) {
    process.stderr.write(`quality: give at least one FILE\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  const taxonomy = loadTaxonomy(args.values.taxonomy);
  const matcher = compileConceptMatcher(taxonomy);
  for (const file of args.positionals) {
    const report = sourceQuality(basename(file), await readSource(file), taxonomy, matcher, {
      sampleSize: numbers.sample,
      seed: numbers.seed,
      topConcepts: numbers.top,
    });
    process.stdout.write(`${formatSourceQuality(report)}\n\n`);
  }
  return EXIT.done;
}

runCommand('quality', () => main(process.argv.slice(2)), '');
