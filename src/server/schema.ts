import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The SDL files of schema/, the API contract, joined in name order. */
export function loadTypeDefs(schemaDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'schema')): string {
  return readdirSync(schemaDir)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => readFileSync(join(schemaDir, f), 'utf8'))
    .join('\n');
}
