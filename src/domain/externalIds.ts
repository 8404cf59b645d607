import { normaliseArxivId } from './ids.ts';

/**
 * External ids of papers, kept on Paper.externalIds as `scheme:value` strings so one list holds
 * every id a paper was seen with, whatever the source: OpenAlex works, Semantic Scholar corpus
 * ids, DOIs, arXiv ids, MAG and PubMed ids (the last two link OpenAlex and Semantic Scholar).
 */
export const EXTERNAL_ID_SCHEMES = ['arxiv', 'doi', 'openalex', 'corpus', 'mag', 'pmid'] as const;
export type ExternalIdScheme = (typeof EXTERNAL_ID_SCHEMES)[number];

/** Schemes stores index for look-ups by a property of their own (Neo4j cannot index list elements); arXiv ids are paper ids already. */
export const INDEXED_SCHEMES = ['doi', 'openalex', 'corpus', 'mag', 'pmid'] as const satisfies readonly ExternalIdScheme[];

const DIGITS = /^\d+$/;

/**
 * Given a scheme and a value as sources write it (a URL, a prefixed or bare id, a number), produces
 * the external id (`doi:10.7717/peerj.4375`, `openalex:W2741809807`, `corpus:123`), or null when
 * the value is empty or not an id of that scheme. DOIs are lower-cased (they are case-insensitive).
 */
export function externalId(scheme: ExternalIdScheme, value: unknown): string | null {
  if (typeof value === 'number' && Number.isInteger(value)) value = String(value);
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (text === '') return null;
  switch (scheme) {
    case 'arxiv': {
      const id = normaliseArxivId(text.replace(/^https?:\/\/(www\.)?arxiv\.org\/(abs|pdf)\//i, '').replace(/\.pdf$/i, ''));
      return id ? `arxiv:${id}` : null;
    }
    case 'doi': {
      const doi = text
        .replace(/^(https?:\/\/)?(dx\.)?doi\.org\//i, '')
        .replace(/^doi:/i, '')
        .toLowerCase();
      return /^10\.\d{4,9}\/\S+$/.test(doi) ? `doi:${doi}` : null;
    }
    case 'openalex': {
      const match = /^(?:https?:\/\/openalex\.org\/)?(W\d+)$/i.exec(text);
      return match ? `openalex:${match[1]!.toUpperCase()}` : null;
    }
    case 'pmid': {
      const id = text.replace(/^https?:\/\/pubmed\.ncbi\.nlm\.nih\.gov\//i, '').replace(/\/$/, '');
      return DIGITS.test(id) ? `pmid:${id}` : null;
    }
    case 'corpus':
    case 'mag':
      return DIGITS.test(text) ? `${scheme}:${text}` : null;
  }
}

/** The scheme and value of an external id; null for a string that is not one. */
export function parseExternalId(id: string): { scheme: ExternalIdScheme; value: string } | null {
  const colon = id.indexOf(':');
  const scheme = id.slice(0, colon) as ExternalIdScheme;
  return colon > 0 && EXTERNAL_ID_SCHEMES.includes(scheme) ? { scheme, value: id.slice(colon + 1) } : null;
}

/** The arXiv id an external id gives: an arXiv id, or arXiv's own DOI (10.48550/arxiv.2310.02025). */
export function arxivIdOf(id: string): string | null {
  if (id.startsWith('arxiv:')) return id.slice('arxiv:'.length);
  const doi = /^doi:10\.48550\/arxiv\.(.+)$/.exec(id);
  return doi ? normaliseArxivId(doi[1]) : null;
}

/** Ids sorted and each once (the order Paper.externalIds keeps, so a merge does not depend on arrival order). */
export function mergedExternalIds(...lists: (readonly string[] | undefined | null)[]): string[] {
  return [...new Set(lists.flatMap((l) => l ?? []))].sort();
}

/**
 * The id of a stub paper known only by external ids: its arXiv id when it has one (the id the full
 * paper will have), else the first of its ids in scheme order (doi, openalex, corpus, mag, pmid).
 */
export function stubPaperId(ids: readonly string[]): string | null {
  const arxiv = ids.map(arxivIdOf).find((a) => a !== null);
  if (arxiv) return arxiv;
  for (const scheme of EXTERNAL_ID_SCHEMES) {
    const found = ids.filter((id) => id.startsWith(`${scheme}:`)).sort()[0];
    if (found) return found;
  }
  return null;
}
