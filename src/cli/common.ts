import { ConfigError, type Config } from '../config.ts';
import type { UpsertSummary } from '../domain/graph.ts';
import { InputError } from '../errors.ts';
import { createStore, type StoreTuning } from '../store/createStore.ts';
import type { GraphStore } from '../store/GraphStore.ts';

/** Exit codes of the data commands (import, generate). */
export const EXIT = { done: 0, badInput: 1, usage: 2, store: 3 } as const;

/** A line on stderr: progress and notes, never the result (stdout is for that). */
export function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** `--batch-size` as a whole number of at least 1; null (after saying why) when it is not one. */
export function parseBatchSize(command: string, value: string | undefined, fallback: number): number | null {
  const batchSize = value === undefined ? fallback : Number(value);
  if (Number.isInteger(batchSize) && batchSize >= 1) return batchSize;
  log(`${command}: --batch-size must be a whole number of at least 1, found ${JSON.stringify(value)}`);
  return null;
}

/** Where a store is, for messages. */
export function describeStore(config: Pick<Config, 'neo4j' | 'dataDir'>): string {
  return config.neo4j ? `Neo4j at ${config.neo4j.uri}` : `the embedded store in ${config.dataDir}`;
}

/**
 * Opens the store the configuration names (Neo4j when NEO4J_URI is set, else the embedded store).
 * Returns null after explaining on stderr when the store cannot be reached (exit code 3).
 * `tuning` is for bulk writes (createStore.StoreTuning). Seeding an empty store is the import's
 * job, once its inputs are checked (pipeline.ImportOptions.beforeFirstWrite).
 */
export async function openStore(
  config: Pick<Config, 'neo4j' | 'dataDir'>,
  options: { tuning?: StoreTuning } = {},
): Promise<GraphStore | null> {
  const store = createStore(config, options.tuning);
  try {
    await store.init();
  } catch (error) {
    await store.close().catch(() => undefined);
    if (error instanceof InputError) throw error;
    log(`cannot reach ${describeStore(config)}: ${(error as Error).message}`);
    log(
      config.neo4j
        ? 'is Neo4j running? (npm run neo4j:local starts one; then export NEO4J_URI)'
        : 'check that the data directory is writable',
    );
    return null;
  }
  return store;
}

/** "nodes: 150 created, 0 updated, 20 unchanged" and the same for relationships, one per line. */
export function formatUpsertCounts(s: UpsertSummary, indent = '  '): string {
  const part = (name: string, c: UpsertSummary['nodes']) =>
    `${indent}${name}: ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged`;
  return `${part('nodes', s.nodes)}\n${part('relationships', s.relationships)}`;
}

/**
 * Runs a command's main function and sets the exit code: its result; 1 for bad input or
 * configuration (the message on stderr, then `badInputNote`: what was written, asked when the
 * error happens, so that "nothing was written" is said only when true); 3 for anything
 * unexpected (a stack trace).
 */
export function runCommand(
  name: string,
  main: () => Promise<number>,
  badInputNote: string | (() => string) = 'nothing was written.',
): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      if (error instanceof InputError || error instanceof ConfigError) {
        const note = typeof badInputNote === 'function' ? badInputNote() : badInputNote;
        process.stderr.write(`${name}: ${error.message}\n${note ? `${note}\n` : ''}`);
        process.exitCode = EXIT.badInput;
      } else {
        process.stderr.write(`${name}: failed: ${(error as Error).stack ?? String(error)}\n`);
        process.exitCode = EXIT.store;
      }
    },
  );
}
