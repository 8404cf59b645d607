import { arxivIdOf, externalId, mergedExternalIds, type ExternalIdScheme } from '../../domain/externalIds.ts';
import type { RecordFields } from '../recordFields.ts';
import type { ImportFormat } from './format.ts';
import { baseRecord } from './format.ts';

/** Semantic Scholar's externalids keys, by the scheme they are. */
const EXTERNAL_ID_KEYS: Record<string, ExternalIdScheme> = { CorpusId: 'corpus', DOI: 'doi', ArXiv: 'arxiv', MAG: 'mag', PubMed: 'pmid' };

/**
 * The Semantic Scholar Academic Graph datasets (JSON lines), one reader for the three shapes, each
 * joined to the others by corpus id whatever order the files come in:
 * - papers: { corpusid, externalids: { CorpusId, DOI, ArXiv, MAG, PubMed, ... (null when none) },
 *   url, title, authors: [{ authorId, name }], venue, year, publicationdate, journal };
 * - abstracts: { corpusid, abstract, openaccessinfo }: the abstract of the paper with that corpus id
 *   (a stub keeps it until the paper comes);
 * - citations: { citingcorpusid, citedcorpusid (null when S2 could not resolve it), isinfluential,
 *   contexts, intents }: a CITES edge, to and from stubs until their papers come.
 */
export const s2ag: ImportFormat = {
  name: 's2ag',
  summary:
    'Semantic Scholar Academic Graph datasets (JSON lines): papers (corpusid, externalids, title, ...), abstracts (corpusid, abstract), citations (citingcorpusid, citedcorpusid, ...)',
  matches: (r) => 'citingcorpusid' in r || ('corpusid' in r && ('externalids' in r || 'abstract' in r)),
  read(fields, context) {
    if (fields.value.citingcorpusid !== undefined) return citation(fields, context);
    const corpus = corpusId(fields, 'corpusid');
    if (!fields.value.title && 'abstract' in fields.value) {
      return {
        ...baseRecord(context, ''),
        abstract: fields.text('abstract') ?? '',
        arxivId: null,
        url: null,
        publishedAt: null,
        externalIds: [corpus],
      };
    }
    const title = fields.requiredText('title');
    const ids = mergedExternalIds(
      [corpus, ...Object.entries(EXTERNAL_ID_KEYS).map(([key, scheme]) => externalId(scheme, fields.get(`externalids.${key}`)))].filter(
        (id): id is string => id !== null,
      ),
    );
    const arxivId = ids.map(arxivIdOf).find((a) => a !== null) ?? null;
    return {
      ...baseRecord(context, title),
      abstract: fields.text('abstract') ?? '',
      arxivId,
      url: fields.url('url') ?? (arxivId ? `https://arxiv.org/abs/${arxivId}` : null),
      publishedAt: fields.date('publicationdate'),
      authors: fields.strings('authors'),
      // S2 writes "" for no venue; the journal name is the next best.
      venue: fields.firstText('venue', 'journal.name'),
      keywords: [],
      codeLinks: [],
      externalIds: ids,
    };
  },
};

function citation(fields: RecordFields, context: Parameters<ImportFormat['read']>[1]) {
  const citing = corpusId(fields, 'citingcorpusid');
  const cited = fields.has('citedcorpusid') ? corpusId(fields, 'citedcorpusid') : null;
  const intents = fields.get('intents');
  // Intents come as a list of labels, or (older releases) one list of labels per context.
  const labels = Array.isArray(intents)
    ? [...new Set(intents.flat().filter((i): i is string => typeof i === 'string' && i.trim() !== ''))]
    : [];
  return {
    ...baseRecord(context, ''),
    abstract: '',
    arxivId: null,
    url: null,
    publishedAt: null,
    externalIds: [citing],
    references: cited
      ? [
          {
            externalIds: [cited],
            influential: fields.flag('isinfluential') ?? false,
            intents: labels,
            contexts: fields.strings('contexts').slice(0, 3),
          },
        ]
      : [],
  };
}

/** A corpus id field (a number, or digits in a string) as an external id; InputError otherwise. */
function corpusId(fields: RecordFields, path: string): string {
  const id = externalId('corpus', fields.get(path));
  if (!id) throw fields.error(path, `expected a Semantic Scholar corpus id (digits), found ${JSON.stringify(fields.get(path))}`);
  return id;
}
