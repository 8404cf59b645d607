import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTaxonomy } from '../../src/extract/taxonomy.ts';
import { drawReferences } from '../../src/generate/drawReferences.ts';
import { generatePapers } from '../../src/generate/generatePapers.ts';
import { generateWorks } from '../../src/generate/generateWorks.ts';
import { writeJsonLines } from '../../src/generate/writeJsonLines.ts';
import { importFiles } from '../../src/ingestion/pipeline.ts';
import { EmbeddedStore } from '../../src/store/embedded/EmbeddedStore.ts';

const taxonomy = loadTaxonomy('seeds/taxonomy.json');
const lists = (papers: number, seed: number, references = 30) => [...drawReferences({ papers, seed, references })];

describe('synthetic references (npm run generate -- --references R)', () => {
  const drawn = lists(3000, 7);

  it('cite only earlier papers, each once, in ascending order, R/2 to 3R/2 of them and about R on average', () => {
    drawn.forEach((refs, index) => {
      expect(
        refs.every((r, i) => r < index && (i === 0 || refs[i - 1]! < r)),
        `paper ${index}`,
      ).toBe(true);
      if (index >= 45) expect(refs.length, `paper ${index}`).toBeGreaterThanOrEqual(15);
      expect(refs.length).toBeLessThanOrEqual(45);
    });
    expect(drawn[0]).toEqual([]);
    const later = drawn.slice(100);
    const mean = later.reduce((n, refs) => n + refs.length, 0) / later.length;
    expect(mean).toBeGreaterThan(28);
    expect(mean).toBeLessThan(32);
  });

  it('are the same for the same seed, another for another seed, and the first N of a longer run', () => {
    expect(lists(200, 7)).toEqual(drawn.slice(0, 200));
    expect(lists(200, 8)).not.toEqual(drawn.slice(0, 200));
  });

  it('gather citations on a few papers (preferential attachment): a long tail, not a uniform spread', () => {
    const cited = new Array<number>(drawn.length).fill(0);
    for (const refs of drawn) for (const r of refs) cited[r]! += 1;
    const sorted = [...cited].sort((a, b) => b - a);
    const total = sorted.reduce((a, b) => a + b, 0);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    // Uniform draws would give the busiest paper a few times the median; attachment gives far more.
    expect(sorted[0]!).toBeGreaterThan(20 * Math.max(median, 1));
    expect(sorted.slice(0, 30).reduce((a, b) => a + b, 0) / total).toBeGreaterThan(0.1);
  });
});

describe('synthetic OpenAlex works', () => {
  const dir = mkdtempSync(join(tmpdir(), 'papergraph-works-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('are the papers generate writes without the flag, as OpenAlex works citing their drawn references', () => {
    const papers = [...generatePapers({ papers: 300, seed: 3, taxonomy })];
    const works = [...generateWorks({ papers: 300, seed: 3, taxonomy, references: 10 })];
    const refs = lists(300, 3, 10);
    expect(works.map((w) => [w.title, w.publication_date, w.authorships.map((a) => a.author.display_name)])).toEqual(
      papers.map((p) => [p.title, p.date, p.authors]),
    );
    works.forEach((w, i) => {
      expect(w.id).toBe(`https://openalex.org/W${i + 1}`);
      expect(w.referenced_works).toEqual(refs[i]!.map((r) => `https://openalex.org/W${r + 1}`));
      expect(w.doi !== null).toBe(papers[i]!.arxiv_id !== null);
    });
  });

  it('import through the OpenAlex importer with the abstract rebuilt and every reference a full paper (no stubs)', async () => {
    const file = join(dir, 'works.jsonl');
    const works = [...generateWorks({ papers: 150, seed: 5, taxonomy, references: 8 })];
    await writeJsonLines(works, file);
    const store = new EmbeddedStore();
    await store.init();
    try {
      await importFiles(store, [file], { taxonomy, onError: 'fail', batchSize: 50, checkpoints: null });
      const papers = works.map((w) => w.id.replace('https://openalex.org/', 'openalex:'));
      const found = (await store.papersByExternalId(papers)).map((list) => list[0]!);
      expect(found.every((p) => p !== undefined && p.stub !== true)).toBe(true);
      const pwc = [...generatePapers({ papers: 150, seed: 5, taxonomy })];
      expect(found.map((p) => p.abstract)).toEqual(pwc.map((p) => p.abstract));
      const out = await store.relationshipsOf(
        'CITES',
        'out',
        found.map((p) => p.id),
      );
      const idOf = new Map(found.map((p, i) => [p.id, i]));
      expect(out.map((list) => list.map((r) => idOf.get(r.to)).sort((a, b) => a! - b!))).toEqual(lists(150, 5, 8));
    } finally {
      await store.close();
    }
  });
});
