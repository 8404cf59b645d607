import { describe, expect, it } from 'vitest';
import { methodFromTitle, methodsFromSentences } from '../../src/extract/extractMethods.ts';
import { splitSentences } from '../../src/extract/sentences.ts';

const methodsIn = (text: string) => methodsFromSentences(splitSentences(text)).map(({ name, fullName }) => ({ name, fullName }));

describe('methodFromTitle', () => {
  it.each([
    ['M-FAC: Efficient Matrix-Free Approximations of Second-Order Information', 'M-FAC'],
    ['ZO2: Scalable Zeroth-Order Fine-Tuning for Extremely Large Language Models with Limited GPU Memory', 'ZO2'],
    ['DeepZero: Scaling up Zeroth-Order Optimization for Deep Model Training', 'DeepZero'],
    ['YOLOv9: Learning What You Want to Learn Using Programmable Gradient Information', 'YOLOv9'],
    ['TrAct: Making First-layer Pre-Activations Trainable', 'TrAct'],
    ['ADAHESSIAN: An Adaptive Second Order Optimizer for Machine Learning', 'ADAHESSIAN'],
    ['NoProp: Training Neural Networks without Back-propagation or Forward-propagation', 'NoProp'],
    ['Sophia: A Scalable Stochastic Second-order Optimizer for Language Model Pre-training', 'Sophia'],
    ['Adaptive Guidance: Training-free Acceleration of Conditional Diffusion Models', 'Adaptive Guidance'],
  ])('names the method in "%s"', (title, name) => {
    expect(methodFromTitle(title)).toBe(name);
  });

  it.each([
    'There and Back Again: Revisiting Backpropagation Saliency Methods',
    'Beyond First-Order Tweedie: Solving Inverse Problems using Latent Diffusion',
    'Sketching for First Order Method: Efficient Algorithm for Low-Bandwidth Channel and Vulnerability',
    'Demystifying the Neural Tangent Kernel from a Practical Perspective: Can it be trusted?',
    'Gradient is All You Need?',
    'Position: Benchmarks Are Broken',
    'Understanding: A Survey',
  ])('names no method in "%s"', (title) => {
    expect(methodFromTitle(title)).toBeNull();
  });
});

describe('methodsFromSentences', () => {
  it('reads an acronym introduced with its full name', () => {
    expect(methodsIn('To achieve this, we propose Meta Representations for Agents (MRA) that explicitly models knowledge.')).toEqual([
      { name: 'MRA', fullName: 'Meta Representations for Agents' },
    ]);
  });

  it('reads a name followed by its expansion', () => {
    expect(methodsIn('We propose a novel framework, ZO2 (Zeroth-Order Offloading), for efficient fine-tuning.')).toEqual([
      { name: 'ZO2', fullName: 'Zeroth-Order Offloading' },
    ]);
  });

  it('reads "called X", "named X" and a proper name after "we propose"', () => {
    expect(methodsIn('We propose two new algorithms as part of a framework called M-FAC: the first is fast.')).toEqual([
      { name: 'M-FAC', fullName: null },
    ]);
    expect(methodsIn('In this work, we introduce a new learning method named NoProp, which does not rely on backpropagation.')).toEqual([
      { name: 'NoProp', fullName: null },
    ]);
    expect(methodsIn('Here we propose Sophia, Second-order Clipped Stochastic Optimization, a simple optimizer.')).toEqual([
      { name: 'Sophia', fullName: null },
    ]);
  });

  it('reads a name after an appositive ("an evaluation framework, DiffROAR,")', () => {
    expect(methodsIn('First, we develop an evaluation framework, DiffROAR, to test assumption (A).')).toEqual([
      { name: 'DiffROAR', fullName: null },
    ]);
  });

  it('reads a run of capitalised words after "dubbed"', () => {
    expect(methodsIn('We use a sampler, dubbed Partial Uniform Timestep Sampling, for speed.')).toEqual([
      { name: 'Partial Uniform Timestep Sampling', fullName: null },
    ]);
  });

  it('names nothing where the phrase is ordinary prose', () => {
    expect(methodsIn('In this paper, we propose a novel sketching scheme for the first order method.')).toEqual([]);
    expect(methodsIn('We propose to address these two limitations.')).toEqual([]);
    expect(methodsIn('Moreover, we propose performing gradient descent on the embeddings.')).toEqual([]);
    expect(methodsIn('A regularizer, dubbed proximal matching, provably promotes recovery.')).toEqual([]);
  });
});
