import { arxivIdOf, mergedExternalIds, stubPaperId } from '../domain/externalIds.ts';
import type { CitesProps, GraphDocument, PaperNode, Relationship } from '../domain/graph.ts';
import type { CitedWork, PaperRecord } from '../domain/paperRecord.ts';
import { compareStrings } from '../store/readRules.ts';
import type { StoreReads } from '../store/GraphStore.ts';

/**
 * Citations in the ingestion pipeline: external ids, CITES edges and stub papers. Two steps around
 * resolve and extract, both inside the batch's store.upsertWith, so that two importers cannot both
 * create a stub for one work or both miss a merge:
 *  1. matchExternalIds, before resolve: a record whose external id (DOI, OpenAlex, corpus id, ...)
 *     names a paper the store has takes that paper's title and arXiv id, so resolvePapers finds it
 *     (the same paper from OpenAlex and Semantic Scholar is one node); a stub's abstract comes
 *     along. Records with no title of their own (a Semantic Scholar abstract or citation) whose paper
 *     is not in the store are set apart: they become stubs, or only edges.
 *  2. linkCitations, after extract: each paper gets the union of its external ids; stubs holding
 *     any of them are merged into it (CITES edges re-pointed, the stub removed in the same write);
 *     references become CITES edges to the paper in the batch or the store with one of their ids,
 *     else to a stub (id: stubPaperId). Edge properties merge with the stored edge: influential if
 *     any source says so, intents and contexts (at most three) as unions.
 */

/** A batch split for resolve: records that are papers, and records that only add to one. */
export interface MatchedBatch {
  /** Records for resolvePapers, those matched by external id carrying the stored paper's title. */
  records: PaperRecord[];
  /** Title-less records whose paper the store does not have, and citation-only records: stubs and edges. */
  supplements: PaperRecord[];
}

const MAX_CONTEXTS = 3;

/** Step 1 (see above): the records as resolvePapers should see them, and the ones set apart. */
export async function matchExternalIds(store: StoreReads, batch: readonly PaperRecord[]): Promise<MatchedBatch> {
  const found = await papersByIds(
    store,
    batch.flatMap((r) => r.externalIds ?? []),
  );
  const records: PaperRecord[] = [];
  const supplements: PaperRecord[] = [];
  for (const record of batch) {
    const matches = (record.externalIds ?? []).flatMap((id) => found.get(id) ?? []);
    const full = matches.filter((p) => !p.stub).sort((a, b) => compareStrings(a.id, b.id))[0];
    const stubAbstract = matches.filter((p) => p.stub).reduce((best, p) => (p.abstract.length > best.length ? p.abstract : best), '');
    const hasOwnPaper = record.title.trim() !== '' || record.arxivId !== null;
    const citesOnly = !hasOwnPaper && record.abstract.trim() === '';
    if ((!hasOwnPaper && !full) || (citesOnly && full)) {
      supplements.push(record);
      continue;
    }
    records.push({
      ...record,
      abstract: stubAbstract.length > record.abstract.length ? stubAbstract : record.abstract,
      ...(full ? { title: full.title, arxivId: full.arxivId ?? record.arxivId } : {}),
    });
  }
  return { records, supplements };
}

/**
 * The citation fields of one paper's merged record (for resolve.mergeRecords): the stored paper's
 * external ids with the records', and every record's references.
 */
export function mergedCitationFields(
  existing: PaperNode | null,
  records: readonly PaperRecord[],
): Pick<PaperRecord, 'externalIds' | 'references'> {
  const externalIds = mergedExternalIds(existing?.externalIds, ...records.map((r) => r.externalIds));
  const references = records.flatMap((r) => r.references ?? []);
  return { ...(externalIds.length > 0 ? { externalIds } : {}), ...(references.length > 0 ? { references } : {}) };
}

