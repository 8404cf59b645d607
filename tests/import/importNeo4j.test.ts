import { inject } from 'vitest';
import { Neo4jStore } from '../../src/store/neo4j/Neo4jStore.ts';
import { describeImportContract } from './import.contract.ts';

describeImportContract('Neo4j', () => new Neo4jStore({ uri: inject('neo4jUri') }));
