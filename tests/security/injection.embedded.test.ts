import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { EmbeddedStore } from '../../src/store/embedded/EmbeddedStore.ts';
import { graphFileSnapshot } from '../reliability/graphSnapshot.ts';
import { describeInjection } from './injection.contract.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'papergraph-injection-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

// What the embedded store holds is what its graph file holds once flushed; flushing only when a
// snapshot is taken spares rewriting the file after each of the hundreds of writes.
describeInjection('the embedded store', async () => {
  const store = new EmbeddedStore({ dataDir, persist: 'on-flush' });
  await store.init();
  return {
    store,
    snapshot: async () => {
      await store.flush();
      return graphFileSnapshot(join(dataDir, 'graph.json'));
    },
  };
});
