import { describe, expect, inject, it } from 'vitest';
import { Neo4jStore } from '../../src/store/neo4j/Neo4jStore.ts';
import { runNode } from '../../testkit/processes.ts';
import { neo4jSnapshot } from './graphSnapshot.ts';

/**
 * Two `npm run import` processes on one Neo4j at once end with exactly the graph of running them
 * one after the other: each batch resolves and reconciles under the writers' lock
 * (Neo4jStore.upsertWith), so neither creates a paper the other is creating.
 */

const COLT = '../shared/data/papercopilot/colt2024.json';
const ICLR = '../shared/data/papercopilot/iclr2018.json';
const uri = inject('neo4jUri');

async function clear(): Promise<void> {
  const store = new Neo4jStore({ uri });
  await store.init();
  await store.clear();
  await store.close();
}

async function importInto(files: string[]): Promise<void> {
  const run = runNode(
    'src/cli/import.ts',
    [
      '--batch-size',
      '50',
      '--on-error',
      'skip',
      '--checkpoint-dir',
      `${process.env.TMPDIR ?? '/tmp'}/papergraph-neo4j-processes-${process.pid}-${Math.random()}`,
      ...files,
    ],
    { NEO4J_URI: uri },
  );
  expect(await run.exited, run.stderr.slice(-20).join('\n')).toEqual({ code: 0, signal: null });
}

describe('several importers on one Neo4j', () => {
  it('gives two imports run at once exactly the graph of running them one after the other', async () => {
    await clear();
    await importInto([COLT]);
    await importInto([ICLR]);
    const sequential = await neo4jSnapshot(uri);
    expect(sequential.duplicates).toBe(0);
    expect(sequential.paperIds.length).toBeGreaterThan(1_100);

    await clear();
    await Promise.all([importInto([COLT]), importInto([ICLR])]);
    const together = await neo4jSnapshot(uri);
    expect(together.duplicates).toBe(0);
    expect(together.counts).toEqual(sequential.counts);
    expect(together.paperIds).toEqual(sequential.paperIds);
    expect(together.checksum).toBe(sequential.checksum);
    await clear();
  }, 600_000);
});
