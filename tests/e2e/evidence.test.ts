import { describe, expect, it } from 'vitest';
import { segmentByEvidence, type TextSegment } from '../../explorer/src/evidence.ts';

/** The runs as [text, concept ids, term] triples, for compact expectations. */
const runs = (segments: TextSegment[]) => segments.map((s) => [s.text, s.conceptIds.join(','), s.term] as const);

const ABSTRACT = 'We study the Hessian of deep networks. Its spectrum is bulk plus outliers. Hessian-vector products are cheap.';

describe("marking a paper's text with its concepts' evidence", () => {
  it('marks each evidence sentence with its concept and keeps the text whole', () => {
    const segments = segmentByEvidence(ABSTRACT, [
      { conceptId: 'hessian', terms: [], evidence: ['We study the Hessian of deep networks.'] },
    ]);
    expect(runs(segments)).toEqual([
      ['We study the Hessian of deep networks.', 'hessian', false],
      [' Its spectrum is bulk plus outliers. Hessian-vector products are cheap.', '', false],
    ]);
    expect(segments.map((s) => s.text).join('')).toBe(ABSTRACT);
  });

  it("emphasises a concept's name and aliases inside its own sentences: whole words, any case, hyphen or space, plural", () => {
    const segments = segmentByEvidence(ABSTRACT, [
      { conceptId: 'hvp', terms: ['Hessian vector product', 'HVP'], evidence: ['Hessian-vector products are cheap.'] },
    ]);
    expect(runs(segments)).toEqual([
      ['We study the Hessian of deep networks. Its spectrum is bulk plus outliers. ', '', false],
      ['Hessian-vector products', 'hvp', true],
      [' are cheap.', 'hvp', false],
    ]);
  });

  it('lists every concept whose evidence covers a run, in the order the concepts are given', () => {
    const segments = segmentByEvidence(ABSTRACT, [
      { conceptId: 'spectrum', terms: [], evidence: ['Its spectrum is bulk plus outliers.'] },
      { conceptId: 'hessian', terms: [], evidence: ['Its spectrum is bulk plus outliers.', 'Hessian-vector products are cheap.'] },
    ]);
    expect(runs(segments).slice(1)).toEqual([
      ['Its spectrum is bulk plus outliers.', 'spectrum,hessian', false],
      [' ', '', false],
      ['Hessian-vector products are cheap.', 'hessian', false],
    ]);
  });

  it('matches a sentence the extractor cut short ("…") on its kept part, and tolerates other white space', () => {
    const text = 'First.  A very long\nsentence that goes on and on. Last.';
    const segments = segmentByEvidence(text, [{ conceptId: 'long', terms: [], evidence: ['A very long sentence that goes…'] }]);
    expect(segments.filter((s) => s.conceptIds.length > 0).map((s) => s.text)).toEqual(['A very long\nsentence that goes']);
  });

  it("marks nothing for evidence the text does not hold (a title's sentence, in the abstract)", () => {
    const segments = segmentByEvidence(ABSTRACT, [{ conceptId: 'hessian', terms: ['Hessian'], evidence: ['Hessian Spectra: A Title'] }]);
    expect(runs(segments)).toEqual([[ABSTRACT, '', false]]);
  });

  it('treats names with regular-expression characters as text', () => {
    const text = 'We compare C++ (and C) code. Nothing else.';
    const segments = segmentByEvidence(text, [{ conceptId: 'cpp', terms: ['C++', '(and'], evidence: ['We compare C++ (and C) code.'] }]);
    expect(segments.map((s) => s.text).join('')).toBe(text);
    expect(segments.filter((s) => s.term).map((s) => s.text)).toEqual(['C++', '(and']);
  });
});
