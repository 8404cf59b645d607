import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EmbeddedStore } from '../../src/store/embedded/EmbeddedStore.ts';
import { smallGraph } from '../fixtures/smallGraph.ts';
import { describeGraphStoreContract } from './graphStore.contract.ts';

describeGraphStoreContract('the embedded store', () => new EmbeddedStore());

describe('the embedded store data directory', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'papergraph-store-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps what was written across a restart', async () => {
    const dir = tempDir();
    const first = new EmbeddedStore({ dataDir: dir });
    await first.init();
    await first.upsert(smallGraph());
    await first.close();

    const second = new EmbeddedStore({ dataDir: dir });
    await second.init();
    expect(await second.isEmpty()).toBe(false);
    expect((await second.stats()).nodes).toEqual({ Paper: 2, Concept: 3, Method: 1, Repository: 1, Author: 0 });
    expect(await second.upsert(smallGraph())).toMatchObject({ nodes: { created: 0, updated: 0, unchanged: 7 } });
  });

  it('writes atomically: no temp file is left beside graph.json', async () => {
    const dir = tempDir();
    const store = new EmbeddedStore({ dataDir: dir });
    await store.init();
    await store.upsert(smallGraph());
    await store.removePaper('p-alpha');
    expect(readdirSync(dir)).toEqual(['graph.json']);
    const [header, ...entries] = readFileSync(join(dir, 'graph.json'), 'utf8').trimEnd().split('\n');
    expect(JSON.parse(header!)).toEqual({ format: 'papergraph-embedded-graph', version: 2, nodes: 5, edges: 5 });
    expect(entries.map((line) => JSON.parse(line)[0])).toEqual([...'nnnnn', ...'eeeee']);
  });

  it('starts empty in a new data directory', async () => {
    const store = new EmbeddedStore({ dataDir: join(tempDir(), 'nested', 'data') });
    await store.init();
    expect(await store.isEmpty()).toBe(true);
  });

  it('reads a graph file written one line per node and edge, of any size, and still reads version 1 files', async () => {
    const dir = tempDir();
    const first = new EmbeddedStore({ dataDir: dir });
    await first.init();
    await first.upsert(smallGraph());
    const v2 = readFileSync(join(dir, 'graph.json'), 'utf8');
    const second = new EmbeddedStore({ dataDir: dir });
    await second.init();
    expect(await second.upsert(smallGraph())).toMatchObject({ nodes: { created: 0, updated: 0, unchanged: 7 }, relationships: { created: 0, updated: 0, unchanged: 9 } });
    expect((await second.papersByTitleKey(['alpha fast things']))[0]!.map((p) => p.id)).toEqual(['p-alpha']);

    const lines = v2.trimEnd().split('\n').slice(1).map((line) => JSON.parse(line) as unknown[]);
    const graph = {
      options: { type: 'directed', multi: true, allowSelfLoops: false },
      attributes: {},
      nodes: lines.filter((l) => l[0] === 'n').map(([, key, attributes]) => ({ key, attributes })),
      edges: lines.filter((l) => l[0] === 'e').map(([, key, source, target, attributes]) => ({ key, source, target, attributes })),
    };
    writeFileSync(join(dir, 'graph.json'), JSON.stringify({ format: 'papergraph-embedded-graph', version: 1, graph }));
    const legacy = new EmbeddedStore({ dataDir: dir });
    await legacy.init();
    expect((await legacy.stats()).nodes).toEqual({ Paper: 2, Concept: 3, Method: 1, Repository: 1, Author: 0 });
  });

  it('refuses a graph file cut short, naming the line and what is missing', async () => {
    const dir = tempDir();
    const store = new EmbeddedStore({ dataDir: dir });
    await store.init();
    await store.upsert(smallGraph());
    const lines = readFileSync(join(dir, 'graph.json'), 'utf8').trimEnd().split('\n');
    writeFileSync(join(dir, 'graph.json'), `${lines.slice(0, -2).join('\n')}\n`);
    await expect(new EmbeddedStore({ dataDir: dir }).init()).rejects.toThrow(
      new RegExp(`graph\\.json:${lines.length - 2}: the saved graph is cut short: expected 7 nodes and 9 edges, found 7 and 7; restore the file or move it away`),
    );
  });

  it('refuses a corrupt graph file with a message naming it and the fix', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'graph.json'), '{"format": "papergraph-embedded-graph", "version": 1, "graph": ');
    const store = new EmbeddedStore({ dataDir: dir });
    await expect(store.init()).rejects.toThrow(new RegExp(`${join(dir, 'graph.json')}: the saved graph is not valid JSON .*move it away`));
  });

  it('with persist on-flush, rewrites the file only when flushed or closed', async () => {
    const dir = tempDir();
    const store = new EmbeddedStore({ dataDir: dir, persist: 'on-flush' });
    await store.init();
    await store.upsert(smallGraph());
    expect(readdirSync(dir)).toEqual([]);
    await store.flush();
    expect(readFileSync(join(dir, 'graph.json'), 'utf8').split('\n').filter((line) => line.startsWith('["n"'))).toHaveLength(7);
    await store.removePaper('p-alpha');
    await store.close();
    const reopened = new EmbeddedStore({ dataDir: dir });
    await reopened.init();
    expect((await reopened.stats()).nodes.Paper).toBe(1);
  });

  it('undoes a write the file cannot take, change by change, titles index included', async () => {
    const dir = tempDir();
    const store = new EmbeddedStore({ dataDir: dir });
    await store.init();
    await store.upsert(smallGraph());
    rmSync(dir, { recursive: true, force: true });
    writeFileSync(dir, 'not a directory');
    const doc = smallGraph();
    doc.papers[0]!.title = 'Renamed';
    doc.papers.push({ ...doc.papers[1]!, id: 'p-new', title: 'New' });
    await expect(store.upsert(doc)).rejects.toThrow();
    expect((await store.nodesById('Paper', ['p-alpha', 'p-new'])).map((p) => p?.title ?? null)).toEqual(['Alpha: Fast Things', null]);
    expect((await store.papersByTitleKey(['alpha fast things', 'renamed', 'new'])).map((l) => l.map((p) => p.id))).toEqual([['p-alpha'], [], []]);
    rmSync(dir);
  });

  it('keeps the previous graph in memory and on disk when a write fails', async () => {
    const dir = tempDir();
    const store = new EmbeddedStore({ dataDir: dir });
    await store.init();
    await store.upsert(smallGraph());
    const before = readFileSync(join(dir, 'graph.json'), 'utf8');
    rmSync(dir, { recursive: true, force: true });
    writeFileSync(dir, 'not a directory');
    await expect(store.removePaper('p-alpha')).rejects.toThrow();
    expect((await store.stats()).nodes.Paper).toBe(2);
    rmSync(dir);
    expect(before).toContain('p-alpha');
  });
});
