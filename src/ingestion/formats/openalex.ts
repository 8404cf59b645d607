import { cleanText } from '../../domain/cleanText.ts';
import { arxivIdOf, externalId, mergedExternalIds } from '../../domain/externalIds.ts';
import type { CitedWork } from '../../domain/paperRecord.ts';
import type { RecordFields } from '../recordFields.ts';
import type { ImportFormat } from './format.ts';
import { baseRecord } from './format.ts';

/**
 * OpenAlex works, as the snapshot ships them (JSON lines) and as the API answers (`{ meta,
 * results: [...] }`): { id: "https://openalex.org/W...", doi: "https://doi.org/..." or null,
 * title, display_name, publication_date, ids: { openalex, doi, mag, pmid, arxiv? }, authorships:
 * [{ author: { display_name } , raw_author_name }], primary_location: { landing_page_url, source:
 * { display_name } }, abstract_inverted_index (word -> positions) or null, referenced_works: [ids] }.
 * The abstract is rebuilt from its inverted index; referenced works become CITES edges
 * (ingestion/citations.ts); arXiv's DOIs (10.48550/arxiv.*) and arXiv landing pages give the arXiv id.
 */
export const openalex: ImportFormat = {
  name: 'openalex',
  summary:
    'OpenAlex works (snapshot JSON lines or API results): id, doi, title, authorships, primary_location, abstract_inverted_index, referenced_works',
  matches: (r) =>
    (typeof r.id === 'string' && /^https?:\/\/openalex\.org\/W\d+$/i.test(r.id)) ||
    ('abstract_inverted_index' in r && 'display_name' in r) ||
    ('referenced_works' in r && 'authorships' in r),
  read(fields, context) {
    const title = fields.firstText('title', 'display_name') ?? fields.requiredText('title');
    const ids = mergedExternalIds(
      [
        externalId('openalex', fields.get('id')),
        externalId('openalex', fields.get('ids.openalex')),
        externalId('doi', fields.get('doi')),
        externalId('doi', fields.get('ids.doi')),
        externalId('mag', fields.get('ids.mag')),
        externalId('pmid', fields.get('ids.pmid')),
        externalId('arxiv', fields.get('ids.arxiv')),
        externalId('arxiv', landingArxivPage(fields)),
      ].filter((id): id is string => id !== null),
    );
    if (!ids.some((id) => id.startsWith('openalex:')))
      throw fields.error(
        'id',
        `expected an OpenAlex work id like https://openalex.org/W2741809807, found ${JSON.stringify(fields.get('id'))}`,
      );
    const arxivId = ids.map(arxivIdOf).find((a) => a !== null) ?? null;
    const doi = ids.find((id) => id.startsWith('doi:'));
    return {
      ...baseRecord(context, title),
      abstract: abstractFromInvertedIndex(fields),
      arxivId,
      url:
        fields.url('primary_location.landing_page_url') ??
        (doi ? `https://doi.org/${doi.slice(4)}` : arxivId ? `https://arxiv.org/abs/${arxivId}` : null),
      publishedAt: fields.date('publication_date'),
      authors: fields
        .objects('authorships')
        .map((a) => a.firstText('author.display_name', 'raw_author_name') ?? '')
        .filter(Boolean),
      venue: fields.text('primary_location.source.display_name'),
      keywords: fields
        .objects('keywords')
        .map((k) => k.text('display_name') ?? '')
        .filter(Boolean),
      codeLinks: [],
      externalIds: ids,
      references: referencedWorks(fields),
    };
  },
};

/** The arXiv landing page of a work whose primary location is arXiv, if it is. */
function landingArxivPage(fields: RecordFields): string | null {
  const url = fields.get('primary_location.landing_page_url');
  return typeof url === 'string' && /arxiv\.org\/(abs|pdf)\//i.test(url) ? url : null;
}

/**
 * The abstract OpenAlex keeps as an inverted index ({ word: [positions] }, for legal reasons),
 * written out in position order; '' when it is null or absent. Positions OpenAlex skips are skipped.
 */
export function abstractFromInvertedIndex(fields: RecordFields): string {
  const index = fields.get('abstract_inverted_index');
  if (index === null || index === undefined) return '';
  if (typeof index !== 'object' || Array.isArray(index))
    throw fields.error('abstract_inverted_index', 'expected an object of word -> positions, or null');
  const words: string[] = [];
  for (const [word, positions] of Object.entries(index as Record<string, unknown>)) {
    if (!Array.isArray(positions) || positions.some((p) => !Number.isInteger(p) || (p as number) < 0)) {
      throw fields.error(`abstract_inverted_index.${word}`, `expected a list of word positions, found ${JSON.stringify(positions)}`);
    }
    for (const p of positions as number[]) words[p] = word;
  }
  return cleanText(words.filter((w) => w !== undefined).join(' '));
}

function referencedWorks(fields: RecordFields): CitedWork[] {
  const works = fields.get('referenced_works');
  if (works === undefined || works === null) return [];
  if (!Array.isArray(works)) throw fields.error('referenced_works', 'expected a list of OpenAlex work ids');
  return works.flatMap((w, i) => {
    const id = externalId('openalex', w);
    if (!id)
      throw fields.error(
        `referenced_works[${i}]`,
        `expected an OpenAlex work id like https://openalex.org/W2741809807, found ${JSON.stringify(w)}`,
      );
    return [{ externalIds: [id] }];
  });
}
