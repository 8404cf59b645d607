import { seededRandom } from '../../src/exploration/seededRandom.ts';

/** Concept names of seeds/taxonomy.json that the generated abstracts mention, so papers get MENTIONS edges. */
const CONCEPTS = [
  'Hessian',
  'zeroth-order optimization',
  'information bottleneck',
  'mutual information',
  'Fisher information',
  'Adam',
  'Bayesian optimization',
  'contrastive learning',
  'continual learning',
  'differential privacy',
  'diffusion model',
  'domain adaptation',
  'distributed training',
  'backpropagation',
  'chain-of-thought',
  'convergence analysis',
];

/**
 * The text of a Hugging Face Daily Papers page with `papers` title / abstract pairs: a header,
 * a date line, then unique titles (every fifth names a method, "Name-N: ...") and abstracts that
 * mention two or three taxonomy concepts, propose or use named methods, and every seventh links a
 * GitHub repository. Deterministic for a seed.
 */
export function generateDailyPapers(papers: number, seed = 7): string {
  const next = seededRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  const parts = ['Daily Papers', 'by AK and the research community', 'Aug 14, 2025'];
  for (let i = 0; i < papers; i++) {
    const a = pick(CONCEPTS);
    const b = pick(CONCEPTS);
    const method = `Gen${i % 97}Net`;
    const title = i % 5 === 0 ? `${method}-${i}: Scaling ${a} with ${b} in Setting ${i}` : `Study ${i} of ${a} and ${b}`;
    const sentences = [
      `We study ${a} together with ${b} in a new regime, number ${i}.`,
      i % 5 === 0
        ? `We propose ${method}-${i}, which combines ${a} with ${pick(CONCEPTS)}.`
        : `Our analysis builds on ${pick(CONCEPTS)} and on prior work using Gen${(i + 3) % 97}Net.`,
      `Experiments on ${1 + (i % 9)} benchmarks show consistent gains over strong baselines.`,
    ];
    if (i % 7 === 0) sentences.push(`Code is available at https://github.com/gen-lab-${i % 13}/project-${i}.`);
    parts.push(title, sentences.join(' '));
  }
  return `${parts.join('\n\n')}\n`;
}
