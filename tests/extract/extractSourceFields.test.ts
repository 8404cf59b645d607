import { describe, expect, it } from 'vitest';
import { compileConceptMatcher } from '../../src/extract/conceptMatcher.ts';
import { extractGraph } from '../../src/extract/extractGraph.ts';
import {
  authorship,
  candidateKind,
  codeRepositories,
  codeSourceRank,
  keywordMentions,
  lookupKeyword,
  paperKeywords,
} from '../../src/extract/extractSourceFields.ts';
import { loadTaxonomy } from '../../src/extract/taxonomy.ts';
import { authorId, normaliseAuthorName } from '../../src/domain/ids.ts';
import type { PaperRecord } from '../../src/domain/paperRecord.ts';

const taxonomy = loadTaxonomy('seeds/taxonomy.json');
const matcher = compileConceptMatcher(taxonomy);
const curated = new Set(taxonomy.concepts.map((c) => c.id));
const record = (more: Partial<PaperRecord>): PaperRecord => ({
  title: 'T',
  abstract: '',
  arxivId: null,
  url: null,
  publishedAt: null,
  source: 's',
  line: 1,
  ...more,
});

describe('authors', () => {
  it('gives each name as any source writes it one id, and each author one position in byline order', () => {
    const { authors, relationships } = authorship(
      record({ authors: ['Cesa-Bianchi, Nicolò', 'Grace Hopper1,2', 'nicolo cesa-bianchi', ''] }),
      'p',
    );
    expect(authors).toEqual([
      { id: 'nicolo-cesa-bianchi', name: 'Nicolò Cesa-Bianchi' },
      { id: 'grace-hopper', name: 'Grace Hopper' },
    ]);
    expect(relationships.map((r) => [r.to, (r.properties as { position: number }).position])).toEqual([
      ['nicolo-cesa-bianchi', 1],
      ['grace-hopper', 2],
    ]);
  });
});

describe('the author-name rule', () => {
  it.each([
    // [as a source writes it, the name kept]
    ['Jane Doe', 'Jane Doe'],
    ['Jane Doe1', 'Jane Doe'],
    ['Jane Doe1,2', 'Jane Doe'],
    ['Jane Doe1, 3', 'Jane Doe'],
    ['Jane Doe 1,2', 'Jane Doe'],
    ['Jane Doe*', 'Jane Doe'],
    ['Jane Doe\u2020\u2021', 'Jane Doe'],
    ['Jane Doe1*', 'Jane Doe'],
    ['Jane Doe\u00b9\u00b2', 'Jane Doe'],
    ['Doe, Jane', 'Jane Doe'],
    ['Doe, Jane2', 'Jane Doe'],
    ['John Smith, Jr.', 'John Smith, Jr.'],
    ['  Jane   Doe  ', 'Jane Doe'],
    // Numbers that stand apart are part of the name.
    ['Author 12', 'Author 12'],
    ['Author 13', 'Author 13'],
    ['Agent 007', 'Agent 007'],
    // One word with digits is a handle, not a name with an affiliation mark.
    ['Player1', 'Player1'],
  ])('keeps %j as %j', (raw, name) => {
    expect(normaliseAuthorName(raw)).toBe(name);
  });

  it('merges spellings of one author and keeps numbered authors apart', () => {
    expect(authorId('Jane Doe1,2')).toBe(authorId('Doe, Jane*'));
    expect(authorId('Author 12')).not.toBe(authorId('Author 13'));
    const { authors } = authorship(record({ authors: ['Author 12', 'Author 13', 'Author 12'] }), 'p');
    expect(authors).toEqual([
      { id: 'author-12', name: 'Author 12' },
      { id: 'author-13', name: 'Author 13' },
    ]);
  });
});

describe('keywords', () => {
  it('keeps each keyword once, cleaned, and drops numbers and overlong ones', () => {
    expect(paperKeywords(record({ keywords: [' Deep Learning ', 'deep-learning', '2018', 'x'.repeat(61), 'H\\"older spaces;'] }))).toEqual([
      'Deep Learning',
      'Hölder spaces',
    ]);
  });

  it('finds curated concepts by name, alias, plural or lower-case acronym', () => {
    expect(['Loss Surfaces', 'gans', 'sgd', 'Deep Learning', 'language modeling'].map((k) => lookupKeyword(matcher, k))).toEqual([
      'loss-landscape',
      'generative-adversarial-network',
      'stochastic-gradient-descent',
      'deep-learning',
      'language-model',
    ]);
    expect(lookupKeyword(matcher, 'weather matching')).toBeUndefined();
  });

  it('links known keywords to curated concepts and makes candidates of the rest, leaving concepts the text names to the text', () => {
    const {
      concepts,
      relationships,
      curated: known,
    } = keywordMentions(['Hessian', 'gan', 'weather matching'], 'p', matcher, curated, new Set(['hessian']));
    expect(known).toEqual(['generative-adversarial-network']);
    expect(concepts).toEqual([
      { id: 'weather-matching', name: 'weather matching', kind: 'TASK', aliases: [], description: null, curated: false },
    ]);
    expect(relationships.map((r) => [r.to, (r.properties as { extractor: string }).extractor])).toEqual([
      ['generative-adversarial-network', 'source-keywords'],
      ['weather-matching', 'source-keywords'],
    ]);
  });

  it('gives candidate concepts a kind by their last words', () => {
    expect(
      [
        'ImageNet benchmark',
        'top-1 accuracy',
        'graph transformers',
        'regret lower bound',
        'group fairness',
        'curriculum learning',
        'dialogue',
      ].map(candidateKind),
    ).toEqual(['DATASET', 'METRIC', 'MODEL', 'THEORY', 'PROPERTY', 'METHOD', 'TASK']);
  });
});

describe('code links', () => {
  it('finds GitHub repositories in plain URLs and Markdown links, source fields before the abstract', () => {
    const found = codeRepositories(
      record({
        abstract: 'Code: https://github.com/Org/Repo and https://github.com/org/other.',
        codeLinks: [
          { url: 'https://github.com/org/repo', official: false, source: 'pwc-links' },
          {
            url: '[![github](/i.svg) org/repo](https://github.com/ORG/repo) + [PwC](https://paperswithcode.com/x)',
            official: true,
            source: 'papercopilot',
          },
        ],
      }),
    );
    expect(found.map((f) => [f.repository.id, f.source, f.official])).toEqual([
      ['github:org/repo', 'papercopilot', true],
      ['github:org/other', 'abstract', true],
    ]);
    expect([codeSourceRank('hf-daily'), codeSourceRank('pwc-links'), codeSourceRank('abstract')]).toEqual([2, 1, 0]);
  });
});

describe('extraction of records without the new fields', () => {
  it('produces no authors, candidates or listed methods, and empty keywords', () => {
    const { document } = extractGraph([record({ title: 'A Study of the Hessian', abstract: 'We study the Hessian.' })], taxonomy);
    expect(document.authors).toEqual([]);
    expect(document.concepts.every((c) => c.curated)).toBe(true);
    expect(document.papers[0]).toMatchObject({ venue: null, keywords: [] });
  });
});
