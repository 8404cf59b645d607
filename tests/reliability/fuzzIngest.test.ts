import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { compileConceptMatcher } from '../../src/extract/conceptMatcher.ts';
import { extractGraph } from '../../src/extract/extractGraph.ts';
import { loadTaxonomy } from '../../src/extract/taxonomy.ts';
import type { PaperRecord } from '../../src/domain/paperRecord.ts';
import { parseDailyPapers } from '../../src/ingestion/formats/parseDailyPapers.ts';

/**
 * Property-based tests of the ingest path: whatever text comes in, parsing and extraction either
 * succeed or throw InputError (never a TypeError, a RangeError, a hang), and give the same answer
 * every time. Seeded: a failure prints its seed and shrunk counterexample, and reruns alike.
 */
const SEED = 20_260_701;

const taxonomy = loadTaxonomy('seeds/taxonomy.json');
const matcher = compileConceptMatcher(taxonomy);
const taxonomyIds = new Set(taxonomy.concepts.map((c) => c.id));

/** The outcome of a call as plain data: its result, or the InputError's message; anything else thrown fails the property. */
function outcome<T>(run: () => T): { ok: T } | { inputError: string } {
  try {
    return { ok: run() };
  } catch (error) {
    if (error instanceof InputError) return { inputError: error.message };
    throw error;
  }
}

const LINE_BREAKS = fc.constantFrom('\n', '\r\n', '\r', '\n\n', '\r\n\r\n', '\n \n', '\n\t\n');
/** Text as pasted from anywhere: any unicode, and the characters and words parsers and matchers trip over. */
const shortText = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme', maxLength: 200 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  {
    weight: 2,
    arbitrary: fc
      .array(
        fc.constantFrom(
          'Aug 1',
          '2024-08-01',
          'Hessian',
          'We propose M-FAC.',
          'https://github.com/a/b',
          '\u00a0',
          '\ufeff',
          '\u200b',
          '\t',
          ':',
          '.',
          '. ',
          'A',
          '\\',
          '{',
          '$',
          '\u0301',
        ),
        { maxLength: 60 },
      )
      .map((parts) => parts.join(' ')),
  },
);
/** One line of 1,000 to 60,000 characters. */
const hugeLine = fc
  .tuple(fc.constantFrom('x', 'Word ', 'é', '\ud83d\ude00', '. A', 'Hessian '), fc.integer({ min: 1_000, max: 60_000 }))
  .map(([unit, n]) => unit.repeat(n).slice(0, 60_000));
const messyText = fc.oneof({ weight: 9, arbitrary: shortText }, { weight: 1, arbitrary: hugeLine });

/** A page built like a Daily Papers dump (header, date line, pairs) from messy pieces, with any line breaks. */
const messyPage = fc
  .tuple(
    fc.array(messyText, { maxLength: 3 }),
    fc.constantFrom('Aug 1', 'August 14, 2025', '2025-08-14', 'Sept. 3', 'not a date', ''),
    fc.array(fc.tuple(messyText, messyText), { maxLength: 8 }),
    LINE_BREAKS,
    fc.boolean(),
  )
  .map(([header, date, pairs, br, bom]) => `${bom ? '\ufeff' : ''}${[...header, date, ...pairs.flat()].join(br + br)}`);

/** A well-formed page: short titles without sentence breaks, abstracts of several sentences. */
const wellFormedPage = fc
  .tuple(
    fc.array(
      fc.tuple(
        fc
          .array(
            fc.constantFrom('Scaling', 'Hessian', 'Zeroth-Order', 'Méthode', 'über', 'Networks', 'ZO2:', 'of', '\u4e2d\u6587', 'M-FAC'),
            { minLength: 1, maxLength: 12 },
          )
          .map((w) => w.join(' ')),
        // Three sentences at least: a line with fewer sentence breaks would read as a title. (The
        // parser counts a break only before an ASCII capital, so "Ça marche" starts no sentence.)
        fc
          .array(
            fc.constantFrom(
              'We study the Hessian',
              'Results improve',
              'Code is at https://github.com/x/y',
              'It works, ça marche',
              'We propose DeepZero',
            ),
            { minLength: 3, maxLength: 6 },
          )
          .map((s) => `${s.join('. ')}.`),
      ),
      { minLength: 1, maxLength: 12 },
    ),
    LINE_BREAKS.filter((br) => br.includes('\n\n') || br.includes('\r\n\r\n') || br.includes(' ')),
  )
  .map(([pairs, br]) => ({ pairs, text: ['Daily Papers', 'Aug 1', ...pairs.flat()].join(br) }));

