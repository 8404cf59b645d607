import { MemoryStore } from '../../src/store/memory/MemoryStore.ts';
import { describeImportContract } from './import.contract.ts';

describeImportContract('the embedded store', () => new MemoryStore());
