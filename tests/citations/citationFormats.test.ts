import { describe, expect, it } from 'vitest';
import { externalId, stubPaperId } from '../../src/domain/externalIds.ts';
import { detectFormat } from '../../src/ingestion/formats/index.ts';
import { openalex } from '../../src/ingestion/formats/openalex.ts';
import { s2ag } from '../../src/ingestion/formats/s2ag.ts';
import { RecordFields } from '../../src/ingestion/recordFields.ts';

const where = { file: 'works.jsonl', line: 3, record: 3 };
const read = (format: typeof openalex, value: Record<string, unknown>) =>
  format.read(new RecordFields(value, where), { ...where, source: 'test' });

describe('external ids', () => {
  it('reads ids as sources write them: URLs, prefixes, numbers; DOIs in lower case', () => {
    expect(externalId('openalex', 'https://openalex.org/W2741809807')).toBe('openalex:W2741809807');
    expect(externalId('doi', 'https://doi.org/10.7717/PeerJ.4375')).toBe('doi:10.7717/peerj.4375');
    expect(externalId('pmid', 'https://pubmed.ncbi.nlm.nih.gov/29456894')).toBe('pmid:29456894');
    expect(externalId('corpus', 215416146)).toBe('corpus:215416146');
    expect(externalId('arxiv', 'https://arxiv.org/abs/2310.02025v2')).toBe('arxiv:2310.02025');
    expect(externalId('doi', 'not a doi')).toBeNull();
    expect(externalId('corpus', null)).toBeNull();
  });

  it("gives a stub its arXiv id (from arXiv's DOI too) before any other id", () => {
    expect(stubPaperId(['openalex:W1', 'doi:10.48550/arxiv.1609.04836'])).toBe('1609.04836');
    expect(stubPaperId(['openalex:W1', 'corpus:5'])).toBe('openalex:W1');
  });
});

describe('the OpenAlex works format', () => {
  it('is detected from a work record', () => {
    expect(detectFormat({ id: 'https://openalex.org/W1', display_name: 'x', abstract_inverted_index: null }, where).name).toBe('openalex');
  });

  it('rebuilds the abstract from its inverted index in position order', () => {
    const paper = read(openalex, {
      id: 'https://openalex.org/W1',
      title: 'T',
      abstract_inverted_index: { world: [1], Hello: [0], again: [3], hello: [2] },
    });
    expect(paper.abstract).toBe('Hello world hello again');
  });

  it('reads a work with a null abstract, no DOI and no location', () => {
    const paper = read(openalex, {
      id: 'https://openalex.org/W1522301498',
      doi: null,
      display_name: 'Adam',
      abstract_inverted_index: null,
      primary_location: null,
      referenced_works: [],
    });
    expect(paper).toMatchObject({
      title: 'Adam',
      abstract: '',
      url: null,
      arxivId: null,
      externalIds: ['openalex:W1522301498'],
      references: [],
    });
  });

  it('names the field of a referenced work that is no work id', () => {
    expect(() => read(openalex, { id: 'https://openalex.org/W1', title: 'T', referenced_works: ['https://openalex.org/W2', 42] })).toThrow(
      /works\.jsonl:3.*referenced_works\[1\].*expected an OpenAlex work id/,
    );
  });
});

describe('the Semantic Scholar datasets format', () => {
  it('tells papers, abstracts and citations apart', () => {
    expect(detectFormat({ corpusid: 1, externalids: {}, title: 'T' }, where).name).toBe('s2ag');
    expect(detectFormat({ corpusid: 1, abstract: 'A' }, where).name).toBe('s2ag');
    expect(detectFormat({ citingcorpusid: '1', citedcorpusid: '2' }, where).name).toBe('s2ag');
  });

  it('reads a paper with its external ids, null ids left out', () => {
    const paper = read(s2ag, {
      corpusid: 7,
      externalids: { ArXiv: '1412.6980', DOI: null, MAG: '1522301498', CorpusId: '7' },
      title: 'Adam',
      authors: [{ authorId: '1', name: 'D. Kingma' }],
      venue: '',
      publicationdate: null,
    });
    expect(paper).toMatchObject({
      arxivId: '1412.6980',
      externalIds: ['arxiv:1412.6980', 'corpus:7', 'mag:1522301498'],
      authors: ['D. Kingma'],
      venue: null,
      publishedAt: null,
    });
  });

  it('reads an abstract as a title-less record of its corpus id, and a citation as a reference', () => {
    expect(read(s2ag, { corpusid: 7, abstract: 'We introduce Adam.' })).toMatchObject({
      title: '',
      abstract: 'We introduce Adam.',
      externalIds: ['corpus:7'],
    });
    expect(
      read(s2ag, { citingcorpusid: '1', citedcorpusid: '7', isinfluential: true, contexts: null, intents: ['methodology'] }).references,
    ).toEqual([{ externalIds: ['corpus:7'], influential: true, intents: ['methodology'], contexts: [] }]);
  });

  it('keeps no reference for a citation Semantic Scholar could not resolve (null citedcorpusid)', () => {
    expect(read(s2ag, { citingcorpusid: '1', citedcorpusid: null, isinfluential: false }).references).toEqual([]);
  });
});
