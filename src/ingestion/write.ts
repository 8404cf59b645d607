import { readFile } from 'node:fs/promises';
import { emptyDocument, type GraphDocument, type UpsertSummary } from '../domain/graph.ts';
import { InputError } from '../errors.ts';
import type { GraphStore } from '../store/GraphStore.ts';
import { parseDailyPapers } from './formats/parseDailyPapers.ts';
import type { PaperRecord } from '../domain/paperRecord.ts';

/** Papers per write transaction: large enough for UNWIND to pay off, small enough to keep memory flat. */
export const DEFAULT_PAPERS_PER_BATCH = 500;

/**
 * Reads Daily Papers pages strictly, every file before anything is written: the first bad block
 * throws with its file:line. (The pipeline reads pages through sources.readInput; this is for
 * tools that want the records of a page at once.)
 */
export async function readPaperFiles(files: string[]): Promise<PaperRecord[]> {
  const records: PaperRecord[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new InputError(
        { file },
        code === 'ENOENT'
          ? 'no such file'
          : code === 'EISDIR'
            ? 'is a directory, expected a file'
            : `cannot read: ${(error as Error).message}`,
      );
    }
    records.push(...parseDailyPapers(text, file).papers);
  }
  return records;
}

/** Concatenates documents; stores merge repeated nodes and relationships. */
export function mergeDocuments(...docs: GraphDocument[]): GraphDocument {
  const out = emptyDocument();
  for (const d of docs) {
    out.papers.push(...d.papers);
    out.concepts.push(...d.concepts);
    out.methods.push(...d.methods);
    out.repositories.push(...d.repositories);
    out.authors.push(...d.authors);
    out.relationships.push(...d.relationships);
  }
  return out;
}

/**
 * Splits a document into batches of at most `papersPerBatch` papers, each carrying the
 * relationships of its papers and the nodes they point at that no earlier batch carried.
 * Concepts and their links go first, so each batch only points at nodes already written.
 */
export function splitDocument(doc: GraphDocument, papersPerBatch = DEFAULT_PAPERS_PER_BATCH): GraphDocument[] {
  const head = emptyDocument();
  head.concepts = doc.concepts;
  head.relationships = doc.relationships.filter((r) => r.type === 'BROADER' || r.type === 'RELATED');
  const methods = new Map(doc.methods.map((m) => [m.id, m]));
  const repositories = new Map(doc.repositories.map((r) => [r.id, r]));
  const authors = new Map(doc.authors.map((a) => [a.id, a]));
  const appliesByMethod = new Map<string, GraphDocument['relationships']>();
  const byPaper = new Map<string, GraphDocument['relationships']>();
  for (const r of doc.relationships) {
    if (r.type === 'BROADER' || r.type === 'RELATED') continue;
    const index = r.type === 'APPLIES' ? appliesByMethod : byPaper;
    const list = index.get(r.from) ?? [];
    list.push(r);
    index.set(r.from, list);
  }
  const batches: GraphDocument[] = [];
  const written = new Set<string>();
  for (let i = 0; i < doc.papers.length || i === 0; i += papersPerBatch) {
    const batch = i === 0 ? head : emptyDocument();
    for (const paper of doc.papers.slice(i, i + papersPerBatch)) {
      batch.papers.push(paper);
      for (const r of byPaper.get(paper.id) ?? []) {
        batch.relationships.push(r);
        if (r.type === 'HAS_CODE' && !written.has(`r:${r.to}`)) {
          written.add(`r:${r.to}`);
          batch.repositories.push(repositories.get(r.to)!);
        }
        if (r.type === 'AUTHORED_BY' && !written.has(`a:${r.to}`)) {
          written.add(`a:${r.to}`);
          batch.authors.push(authors.get(r.to)!);
        }
        if ((r.type === 'PROPOSES' || r.type === 'USES') && !written.has(`m:${r.to}`)) {
          written.add(`m:${r.to}`);
          batch.methods.push(methods.get(r.to)!);
          batch.relationships.push(...(appliesByMethod.get(r.to) ?? []));
        }
      }
    }
    batches.push(batch);
  }
  return batches;
}

/**
 * Upserts a whole document, already extracted, batch by batch (one transaction each), reporting
 * progress after each: for documents built in code (tests, fixtures). Paper records go through
 * the pipeline instead (pipeline.ingest), which also resolves them against the store.
 */
export async function ingestDocument(
  store: GraphStore,
  doc: GraphDocument,
  options: { papersPerBatch?: number; onProgress?: (papersDone: number, papersTotal: number) => void } = {},
): Promise<UpsertSummary> {
  const total: UpsertSummary = { nodes: { created: 0, updated: 0, unchanged: 0 }, relationships: { created: 0, updated: 0, unchanged: 0 } };
  let done = 0;
  for (const batch of splitDocument(doc, options.papersPerBatch)) {
    const summary = await store.upsert(batch);
    for (const part of ['nodes', 'relationships'] as const) {
      total[part].created += summary[part].created;
      total[part].updated += summary[part].updated;
      total[part].unchanged += summary[part].unchanged;
    }
    done += batch.papers.length;
    options.onProgress?.(done, doc.papers.length);
  }
  return total;
}
