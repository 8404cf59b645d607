import { inject } from 'vitest';
import { Neo4jStore } from '../../src/store/neo4j/Neo4jStore.ts';
import { describeCitationImportContract } from './citationImport.contract.ts';

describeCitationImportContract('Neo4j', () => new Neo4jStore({ uri: inject('neo4jUri') }));
