import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/store/memory/MemoryStore.ts';
import { smallGraph } from '../fixtures/smallGraph.ts';
import { describeGraphStoreContract } from './graphStore.contract.ts';

describeGraphStoreContract('the embedded store', () => new MemoryStore());

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
    const first = new MemoryStore({ dataDir: dir });
    await first.init();
    await first.upsert(smallGraph());
    await first.close();

    const second = new MemoryStore({ dataDir: dir });
    await second.init();
    expect(await second.isEmpty()).toBe(false);
    expect((await second.stats()).nodes).toEqual({ Paper: 2, Concept: 3, Method: 1, Repository: 1 });
    expect(await second.upsert(smallGraph())).toMatchObject({ nodes: { created: 0, updated: 0, unchanged: 7 } });
  });

  it('writes atomically: no temp file is left beside graph.json', async () => {
    const dir = tempDir();
    const store = new MemoryStore({ dataDir: dir });
    await store.init();
    await store.upsert(smallGraph());
    await store.removePaper('p-alpha');
    expect(readdirSync(dir)).toEqual(['graph.json']);
    expect(JSON.parse(readFileSync(join(dir, 'graph.json'), 'utf8'))).toMatchObject({ format: 'papergraph-embedded-graph', version: 1 });
  });

  it('starts empty in a new data directory', async () => {
    const store = new MemoryStore({ dataDir: join(tempDir(), 'nested', 'data') });
    await store.init();
    expect(await store.isEmpty()).toBe(true);
  });

  it('refuses a corrupt graph file with a message naming it and the fix', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'graph.json'), '{"format": "papergraph-embedded-graph", "version": 1, "graph": ');
    const store = new MemoryStore({ dataDir: dir });
    await expect(store.init()).rejects.toThrow(new RegExp(`${join(dir, 'graph.json')}: the saved graph is not valid JSON .*move it away`));
  });

  it('keeps the previous graph in memory and on disk when a write fails', async () => {
    const dir = tempDir();
    const store = new MemoryStore({ dataDir: dir });
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
