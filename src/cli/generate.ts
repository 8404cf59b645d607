import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { loadTaxonomy } from '../extract/taxonomy.ts';
import { generatePapers } from '../generate/generatePapers.ts';
import { generateWorks } from '../generate/generateWorks.ts';
import { writeJsonLines } from '../generate/writeJsonLines.ts';
import { TAXONOMY_FILE, taxonomyFile } from '../ingestion/seeds.ts';
import { EXIT, log, runCommand } from './common.ts';

const USAGE = `Usage: npm run generate -- --papers N [--seed S] [--references R] [--out FILE]

Writes N synthetic papers as JSON lines in the Papers with Code papers-with-abstracts shape
(import them with npm run import). The same seed gives the same papers, and the first N papers
of a larger run are the papers of a smaller one. Proportions follow the real datasets: 3-6
taxonomy concepts per paper with Zipf popularity, keywords from a long tail of synthetic
candidates, named methods proposed and reused, 3-6 authors from a long-tail pool, a GitHub
repository for about 20% of papers, an arXiv id for 80%. With --references R the same papers
come as OpenAlex works (JSON lines) citing about R earlier ones each (R/2 to 3R/2), drawn by
preferential attachment, so a few become highly cited.

Options:
  --papers N        how many papers (required)
  --seed S          a whole number (default: 1)
  --references R    write OpenAlex works with about R references each (a whole number, 1 to 1000)
  --out FILE        write to FILE instead of stdout
  --taxonomy FILE   concept taxonomy to draw concepts from (default: seeds/${TAXONOMY_FILE})
  -h, --help        show this help

Example:
  npm run generate -- --papers 100000 --seed 7 --out /tmp/papers-100k.jsonl
  npm run generate -- --papers 100000 --references 30 --out /tmp/works-100k.jsonl

Exit codes: 0 done, 1 bad input, 2 bad usage.`;

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        papers: { type: 'string' },
        seed: { type: 'string', default: '1' },
        references: { type: 'string' },
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
  if (values.papers === undefined || !Number.isInteger(papers) || papers < 1)
    return usage(`--papers must be a whole number of at least 1, found ${JSON.stringify(values.papers)}`);
  const seed = Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
    return usage(`--seed must be a whole number from 0 to 4294967295, found ${JSON.stringify(values.seed)}`);
  const references = values.references === undefined ? null : Number(values.references);
  if (references !== null && (!Number.isInteger(references) || references < 1 || references > 1000))
    return usage(`--references must be a whole number from 1 to 1000, found ${JSON.stringify(values.references)}`);
  const taxonomy = loadTaxonomy(values.taxonomy ?? taxonomyFile(loadConfig().seedsDir));
  const started = Date.now();
  const records = references === null ? generatePapers({ papers, seed, taxonomy }) : generateWorks({ papers, seed, taxonomy, references });
  const written = await writeJsonLines(records, values.out ?? process.stdout, (n) => log(`  ${n} papers`));
  log(
    `generated ${written} papers (seed ${seed}) in ${((Date.now() - started) / 1000).toFixed(1)} s${values.out ? ` to ${values.out}` : ''}`,
  );
  return EXIT.done;
}

function usage(message: string): number {
  process.stderr.write(`generate: ${message}\n\n${USAGE}\n`);
  return EXIT.usage;
}

runCommand('generate', () => main(process.argv.slice(2)), '');
