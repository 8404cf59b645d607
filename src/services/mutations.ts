import type { GraphDocument, PaperNode, UpsertSummary } from '../domain/graph.ts';
import { emptyDocument } from '../domain/graph.ts';
import { cleanText } from '../domain/cleanText.ts';
import { parseGithubUrl } from '../extract/extractRepositories.ts';
import type { Taxonomy } from '../extract/taxonomy.ts';
import { ImportRejected, ingest } from '../ingestion/pipeline.ts';
import { pageTextInput, recordsInput, type Input, type Problem } from '../ingestion/sources.ts';
import type { GraphStore } from '../store/GraphStore.ts';

/** An expected failure, returned to the client as data. */
export interface MutationFailure {
  message: string;
  code: 'BAD_INPUT' | 'NOT_FOUND';
  line?: number | null;
  field?: string | null;
}

export type Outcome<T> = ({ ok: true; error: null } & T) | { ok: false; error: MutationFailure };

const fail = (code: MutationFailure['code'], message: string, where: { line?: number; field?: string } = {}) =>
  ({ ok: false, error: { code, message, line: where.line ?? null, field: where.field ?? null } }) as const;

/** The paper input of ingestPapers, as GraphQL delivers it. */
export interface PaperInputRecord {
  title: string;
  abstract: string;
  arxivId?: string | null;
  url?: string | null;
  publishedAt?: string | null;
}

const MAX_RECORDS = 1000;
const MAX_TEXT = 5_000_000;

/**
 * Runs one input through the ingestion pipeline, all or nothing (`--on-error fail`, one batch):
 * the same reading rules, dedupe against the store and writes as `npm run import`. The first bad
 * record comes back as a failure naming its line (a page) or field (`records[1].title`).
 */
async function ingestInput(
  store: GraphStore,
  taxonomy: Taxonomy,
  input: Input,
): Promise<Outcome<{ summary: UpsertSummary; papers: PaperNode[]; warnings: string[] }>> {
  try {
    const summary = await ingest(store, [input], { taxonomy, onError: 'fail', batchSize: Number.MAX_SAFE_INTEGER, checkpoints: null });
    const papers = (await store.nodesById('Paper', summary.paperIds)).filter((p): p is PaperNode => p !== null);
    return {
      ok: true,
      error: null,
      summary: { nodes: summary.nodes, relationships: summary.relationships },
      papers,
      warnings: summary.warnings,
    };
  } catch (error) {
    if (!(error instanceof ImportRejected)) throw error;
    return failure(error.problems[0]!, input.container === 'records');
  }
}

/** A rejected record as the mutation's failure: a page's line, or a record's field as `records[i].field`. */
function failure(problem: Problem, inRecords: boolean) {
  const { location, reason } = problem;
  if (!location || !reason) return fail('BAD_INPUT', problem.message);
  if (!inRecords) return fail('BAD_INPUT', reason, { line: location.line, field: location.field });
  const record = location.record === undefined ? 'records' : `records[${location.record - 1}]`;
  return fail('BAD_INPUT', reason, { field: location.field ? `${record}.${location.field}` : record });
}

/** Parses and ingests a Daily Papers page: all or nothing; a title without an abstract is a paper with an empty abstract. */
export async function ingestDailyPapersText(store: GraphStore, taxonomy: Taxonomy, text: string, source: string) {
  if (text.length > MAX_TEXT)
    return fail('BAD_INPUT', `the text is longer than ${MAX_TEXT} characters; ingest it in parts or with npm run import`, {
      field: 'text',
    });
  return ingestInput(store, taxonomy, pageTextInput(text, source));
}

/** Reads paper records by the rules of plain records (formats/generic.ts) and ingests them: one bad record rejects them all, naming records[i].field. */
export async function ingestPaperRecords(store: GraphStore, taxonomy: Taxonomy, input: PaperInputRecord[], source: string) {
  if (input.length === 0 || input.length > MAX_RECORDS) return fail('BAD_INPUT', `give 1 to ${MAX_RECORDS} records`, { field: 'records' });
  return ingestInput(store, taxonomy, recordsInput(input, source));
}

/** Links a GitHub repository to an existing paper. */
export async function linkRepository(store: GraphStore, paperId: string, url: string) {
  const repository = parseGithubUrl(url);
  if (!repository)
    return fail('BAD_INPUT', `expected a GitHub repository URL like https://github.com/owner/name, found ${JSON.stringify(url)}`, {
      field: 'url',
    });
  const [paper] = await store.nodesById('Paper', [paperId]);
  if (!paper) return fail('NOT_FOUND', `no paper with id ${JSON.stringify(paperId)}`, { field: 'paperId' });
  const doc: GraphDocument = {
    ...emptyDocument(),
    repositories: [repository],
    relationships: [{ type: 'HAS_CODE', from: paperId, to: repository.id, properties: { official: false, source: 'curator' } }],
  };
  const [existing] = await store.nodesById('Repository', [repository.id]);
  if (existing) doc.repositories = [];
  await store.upsert(doc);
  const [stored] = await store.nodesById('Repository', [repository.id]);
  return { ok: true as const, error: null, paper, repository: stored! };
}

/** Tags a paper with a concept: a curator's MENTIONS edge (weight 1), keeping what extraction found. */
export async function tagConcept(store: GraphStore, paperId: string, conceptId: string, evidence: string | null | undefined) {
  const [[paper], [concept]] = await Promise.all([store.nodesById('Paper', [paperId]), store.nodesById('Concept', [conceptId])]);
  if (!paper) return fail('NOT_FOUND', `no paper with id ${JSON.stringify(paperId)}`, { field: 'paperId' });
  if (!concept) return fail('NOT_FOUND', `no concept with id ${JSON.stringify(conceptId)}`, { field: 'conceptId' });
  const [mentions] = await store.relationshipsOf('MENTIONS', 'out', [paperId]);
  const previous = mentions!.find((m) => m.to === conceptId)?.properties;
  const sentence = evidence ? cleanText(evidence) : '';
  const doc: GraphDocument = {
    ...emptyDocument(),
    relationships: [
      {
        type: 'MENTIONS',
        from: paperId,
        to: conceptId,
        properties: {
          count: previous?.count ?? 1,
          weight: 1,
          evidence: [...(previous?.evidence ?? []), ...(sentence && !previous?.evidence.includes(sentence) ? [sentence] : [])],
          extractor: 'curator',
        },
      },
    ],
  };
  await store.upsert(doc);
  return { ok: true as const, error: null, paper, concept };
}

/** Removes a paper. */
export async function removePaper(store: GraphStore, id: string) {
  if (!(await store.removePaper(id))) return fail('NOT_FOUND', `no paper with id ${JSON.stringify(id)}`, { field: 'id' });
  return { ok: true as const, error: null, id };
}
