import type { GraphDocument, PaperNode, UpsertSummary } from '../domain/graph.ts';
import { emptyDocument } from '../domain/graph.ts';
import { normaliseArxivId } from '../domain/ids.ts';
import { InputError } from '../errors.ts';
import { extractGraph, taxonomyDocument } from '../extract/extractGraph.ts';
import { parseGithubUrl } from '../extract/extractRepositories.ts';
import type { Taxonomy } from '../extract/taxonomy.ts';
import { ingestDocument, mergeDocuments } from '../ingestion/write.ts';
import { cleanText } from '../domain/cleanText.ts';
import { parseDailyPapers } from '../ingestion/formats/parseDailyPapers.ts';
import type { PaperRecord } from '../domain/paperRecord.ts';
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

/** Bad input found while reading, as a failure naming its line or field. */
function fromInputError(error: unknown): { ok: false; error: MutationFailure } {
  if (!(error instanceof InputError)) throw error;
  return fail('BAD_INPUT', error.reason, { line: error.location.line, field: error.location.field });
}

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

async function ingestRecords(store: GraphStore, taxonomy: Taxonomy, records: PaperRecord[]): Promise<Outcome<{ summary: UpsertSummary; papers: PaperNode[] }>> {
  const { document } = extractGraph(records, taxonomy);
  const summary = await ingestDocument(store, mergeDocuments(taxonomyDocument(taxonomy), document));
  return { ok: true, error: null, summary, papers: document.papers };
}

/** Parses and ingests a Daily Papers page: all or nothing. */
export async function ingestDailyPapersText(store: GraphStore, taxonomy: Taxonomy, text: string, source: string) {
  if (text.length > MAX_TEXT) return fail('BAD_INPUT', `the text is longer than ${MAX_TEXT} characters; ingest it in parts or with npm run ingest`, { field: 'text' });
  let records: PaperRecord[];
  try {
    records = parseDailyPapers(text, source).papers;
  } catch (error) {
    return fromInputError(error);
  }
  return ingestRecords(store, taxonomy, records);
}

/** Validates and ingests paper records: one bad record rejects them all, naming records[i].field. */
export async function ingestPaperRecords(store: GraphStore, taxonomy: Taxonomy, input: PaperInputRecord[], source: string) {
  if (input.length === 0 || input.length > MAX_RECORDS) return fail('BAD_INPUT', `give 1 to ${MAX_RECORDS} records`, { field: 'records' });
  const records: PaperRecord[] = [];
  for (const [i, r] of input.entries()) {
    const field = (name: string) => ({ field: `records[${i}].${name}` });
    const title = cleanText(r.title);
    if (!title) return fail('BAD_INPUT', 'a title must not be empty', field('title'));
    const abstract = cleanText(r.abstract);
    if (!abstract) return fail('BAD_INPUT', 'an abstract must not be empty', field('abstract'));
    const arxivId = r.arxivId ? normaliseArxivId(r.arxivId) : null;
    if (r.arxivId && !arxivId) return fail('BAD_INPUT', `expected an arXiv id like 2310.02025, found ${JSON.stringify(r.arxivId)}`, field('arxivId'));
    if (r.publishedAt && (!/^\d{4}-\d{2}-\d{2}$/.test(r.publishedAt) || Number.isNaN(Date.parse(r.publishedAt)))) {
      return fail('BAD_INPUT', `expected a date YYYY-MM-DD, found ${JSON.stringify(r.publishedAt)}`, field('publishedAt'));
    }
    if (r.url && !/^https?:\/\/\S+$/.test(r.url)) return fail('BAD_INPUT', `expected an http(s) URL, found ${JSON.stringify(r.url)}`, field('url'));
    records.push({ title, abstract, arxivId, url: r.url ?? null, publishedAt: r.publishedAt ?? null, source, line: i + 1 });
  }
  return ingestRecords(store, taxonomy, records);
}

/** Links a GitHub repository to an existing paper. */
export async function linkRepository(store: GraphStore, paperId: string, url: string) {
  const repository = parseGithubUrl(url);
  if (!repository) return fail('BAD_INPUT', `expected a GitHub repository URL like https://github.com/owner/name, found ${JSON.stringify(url)}`, { field: 'url' });
  const [paper] = await store.nodesById('Paper', [paperId]);
  if (!paper) return fail('NOT_FOUND', `no paper with id ${JSON.stringify(paperId)}`, { field: 'paperId' });
  const doc: GraphDocument = { ...emptyDocument(), repositories: [repository], relationships: [{ type: 'HAS_CODE', from: paperId, to: repository.id, properties: { official: false, source: 'curator' } }] };
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
