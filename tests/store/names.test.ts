import { describe, expect, it } from 'vitest';
import { nameKey, searchTextOf, searchTokens, stemAcronym, stemWord } from '../../src/store/readRules.ts';

describe('stemWord: the one English stemming rule', () => {
  it.each([
    ['models', 'model'],
    ["model's", 'model'],
    ['studies', 'study'],
    ['losses', 'loss'],
    ['patches', 'patch'],
    ['approaches', 'approach'],
    ['boxes', 'box'],
    ['matrices', 'matrix'],
    ['indices', 'index'],
    ['hypotheses', 'hypothesis'],
    ['biases', 'bias'],
    ['metrics', 'metric'],
    ['gans', 'gan'],
    ['loss', 'loss'],
    ['analysis', 'analysis'],
    ['consensus', 'consensus'],
    ['continuous', 'continuous'],
    ['modeling', 'modeling'],
    ['learned', 'learned'],
    ['3s', '3s'],
  ])('stems %s to %s', (word, stem) => {
    expect(stemWord(word)).toBe(stem);
  });

  it('gives stems that are their own stems', () => {
    for (const word of ['processes', 'series', 'axes', 'buses', 'studies', 'classes', "gans's", 'dynamics', 'bayes']) {
      expect(stemWord(stemWord(word))).toBe(stemWord(word));
    }
  });

  it.each([
    ['LLMs', 'LLM'],
    ["GAN's", 'GAN'],
    ['GANS', 'GAN'],
    ['MoEs', 'MoE'],
    ['CSS', 'CSS'],
    ['ZO', 'ZO'],
    ['Sophia', 'Sophia'],
  ])('keeps the case of acronyms: %s to %s', (word, stem) => {
    expect(stemAcronym(word)).toBe(stem);
  });
});

describe('nameKey: how lookups by name compare names', () => {
  it.each([
    ['Diffusion models', 'Diffusion model'],
    ['diffusion-model', 'Diffusion model'],
    ["Newton's methods", "Newton's method"],
    ['Gaussian processes', 'Gaussian process'],
    ['GANs', 'GAN'],
    ['ZEROTH ORDER optimization', 'Zeroth-order optimization'],
    ['  hessian   MATRICES ', 'Hessian matrix'],
  ])('gives "%s" the key of "%s"', (asked, stored) => {
    expect(nameKey(asked)).toBe(nameKey(stored));
  });

  it('keeps different words apart', () => {
    expect(nameKey('language modeling')).not.toBe(nameKey('language model'));
    expect(nameKey('Hess')).not.toBe(nameKey('Hessian'));
  });
});

describe('searchTextOf: the stems Neo4j indexes beside the fields', () => {
  it('lists each stem that differs from its word, once', () => {
    expect(
      searchTextOf('Concept', { name: 'Diffusion model', aliases: ['DDPMs', 'score models'], description: 'Models that denoise.' }),
    ).toBe('ddpm model');
  });

  it('makes every stemmed query word a field word or one of these stems', () => {
    const props = { title: 'Diffusion Models Beat GANs', abstract: 'We study losses and patches.', keywords: ['image synthesis'] };
    const fieldWords = new Set(
      ['title', 'abstract'].flatMap((f) => (props[f as 'title'] as string).toLowerCase().match(/[\p{L}\p{N}_]+/gu)!),
    );
    const extra = new Set(searchTextOf('Paper', props).split(' '));
    for (const token of searchTokens(`${props.title} ${props.abstract}`)) expect(fieldWords.has(token) || extra.has(token)).toBe(true);
  });
});
