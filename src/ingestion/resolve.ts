import type { PaperNode } from '../domain/graph.ts';
import { authorId, normaliseArxivId, slugify, titleKey } from '../domain/ids.ts';
import type { PaperRecord } from '../domain/paperRecord.ts';
import type { StoreReads } from '../store/GraphStore.ts';
import { mergedCitationFields } from './citations.ts';

/** A batch's records as one record per paper, with how many records were folded into papers already seen. */
export interface ResolvedBatch {
  records: PaperRecord[];
  /** Records whose paper was seen before: earlier in the run, earlier in the batch, or in the store from another input. */
  merged: number;
  /** The ids of the batch's papers, for the run's `seen` set once the batch is written. */
  ids: string[];
}

interface Group {
  arxivId: string | null;
  key: string;
  records: PaperRecord[];
}

/**
 * The de-duplication rule. One paper is one node:
 *  1. Records with the same arXiv id (version dropped) are one paper; so are records with the same
 *     title key (ids.titleKey: case, accents, punctuation and spacing ignored), unless both carry
 *     arXiv ids and those differ.
 *  2. A paper the store already has keeps its id: the stored paper with the record's arXiv id as
 *     id, else the stored paper with the same title key (and no other arXiv id). Only a new paper
 *     gets a new id: its arXiv id, else the slug of its title.
 *  3. Merging is order-independent where it can be and idempotent everywhere: sources, keywords
 *     and code links are unions; the longest abstract, the longest byline (mergedAuthors) and the
 *     earliest date win; title, arXiv id, URL and venue stay as first stored.
 * So the same paper from two sources (an HF archive record with an arXiv id, a conference list
 * without) is one node listing both sources, in one run or in separate runs, and importing a file
 * again changes nothing.
 *
 * `seen` holds the ids written earlier in this run (for the merged count); it is only read, so
 * resolving may be retried (GraphStore.upsertWith): the caller adds `ids` once the batch is written.
 */
export async function resolvePapers(store: StoreReads, batch: PaperRecord[], seen: ReadonlySet<string>): Promise<ResolvedBatch> {
  const groups = groupRecords(batch);
  const slugs = groups.map((g) => slugify(g.records[0]!.title));
  const candidateIds = [...new Set([...groups.map((g) => g.arxivId).filter((id): id is string => id !== null), ...slugs.filter(Boolean)])];
  const keys = [...new Set(groups.map((g) => g.key))];
  const [byId, byKey] = await Promise.all([
    store.nodesById('Paper', candidateIds).then((nodes) => new Map(nodes.filter((n): n is PaperNode => n !== null).map((n) => [n.id, n]))),
    store.papersByTitleKey(keys).then((lists) => new Map(keys.map((k, i) => [k, lists[i] ?? []]))),
  ]);

  // Two groups can land on one stored paper (one by arXiv id, one by title): they become one.
  const resolved = new Map<string, { existing: PaperNode | null; groups: Group[] }>();
  groups.forEach((g, i) => {
    const existing =
      (g.arxivId ? byId.get(g.arxivId) : undefined) ??
      (byKey.get(g.key) ?? []).find((p) => !g.arxivId || !p.arxivId || p.arxivId === g.arxivId) ??
      (!g.arxivId ? byId.get(slugs[i]!) : undefined) ??
      null;
    const id = existing?.id ?? g.arxivId ?? slugs[i]!;
    if (!id) return; // a title of symbols only: extraction would give it no id either
    const entry = resolved.get(id) ?? { existing, groups: [] };
    entry.groups.push(g);
    resolved.set(id, entry);
  });

  const existingIds = [...resolved].filter(([, r]) => r.existing).map(([id]) => id);
  const authorships = await store.relationshipsOf('AUTHORED_BY', 'out', existingIds);
  const bylines = new Map(
    existingIds.map((id, i) => [
      id,
      [...(authorships[i] ?? [])].sort((a, b) => a.properties.position - b.properties.position).map((r) => r.to),
    ]),
  );

  let merged = 0;
  const records: PaperRecord[] = [];
  for (const [id, { existing, groups: parts }] of resolved) {
    const all = parts.flatMap((g) => g.records);
    const first = all[0]!;
    const seenBefore = seen.has(id) || (existing !== null && !existing.sources.includes(first.source));
    merged += all.length - 1 + (seenBefore ? 1 : 0);
    records.push(mergeRecords(id, existing, all, bylines.get(id) ?? []));
  }
  return { records, merged, ids: [...resolved.keys()] };
}

