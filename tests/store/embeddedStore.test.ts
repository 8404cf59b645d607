import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { emptyDocument, NODE_LABELS, RELATIONSHIP_ENDS, RELATIONSHIP_TYPES, type GraphDocument } from '../../src/domain/graph.ts';
import { toDocumentRows } from '../../src/store/documentRows.ts';
import { EmbeddedStore, type EmbeddedStoreOptions } from '../../src/store/embedded/EmbeddedStore.ts';
import { hessianRelatedToZeroOrder, smallGraph, smallGraphWithoutRelated } from '../fixtures/smallGraph.ts';
import { describeGraphStoreContract } from './graphStore.contract.ts';

describeGraphStoreContract('the embedded store', () => new EmbeddedStore());

/** A graph.json as the file-rewriting store of earlier versions wrote it (legacyGraphFile.ts), version 1 or 2. */
function legacyGraphFile(doc: GraphDocument, version: 1 | 2): string {
  const rows = toDocumentRows(doc);
  const nodes = NODE_LABELS.flatMap((label) =>
    rows.nodes[label].map((n) => ({ key: `${label}:${n.id}`, attributes: { label, props: n.props } })),
  );
  const edges = RELATIONSHIP_TYPES.flatMap((type) =>
    rows.relationships[type].map((r) => {
      const [fromLabel, toLabel] = RELATIONSHIP_ENDS[type];
      const [source, target] = [`${fromLabel}:${r.from}`, `${toLabel}:${r.to}`];
      return { key: `${type}|${source}|${target}`, source, target, attributes: { type, props: r.props } };
    }),
  );
  if (version === 1) {
    return JSON.stringify({
      format: 'papergraph-embedded-graph',
      version: 1,
      graph: { options: { type: 'directed', multi: true, allowSelfLoops: false }, attributes: {}, nodes, edges },
    });
  }
  return [
    JSON.stringify({ format: 'papergraph-embedded-graph', version: 2, nodes: nodes.length, edges: edges.length }),
    ...nodes.map((n) => JSON.stringify(['n', n.key, n.attributes])),
    ...edges.map((e) => JSON.stringify(['e', e.key, e.source, e.target, e.attributes])),
    '',
  ].join('\n');
}

const SMALL_GRAPH_NODES = { Paper: 2, Concept: 3, Method: 1, Repository: 1, Author: 0 };

