import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { UpsertSummary } from '../domain/graph.ts';
import { loadTaxonomy, type Taxonomy } from '../extract/taxonomy.ts';
import type { GraphStore } from '../store/GraphStore.ts';
import { importFiles } from './pipeline.ts';
import { DEFAULT_PAPERS_PER_BATCH } from './write.ts';

/** The taxonomy's file name in a seeds folder. */
export const TAXONOMY_FILE = 'taxonomy.json';

/** Where a seeds folder keeps its taxonomy: the one place that says so (the server, the import command, generate). */
export function taxonomyFile(seedsDir: string): string {
  return join(seedsDir, TAXONOMY_FILE);
}

/** The taxonomy in a seeds folder. */
export function loadSeedTaxonomy(seedsDir: string): Taxonomy {
  return loadTaxonomy(taxonomyFile(seedsDir));
}

/** The Daily Papers text files of a seeds folder, sorted. */
export async function seedPaperFiles(seedsDir: string): Promise<string[]> {
  return (await readdir(seedsDir))
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => join(seedsDir, f));
}

/**
 * Loads the seed graph (the taxonomy and the seed pages, through the ingestion pipeline like any
 * import) into a store that has no papers and no concepts; null when it had some. A bad seed
 * page throws ImportRejected before anything is written.
 */
export async function seedIfEmpty(store: GraphStore, seedsDir: string): Promise<UpsertSummary | null> {
  const stats = await store.stats();
  if (stats.nodes.Paper > 0 || stats.nodes.Concept > 0) return null;
  const summary = await importFiles(store, await seedPaperFiles(seedsDir), {
    taxonomy: loadSeedTaxonomy(seedsDir),
    onError: 'fail',
    batchSize: DEFAULT_PAPERS_PER_BATCH,
    checkpoints: null,
  });
  return { nodes: summary.nodes, relationships: summary.relationships };
}
