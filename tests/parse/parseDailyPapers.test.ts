import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { parseDailyPapers, readDailyPapersPage } from '../../src/ingestion/formats/parseDailyPapers.ts';

const SEED_FILE = 'seeds/hf-daily-papers-aug-1.txt';
const seed = readFileSync(SEED_FILE, 'utf8');

const page = (...blocks: string[]) =>
  ['Daily Papers', '', 'byAK and the research community', '', 'Aug 1', '', ...blocks.flatMap((b) => [b, ''])].join('\n');
const ABSTRACT =
  'We study a problem. We propose a method that works. Experiments show it is better than the baselines on three benchmarks.';

function parseError(text: string, file = 'bad.txt'): InputError {
  try {
    parseDailyPapers(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected parseDailyPapers to throw');
}

describe('parseDailyPapers on the seed page', () => {
  const parsed = parseDailyPapers(seed, SEED_FILE);

  it('skips the page header and reads the date line', () => {
    expect(parsed.date).toEqual({ text: 'Aug 1', line: 11, iso: null });
  });

  it('reads all 44 title / abstract pairs in page order', () => {
    expect(parsed.papers).toHaveLength(44);
    expect(parsed.papers[0]!.title).toBe('Learning Meta Representations for Agents in Multi-Agent Reinforcement Learning');
    expect(parsed.papers[3]!.title).toBe('M-FAC: Efficient Matrix-Free Approximations of Second-Order Information');
    expect(parsed.papers[43]!.title).toBe('Gradient is All You Need?');
    expect(parsed.papers[43]!.abstract).toMatch(/^In this paper we provide a novel analytical perspective/);
  });

  it('records the source file name and the line of each title', () => {
    expect(parsed.papers[0]).toMatchObject({ source: 'hf-daily-papers-aug-1.txt', line: 13 });
    expect(parsed.papers[1]!.line).toBe(17);
  });

  it('keeps every abstract whole, on one line', () => {
    for (const p of parsed.papers) {
      expect(p.abstract.length).toBeGreaterThan(200);
      expect(p.abstract).not.toMatch(/\n/);
    }
  });
});

describe('parseDailyPapers robustness', () => {
  it('reads CRLF and lone CR line endings like LF', () => {
    const lf = page('A Title', ABSTRACT, 'Another Title', ABSTRACT);
    expect(parseDailyPapers(lf.replace(/\n/g, '\r\n')).papers).toEqual(parseDailyPapers(lf).papers);
    expect(parseDailyPapers(lf.replace(/\n/g, '\r')).papers).toEqual(parseDailyPapers(lf).papers);
  });

  it('ignores extra blank lines, trailing spaces and a byte-order mark', () => {
    const text = `\uFEFF${page('A Title   ', ABSTRACT).replace(/\n\n/g, '\n\n\n   \n')}\n\n\n`;
    const { papers } = parseDailyPapers(text);
    expect(papers.map((p) => p.title)).toEqual(['A Title']);
    expect(papers[0]!.abstract).toBe(ABSTRACT);
  });

  it('joins an abstract wrapped over several lines', () => {
    const { papers } = parseDailyPapers(page('Wrapped', 'We study a problem.\nWe propose a method\nthat works well.'));
    expect(papers[0]!.abstract).toBe('We study a problem. We propose a method that works well.');
  });

  it('keeps unicode and decodes TeX escapes', () => {
    const { papers } = parseDailyPapers(
      page(
        'H\\"older Continuity of Gradients in Ω-Spaces',
        `Sch{\\"o}lkopf and Erd\\H{o}s meet Gau\\ss{} in ${ABSTRACT} \`\`Quoted'' text. 学习.`,
      ),
    );
    expect(papers[0]!.title).toBe('Hölder Continuity of Gradients in Ω-Spaces');
    expect(papers[0]!.abstract).toContain('Schölkopf and Erdős meet Gauß');
    expect(papers[0]!.abstract).toContain('\u201cQuoted\u201d text. 学习.');
  });

  it('reads a date line with a year as an ISO date', () => {
    const text = page('A Title', ABSTRACT).replace('Aug 1', 'August 1, 2024');
    const parsed = parseDailyPapers(text);
    expect(parsed.date.iso).toBe('2024-08-01');
    expect(parsed.papers[0]!.publishedAt).toBe('2024-08-01');
  });
});

describe('parseDailyPapers telling titles from one-sentence abstracts by the page structure', () => {
  const SENTENCE = 'A short abstract of one sentence';

  it('reads a short line after a title as its abstract', () => {
    const { papers, warnings } = parseDailyPapers(page('First Title', SENTENCE, 'Second Title', ABSTRACT));
    expect(papers.map((p) => [p.title, p.abstract])).toEqual([
      ['First Title', SENTENCE],
      ['Second Title', ABSTRACT],
    ]);
    expect(warnings).toEqual([]);
  });

  it('reads a title whose abstract is missing when a short line is followed by a paragraph, warning with the right line', () => {
    const { papers, warnings } = parseDailyPapers(page('First Title', ABSTRACT, 'Orphan Title', 'Third Title', ABSTRACT), 'p.txt');
    expect(papers.map((p) => [p.title, p.abstract === '' ? '' : 'abstract', p.line])).toEqual([
      ['First Title', 'abstract', 7],
      ['Orphan Title', '', 11],
      ['Third Title', 'abstract', 13],
    ]);
    expect(warnings).toEqual([
      'p.txt:11: the title "Orphan Title" has no abstract: line 13 is the next title ("Third Title"); imported with an empty abstract',
    ]);
  });

  it('reads the empty part a missing abstract leaves (three blank lines) as an empty abstract, even before a short line', () => {
    const text = page('First Title', SENTENCE, 'Orphan Title').replace(
      /Orphan Title\n$/,
      'Orphan Title\n\n\n\nLast Title\n\nAnother short sentence\n',
    );
    const { papers, warnings } = parseDailyPapers(text, 'p.txt');
    expect(papers.map((p) => [p.title, p.abstract])).toEqual([
      ['First Title', SENTENCE],
      ['Orphan Title', ''],
      ['Last Title', 'Another short sentence'],
    ]);
    expect(warnings).toEqual([
      'p.txt:11: the title "Orphan Title" has no abstract (an empty part follows it); imported with an empty abstract',
    ]);
  });

  it('reads a title at the end of the page as a paper with an empty abstract and a warning', () => {
    const { papers, warnings } = parseDailyPapers(page('Title', ABSTRACT, 'Dangling Title'), 'p.txt');
    expect(papers.map((p) => p.abstract === '')).toEqual([false, true]);
    expect(warnings).toEqual(['p.txt:11: the title "Dangling Title" has no abstract (end of page); imported with an empty abstract']);
  });
});

describe('parseDailyPapers on the real pages in ../shared/data/hf-daily-pages', () => {
  it.each([
    ['hf-daily-2026-02-05.txt', 53, 159, 'Context Learning for Multi-Agent Discussion', [7, 183]],
    ['hf-daily-2026-02-25.txt', 32, 95, 'Aletheia tackles FirstProof autonomously', [87]],
  ])(
    'reads %s: %i papers, the one without an abstract at line %i, one-sentence abstracts kept',
    (name, count, line, title, oneSentence) => {
      const file = `../shared/data/hf-daily-pages/${name}`;
      const { papers, warnings } = parseDailyPapers(readFileSync(file, 'utf8'), file);
      expect(papers).toHaveLength(count);
      expect(warnings).toEqual([
        `${file}:${line}: the title "${title}" has no abstract (an empty part follows it); imported with an empty abstract`,
      ]);
      expect(papers.filter((p) => p.abstract === '').map((p) => [p.line, p.title])).toEqual([[line, title]]);
      // One-sentence abstracts stay the abstracts of the titles above them.
      for (const at of oneSentence) {
        const paper = papers.find((p) => p.line === at)!;
        expect(paper.abstract).toMatch(/^[A-Z].*\.$/);
        expect(paper.abstract.match(/\. [A-Z]/g)).toBeNull();
      }
    },
  );
});

describe('parseDailyPapers on malformed input', () => {
  it('rejects an empty file, naming it', () => {
    const error = parseError('', 'empty.txt');
    expect(error.message).toMatch(/^empty\.txt:1: the file is empty/);
    expect(parseError(' \n\n \r\n').message).toMatch(/empty/);
  });

  it('rejects binary junk with the line of the first bad byte', () => {
    const error = parseError(`Aug 1\n\nTitle\n\x00\x01\x02PNG\x1a`, 'junk.bin');
    expect(error.message).toMatch(/^junk\.bin:4: binary data/);
    expect(error.location).toEqual({ file: 'junk.bin', line: 4 });
  });

  it("rejects an abstract with no title before it, naming the abstract's line", () => {
    const error = parseError(page(ABSTRACT, 'Title', ABSTRACT));
    expect(error.message).toMatch(/^bad\.txt:7: expected a paper title .* found a paragraph/);
  });

  it('reads on past a paragraph with no title when read leniently, naming its line', () => {
    const { entries } = readDailyPapersPage(page('First', ABSTRACT, ABSTRACT, 'Second', ABSTRACT), 'bad.txt');
    expect(entries.map((e) => ('error' in e ? `error at ${e.error.location.line}` : e.paper.title))).toEqual([
      'First',
      'error at 11',
      'Second',
    ]);
  });

  it('rejects a page without a date line', () => {
    expect(parseError('Just some text\n\nMore text').message).toMatch(/no date line/);
  });

  it('rejects a page with a date but no papers', () => {
    expect(parseError('Daily Papers\n\nAug 1\n').message).toMatch(/:3: the page has a date line but no papers/);
  });
});