describe('the embedded store data directory', () => {
  const dirs: string[] = [];
  const open: EmbeddedStore[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'papergraph-store-'));
    dirs.push(dir);
    return dir;
  };
  const openStore = async (dataDir: string, options: Omit<EmbeddedStoreOptions, 'dataDir'> = {}) => {
    const store = new EmbeddedStore({ dataDir, onNotice: () => undefined, ...options });
    await store.init();
    open.push(store);
    return store;
  };
  afterEach(async () => {
    for (const store of open.splice(0)) await store.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps what was written across a restart', async () => {
    const dir = tempDir();
    const first = await openStore(dir);
    await first.upsert(smallGraph());
    await first.close();

    const second = await openStore(dir);
    expect(await second.isEmpty()).toBe(false);
    expect((await second.stats()).nodes).toEqual(SMALL_GRAPH_NODES);
    expect(await second.upsert(smallGraph())).toMatchObject({ nodes: { created: 0, updated: 0, unchanged: 7 } });
  });

  it('keeps its data in papergraph.db and nothing else', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    await store.upsert(smallGraph());
    await store.removePaper('p-alpha');
    await store.close();
    expect(readdirSync(dir)).toEqual(['papergraph.db']);
    const db = new Database(join(dir, 'papergraph.db'), { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare('SELECT count(*) FROM nodes').pluck().get()).toBe(5);
    db.close();
  });

  it('starts empty in a new data directory', async () => {
    const store = await openStore(join(tempDir(), 'nested', 'data'));
    expect(await store.isEmpty()).toBe(true);
  });

  it('writes only the rows a write changes, each write under a new version', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    await store.upsert(smallGraph());
    const doc = smallGraph();
    doc.papers[0]!.title = 'Alpha: Faster Things';
    await store.upsert(doc);
    const db = new Database(join(dir, 'papergraph.db'), { readonly: true });
    const seqs = db
      .prepare('SELECT seq, count(*) AS n FROM (SELECT seq FROM nodes UNION ALL SELECT seq FROM relationships) GROUP BY seq ORDER BY seq')
      .all();
    db.close();
    expect(seqs).toEqual([
      { seq: 1, n: 15 },
      { seq: 2, n: 1 },
    ]);
  });

  it.each([1, 2] as const)('migrates a version %i graph.json once, with a notice, and keeps it as graph.json.migrated', async (version) => {
    const dir = tempDir();
    writeFileSync(join(dir, 'graph.json'), legacyGraphFile(smallGraph(), version));
    const notices: string[] = [];
    const store = await openStore(dir, { onNotice: (m) => notices.push(m) });
    expect(notices).toEqual([
      `migrated ${join(dir, 'graph.json')} (7 nodes, 9 relationships) into ${join(dir, 'papergraph.db')}; the old file is kept as graph.json.migrated`,
    ]);
    expect(readdirSync(dir).sort()).toEqual(['graph.json.migrated', 'papergraph.db', 'papergraph.db-shm', 'papergraph.db-wal']);
    expect((await store.stats()).nodes).toEqual(SMALL_GRAPH_NODES);
    expect((await store.papersByTitleKey(['alpha fast things']))[0]!.map((p) => p.id)).toEqual(['p-alpha']);
    expect(await store.upsert(smallGraph())).toMatchObject({
      nodes: { created: 0, updated: 0, unchanged: 7 },
      relationships: { created: 0, updated: 0, unchanged: 9 },
    });
    await store.close();
    const again: string[] = [];
    await openStore(dir, { onNotice: (m) => again.push(m) });
    expect(again).toEqual([]);
  });

  it('removes the temporary files the file-rewriting store left when killed', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'graph.json.12345.tmp'), '{"format":');
    await openStore(dir);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses a graph.json cut short, naming the line and what is missing, and writes nothing', async () => {
    const dir = tempDir();
    const lines = legacyGraphFile(smallGraph(), 2).trimEnd().split('\n');
    writeFileSync(join(dir, 'graph.json'), `${lines.slice(0, -2).join('\n')}\n`);
    await expect(openStore(dir)).rejects.toThrow(
      new RegExp(
        `graph\\.json:${lines.length - 2}: the saved graph is cut short: expected 7 nodes and 9 edges, found 7 and 7; restore the file or move it away`,
      ),
    );
    expect(existsSync(join(dir, 'graph.json'))).toBe(true);
    const db = new Database(join(dir, 'papergraph.db'), { readonly: true });
    expect(db.prepare('SELECT count(*) FROM nodes').pluck().get()).toBe(0);
    db.close();
  });

  it('refuses a corrupt graph.json with a message naming it and the fix', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'graph.json'), '{"format": "papergraph-embedded-graph", "version": 1, "graph": ');
    await expect(openStore(dir)).rejects.toThrow(
      new RegExp(`${join(dir, 'graph.json')}: the saved graph is not valid JSON .*move it away`),
    );
  });

  it('refuses a file that is not a database, naming it and the fix', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'papergraph.db'), 'this is not an SQLite file, but it is long enough to be read as one by SQLite.'.repeat(20));
    await expect(openStore(dir)).rejects.toThrow(
      new RegExp(`${join(dir, 'papergraph.db')} is not a usable Papergraph database .*restore it from a backup, or move it away`),
    );
  });

  it('refuses a database written by a newer Papergraph', async () => {
    const dir = tempDir();
    (await openStore(dir)).close();
    const db = new Database(join(dir, 'papergraph.db'));
    db.pragma('user_version = 99');
    db.close();
    await expect(openStore(dir)).rejects.toThrow(
      new RegExp(
        `${join(dir, 'papergraph.db')} was written by a newer Papergraph \\(database version 99, this one reads up to 1\\); upgrade Papergraph`,
      ),
    );
  });

  it('refuses an SQLite database of another program', async () => {
    const dir = tempDir();
    const db = new Database(join(dir, 'papergraph.db'));
    db.exec('CREATE TABLE invoices (id INTEGER)');
    db.close();
    await expect(openStore(dir)).rejects.toThrow(/is an SQLite database of another program/);
  });

  it('changes nothing when a read-then-write fails, in memory or on disk', async () => {
    const dir = tempDir();
    const store = await openStore(dir);
    await store.upsert(smallGraph());
    const doc = smallGraph();
    doc.papers[0]!.title = 'Renamed';
    await expect(
      store.upsertWith(async (s) => {
        expect((await s.nodesById('Paper', ['p-alpha']))[0]?.title).toBe('Alpha: Fast Things');
        throw new Error('the build failed');
      }),
    ).rejects.toThrow('the build failed');
    doc.relationships.push({ type: 'USES', from: 'p-alpha', to: 'no-such-method', properties: { evidence: [] } });
    await expect(store.upsert(doc)).rejects.toThrow(/no Method node with id no-such-method/);
    expect((await store.nodesById('Paper', ['p-alpha']))[0]?.title).toBe('Alpha: Fast Things');
    const reopened = await openStore(dir);
    expect((await reopened.nodesById('Paper', ['p-alpha']))[0]?.title).toBe('Alpha: Fast Things');
    expect((await reopened.papersByTitleKey(['renamed']))[0]).toEqual([]);
  });

  it('fails a write that waits too long for another writer, and changes nothing', async () => {
    const dir = tempDir();
    const store = await openStore(dir, { lockTimeoutMs: 200 });
    const other = new Database(join(dir, 'papergraph.db'));
    other.exec('BEGIN IMMEDIATE');
    try {
      await expect(store.upsert(smallGraph())).rejects.toThrow(/has been locked by another writer for 0 s; wait for it to finish/);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(await store.isEmpty()).toBe(true);
    expect(await store.upsert(smallGraph())).toMatchObject({ nodes: { created: 7 } });
  });
});

