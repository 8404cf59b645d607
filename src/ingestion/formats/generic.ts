import { normaliseArxivId } from '../../domain/ids.ts';
import type { ImportFormat } from './format.ts';
import { baseRecord, isoDate } from './format.ts';
import { codeFields } from './papercopilot.ts';

/**
 * Any JSON record of a paper: a title (or name) and usually an abstract (or summary, description),
 * with common spellings of the other fields: authors (names or { name }), arxiv_id, url, date,
 * venue, keywords or tags, and code fields holding GitHub URLs.
 */
export const generic: ImportFormat = {
  name: 'generic',
  summary: 'plain records: title, abstract (or summary), and optionally authors, arxiv_id, url, date, venue, keywords, github',
  matches: (r) => 'title' in r && ('abstract' in r || 'summary' in r || 'description' in r || 'authors' in r),
  read(fields, context) {
    const title = fields.requiredText('title');
    const arxivText = fields.firstText('arxiv_id', 'arxivId', 'arxiv', 'paper_id', 'eprint');
    return {
      ...baseRecord(context, title),
      abstract: fields.firstText('abstract', 'summary', 'description') ?? '',
      arxivId: normaliseArxivId(arxivText),
      url: fields.firstText('url', 'link', 'html_url', 'pdf_url'),
      publishedAt: isoDate(fields.get('publishedAt')) ?? isoDate(fields.get('published_at')) ?? isoDate(fields.get('published')) ?? isoDate(fields.get('date')),
      authors: fields.strings('authors', /;|,\s+|\s+and\s+/),
      venue: fields.firstText('venue', 'conference', 'journal', 'booktitle'),
      keywords: [...fields.strings('keywords', /[;,]/), ...fields.strings('tags', /[;,]/)],
      codeLinks: codeFields(fields, ['github', 'github_url', 'code', 'code_url', 'repo_url', 'repository'], 'generic'),
    };
  },
};
