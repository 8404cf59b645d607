import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { normaliseArxivId, titleKey } from '../../src/domain/ids.ts';
import { loadTaxonomy } from '../../src/extract/taxonomy.ts';
import { importFiles, type ImportOptions } from '../../src/ingestion/pipeline.ts';
import { EmbeddedStore } from '../../src/store/embedded/EmbeddedStore.ts';

/** The real third-party files kept beside the repository (read-only, never copied into it). */
const DATA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/data');

function dataFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory() ? dataFiles(join(dir, entry.name)) : /\.(jsonl?|txt)$/.test(entry.name) ? [join(dir, entry.name)] : [],
    )
    .sort();
}

describe.skipIf(!existsSync(DATA_DIR))(`importing the real datasets in ${DATA_DIR}`, () => {
  it('imports every file and the seed page with a summary, then changes nothing the second time', { timeout: 180_000 }, async () => {
    const files = [...dataFiles(DATA_DIR), 'seeds/hf-daily-papers-aug-1.txt'];
    expect(files.length).toBeGreaterThanOrEqual(7);
    const store = new EmbeddedStore();
    await store.init();
    onTestFinished(() => store.close());
    const options: ImportOptions = { taxonomy: loadTaxonomy('seeds/taxonomy.json'), onError: 'skip', batchSize: 1000, checkpoints: null };

    const first = await importFiles(store, files, options);
    expect(first.files.every((f) => f.format !== null && f.records > 0)).toBe(true);
    expect(first.totals.rejected).toBe(0);
    // Each real page has a title without an abstract: imported, with a warning naming its line.
    expect(first.warnings).toEqual([
      expect.stringMatching(/hf-daily-2026-02-05\.txt:159: the title "Context Learning for Multi-Agent Discussion" has no abstract/),
      expect.stringMatching(/hf-daily-2026-02-25\.txt:95: the title "Aletheia tackles FirstProof autonomously" has no abstract/),
    ]);
    // Withdrawn OpenReview submissions carry placeholder titles ("Withdrawn", "Placeholder").
    expect(first.problems.every((p) => p.kind === 'skipped' && /is a placeholder/.test(p.message))).toBe(true);
    const stats = await store.stats();
    expect(stats.nodes.Paper).toBe(first.totals.imported);
    expect(first.totals.imported + first.totals.merged + first.totals.skipped).toBe(first.totals.records);
    expect(stats.nodes.Author).toBeGreaterThan(stats.nodes.Paper);
    expect(stats.relationships.HAS_CODE).toBeGreaterThan(500);
    expect(stats.relationships.AUTHORED_BY).toBeGreaterThan(stats.nodes.Paper * 3);

    // Repository recall against each source's own github fields: every repository a field names
    // (read here by a plain pattern: owner/name after github.com) is a HAS_CODE edge of its paper.
    for (const file of files.filter((f) => f.endsWith('.json'))) {
      const data = JSON.parse(readFileSync(file, 'utf8')) as unknown[] | { papers: unknown[] };
      const named: { paper: Record<string, string>; repo: string }[] = [];
      for (const paper of (Array.isArray(data) ? data : data.papers) as Record<string, string>[]) {
        const field = [paper.github, paper.github_url].filter((v) => typeof v === 'string').join(' ');
        for (const m of field.matchAll(/github\.com\/([\w-]+)\/([\w.-]+?)(?:\.git)?(?=[/)\s;,]|$)/gi))
          named.push({ paper, repo: `github:${m[1]}/${m[2]}`.toLowerCase() });
      }
      let linked = 0;
      for (const { paper, repo } of named) {
        const arxivId = normaliseArxivId(paper.paper_id);
        const node =
          (arxivId ? (await store.nodesById('Paper', [arxivId]))[0] : null) ??
          (await store.papersByTitleKey([titleKey(paper.title!)]))[0]![0]!;
        if ((await store.relationshipsOf('HAS_CODE', 'out', [node.id]))[0]!.some((r) => r.to === repo)) linked += 1;
      }
      expect(`${file}: ${linked} of ${named.length}`).toBe(`${file}: ${named.length} of ${named.length}`);
    }

    const second = await importFiles(store, files, options);
    expect(second.totals).toEqual(first.totals);
    expect([second.nodes.created, second.nodes.updated, second.relationships.created, second.relationships.updated]).toEqual([0, 0, 0, 0]);
    expect(await store.stats()).toEqual(stats);
  });
});
