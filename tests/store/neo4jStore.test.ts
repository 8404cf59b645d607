import { inject } from 'vitest';
import { Neo4jStore } from '../../src/store/neo4j/Neo4jStore.ts';
import { describeGraphStoreContract } from './graphStore.contract.ts';

describeGraphStoreContract('Neo4j', () => new Neo4jStore({ uri: inject('neo4jUri') }));
