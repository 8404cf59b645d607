import { describe, expect, it } from 'vitest';
import { compileConceptMatcher } from '../../src/extract/conceptMatcher.ts';
import { validateTaxonomy } from '../../src/extract/taxonomy.ts';

const taxonomy = validateTaxonomy({
  concepts: [
    {
      id: 'zeroth-order-optimization',
      name: 'Zeroth-order optimization',
      kind: 'METHOD',
      aliases: ['ZO', 'derivative-free optimization'],
      description: 'x',
      broader: ['optimization'],
      related: [],
    },
    { id: 'optimization', name: 'Optimization', kind: 'FIELD', aliases: [], description: 'x', broader: [], related: [] },
    {
      id: 'diffusion-model',
      name: 'Diffusion model',
      kind: 'MODEL',
      aliases: ['denoising diffusion probabilistic model'],
      description: 'x',
      broader: [],
      related: [],
    },
    { id: 'entropy', name: 'Entropy', kind: 'THEORY', aliases: [], description: 'x', broader: [], related: [] },
    { id: 'supervised-learning', name: 'Supervised learning', kind: 'FIELD', aliases: [], description: 'x', broader: [], related: [] },
    {
      id: 'self-supervised-learning',
      name: 'Self-supervised learning',
      kind: 'FIELD',
      aliases: [],
      description: 'x',
      broader: [],
      related: [],
    },
    { id: 'newton-method', name: "Newton's method", kind: 'METHOD', aliases: [], description: 'x', broader: [], related: [] },
    {
      id: 'large-language-model',
      name: 'Large language model',
      kind: 'MODEL',
      aliases: ['LLM'],
      description: 'x',
      broader: [],
      related: [],
    },
    { id: 'federated-learning', name: 'Federated learning', kind: 'FIELD', aliases: [], description: 'x', broader: [], related: [] },
    { id: 'hessian', name: 'Hessian', kind: 'THEORY', aliases: [], description: 'x', broader: [], related: [] },
  ],
});
const matcher = compileConceptMatcher(taxonomy);
const ids = (text: string) => matcher.match(text).map((m) => m.conceptId);

describe('compileConceptMatcher', () => {
  it('matches hyphen and space variants and any case', () => {
    expect(ids('We study zeroth order optimization and ZEROTH-ORDER OPTIMIZATION.')).toEqual([
      'zeroth-order-optimization',
      'zeroth-order-optimization',
    ]);
  });

  it('matches simple plurals of the last word', () => {
    expect(ids('Diffusion models and denoising diffusion probabilistic models.')).toEqual(['diffusion-model', 'diffusion-model']);
    expect(ids('Two LLMs and one LLM.')).toEqual(['large-language-model', 'large-language-model']);
  });

  it('matches acronyms only in their own case', () => {
    expect(ids('ZO methods')).toEqual(['zeroth-order-optimization']);
    expect(ids('the zo of it, a Zo, llm')).toEqual([]);
  });

  it('matches whole words only', () => {
    expect(ids('Hessians, Hessian-free, but not Hessianness or preoptimization')).toEqual(['hessian', 'hessian']);
  });

  it('lets the longest form at a place win, so nested names count once', () => {
    const found = matcher.match('zeroth-order optimization beats optimization');
    expect(found.map((m) => [m.conceptId, m.text])).toEqual([
      ['zeroth-order-optimization', 'zeroth-order optimization'],
      ['optimization', 'optimization'],
    ]);
  });

  it('does not start a match inside a hyphenated compound', () => {
    expect(ids('the cross-entropy loss and self-supervised learning')).toEqual(['self-supervised-learning']);
  });

  it('ignores words inside URLs', () => {
    expect(ids('Code: https://github.com/huawei-noah/Federated-Learning/tree/main/HessianAlignment.')).toEqual([]);
  });

  it('keeps punctuation that is part of a name', () => {
    expect(ids("Newton's method and Newton’s methods but not Newton method")).toEqual(['newton-method', 'newton-method']);
  });

  it('reports offsets that slice the matched text', () => {
    const text = 'Large Language Models (LLMs) need memory.';
    expect(matcher.match(text).map((m) => text.slice(m.start, m.end))).toEqual(['Large Language Models', 'LLMs']);
  });

  it('looks up a whole surface form, nothing less', () => {
    expect(matcher.lookup('Derivative-Free Optimization')).toBe('zeroth-order-optimization');
    expect(matcher.lookup('Hessians')).toBe('hessian');
    expect(matcher.lookup('Hessian alignment')).toBeUndefined();
  });
});
