import { describe, expect, it } from 'vitest';
import { compileConceptMatcher } from '../../src/extract/conceptMatcher.ts';
import { sourceQuality } from '../../src/extract/qualityReport.ts';
import { loadTaxonomy } from '../../src/extract/taxonomy.ts';
import { readPaperFiles } from '../../src/ingestion/write.ts';

describe('the quality report of concept extraction', () => {
  const taxonomy = loadTaxonomy('seeds/taxonomy.json');
  const matcher = compileConceptMatcher(taxonomy);
  const options = { sampleSize: 10, seed: 13, topConcepts: 5 };

  it('counts papers, coverage and concepts per paper, and samples the same mentions for the same seed', async () => {
    const records = await readPaperFiles(['seeds/hf-daily-papers-aug-1.txt']);
    const report = sourceQuality('seed', records, taxonomy, matcher, options);
    expect(report.papers).toBe(44);
    expect(report.papersWithTextConcept / report.papers).toBeGreaterThanOrEqual(0.95);
    expect(report.conceptsPerPaper).toBeGreaterThan(1);
    expect(report.topConcepts).toHaveLength(5);
    expect(report.sample).toHaveLength(10);
    for (const s of report.sample) expect(s.sentence).toContain('[[');
    expect(sourceQuality('seed', records, taxonomy, matcher, options).sample).toEqual(report.sample);
    expect(sourceQuality('seed', records, taxonomy, matcher, { ...options, seed: 14 }).sample).not.toEqual(report.sample);
  });
});
