import { EmbeddedStore } from '../../src/store/embedded/EmbeddedStore.ts';
import { describeCitationImportContract } from './citationImport.contract.ts';

describeCitationImportContract('the embedded store', () => new EmbeddedStore());
