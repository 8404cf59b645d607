import { MemoryStore } from '../../src/store/memory/MemoryStore.ts';
import { describeApi } from './api.contract.ts';

describeApi('the embedded store', () => new MemoryStore());