const record = (title: string, abstract: string, i: number): PaperRecord => ({
  title,
  abstract,
  arxivId: null,
  url: null,
  publishedAt: null,
  source: 'fuzz',
  line: i + 1,
});

describe('parseDailyPapers on arbitrary input', () => {
  it('returns papers or throws InputError, and answers the same twice (3,000 texts)', () => {
    fc.assert(
      fc.property(fc.oneof(messyText, messyPage), (text) => {
        const first = outcome(() => parseDailyPapers(text, 'fuzz.txt'));
        expect(outcome(() => parseDailyPapers(text, 'fuzz.txt'))).toEqual(first);
        if ('inputError' in first) expect(first.inputError).toMatch(/^fuzz\.txt:\d+: /);
        else for (const p of first.ok.papers) expect(p.title.trim()).not.toBe('');
      }),
      { seed: SEED, numRuns: 3_000 },
    );
  });

  it('reads every pair of a well-formed page, whatever the line breaks (1,000 pages)', () => {
    fc.assert(
      fc.property(wellFormedPage, ({ pairs, text }) => {
        const page = parseDailyPapers(text, 'fuzz.txt');
        expect(page.papers.map((p) => p.title)).toEqual(pairs.map(([title]) => title));
        expect(page.papers).toHaveLength(pairs.length);
      }),
      { seed: SEED, numRuns: 1_000 },
    );
  });
});

describe('parseDailyPapers on pages with a missing abstract, as real pages have', () => {
  it('reads every title whatever abstract is missing, the emptied one with a warning naming its line (1,000 pages)', () => {
    fc.assert(
      fc.property(
        wellFormedPage.filter(({ pairs }) => pairs.length >= 2),
        fc.nat(),
        ({ pairs }, pick) => {
          const missing = pick % pairs.length;
          // The page's layout: parts joined by one blank line; a missing abstract leaves an empty part.
          const parts = ['Daily Papers', 'Aug 1', ...pairs.flatMap(([title, abstract], i) => [title, i === missing ? '' : abstract])];
          const text = parts.join('\n\n');
          const page = parseDailyPapers(text, 'fuzz.txt');
          expect(page.papers.map((p) => p.title)).toEqual(pairs.map(([title]) => title));
          const line = 5 + 4 * missing;
          expect(page.papers[missing]).toMatchObject({ abstract: '', line });
          expect(page.warnings).toEqual([expect.stringMatching(new RegExp(`^fuzz\\.txt:${line}: the title .* has no abstract`))]);
        },
      ),
      { seed: SEED, numRuns: 1_000 },
    );
  });
});

describe('extraction on arbitrary records', () => {
  it('extracts without throwing, deterministically, and only links nodes it has (1,000 batches)', () => {
    // Huge lines are rarer here than in parsing: matching 265 concepts over 60,000 characters takes a while.
    const text = fc.oneof({ weight: 40, arbitrary: shortText }, { weight: 1, arbitrary: hugeLine });
    fc.assert(
      fc.property(fc.array(fc.tuple(text, text), { minLength: 1, maxLength: 5 }), (pairs) => {
        const records = pairs.map(([title, abstract], i) => record(title, abstract, i));
        const first = outcome(() => extractGraph(records, taxonomy, matcher));
        expect(outcome(() => extractGraph(records, taxonomy, matcher))).toEqual(first);
        if (!('ok' in first)) return;
        const doc = first.ok.document;
        const ids = new Set<string>([
          ...taxonomyIds,
          ...Object.values(doc).flatMap((nodes) => (Array.isArray(nodes) ? nodes.map((n: { id?: string }) => n.id).filter(Boolean) : [])),
        ] as string[]);
        for (const r of doc.relationships) {
          expect(ids.has(r.from), `${r.type} from ${r.from}`).toBe(true);
          expect(ids.has(r.to), `${r.type} to ${r.to}`).toBe(true);
        }
      }),
      { seed: SEED, numRuns: 1_000 },
    );
  });

  it('parses and extracts whole pages end to end, deterministically (500 pages)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          messyPage,
          wellFormedPage.map((p) => p.text),
        ),
        (text) => {
          const run = () => {
            const { papers } = parseDailyPapers(text, 'fuzz.txt');
            return extractGraph(papers, taxonomy, matcher);
          };
          expect(outcome(run)).toEqual(outcome(run));
        },
      ),
      { seed: SEED, numRuns: 500 },
    );
  });
});
