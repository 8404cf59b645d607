import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadTaxonomy } from '../../src/extract/taxonomy.ts';
import { generatePapers } from '../../src/generate/generatePapers.ts';
import { CheckpointDir } from '../../src/ingestion/checkpoint.ts';
import { importFiles, type ImportOptions } from '../../src/ingestion/pipeline.ts';
import { seedIfEmpty } from '../../src/ingestion/seeds.ts';
import { ingestDailyPapersText, ingestPaperRecords } from '../../src/services/mutations.ts';
import type { GraphStore } from '../../src/store/GraphStore.ts';

const FIXTURES = 'tests/fixtures/import';
const fixture = (name: string) => `${FIXTURES}/${name}`;
const GOOD = [
  'hf-daily-archive.json',
  'hf-api.jsonl',
  'iclr2018.json',
  'openreview-notes.json',
  'pmlr-colt2024.json',
  'pwc-papers.json',
  'pwc-links.json',
  'arxiv-snapshot.jsonl',
  'generic.jsonl',
].map(fixture);
const taxonomy = loadTaxonomy('seeds/taxonomy.json');
/** One paper (ZipZO, arXiv 2602.00001) in every format the import reads, its title written in several ways. */
const ONE_PAPER = `${FIXTURES}/one-paper`;

/** A store that fails its nth write (upsert or upsertWith), as a crash in the middle of an import would. */
function crashingOn(store: GraphStore, nth: number): GraphStore {
  let writes = 0;
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (property !== 'upsert' && property !== 'upsertWith') return typeof value === 'function' ? value.bind(target) : value;
      return async (...args: unknown[]) => {
        writes += 1;
        if (writes === nth) throw new Error('simulated crash');
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

/**
 * What an import promises whatever the store, end to end: the same assertions run on the embedded
 * store and on Neo4j. How records become nodes and edges is the same code for both stores, and
 * is specified once, on the embedded store (importPipeline.test.ts).
 */
export function describeImportContract(name: string, makeStore: () => GraphStore) {
  describe(`importing paper files into ${name}`, () => {
    let store: GraphStore;
    const dir = mkdtempSync(join(tmpdir(), 'papergraph-import-'));
    const options = (more: Partial<ImportOptions> = {}): ImportOptions => ({
      taxonomy,
      onError: 'skip',
      batchSize: 500,
      checkpoints: null,
      ...more,
    });

    beforeAll(async () => {
      store = makeStore();
      await store.init();
    });
    beforeEach(async () => {
      await store.clear();
    });
    afterAll(async () => {
      await store?.clear();
      await store?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('imports every shape and changes nothing when the same files are imported again', async () => {
      const first = await importFiles(store, GOOD, options());
      // 19 records, one a withdrawn placeholder; ZipZO comes three times (archive, Papers with Code,
      // a link row) and the Hessian paper twice (archive, conference list).
      expect(first.totals).toEqual({ records: 19, imported: 15, merged: 3, rejected: 0, skipped: 1 });
      expect(first.files.map((f) => [f.format, f.records])).toEqual([
        ['hf-daily', 3],
        ['hf-daily', 2],
        ['papercopilot', 3],
        ['openreview', 2],
        ['pmlr', 1],
        ['pwc-papers', 2],
        ['pwc-links', 2],
        ['arxiv', 2],
        ['generic', 2],
      ]);
      const stats = await store.stats();
      expect(stats.nodes.Paper).toBe(15);
      const second = await importFiles(store, GOOD, options());
      expect(second.totals).toEqual(first.totals);
      expect(second.nodes).toMatchObject({ created: 0, updated: 0 });
      expect(second.relationships).toMatchObject({ created: 0, updated: 0 });
      expect(await store.stats()).toEqual(stats);
    });

    it('discovers candidate concepts from phrases recurring across an import, linked from every paper holding them', async () => {
      const file = join(dir, `reward-shaping-${name.replace(/\W+/g, '-')}.jsonl`);
      const record = (i: number, title: string, abstract: string) => JSON.stringify({ arxiv_id: `2601.0000${i}`, title, abstract });
      writeFileSync(
        file,
        [
          record(1, 'Reward Shaping for Sparse Robot Tasks', 'We revisit reward shaping for manipulation.'),
          record(2, 'Potential-Based Reward Shaping Revisited', 'Reward shaping changes the optimal policy only in known ways.'),
          record(3, 'Learning to Walk', 'Our agents use reward shapings learned from demonstrations.'),
          record(4, 'A Paper About Something Else', 'It shapes nothing.'),
        ].join('\n'),
      );
      const first = await importFiles(store, [file], options({ discoverConcepts: true }));
      expect(first.totals.imported).toBe(4);
      const [concept] = await store.nodesById('Concept', ['reward-shaping']);
      expect(concept).toMatchObject({ id: 'reward-shaping', name: 'reward shaping', curated: false });
      const mentions = (await store.relationshipsOf('MENTIONS', 'in', ['reward-shaping']))[0]!;
      expect(mentions.map((m) => [m.from, m.properties.extractor])).toEqual([
        ['2601.00001', 'corpus'],
        ['2601.00002', 'corpus'],
        ['2601.00003', 'corpus'],
      ]);
      expect(mentions[0]!.properties.evidence).toEqual([
        'Reward Shaping for Sparse Robot Tasks',
        'We revisit reward shaping for manipulation.',
      ]);
      const again = await importFiles(store, [file], options({ discoverConcepts: true }));
      expect([again.nodes.created, again.nodes.updated, again.relationships.created, again.relationships.updated]).toEqual([0, 0, 0, 0]);
    });

    it('makes one node of one paper from two sources, in one run or two, and records both sources', async () => {
      // The archive has it with an arXiv id; the conference list without, its title in other case and punctuation.
      await importFiles(store, [fixture('hf-daily-archive.json')], options());
      const second = await importFiles(store, [fixture('iclr2018.json')], options());
      expect(second.totals.merged).toBe(1);
      const [paper] = await store.nodesById('Paper', ['2602.00002']);
      expect(paper).toMatchObject({
        title: 'Understanding the Hessian of Deep Networks',
        arxivId: '2602.00002',
        venue: 'ICLR 2018',
        keywords: ['Hessian', 'Loss Surfaces', 'gan', 'spectral methods'],
        sources: ['hf-daily:hf-daily-archive.json', 'papercopilot:iclr2018.json'],
      });
      // The longer abstract wins, and the fuller byline.
      expect(paper!.abstract).toBe('We analyse the Hessian of deep neural networks and relate its spectrum to generalization.');
      const [byline] = await store.relationshipsOf('AUTHORED_BY', 'out', ['2602.00002']);
      expect(byline!.map((r) => [r.to, r.properties.position])).toEqual([
        ['alan-turing', 1],
        ['grace-hopper', 2],
      ]);
      expect((await store.papersByTitleKey(['understanding the hessian of deep networks']))[0]!.map((p) => p.id)).toEqual(['2602.00002']);

      // In one run, in the other order: the same graph.
      await store.clear();
      const together = await importFiles(store, [fixture('iclr2018.json'), fixture('hf-daily-archive.json')], options());
      expect(together.totals.merged).toBe(1);
      const [again] = await store.nodesById('Paper', ['understanding-the-hessian-of-deep-networks']);
      expect(again).toMatchObject({ arxivId: '2602.00002', sources: ['papercopilot:iclr2018.json', 'hf-daily:hf-daily-archive.json'] });
      expect((await store.stats()).nodes.Paper).toBe(4);
    });

    it('makes one node of one paper whatever way it comes in (seeding, every import format, both mutations), recording every source', async () => {
      // Seeding: a seeds folder whose page has the paper (no arXiv id there).
      const seeds = join(dir, `seeds-${name.replace(/\W+/g, '-')}`);
      mkdirSync(seeds, { recursive: true });
      copyFileSync('seeds/taxonomy.json', join(seeds, 'taxonomy.json'));
      copyFileSync(`${ONE_PAPER}/zipzo-page.txt`, join(seeds, 'zipzo-page.txt'));
      expect(await seedIfEmpty(store, seeds)).not.toBeNull();

      const files = readdirSync(ONE_PAPER)
        .sort()
        .map((f) => `${ONE_PAPER}/${f}`);
      const imported = await importFiles(store, files, options());
      expect(imported.files.map((f) => f.format)).toEqual([
        'arxiv',
        'generic',
        'hf-daily',
        'hf-daily',
        'papercopilot',
        'openreview',
        'pmlr',
        'pwc-links',
        'pwc-papers',
        'hf-daily-page',
      ]);
      expect(imported.totals).toMatchObject({ records: 10, rejected: 0 });

      const abstract = readFileSync(`${ONE_PAPER}/zipzo-page.txt`, 'utf8').trim().split('\n\n').pop()!;
      const page = await ingestDailyPapersText(
        store,
        taxonomy,
        `Daily Papers\n\nFeb 28\n\nZIPZO: Zeroth-order Fine-tuning of Large Language Models\n\n${abstract}\n`,
        'graphql-page',
      );
      const records = await ingestPaperRecords(
        store,
        taxonomy,
        [{ title: 'ZipZO - zeroth order fine tuning of large language models', abstract, arxivId: 'arXiv:2602.00001v3' }],
        'graphql-records',
      );
      expect([page.ok, records.ok]).toEqual([true, true]);
      const ids = [page, records].map((o) => (o.ok ? o.papers.map((p) => p.id) : []));
      expect(ids[0]).toEqual(ids[1]);

      expect((await store.stats()).nodes.Paper).toBe(1);
      const [paper] = await store.nodesById('Paper', ids[0]!);
      expect(paper).toMatchObject({ arxivId: '2602.00001' });
      expect([...paper!.sources].sort()).toEqual(
        [
          'hf-daily-page:zipzo-page.txt',
          'arxiv:arxiv-snapshot.jsonl',
          'generic:generic.jsonl',
          'hf-daily:hf-api.jsonl',
          'hf-daily:hf-daily.json',
          'papercopilot:iclr2026.json',
          'openreview:openreview-notes.json',
          'pmlr:pmlr.json',
          'pwc-links:pwc-links.json',
          'pwc-papers:pwc-papers.json',
          'graphql-page',
          'graphql-records',
        ].sort(),
      );
      // One byline from every spelling of the authors; both repositories of the conference list's field.
      const [byline] = await store.relationshipsOf('AUTHORED_BY', 'out', [paper!.id]);
      expect(byline!.map((r) => r.to)).toEqual(['ada-lovelace', 'grace-hopper']);
      const [code] = await store.relationshipsOf('HAS_CODE', 'out', [paper!.id]);
      expect(code!.map((r) => r.to)).toEqual(['github:example/zipzo', 'github:example/zipzo-extra']);
    });

    it('makes one node when two writers bring the same paper at the same time (an import and a mutation, through two store connections)', async () => {
      const other = makeStore();
      await other.init();
      try {
        const abstract = 'We study zeroth-order optimization for fine-tuning a large language model without back-propagation.';
        const [imported, mutated] = await Promise.all([
          importFiles(store, [`${ONE_PAPER}/hf-daily.json`], options()),
          ingestPaperRecords(other, taxonomy, [{ title: 'ZipZO: Zeroth-Order Fine-Tuning of Large Language Models', abstract }], 'graphql'),
        ]);
        expect([imported.totals.rejected, mutated.ok]).toEqual([0, true]);
        expect((await store.stats()).nodes.Paper).toBe(1);
        const [paper] = (await store.papersByTitleKey(['zipzo zeroth order fine tuning of large language models']))[0]!;
        expect([...paper!.sources].sort()).toEqual(['graphql', 'hf-daily:hf-daily.json']);
      } finally {
        await other.close();
      }
    });

    it('resumes after a crash from the last committed batch, ending where an uninterrupted import ends', async () => {
      const file = join(dir, `synthetic-40-${name.replace(/\W+/g, '-')}.jsonl`);
      writeFileSync(file, [...generatePapers({ papers: 40, seed: 3, taxonomy })].map((p) => JSON.stringify(p)).join('\n'));
      const checkpoints = new CheckpointDir(join(dir, 'checkpoints', name), `test:${name}`);
      const uninterrupted = await importFiles(store, [file], options({ batchSize: 10 }));
      const expected = await store.stats();
      await store.clear();

      // Upsert 1 writes the taxonomy; 2 and 3 are batches 1 and 2; batch 3 crashes.
      const crash = await importFiles(crashingOn(store, 4), [file], options({ batchSize: 10, checkpoints })).catch((e: unknown) => e);
      expect(crash).toMatchObject({ message: 'simulated crash' });
      expect((await checkpoints.load(file)).checkpoint).toMatchObject({ recordsDone: 20, complete: false, format: 'pwc-papers' });
      expect((await store.stats()).nodes.Paper).toBe(20);

      const resumed = await importFiles(store, [file], options({ batchSize: 10, checkpoints, resume: true }));
      expect(resumed.files[0]).toMatchObject({ resumedAfter: 20, records: 40, imported: 40 });
      expect(resumed.recordsRead).toBe(20);
      expect(resumed.totals).toEqual(uninterrupted.totals);
      expect(await store.stats()).toEqual(expected);

      // Done: a further --resume passes the file over; a changed file starts again.
      const done = await importFiles(store, [file], options({ batchSize: 10, checkpoints, resume: true }));
      expect(done.files[0]).toMatchObject({ alreadyImported: true });
      expect(done.recordsRead).toBe(0);
      utimesSync(file, new Date(), new Date(Date.now() + 5_000));
      const notices: string[] = [];
      const changed = await importFiles(
        store,
        [file],
        options({ batchSize: 10, checkpoints, resume: true, onNotice: (n) => notices.push(n) }),
      );
      expect(changed.recordsRead).toBe(40);
      expect(notices).toEqual([
        expect.stringMatching(/synthetic-40-.*\.jsonl: its checkpoint is for another version of the file; importing it from the start/),
      ]);
      expect(changed.nodes).toMatchObject({ created: 0, updated: 0 });
    });
  });
}
