import { basename } from 'node:path';
import { normaliseArxivId } from '../../domain/ids.ts';
import type { CodeLink } from '../../domain/paperRecord.ts';
import type { RecordFields } from '../recordFields.ts';
import type { ImportFormat } from './format.ts';
import { baseRecord } from './format.ts';

/** Decisions after which a paper did not appear at the venue: it gets no venue. */
const NOT_PUBLISHED = /^(reject|rejected|withdraw|withdrawn|desk reject|desk rejected)$/i;

/**
 * Paper Copilot conference lists (OpenReview and PMLR venues scraped to one flat shape): id,
 * title, abstract, keywords and author as ";"-separated strings, github (a URL or a Markdown link),
 * site, pdf, status. The venue comes from a file named like iclr2018.json, for accepted papers.
 */
export const papercopilot: ImportFormat = {
  name: 'papercopilot',
  summary: 'Paper Copilot / OpenReview / PMLR conference lists: title, abstract, author and keywords ";"-separated, github, site, status',
  matches: (r) => 'title' in r && (typeof r.author === 'string' || 'site' in r || 'bibtex' in r || ('track' in r && 'status' in r)),
  read(fields, context) {
    const title = fields.requiredText('title');
    const status = fields.text('status');
    return {
      ...baseRecord(context, title),
      abstract: fields.text('abstract') ?? '',
      arxivId: normaliseArxivId(fields.firstText('arxiv', 'arxiv_id')),
      url: fields.firstText('site', 'pdf', 'url'),
      publishedAt: null,
      authors: fields.strings('author').length > 0 ? fields.strings('author') : fields.strings('authors'),
      venue: fields.text('venue') ?? (status && NOT_PUBLISHED.test(status) ? null : venueFromFileName(context.file)),
      keywords: fields.strings('keywords'),
      codeLinks: codeFields(fields, ['github', 'project', 'code'], 'papercopilot'),
    };
  },
};

/** "ICLR 2018" from iclr2018.json; null for a name not shaped like a venue and a year. */
export function venueFromFileName(file: string): string | null {
  const match = /^([a-z]+)[-_]?(\d{4})$/i.exec(basename(file).replace(/\.(jsonl?|ndjson)$/i, ''));
  return match ? `${match[1]!.toUpperCase()} ${match[2]}` : null;
}

/** Code links in text fields (plain URLs, Markdown links, several per field); extraction keeps the GitHub ones. */
export function codeFields(fields: RecordFields, paths: string[], source: string, official = true): CodeLink[] {
  return paths.flatMap((path) => {
    const text = fields.text(path);
    return text && /github\.com/i.test(text) ? [{ url: text, official, source }] : [];
  });
}
