import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { parseDailyPapers } from '../../src/ingestion/formats/parseDailyPapers.ts';

const SEED_FILE = 'seeds/hf-daily-papers-aug-1.txt';
const seed = readFileSync(SEED_FILE, 'utf8');

const page = (...blocks: string[]) => ['Daily Papers', '', 'byAK and the research community', '', 'Aug 1', '', ...blocks.flatMap((b) => [b, ''])].join('\n');
const ABSTRACT = 'We study a problem. We propose a method that works. Experiments show it is better than the baselines on three benchmarks.';

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
    const { papers } = parseDailyPapers(page('H\\"older Continuity of Gradients in Ω-Spaces', `Sch{\\"o}lkopf and Erd\\H{o}s meet Gau\\ss{} in ${ABSTRACT} \`\`Quoted'' text. 学习.`));
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

  it('rejects a title with no abstract, naming its line and the next title', () => {
    const text = page('First Title', ABSTRACT, 'Orphan Title', 'Third Title', ABSTRACT);
    const error = parseError(text);
    expect(error.location.line).toBe(11);
    expect(error.message).toMatch(/bad\.txt:11: the title "Orphan Title" has no abstract: line 13 is another title/);
  });

  it('rejects a title at the end of the file with no abstract', () => {
    expect(parseError(page('Title', ABSTRACT, 'Dangling Title')).message).toMatch(/:11: the title "Dangling Title" has no abstract after it \(end of file\)/);
  });

  it('rejects an abstract with no title before it', () => {
    const error = parseError(page(ABSTRACT, 'Title', ABSTRACT));
    expect(error.message).toMatch(/:7: expected a paper title .* found a paragraph/);
  });

  it('rejects a page without a date line', () => {
    expect(parseError('Just some text\n\nMore text').message).toMatch(/no date line/);
  });

  it('rejects a page with a date but no papers', () => {
    expect(parseError('Daily Papers\n\nAug 1\n').message).toMatch(/:3: the page has a date line but no papers/);
  });
});
