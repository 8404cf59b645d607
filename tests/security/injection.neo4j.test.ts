import { inject } from 'vitest';
import { Neo4jStore } from '../../src/store/neo4j/Neo4jStore.ts';
import { neo4jSnapshot } from '../reliability/graphSnapshot.ts';
import { describeInjection } from './injection.contract.ts';

// Read back through a driver of its own, so a node of any label or a relationship of any type
// (one an injection would create) shows in the snapshot.
describeInjection('Neo4j', async () => {
  const uri = inject('neo4jUri');
  const store = new Neo4jStore({ uri });
  await store.init();
  return { store, snapshot: () => neo4jSnapshot(uri) };
});
