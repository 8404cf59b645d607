import type { ImportFormat } from './format.ts';
import { baseRecord } from './format.ts';
import { codeFields } from './papercopilot.ts';

/**
 * Any JSON record of a paper: a title and usually an abstract (or summary, description), with
 * common spellings of the other fields: authors (names or { name }), arxiv_id, url, date, venue,
 * keywords or tags, and code fields holding GitHub URLs. The rules for plain records, which the
 * ingestPapers mutation's records follow too: an arXiv id, a URL (http or https) and a date
 * (YYYY-MM-DD, or a year alone, read as no date) must be what they say when given.
 */
export const generic: ImportFormat = {
  name: 'generic',
  summary: 'plain records: title, abstract (or summary), and optionally authors, arxiv_id, url, date, venue, keywords, github',
  matches: (r) => 'title' in r && ('abstract' in r || 'summary' in r || 'description' in r || 'authors' in r),
  read(fields, context) {
    const title = fields.requiredText('title');
    return {
      ...baseRecord(context, title),
      abstract: fields.firstText('abstract', 'summary', 'description') ?? '',
      arxivId: ['arxiv_id', 'arxivId', 'arxiv', 'paper_id', 'eprint'].reduce<string | null>(
        (found, path) => found ?? fields.arxivId(path),
        null,
      ),
      url: ['url', 'link', 'html_url', 'pdf_url'].reduce<string | null>((found, path) => found ?? fields.url(path), null),
      publishedAt: ['publishedAt', 'published_at', 'published', 'date'].reduce<string | null>(
        (found, path) => found ?? fields.date(path),
        null,
      ),
      authors: fields.strings('authors', /;|,\s+|\s+and\s+/),
      venue: fields.firstText('venue', 'conference', 'journal', 'booktitle'),
      keywords: [...fields.strings('keywords', /[;,]/), ...fields.strings('tags', /[;,]/)],
      codeLinks: codeFields(fields, ['github', 'github_url', 'code', 'code_url', 'repo_url', 'repository'], 'generic'),
    };
  },
};
