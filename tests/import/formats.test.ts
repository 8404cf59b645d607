import { describe, expect, it } from 'vitest';
import { FORMATS, detectFormat } from '../../src/ingestion/formats/index.ts';
import { openInput, readInput, type InputItem } from '../../src/ingestion/pipeline.ts';
import type { PaperRecord } from '../../src/domain/paperRecord.ts';

const FIXTURES = 'tests/fixtures/import';

async function items(name: string, format?: string): Promise<{ format: string; items: InputItem[] }> {
  const input = await openInput(`${FIXTURES}/${name}`, format ? FORMATS.find((f) => f.name === format) : undefined);
  const out: InputItem[] = [];
  for await (const item of readInput(input)) out.push(item);
  return { format: input.format.name, items: out };
}

async function papers(name: string): Promise<PaperRecord[]> {
  return (await items(name)).items.filter((i): i is Extract<InputItem, { paper: PaperRecord }> => 'paper' in i).map((i) => i.paper);
}

const problems = (list: InputItem[]) =>
  list.filter((i): i is Extract<InputItem, { problem: unknown }> => 'problem' in i).map((i) => `${i.problem.kind}: ${i.problem.message}`);

describe('format detection from the first record', () => {
  it.each([
    ['hf-daily-archive.json', 'hf-daily'],
    ['hf-api.jsonl', 'hf-daily'],
    ['iclr2018.json', 'papercopilot'],
    ['openreview-notes.json', 'openreview'],
    ['pmlr-colt2024.json', 'pmlr'],
    ['pwc-papers.json', 'pwc-papers'],
    ['pwc-links.json', 'pwc-links'],
    ['arxiv-snapshot.jsonl', 'arxiv'],
    ['generic.jsonl', 'generic'],
  ])('reads %s as %s', async (name, format) => {
    expect((await items(name)).format).toBe(format);
  });

  it('names the keys it found and the formats it knows when no shape fits', () => {
    expect(() => detectFormat({ name: 'x', body: 'y' }, { file: 'f.json', line: 2, record: 1 })).toThrow(
      /^f\.json:2 \(record 1\): cannot tell the format of a record with keys name, body: .* give --format \(one of hf-daily, .*generic, hf-daily-page\)$/,
    );
    expect(() => detectFormat([1, 2], { file: 'f.json', line: 1, record: 1 })).toThrow(
      /expected paper records \(JSON objects\), found an array/,
    );
  });

  it('lets --format override detection', async () => {
    const forced = await items('pwc-papers.json', 'generic');
    expect(forced.format).toBe('generic');
    expect(forced.items.every((i) => 'paper' in i && i.paper.methods === undefined)).toBe(true);
  });
});