/** Step 2 (see above): the batch's document with external ids, CITES edges, stubs and stub merges. */
export async function linkCitations(
  store: StoreReads,
  matched: MatchedBatch,
  resolved: readonly PaperRecord[],
  document: GraphDocument,
): Promise<GraphDocument> {
  const papers = new Map(document.papers.map((p) => [p.id, { ...p }]));
  const recordById = new Map(resolved.filter((r) => r.id).map((r) => [r.id!, r]));
  for (const [id, paper] of papers) {
    const ids = mergedExternalIds(paper.externalIds, recordById.get(id)?.externalIds);
    if (ids.length > 0) paper.externalIds = ids;
  }
  const wanted = [
    ...[...papers.values()].flatMap((p) => p.externalIds ?? []),
    ...[...recordById.values(), ...matched.supplements].flatMap((r) => [
      ...(r.externalIds ?? []),
      ...(r.references ?? []).flatMap((w) => w.externalIds),
    ]),
  ];
  const found = await papersByIds(store, wanted);

  // Stubs holding an id of a batch paper are merged into it.
  const mergedInto = new Map<string, string>();
  for (const [id, paper] of papers) {
    for (const stub of (paper.externalIds ?? []).flatMap((x) => found.get(x) ?? [])) {
      if (!stub.stub || mergedInto.has(stub.id)) continue;
      paper.externalIds = mergedExternalIds(paper.externalIds, stub.externalIds);
      if (stub.id !== id) mergedInto.set(stub.id, id);
    }
  }
  const batchPaperByExternalId = new Map<string, string>();
  for (const [id, paper] of papers)
    for (const x of paper.externalIds ?? []) if (!batchPaperByExternalId.has(x)) batchPaperByExternalId.set(x, id);

  const stubs = new Map<string, PaperNode>();
  const newStubByExternalId = new Map<string, string>();
  /** The paper an external-id list names: in the batch, in the store (a merged stub's paper), a stub made here, or a new stub. */
  const target = (ids: readonly string[], title: string | null | undefined, source: string, abstract = ''): string | null => {
    for (const x of ids) if (batchPaperByExternalId.has(x)) return batchPaperByExternalId.get(x)!;
    const arxiv = ids.map(arxivIdOf).find((a) => a !== null && papers.has(a));
    if (arxiv) return arxiv;
    const stored = ids.flatMap((x) => found.get(x) ?? []).sort((a, b) => Number(!!a.stub) - Number(!!b.stub) || compareStrings(a.id, b.id));
    const known = stored[0]
      ? (mergedInto.get(stored[0].id) ?? stored[0].id)
      : (ids.map((x) => newStubByExternalId.get(x)).find((s) => s) ?? null);
    if (known && papers.has(known)) return known;
    const existing = known ? (stubs.get(known) ?? stored.find((p) => p.id === known) ?? null) : null;
    if (existing && !existing.stub) return existing.id;
    const id = known ?? stubPaperId(ids);
    if (!id || papers.has(id)) return id;
    const stub = stubNode(id, existing, ids, title, abstract, source);
    if (!existing || !sameStub(existing, stub)) stubs.set(id, stub);
    for (const x of stub.externalIds ?? []) newStubByExternalId.set(x, id);
    return id;
  };

  const edges = new Map<string, Relationship & { type: 'CITES' }>();
  const cite = (from: string | null, to: string | null, work: Partial<CitesProps> & { contexts?: string[] }) => {
    if (!from || !to || from === to) return;
    const key = `${from}|${to}`;
    const properties = mergedCites(edges.get(key)?.properties, work);
    edges.set(key, { type: 'CITES', from, to, properties });
  };
  for (const record of recordById.values()) {
    for (const work of record.references ?? []) cite(record.id!, target(work.externalIds, work.title, record.source), citesOf(work));
  }
  for (const record of matched.supplements) {
    const ids = record.externalIds ?? [];
    // A citation with no usable cited id (S2AG's null citedcorpusid) makes no stub of its citing paper either.
    if ((record.references ?? []).length === 0 && record.abstract.trim() === '') continue;
    const from = target(ids, null, record.source, record.abstract);
    for (const work of record.references ?? []) cite(from, target(work.externalIds, work.title, record.source), citesOf(work));
  }

  // The merged stubs' edges, re-pointed.
  const moving = [...mergedInto.keys()];
  if (moving.length > 0) {
    const [outgoing, incoming] = await Promise.all([
      store.relationshipsOf('CITES', 'out', moving),
      store.relationshipsOf('CITES', 'in', moving),
    ]);
    for (const r of [...outgoing.flat(), ...incoming.flat()])
      cite(mergedInto.get(r.from) ?? r.from, mergedInto.get(r.to) ?? r.to, r.properties);
  }
  // What the store holds of these edges is kept and added to.
  const froms = [...new Set([...edges.values()].map((e) => e.from))];
  const stored = await store.relationshipsOf('CITES', 'out', froms);
  for (const r of stored.flat()) {
    const key = `${r.from}|${r.to}`;
    const edge = edges.get(key);
    if (edge) edge.properties = mergedCites(r.properties, edge.properties);
  }
  const storedKeys = new Map(stored.flat().map((r) => [`${r.from}|${r.to}`, r.properties]));
  const changed = [...edges.entries()].filter(
    ([key, e]) => !storedKeys.has(key) || JSON.stringify(storedKeys.get(key)) !== JSON.stringify(e.properties),
  );

  for (const id of mergedInto.keys()) stubs.delete(id);
  return {
    ...document,
    papers: [...papers.values(), ...[...stubs.values()].filter((s) => !papers.has(s.id))],
    relationships: [...document.relationships, ...changed.map(([, e]) => e)],
    removedStubs: [...(document.removedStubs ?? []), ...mergedInto.keys()],
  };
}

