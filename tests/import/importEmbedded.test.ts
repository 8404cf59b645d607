import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { EmbeddedStore } from '../../src/store/embedded/EmbeddedStore.ts';
import { describeImportContract } from './import.contract.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'papergraph-import-embedded-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describeImportContract('the embedded store', () => new EmbeddedStore({ dataDir }));
