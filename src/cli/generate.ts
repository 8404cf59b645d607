import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { loadTaxonomy } from '../extract/taxonomy.ts';
import { generatePapers } from '../generate/generatePapers.ts';
import { writeJsonLines } from '../generate/writeJsonLines.ts';
import { TAXONOMY_FILE, taxonomyFile } from '../ingestion/seeds.ts';
import { EXIT, log, runCommand } from './common.ts';

const USAGE = `Usage: npm run generate -- --papers N [--seed S] [--out FILE]

Writes N synthetic papers as JSON lines in the Papers with Code papers-with-abstracts shape
(import them with npm run import). The same seed gives the same papers, and the first N papers
of a larger run are the papers of a smaller one. Proportions follow the real datasets: 3-6
taxonomy concepts per paper with Zipf popularity, keywords from a long tail of synthetic
candidates, named methods proposed and reused, 3-6 authors from a long-tail pool, a GitHub
repository for about 20% of papers, an arXiv id for 80%.

Options:
  --papers N        how many papers (required)
  --seed S          a whole number (default: 1)
  --out FILE        write to FILE instead of stdout
  --taxonomy FILE   concept taxonomy to draw concepts from (default: seeds/${TAXONOMY_FILE})
  -h, --help        show this help

Example:
  npm run generate -- --papers 100000 --seed 7 --out /tmp/papers-100k.jsonl

Exit codes: 0 done, 1 bad input, 2 bad usage.`;

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        papers: { type: 'string' },
        seed: { type: 'string', default: '1' },
        out: { type: 'string' },
        taxonomy: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    return usage((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.done;
  }
  const papers = Number(values.papers);
  if (values.papers === undefined || !Number.isInteger(papers) || papers < 1) return usage(`--papers must be a whole number of at least 1, found ${JSON.stringify(values.papers)}`);
  const seed = Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) return usage(`--seed must be a whole number from 0 to 4294967295, found ${JSON.stringify(values.seed)}`);
  const taxonomy = loadTaxonomy(values.taxonomy ?? taxonomyFile(loadConfig().seedsDir));
  const started = Date.now();
  const written = await writeJsonLines(generatePapers({ papers, seed, taxonomy }), values.out ?? process.stdout, (n) => log(`  ${n} papers`));
  log(`generated ${written} papers (seed ${seed}) in ${((Date.now() - started) / 1000).toFixed(1)} s${values.out ? ` to ${values.out}` : ''}`);
  return EXIT.done;
}

function usage(message: string): number {
  process.stderr.write(`generate: ${message}\n\n${USAGE}\n`);
  return EXIT.usage;
}

runCommand('generate', () => main(process.argv.slice(2)), '');
