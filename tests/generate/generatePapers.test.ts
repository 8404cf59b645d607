import { describe, expect, it } from 'vitest';
import { extractGraph } from '../../src/extract/extractGraph.ts';
import { loadTaxonomy } from '../../src/extract/taxonomy.ts';
import { generatePapers, type SyntheticPaper } from '../../src/generate/generatePapers.ts';
import { createRandom, zipfSampler } from '../../src/generate/random.ts';
import { pwcPapers } from '../../src/ingestion/formats/pwc.ts';
import { RecordFields } from '../../src/ingestion/recordFields.ts';

const taxonomy = loadTaxonomy('seeds/taxonomy.json');
const generate = (papers: number, seed: number) => [...generatePapers({ papers, seed, taxonomy })];

describe('seeded randomness', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, createRandom(seed).next);
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
    expect(draw(1).every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('draws Zipf ranks: the first rank most often, a long tail of rare ones', () => {
    const random = createRandom(9);
    const sample = zipfSampler(1000, 1);
    const counts = new Map<number, number>();
    for (let i = 0; i < 20_000; i++) {
      const rank = sample(random);
      counts.set(rank, (counts.get(rank) ?? 0) + 1);
    }
    // P(rank 0) = 1 / H(1000) ~ 13%; ranks past 100 still drawn, each rarely.
    expect(counts.get(0)! / 20_000).toBeGreaterThan(0.11);
    expect(counts.get(0)! / 20_000).toBeLessThan(0.16);
    expect(counts.get(0)!).toBeGreaterThan(5 * (counts.get(9) ?? 0));
    expect([...counts.keys()].filter((r) => r >= 100).length).toBeGreaterThan(500);
  });
});

describe('synthetic papers', () => {
  const papers = generate(2000, 42);

  it('are the same for the same seed, and the first N of a longer run', () => {
    expect(generate(50, 42)).toEqual(papers.slice(0, 50));
    expect(generate(50, 43)).not.toEqual(papers.slice(0, 50));
  });

  it('have the proportions of real data: about 20% with a repository, 80% with an arXiv id, 3 to 6 authors, unique titles', () => {
    const share = (test: (p: SyntheticPaper) => boolean) => papers.filter(test).length / papers.length;
    expect(share((p) => /github\.com\//.test(p.abstract))).toBeGreaterThan(0.17);
    expect(share((p) => /github\.com\//.test(p.abstract))).toBeLessThan(0.23);
    expect(share((p) => p.arxiv_id !== null)).toBeGreaterThan(0.77);
    expect(share((p) => p.arxiv_id !== null)).toBeLessThan(0.83);
    expect(papers.every((p) => p.authors.length >= 3 && p.authors.length <= 6)).toBe(true);
    expect(new Set(papers.map((p) => p.title.toLowerCase())).size).toBe(papers.length);
    expect(new Set(papers.filter((p) => p.arxiv_id).map((p) => p.arxiv_id)).size).toBe(papers.filter((p) => p.arxiv_id).length);
  });

  it('draw authors from a long-tail pool: a few prolific ones, most with one or two papers', () => {
    const papersPerAuthor = new Map<string, number>();
    for (const p of papers) for (const a of p.authors) papersPerAuthor.set(a, (papersPerAuthor.get(a) ?? 0) + 1);
    const counts = [...papersPerAuthor.values()].sort((a, b) => b - a);
    expect(counts[0]).toBeGreaterThan(20);
    expect(counts.filter((c) => c <= 2).length / counts.length).toBeGreaterThan(0.5);
  });

  it('read as Papers with Code records that extraction tags: concepts, proposed and reused methods, repositories', () => {
    const context = { file: 'synthetic.jsonl', source: 'pwc-papers:synthetic.jsonl', line: 1, record: 1 };
    const records = papers
      .slice(0, 500)
      .map((p) => pwcPapers.read(new RecordFields(p as unknown as Record<string, unknown>, context), context));
    const { document } = extractGraph(records, taxonomy);
    const mentions = new Map<string, number>();
    for (const r of document.relationships) if (r.type === 'MENTIONS') mentions.set(r.from, (mentions.get(r.from) ?? 0) + 1);
    expect(document.papers).toHaveLength(500);
    expect(document.papers.filter((p) => (mentions.get(p.id) ?? 0) >= 3).length).toBeGreaterThan(450);
    const count = (type: string) => document.relationships.filter((r) => r.type === type).length;
    expect(count('PROPOSES')).toBeGreaterThan(130);
    expect(count('USES')).toBeGreaterThan(200);
    expect(count('HAS_CODE')).toBeGreaterThan(80);
    expect(count('AUTHORED_BY')).toBeGreaterThan(1500);
    expect(document.concepts.filter((c) => !c.curated).length).toBeGreaterThan(100);
  });
});
