import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractGraph, mentionWeight } from '../../src/extract/extractGraph.ts';
import { loadTaxonomy } from '../../src/extract/taxonomy.ts';
import { parseDailyPapers } from '../../src/ingestion/formats/parseDailyPapers.ts';
import type { GraphDocument } from '../../src/domain/graph.ts';

const SEED_FILE = 'seeds/hf-daily-papers-aug-1.txt';
const taxonomy = loadTaxonomy('seeds/taxonomy.json');
const { papers } = parseDailyPapers(readFileSync(SEED_FILE, 'utf8'), SEED_FILE);
const { document: doc, warnings } = extractGraph(papers, taxonomy);

const byTitle = (prefix: string) => {
  const paper = doc.papers.find((p) => p.title.startsWith(prefix));
  if (!paper) throw new Error(`no seed paper titled "${prefix}..."`);
  return paper;
};
const related = (d: GraphDocument, type: string, from: string) =>
  d.relationships.filter((r) => r.type === type && r.from === from).map((r) => r.to);
const papersMentioning = (conceptId: string) =>
  doc.relationships
    .filter((r) => r.type === 'MENTIONS' && r.to === conceptId)
    .map((r) => doc.papers.find((p) => p.id === r.from)!.title.slice(0, 30))
    .sort();

describe('extractGraph on the seed page', () => {
  it('makes one Paper per title, with slug ids and the source file', () => {
    expect(warnings).toEqual([]);
    expect(doc.papers).toHaveLength(44);
    expect(new Set(doc.papers.map((p) => p.id)).size).toBe(44);
    expect(byTitle('M-FAC')).toMatchObject({
      id: 'm-fac-efficient-matrix-free-approximations-of-second-order-information',
      sources: ['hf-daily-papers-aug-1.txt'],
      arxivId: null,
    });
  });

  it('puts the nine GitHub repositories on the papers that link them, path kept', () => {
    expect(doc.repositories.map((r) => r.id).sort()).toHaveLength(9);
    expect(related(doc, 'HAS_CODE', byTitle('ZO2').id)).toEqual(['github:liangyuwang/zo2']);
    expect(related(doc, 'HAS_CODE', byTitle('DeepZero').id)).toEqual(['github:optml-group/deepzero']);
    expect(related(doc, 'HAS_CODE', byTitle('Understanding Hessian Alignment').id)).toEqual(['github:huawei-noah/federated-learning']);
    expect(doc.repositories.find((r) => r.id === 'github:huawei-noah/federated-learning')!.path).toBe('tree/main/HessianAlignment');
    expect(related(doc, 'HAS_CODE', byTitle('M-FAC').id)).toEqual([]);
  });

  it('finds the information-bottleneck cluster', () => {
    expect(papersMentioning('information-bottleneck')).toEqual(
      expect.arrayContaining([
        'Adaptive Estimators Show Infor',
        'Cauchy-Schwarz Divergence Info',
        'How Does Information Bottlenec',
        'Opening the Black Box of Deep ',
      ]),
    );
  });

  it('finds the zeroth-order cluster', () => {
    expect(papersMentioning('zeroth-order-optimization')).toEqual(
      expect.arrayContaining([
        'DeepZero: Scaling up Zeroth-Or',
        'Efficient Personalization of Q',
        'Federated Zeroth-Order Optimiz',
        'ZO2: Scalable Zeroth-Order Fin',
      ]),
    );
  });

  it('finds the Hessian cluster', () => {
    expect(papersMentioning('hessian')).toEqual(
      expect.arrayContaining([
        'Empirical Analysis of the Hess',
        'Understanding Hessian Alignmen',
        'Sophia: A Scalable Stochastic ',
        'M-FAC: Efficient Matrix-Free A',
      ]),
    );
  });

  it('finds diffusion models, federated learning and the neural tangent kernel where the seed discusses them', () => {
    expect(papersMentioning('diffusion-model')).toEqual(
      expect.arrayContaining(['Adaptive Guidance: Training-fr', 'Neural Network-Based Score Est', 'Efficient Personalization of Q']),
    );
    expect(papersMentioning('federated-learning')).toEqual(
      expect.arrayContaining(['When Do Curricula Work in Fede', 'Federated Zeroth-Order Optimiz']),
    );
    expect(papersMentioning('neural-tangent-kernel')).toEqual(expect.arrayContaining(['Demystifying the Neural Tangen']));
  });

  it('keeps count, weight and evidence sentences on each MENTIONS edge', () => {
    const zo2 = byTitle('ZO2');
    const edge = doc.relationships.find((r) => r.type === 'MENTIONS' && r.from === zo2.id && r.to === 'zeroth-order-optimization')!;
    expect(edge.properties).toMatchObject({ extractor: 'taxonomy-matcher/1' });
    const props = edge.properties as { count: number; weight: number; evidence: string[] };
    expect(props.count).toBeGreaterThanOrEqual(3);
    expect(props.weight).toBe(1);
    expect(props.evidence[0]).toBe(zo2.title);
    expect(props.evidence.length).toBeLessThanOrEqual(3);
    for (const sentence of props.evidence) expect(sentence).toMatch(/zeroth-order|ZO/i);
  });

  it('names methods from titles and proposal phrases, only when they look like names', () => {
    const proposes = (prefix: string) => related(doc, 'PROPOSES', byTitle(prefix).id);
    expect(proposes('M-FAC')).toEqual(['m-fac']);
    expect(proposes('ZO2')).toEqual(['zo2']);
    expect(proposes('DeepZero')).toEqual(['deepzero']);
    expect(proposes('Sophia')).toEqual(['sophia']);
    expect(proposes('NoProp')).toEqual(['noprop']);
    expect(proposes('Learning Meta Representations')).toEqual(['mra']);
    expect(proposes('There and Back Again')).toEqual([]);
    expect(proposes('Beyond First-Order Tweedie')).toEqual([]);
    expect(doc.methods.find((m) => m.id === 'zo2')).toEqual({ id: 'zo2', name: 'ZO2', fullName: 'Zeroth-Order Offloading' });
  });

  it('links a method to the techniques it applies', () => {
    expect(related(doc, 'APPLIES', 'deepzero')).toEqual(['zeroth-order-optimization']);
    expect(related(doc, 'APPLIES', 'zo2')).toContain('zeroth-order-optimization');
    expect(related(doc, 'APPLIES', 'mkor')).toContain('kronecker-factorization');
  });

  it('includes every mentioned concept with its broader concepts, and the links among them', () => {
    const ids = new Set(doc.concepts.map((c) => c.id));
    for (const r of doc.relationships.filter((r) => r.type === 'MENTIONS' || r.type === 'BROADER')) expect(ids.has(r.to)).toBe(true);
    expect(ids.has('second-order-information')).toBe(true);
    expect(doc.relationships).toContainEqual({ type: 'BROADER', from: 'hessian', to: 'second-order-information', properties: {} });
  });

  it('is deterministic', () => {
    expect(extractGraph(papers, taxonomy).document).toEqual(doc);
  });
});

describe('mentionWeight', () => {
  it('grows with the count, adds a title bonus and stops at 1', () => {
    expect(mentionWeight(1, false)).toBe(0.25);
    expect(mentionWeight(2, false)).toBe(0.5);
    expect(mentionWeight(1, true)).toBe(0.75);
    expect(mentionWeight(9, true)).toBe(1);
  });
});