describe('reading each public shape', () => {
  it('reads the Daily Papers archive: arXiv ids without version, the AI summary cut from the abstract, github_url as code', async () => {
    const [zipzo, hessian, third] = await papers('hf-daily-archive.json');
    expect(zipzo).toMatchObject({
      title: 'ZipZO: Zeroth-Order Fine-Tuning of Large Language Models',
      arxivId: '2602.00001',
      publishedAt: '2026-02-27',
      authors: ['Ada Lovelace', 'Grace Hopper'],
      source: 'hf-daily:hf-daily-archive.json',
      line: 7,
      record: 1,
      codeLinks: [{ url: 'https://github.com/Example/ZipZO', official: true, source: 'hf-daily' }],
    });
    // The summary sentence is cut, and the archive's space before a full stop undone.
    expect(zipzo!.abstract).toBe(
      'We study zeroth-order optimization for fine-tuning a large language model. Code is at https://github.com/example/zipzo-extra.',
    );
    expect(hessian!.arxivId).toBe('2602.00002');
    // An abstract that is only the summary is kept.
    expect(hessian!.abstract).toBe('We analyse the Hessian of deep neural networks and its spectrum.');
    expect(third!.authors).toEqual([]);
  });

  it('reads the Hugging Face API shape with author objects and githubRepo', async () => {
    const [moe, diffusion] = await papers('hf-api.jsonl');
    expect(moe).toMatchObject({
      arxivId: '2602.00004',
      abstract: 'We scale a mixture of experts with sparse routing.',
      publishedAt: '2026-02-20',
      authors: ['Yann Example', 'Joelle Sample'],
    });
    expect(moe!.codeLinks).toEqual([{ url: 'https://github.com/moe/sparse', official: true, source: 'hf-daily' }]);
    expect(diffusion!.authors).toEqual(['Nicolò Cesa-Bianchi']);
  });

  it('reads conference lists: ";"-separated authors and keywords, newlines in abstracts, a Markdown github link, the venue from the file name for accepted papers', async () => {
    const { items: all } = await items('iclr2018.json');
    const [accepted, rejected] = all.filter((i) => 'paper' in i).map((i) => (i as { paper: PaperRecord }).paper);
    expect(accepted).toMatchObject({
      title: 'Understanding the hessian of deep networks!',
      abstract: 'We analyse the Hessian of deep neural networks and relate its spectrum to generalization.',
      authors: ['Alan Turing', 'Grace Hopper'],
      keywords: ['Hessian', 'Loss Surfaces', 'gan', 'spectral methods'],
      venue: 'ICLR 2018',
      url: 'https://openreview.net/forum?id=B1-q5Pqxl',
      arxivId: null,
    });
    expect(accepted!.codeLinks![0]!.url).toContain('](https://github.com/turing/hessian-spectrum)');
    expect(rejected).toMatchObject({ abstract: '', venue: null });
    expect(problems(all)).toEqual([
      expect.stringMatching(/^skipped: .*iclr2018\.json:30 \(record 3\): the title "withdraw" is a placeholder/),
    ]);
  });

  it('reads OpenReview notes of API v2 ({ value }) and v1, with no venue for a mere submission', async () => {
    const [v2, v1] = await papers('openreview-notes.json');
    expect(v2).toMatchObject({
      title: 'Reinforcement Learning from Human Feedback, Revisited',
      authors: ['Paul Christiano', 'Jan Sample'],
      keywords: ['RLHF', 'alignment'],
      venue: 'ICLR 2024 poster',
      publishedAt: '2024-05-01',
      url: 'https://openreview.net/forum?id=forum1',
    });
    expect(v1).toMatchObject({ title: 'An API v1 Note on Graph Neural Networks', authors: ['Petar Example'], venue: null });
  });

  it('reads PMLR CSL-JSON: given and family names, container title, date parts', async () => {
    const [paper] = await papers('pmlr-colt2024.json');
    expect(paper).toMatchObject({
      authors: ['Gianmarco Example', 'Nicolò Cesa-Bianchi'],
      venue: 'Proceedings of Thirty Seventh Conference on Learning Theory',
      publishedAt: '2024-06-30',
    });
  });

  it('reads Papers with Code abstracts: tasks as keywords, methods with full names', async () => {
    const [zipzo, noise] = await papers('pwc-papers.json');
    expect(zipzo).toMatchObject({
      arxivId: '2602.00001',
      keywords: ['Language Modelling', 'Gradient-Free Fine-Tuning'],
      methods: [
        { name: 'Adam', fullName: 'Adam' },
        { name: 'KronOpt', fullName: 'Kronecker Optimizer' },
      ],
    });
    expect(noise).toMatchObject({ arxivId: null, venue: 'NeurIPS 2023', publishedAt: '2023-12-01' });
  });

  it('reads Papers with Code links as code links of a title-only paper', async () => {
    const [linked, only] = await papers('pwc-links.json');
    expect(linked).toMatchObject({
      arxivId: '2602.00001',
      abstract: '',
      codeLinks: [{ url: 'https://github.com/example/zipzo', official: false, source: 'pwc-links' }],
    });
    expect(only!.codeLinks![0]!.official).toBe(true);
  });

  it('reads the arXiv snapshot: titles unwrapped, authors_parsed turned round, first version date, old-style ids, categories as keywords', async () => {
    const [physics, old] = await papers('arxiv-snapshot.jsonl');
    expect(physics).toMatchObject({
      title: 'Calculation of prompt diphoton production cross sections at Tevatron and LHC energies',
      arxivId: '0704.0001',
      authors: ['C. Balázs', 'E. L. Berger'],
      publishedAt: '2007-04-02',
      venue: 'Phys.Rev.D76:013009,2007',
      keywords: [],
    });
    expect(old).toMatchObject({ arxivId: 'hep-th/9901001', keywords: ['machine learning'], url: 'https://arxiv.org/abs/hep-th/9901001' });
  });

  it('reads plain records: "and"-separated authors, summary as abstract, a github field', async () => {
    const [first, second] = await papers('generic.jsonl');
    expect(first).toMatchObject({
      authors: ['Ann One', 'Bob Two'],
      publishedAt: '2025-05-05',
      keywords: ['contrastive learning', 'plain records'],
    });
    expect(first!.codeLinks).toEqual([{ url: 'https://github.com/plain/records', official: true, source: 'generic' }]);
    expect(second).toMatchObject({ abstract: 'Summaries count as abstracts.', arxivId: '2505.00002', line: 3, record: 2 });
  });
});

describe('bad records', () => {
  it('names file:line, the record and the field, what was expected and what was found', async () => {
    const { items: all } = await items('bad-records.json');
    expect(all.filter((i) => 'paper' in i).map((i) => (i as { paper: PaperRecord }).paper.title)).toEqual([
      'A Good Record',
      'Another Good Record',
    ]);
    expect(problems(all)).toEqual([
      'rejected: tests/fixtures/import/bad-records.json:3 (record 2, title): expected a non-empty string, found nothing',
      'rejected: tests/fixtures/import/bad-records.json:4 (record 3, title): expected a string, found the number 42',
      'rejected: tests/fixtures/import/bad-records.json:5 (record 4, authors): expected a list (an array, or a string separated by ";"), found an object',
      'rejected: tests/fixtures/import/bad-records.json:6 (record 5): expected a paper record (a JSON object), found "not a record at all"',
    ]);
  });

  it('names nested fields and malformed ids', async () => {
    const { generic } = await import('../../src/ingestion/formats/generic.ts');
    const { pwcPapers } = await import('../../src/ingestion/formats/pwc.ts');
    const { arxiv } = await import('../../src/ingestion/formats/arxiv.ts');
    const { RecordFields } = await import('../../src/ingestion/recordFields.ts');
    const context = { file: 'x.json', source: 's', line: 9, record: 4 };
    const read = (format: typeof generic, value: object) => () =>
      format.read(new RecordFields(value as Record<string, unknown>, context), context);
    expect(read(pwcPapers, { title: 'T', paper_url: 'u', methods: [{ name: 'Adam' }, { full_name: 'No Name' }] })).toThrow(
      'x.json:9 (record 4, methods[1].name): expected a non-empty string, found nothing',
    );
    expect(read(arxiv, { id: 'not-an-id', title: 'T', authors_parsed: [] })).toThrow(
      /x\.json:9 \(record 4, id\): expected an arXiv id like 2310\.02025 or hep-th\/9901001, found "not-an-id"/,
    );
    expect(read(generic, { title: '   ', abstract: 'x' })).toThrow(
      'x.json:9 (record 4, title): expected a non-empty string, found an empty string',
    );
  });
});
