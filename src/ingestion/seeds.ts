import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { GraphDocument, UpsertSummary } from '../domain/graph.ts';
import { extractGraph, taxonomyDocument } from '../extract/extractGraph.ts';
import { loadTaxonomy, type Taxonomy } from '../extract/taxonomy.ts';
import type { GraphStore } from '../store/GraphStore.ts';
import { ingestDocument, mergeDocuments, readPaperFiles } from './write.ts';

export const TAXONOMY_FILE = 'taxonomy.json';

/** The taxonomy in a seeds folder. */
export function loadSeedTaxonomy(seedsDir: string): Taxonomy {
  return loadTaxonomy(join(seedsDir, TAXONOMY_FILE));
}

/**
 * Given paper files and the taxonomy, produces the document to ingest: the whole taxonomy
 * (so concept links exist even where no paper mentions a concept yet) and the extracted papers.
 */
export async function documentFromFiles(files: string[], taxonomy: Taxonomy): Promise<{ document: GraphDocument; extracted: GraphDocument; warnings: string[] }> {
  const records = await readPaperFiles(files);
  const { document: extracted, warnings } = extractGraph(records, taxonomy);
  return { document: mergeDocuments(taxonomyDocument(taxonomy), extracted), extracted, warnings };
}

/** The Daily Papers text files of a seeds folder, sorted. */
export async function seedPaperFiles(seedsDir: string): Promise<string[]> {
  return (await readdir(seedsDir)).filter((f) => f.endsWith('.txt')).sort().map((f) => join(seedsDir, f));
}

/** Loads the seed graph into a store that has no papers and no concepts; null when it had some. */
export async function seedIfEmpty(store: GraphStore, seedsDir: string): Promise<UpsertSummary | null> {
  const stats = await store.stats();
  if (stats.nodes.Paper > 0 || stats.nodes.Concept > 0) return null;
  const { document } = await documentFromFiles(await seedPaperFiles(seedsDir), loadSeedTaxonomy(seedsDir));
  return ingestDocument(store, document);
}
