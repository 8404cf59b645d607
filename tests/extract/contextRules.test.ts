import { describe, expect, it } from 'vitest';
import { compileConceptMatcher } from '../../src/extract/conceptMatcher.ts';
import { loadTaxonomy } from '../../src/extract/taxonomy.ts';

const taxonomy = loadTaxonomy('seeds/taxonomy.json');
const matcher = compileConceptMatcher(taxonomy);
const found = (sentence: string) => matcher.match(sentence).map((m) => m.conceptId);

/**
 * Context rules of the seed taxonomy (`exclude` phrases and removed aliases), each with the
 * sentence it came from: the concept is not matched inside a longer term that means something else,
 * and still is where the words mean it.
 */
const CASES: { sentence: string; concept: string; matched: boolean; why: string }[] = [
  {
    sentence: 'We propose a deep network for echo information retrieval from ultrasound signals.',
    concept: 'information-retrieval',
    matched: false,
    why: 'echo information retrieval is signal recovery (issue 13), not search',
  },
  {
    sentence: 'Dense retrieval and classic information retrieval pipelines rank documents for a query.',
    concept: 'information-retrieval',
    matched: true,
    why: 'the plain term still names the task',
  },
  {
    sentence:
      'Recovery guarantee of stochastic gradient descent with random initialization for learning a two-layer neural network with two hidden nodes, unit-norm weights, ReLU activation functions and Gaussian inputs.',
    concept: 'weight-initialization',
    matched: false,
    why: 'iclr2018: "random initialization" says how training starts, not a study of initialization schemes',
  },
  {
    sentence: 'We propose an orthogonal initialization that keeps the signal of very deep networks stable.',
    concept: 'weight-initialization',
    matched: true,
    why: 'a named initialization scheme is the concept',
  },
  {
    sentence: 'Most existing domain adaptation methods attempt to erase domain signals using techniques like domain adversarial training.',
    concept: 'adversarial-robustness',
    matched: false,
    why: 'iclr2018: domain adversarial training aligns domains, it does not defend against attacks',
  },
  {
    sentence:
      'In order to obtain realistic images and also disentangled representations, we introduced the discriminator for adversarial training.',
    concept: 'adversarial-robustness',
    matched: false,
    why: "iclr2018: the GAN discriminator's adversarial training is not robustness",
  },
  {
    sentence: 'Adversarial training with projected gradient descent remains the strongest defense against attacks.',
    concept: 'adversarial-robustness',
    matched: true,
    why: 'adversarial training against attacks is the concept',
  },
  {
    sentence:
      'Finally, RL using How2Score as a reward improves performance on How2Bench by >10 points across three models without systematic regressions on standard benchmarks.',
    concept: 'regression',
    matched: false,
    why: 'hf-daily 2602.08808: a performance regression is not the regression task',
  },
  {
    sentence: 'We study nonparametric regression with heavy-tailed noise.',
    concept: 'regression',
    matched: true,
    why: 'the statistical task',
  },
];

describe('context rules: a concept is not matched inside a longer term that means something else', () => {
  it.each(CASES)('$concept in "$sentence" is matched: $matched ($why)', ({ sentence, concept, matched }) => {
    expect(found(sentence).includes(concept)).toBe(matched);
  });

  it('ignores plurals in excluded phrases as in forms', () => {
    expect(found('No performance regressions were seen.')).not.toContain('regression');
    expect(found('Regressions of two kinds are compared.')).toContain('regression');
  });
});
