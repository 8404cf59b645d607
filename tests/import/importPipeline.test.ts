import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadTaxonomy } from '../../src/extract/taxonomy.ts';
import { ImportRejected, importFiles, type ImportOptions } from '../../src/ingestion/pipeline.ts';
import { EmbeddedStore } from '../../src/store/embedded/EmbeddedStore.ts';

const FIXTURES = 'tests/fixtures/import';
const fixture = (name: string) => `${FIXTURES}/${name}`;
const taxonomy = loadTaxonomy('seeds/taxonomy.json');

describe('how an import turns records into nodes and edges', () => {
  const store = new EmbeddedStore();
  const dir = mkdtempSync(join(tmpdir(), 'papergraph-pipeline-'));
  const options = (more: Partial<ImportOptions> = {}): ImportOptions => ({
    taxonomy,
    onError: 'skip',
    batchSize: 500,
    checkpoints: null,
    ...more,
  });
  beforeAll(async () => {
    await store.init();
  });
  beforeEach(async () => {
    await store.clear();
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps papers with the same title but different arXiv ids apart', async () => {
    const file = join(dir, 'twins.jsonl');
    writeFileSync(
      file,
      ['2401.00001', '2401.00002']
        .map((id) => JSON.stringify({ title: 'Attention Is All You Need', abstract: 'x', arxiv_id: id }))
        .join('\n'),
    );
    const summary = await importFiles(store, [file], options());
    expect(summary.totals).toMatchObject({ imported: 2, merged: 0 });
    expect((await store.nodesById('Paper', ['2401.00001', '2401.00002'])).map((p) => p?.title)).toEqual([
      'Attention Is All You Need',
      'Attention Is All You Need',
    ]);
  });

  it('links keywords the taxonomy knows to its concepts and the others to candidate concepts', async () => {
    await importFiles(store, [fixture('iclr2018.json')], options());
    const [mentions] = await store.relationshipsOf('MENTIONS', 'out', ['understanding-the-hessian-of-deep-networks']);
    const byConcept = Object.fromEntries(mentions!.map((m) => [m.to, m.properties.extractor]));
    expect(byConcept).toMatchObject({
      hessian: 'taxonomy-matcher/1', // the text names it too: the text's edge stays
      'loss-landscape': 'source-keywords', // "Loss Surfaces": an alias, plural
      'generative-adversarial-network': 'source-keywords', // "gan": an acronym written in lower case
      'spectral-methods': 'source-keywords',
    });
    expect(mentions!.find((m) => m.to === 'spectral-methods')!.properties).toEqual({
      count: 1,
      weight: 0.5,
      evidence: ['Keywords: Hessian; Loss Surfaces; gan; spectral methods'],
      extractor: 'source-keywords',
    });
    expect(await store.nodesById('Concept', ['spectral-methods', 'multi-task-learning'])).toEqual([
      { id: 'spectral-methods', name: 'spectral methods', kind: 'METHOD', aliases: [], description: null, curated: false },
      expect.objectContaining({ id: 'multi-task-learning', curated: true }),
    ]);
  });

  it('turns listed methods into Method nodes the paper uses, or mentions of the curated concept', async () => {
    await importFiles(store, [fixture('pwc-papers.json')], options());
    expect(await store.nodesById('Method', ['kronopt'])).toEqual([{ id: 'kronopt', name: 'KronOpt', fullName: 'Kronecker Optimizer' }]);
    const [uses] = await store.relationshipsOf('USES', 'out', ['2602.00001']);
    expect(uses).toEqual([
      {
        type: 'USES',
        from: '2602.00001',
        to: 'kronopt',
        properties: { evidence: ['ZipZO fine-tunes language models without gradients, using Adam and KronOpt.'] },
      },
    ]);
    const [mentions] = await store.relationshipsOf('MENTIONS', 'out', ['2602.00001']);
    expect(mentions!.map((m) => m.to)).toContain('adam');
    expect(await store.nodesById('Method', ['adam'])).toEqual([null]);
  });

  it('finds code in source fields, Markdown links, link rows and abstracts, keeping the best-ranked origin in any order', async () => {
    const code = async (paperId: string) =>
      (await store.relationshipsOf('HAS_CODE', 'out', [paperId]))[0]!.map((r) => [r.to, r.properties.source, r.properties.official]);
    for (const order of [
      ['pwc-links.json', 'hf-daily-archive.json', 'pwc-links.json'],
      ['hf-daily-archive.json', 'pwc-links.json'],
    ]) {
      await store.clear();
      for (const file of order) await importFiles(store, [fixture(file)], options());
      expect(await code('2602.00001')).toEqual([
        ['github:example/zipzo', 'hf-daily', true],
        ['github:example/zipzo-extra', 'abstract', true],
      ]);
    }
    expect(
      (
        await store.findPapers({
          first: 5,
          after: null,
          filter: { text: 'known only by its code' },
          orderBy: { field: 'ID', direction: 'ASC' },
        })
      ).items.map((i) => i.node.abstract),
    ).toEqual(['']);
    // A Markdown link of a conference list lands on the archive's paper it merges with.
    await importFiles(store, [fixture('iclr2018.json')], options());
    expect(await code('2602.00002')).toEqual([['github:turing/hessian-spectrum', 'papercopilot', true]]);
  });

  it('rejects the whole run on a bad record by default, naming every one, and writes nothing', async () => {
    const run = importFiles(
      store,
      [fixture('generic.jsonl'), fixture('bad-records.json'), fixture('broken-line-3.jsonl')],
      options({ onError: 'fail' }),
    );
    const error = (await run.catch((e: unknown) => e)) as ImportRejected;
    expect(error).toBeInstanceOf(ImportRejected);
    expect(error.problemCount).toBe(5);
    expect(error.problems.map((p) => p.message)).toEqual([
      'tests/fixtures/import/bad-records.json:3 (record 2, title): expected a non-empty string, found nothing',
      'tests/fixtures/import/bad-records.json:4 (record 3, title): expected a string, found the number 42',
      expect.stringMatching(/^tests\/fixtures\/import\/bad-records\.json:5 \(record 4, authors\): expected a list/),
      expect.stringMatching(/^tests\/fixtures\/import\/bad-records\.json:6 \(record 5\): expected a paper record/),
      expect.stringMatching(/^tests\/fixtures\/import\/broken-line-3\.jsonl:3: broken JSON/),
    ]);
    const stats = await store.stats();
    expect(Object.values(stats.nodes).every((n) => n === 0)).toBe(true);
  });

  it('imports the rest and counts the bad records when told to skip them', async () => {
    const reported: string[] = [];
    const summary = await importFiles(
      store,
      [fixture('bad-records.json'), fixture('broken-line-3.jsonl'), fixture('broken-array-line-4.json')],
      options({ onProblem: (p) => reported.push(p.message) }),
    );
    expect(summary.files.map((f) => [f.records, f.imported, f.rejected])).toEqual([
      [6, 2, 4],
      [4, 3, 1],
      [3, 2, 1],
    ]);
    expect(reported).toHaveLength(6);
    expect(reported[5]).toMatch(/broken-array-line-4\.json:4: broken JSON/);
    expect((await store.stats()).nodes.Paper).toBe(7);
  });
});
