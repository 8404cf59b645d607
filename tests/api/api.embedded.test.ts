import { EmbeddedStore } from '../../src/store/embedded/EmbeddedStore.ts';
import { describeApi } from './api.contract.ts';

describeApi('the embedded store', () => new EmbeddedStore());
