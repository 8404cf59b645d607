import { drawReferences } from './drawReferences.ts';
import { generatePapers, type GenerateOptions } from './generatePapers.ts';
import { toOpenAlexWork, type SyntheticWork } from './toOpenAlexWork.ts';

/**
 * Given generatePapers' options and a mean number of references, produces the same synthetic
 * papers as OpenAlex works citing earlier ones (drawReferences: preferential attachment), so every
 * reference points at a work already written and an import makes no stubs. Prefix-stable and
 * seeded like generatePapers.
 */
export function* generateWorks(options: GenerateOptions & { references: number }): Generator<SyntheticWork> {
  const references = drawReferences(options);
  let index = 0;
  for (const paper of generatePapers(options)) {
    yield toOpenAlexWork(paper, index, references.next().value as number[]);
    index += 1;
  }
}