/** Groups a batch's records by arXiv id and title key (rule 1). */
function groupRecords(batch: PaperRecord[]): Group[] {
  const groups: Group[] = [];
  const byArxiv = new Map<string, Group>();
  const byKey = new Map<string, Group[]>();
  for (const record of batch) {
    const arxivId = normaliseArxivId(record.arxivId);
    const key = titleKey(record.title);
    let group = arxivId ? byArxiv.get(arxivId) : undefined;
    group ??= (byKey.get(key) ?? []).find((g) => !arxivId || !g.arxivId || g.arxivId === arxivId);
    if (!group) {
      group = { arxivId, key, records: [] };
      groups.push(group);
      byKey.set(key, [...(byKey.get(key) ?? []), group]);
    }
    if (arxivId && !group.arxivId) group.arxivId = arxivId;
    if (arxivId) byArxiv.set(arxivId, group);
    group.records.push(record);
  }
  return groups;
}

/** One record for a paper from the stored node (if any), its stored byline (author ids) and the batch's records of it (rule 3). */
function mergeRecords(id: string, existing: PaperNode | null, records: PaperRecord[], byline: string[]): PaperRecord {
  const first = records[0]!;
  const abstracts = [existing?.abstract ?? '', ...records.map((r) => r.abstract)];
  const dates = [existing?.publishedAt, ...records.map((r) => r.publishedAt)].filter((d): d is string => !!d).sort();
  const keywords: string[] = [];
  const keywordSlugs = new Set<string>();
  for (const keyword of [...(existing?.keywords ?? []), ...records.flatMap((r) => r.keywords ?? [])]) {
    const slug = slugify(keyword);
    if (keywordSlugs.has(slug)) continue;
    keywordSlugs.add(slug);
    keywords.push(keyword);
  }
  return {
    ...first,
    id,
    title: existing?.title ?? first.title,
    abstract: abstracts.reduce((best, a) => (a.length > best.length ? a : best), ''),
    arxivId: existing?.arxivId ?? records.map((r) => normaliseArxivId(r.arxivId)).find((a) => a !== null) ?? null,
    url: existing?.url ?? records.find((r) => r.url)?.url ?? null,
    publishedAt: dates[0] ?? null,
    venue: existing?.venue ?? records.find((r) => r.venue)?.venue ?? null,
    keywords,
    authors: mergedAuthors(records, byline),
    codeLinks: records.flatMap((r) => r.codeLinks ?? []),
    methods: records.flatMap((r) => r.methods ?? []),
    ...mergedCitationFields(existing, records),
  };
}

/**
 * The authors to write: the longest list the records give (the first of equally long ones). A
 * paper with a byline already gets it only if it names everyone the byline names, either in the
 * same order (written again, unchanged) or with more authors (a fuller byline from another
 * source); otherwise its byline stays as it is. So bylines only ever grow, and importing the
 * same inputs again changes none.
 */
function mergedAuthors(records: PaperRecord[], byline: string[]): string[] {
  const authors = records.reduce<string[]>((best, r) => ((r.authors ?? []).length > best.length ? (r.authors ?? []) : best), []);
  if (byline.length === 0) return authors;
  const ids = [...new Set(authors.map(authorId).filter(Boolean))];
  const covers = byline.every((id) => ids.includes(id));
  if (ids.length > byline.length && covers) return authors;
  return ids.length === byline.length && ids.every((id, i) => id === byline[i]) ? authors : [];
}