describe('the embedded store shared by several connections', () => {
  const dirs: string[] = [];
  const open: EmbeddedStore[] = [];
  afterEach(async () => {
    for (const store of open.splice(0)) await store.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  /** Two stores on one data directory: two SQLite connections, as two processes have. */
  const twoStores = async () => {
    const dir = mkdtempSync(join(tmpdir(), 'papergraph-shared-'));
    dirs.push(dir);
    const [a, b] = [new EmbeddedStore({ dataDir: dir }), new EmbeddedStore({ dataDir: dir })];
    await a.init();
    await b.init();
    open.push(a, b);
    return [a, b] as const;
  };

  it('answers reads with what another connection committed, without a restart', async () => {
    const [a, b] = await twoStores();
    expect((await b.stats()).nodes.Paper).toBe(0);
    await a.upsert(smallGraph());
    expect((await b.stats()).nodes).toEqual(SMALL_GRAPH_NODES);
    expect((await b.papersByTitleKey(['alpha fast things']))[0]!.map((p) => p.id)).toEqual(['p-alpha']);
    expect((await b.search('alpha', ['Paper'], 5)).map((r) => r.node.id)).toContain('p-alpha');
    const doc = smallGraph();
    doc.papers[0]!.title = 'Alpha: Faster Things';
    await a.upsert(doc);
    expect((await b.nodesById('Paper', ['p-alpha']))[0]?.title).toBe('Alpha: Faster Things');
    expect((await b.papersByTitleKey(['alpha fast things', 'alpha faster things'])).map((l) => l.map((p) => p.id))).toEqual([
      [],
      ['p-alpha'],
    ]);
  });

  it('sees removals and clears made elsewhere', async () => {
    const [a, b] = await twoStores();
    await a.upsert(smallGraph());
    expect((await b.stats()).nodes.Paper).toBe(2);
    await a.removePaper('p-alpha');
    expect((await b.nodesById('Paper', ['p-alpha']))[0]).toBeNull();
    expect((await b.relationshipsOf('HAS_CODE', 'out', ['p-alpha']))[0]).toEqual([]);
    expect((await b.stats()).nodes).toEqual({ ...SMALL_GRAPH_NODES, Paper: 1, Repository: 0 });
    await a.clear();
    expect(await b.stats()).toEqual(await a.stats());
    expect((await b.stats()).nodes.Concept).toBe(0);
    await b.upsert(smallGraph());
    expect((await a.stats()).nodes).toEqual(SMALL_GRAPH_NODES);
  });

  it('re-creates in the other connection a paper removed and written again', async () => {
    const [a, b] = await twoStores();
    await a.upsert(smallGraph());
    await b.stats();
    await a.removePaper('p-alpha');
    await a.upsert(smallGraph());
    expect((await b.nodesById('Paper', ['p-alpha']))[0]?.id).toBe('p-alpha');
    expect((await b.relationshipsOf('MENTIONS', 'out', ['p-alpha']))[0]!.map((r) => r.to)).toEqual([
      'hessian',
      'zeroth-order-optimization',
    ]);
  });

  it('never loses a write when two connections write at once', async () => {
    const [a, b] = await twoStores();
    const paper = (n: number) => ({ ...smallGraph().papers[0]!, id: `p-${n}`, title: `Paper ${n}`, sources: [`s${n}`] });
    const write = (store: EmbeddedStore, from: number) =>
      Promise.all(
        Array.from({ length: 25 }, (_, i) =>
          store.upsert({ papers: [paper(from + i)], concepts: [], methods: [], repositories: [], authors: [], relationships: [] }),
        ),
      );
    await Promise.all([write(a, 0), write(b, 100)]);
    expect((await a.stats()).nodes.Paper).toBe(50);
    expect((await b.stats()).nodes.Paper).toBe(50);
  });

  it('runs two read-then-writes one after the other, so both see the paper only one creates', async () => {
    const [a, b] = await twoStores();
    const createUnlessThere = (store: EmbeddedStore, id: string) =>
      store.upsertWith(async (s) => {
        const existing = (await s.papersByTitleKey(['one paper']))[0]!;
        const doc = smallGraph();
        const papers = existing.length > 0 ? [] : [{ ...doc.papers[0]!, id, title: 'One Paper' }];
        return {
          document: { ...doc, papers, relationships: [], repositories: [], methods: [], concepts: [] },
          result: existing.length === 0,
        };
      });
    const results = await Promise.all([createUnlessThere(a, 'from-a'), createUnlessThere(b, 'from-b')]);
    expect(results.map((r) => r.result).sort()).toEqual([false, true]);
    expect((await a.papersByTitleKey(['one paper']))[0]).toHaveLength(1);
  });
});

describe('what the embedded store keeps between reads, with a second process on the same data directory', () => {
  const dirs: string[] = [];
  const stores: EmbeddedStore[] = [];
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** Two stores on one new data directory: `writer` writes `doc` before `reader` opens it. */
  async function writerAndReader(doc: GraphDocument) {
    const dataDir = mkdtempSync(join(tmpdir(), 'papergraph-kept-'));
    dirs.push(dataDir);
    const writer = new EmbeddedStore({ dataDir });
    const reader = new EmbeddedStore({ dataDir });
    stores.push(writer, reader);
    await writer.init();
    await writer.upsert(doc);
    await reader.init();
    return { writer, reader };
  }

  it('a concept’s papers page follows every write, in this process and the other: the ranking kept is dropped as the graph changes', async () => {
    const { writer, reader } = await writerAndReader(smallGraph());
    const page = async (store: EmbeddedStore) => {
      const result = await store.findPapers({
        first: 10,
        after: null,
        filter: { conceptId: 'hessian' },
        orderBy: { field: 'RELEVANCE', direction: 'DESC' },
      });
      return { total: result.totalCount, ranked: result.items.map((item) => [item.node.id, item.key]) };
    };
    const before = await page(reader);
    expect(before.total).toBeGreaterThan(0);
    expect(await page(writer)).toEqual(before);
    const [firstId] = before.ranked[0] as [string, number];
    // A new paper mentioning the concept more than any other, then a weight changed.
    const newcomer: GraphDocument = {
      ...emptyDocument(),
      papers: [{ ...smallGraph().papers[0]!, id: 'p-newcomer', title: 'A newcomer on Hessians', arxivId: null, externalIds: [] }],
      relationships: [
        {
          type: 'MENTIONS',
          from: 'p-newcomer',
          to: 'hessian',
          properties: { weight: 1e6, count: 9, evidence: ['Hessians.'], extractor: 'test' },
        },
      ],
    };
    await writer.upsert(newcomer);
    for (const store of [writer, reader]) {
      const after = await page(store);
      expect(after.total).toBe(before.total! + 1);
      expect(after.ranked[0]).toEqual(['p-newcomer', 1e6]);
      expect(after.ranked.slice(1)).toEqual(before.ranked);
    }
    await writer.upsert({
      ...newcomer,
      papers: [],
      relationships: [
        {
          type: 'MENTIONS',
          from: 'p-newcomer',
          to: 'hessian',
          properties: { weight: -1, count: 9, evidence: ['Hessians.'], extractor: 'test' },
        },
      ],
    });
    for (const store of [writer, reader]) expect((await page(store)).ranked.at(-1)).toEqual(['p-newcomer', -1]);
    await writer.removePaper('p-newcomer');
    for (const store of [writer, reader]) expect(await page(store)).toEqual(before);
    expect(before.ranked[0]?.[0]).toBe(firstId);
  });

  it('concept paths follow the writes of the first: the neighbour lists kept are dropped as catch-up changes the graph', async () => {
    const { writer, reader } = await writerAndReader(smallGraphWithoutRelated());
    const ids = async () => (await reader.conceptPath('hessian', 'zeroth-order-optimization', 4))?.nodes.map((n) => n.id) ?? null;
    expect(await ids()).toEqual(['hessian', 'p-alpha', 'zeroth-order-optimization']);
    await writer.upsert(hessianRelatedToZeroOrder());
    expect(await ids()).toEqual(['hessian', 'zeroth-order-optimization']);
    await writer.clear();
    expect(await ids()).toBeNull();
  });
});
