import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { EmbeddedStore } from '../../src/store/embedded/EmbeddedStore.ts';
import { embeddedSnapshot } from '../reliability/graphSnapshot.ts';
import { describeInjection } from './injection.contract.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'papergraph-injection-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

// What the embedded store holds is what its database holds, read with a connection of its own.
describeInjection('the embedded store', async () => {
  const store = new EmbeddedStore({ dataDir });
  await store.init();
  return { store, snapshot: async () => embeddedSnapshot(dataDir) };
});
