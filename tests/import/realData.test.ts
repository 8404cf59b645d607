import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadTaxonomy } from '../../src/extract/taxonomy.ts';
import { importFiles, type ImportOptions } from '../../src/ingestion/pipeline.ts';
import { EmbeddedStore } from '../../src/store/embedded/EmbeddedStore.ts';

/** The real third-party files kept beside the repository (read-only, never copied into it). */
const DATA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/data');

function dataFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? dataFiles(join(dir, entry.name)) : /\.jsonl?$/.test(entry.name) ? [join(dir, entry.name)] : []))
    .sort();
}

describe.skipIf(!existsSync(DATA_DIR))(`importing the real datasets in ${DATA_DIR}`, () => {
  it('imports every file with a summary, then changes nothing the second time', { timeout: 180_000 }, async () => {
    const files = dataFiles(DATA_DIR);
    expect(files.length).toBeGreaterThanOrEqual(4);
    const store = new EmbeddedStore();
    await store.init();
    const options: ImportOptions = { taxonomy: loadTaxonomy('seeds/taxonomy.json'), onError: 'skip', batchSize: 1000, checkpoints: null };

    const first = await importFiles(store, files, options);
    expect(first.files.every((f) => f.format !== null && f.records > 0)).toBe(true);
    expect(first.totals.rejected).toBe(0);
    // Withdrawn OpenReview submissions carry placeholder titles ("Withdrawn", "Placeholder").
    expect(first.problems.every((p) => p.kind === 'skipped' && /is a placeholder/.test(p.message))).toBe(true);
    const stats = await store.stats();
    expect(stats.nodes.Paper).toBe(first.totals.imported);
    expect(first.totals.imported + first.totals.merged + first.totals.skipped).toBe(first.totals.records);
    expect(stats.nodes.Author).toBeGreaterThan(stats.nodes.Paper);
    expect(stats.relationships.HAS_CODE).toBeGreaterThan(500);
    expect(stats.relationships.AUTHORED_BY).toBeGreaterThan(stats.nodes.Paper * 3);

    const second = await importFiles(store, files, options);
    expect(second.totals).toEqual(first.totals);
    expect([second.nodes.created, second.nodes.updated, second.relationships.created, second.relationships.updated]).toEqual([0, 0, 0, 0]);
    expect(await store.stats()).toEqual(stats);
  });
});