/** Store papers by external id, arXiv ids also as paper ids (papers imported before they had external ids). */
async function papersByIds(store: StoreReads, ids: readonly string[]): Promise<Map<string, PaperNode[]>> {
  const unique = [...new Set(ids)];
  const arxiv = unique.flatMap((id) => {
    const a = arxivIdOf(id);
    return a ? [[id, a] as const] : [];
  });
  const [lists, byArxiv] = await Promise.all([
    unique.length > 0 ? store.papersByExternalId(unique) : Promise.resolve([]),
    arxiv.length > 0
      ? store.nodesById(
          'Paper',
          arxiv.map(([, a]) => a),
        )
      : Promise.resolve([]),
  ]);
  const found = new Map(unique.map((id, i) => [id, lists[i] ?? []]));
  arxiv.forEach(([id], i) => {
    const paper = byArxiv[i];
    if (paper && !found.get(id)!.some((p) => p.id === paper.id)) found.set(id, [...found.get(id)!, paper]);
  });
  return found;
}

function stubNode(
  id: string,
  existing: PaperNode | null,
  ids: readonly string[],
  title: string | null | undefined,
  abstract: string,
  source: string,
): PaperNode {
  const arxivId = existing?.arxivId ?? ids.map(arxivIdOf).find((a) => a !== null) ?? null;
  return {
    id,
    title: existing?.title || title?.trim() || '',
    abstract: abstract.length > (existing?.abstract ?? '').length ? abstract : (existing?.abstract ?? ''),
    arxivId,
    url: existing?.url ?? (arxivId ? `https://arxiv.org/abs/${arxivId}` : null),
    publishedAt: existing?.publishedAt ?? null,
    venue: existing?.venue ?? null,
    keywords: existing?.keywords ?? [],
    sources: existing?.sources.length ? existing.sources : [source],
    externalIds: mergedExternalIds(existing?.externalIds, ids),
    stub: true,
  };
}

/** True when writing `next` would change nothing of the stored stub (its sources are merged by the store anyway). */
function sameStub(stored: PaperNode, next: PaperNode): boolean {
  return (
    stored.title === next.title &&
    stored.abstract === next.abstract &&
    JSON.stringify(stored.externalIds ?? []) === JSON.stringify(next.externalIds)
  );
}

function citesOf(work: CitedWork): Partial<CitesProps> {
  return { influential: work.influential, intents: work.intents, contexts: work.contexts };
}

/** Two accounts of one citation as one: influential if either says so, intents and contexts united (contexts capped at three). */
export function mergedCites(a: Partial<CitesProps> | undefined, b: Partial<CitesProps>): CitesProps {
  const intents = [...new Set([...(a?.intents ?? []), ...(b.intents ?? [])])].sort();
  const contexts = [...new Set([...(a?.contexts ?? []), ...(b.contexts ?? [])].map((c) => c.trim()).filter(Boolean))]
    .sort()
    .slice(0, MAX_CONTEXTS);
  return { influential: a?.influential === true || b.influential === true, intents, contexts };
}
