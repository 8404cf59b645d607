import { EmbeddedStore } from '../../src/store/embedded/EmbeddedStore.ts';
import { describeImportContract } from './import.contract.ts';

describeImportContract('the embedded store', () => new EmbeddedStore());
