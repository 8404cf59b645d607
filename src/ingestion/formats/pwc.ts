import { normaliseArxivId } from '../../domain/ids.ts';
import type { ImportFormat } from './format.ts';
import { isoDate } from '../isoDate.ts';
import { baseRecord } from './format.ts';

/**
 * Papers with Code `papers-with-abstracts.json`: { paper_url, arxiv_id, title, abstract, url_abs,
 * url_pdf, proceeding, authors, tasks, date, methods: [{ name, full_name, ... }] }. Tasks become
 * keywords, methods listed methods (USES, or MENTIONS of a curated concept).
 */
export const pwcPapers: ImportFormat = {
  name: 'pwc-papers',
  summary:
    'Papers with Code papers-with-abstracts.json: paper_url, arxiv_id, title, abstract, authors, tasks, methods [{ name, full_name }]',
  matches: (r) => 'paper_url' in r && 'title' in r && ('url_abs' in r || 'methods' in r || 'tasks' in r || 'arxiv_id' in r),
  read(fields, context) {
    const title = fields.requiredText('title');
    const arxivId = normaliseArxivId(fields.text('arxiv_id'));
    return {
      ...baseRecord(context, title),
      abstract: fields.text('abstract') ?? '',
      arxivId,
      url: fields.firstText('url_abs', 'paper_url'),
      publishedAt: isoDate(fields.get('date')),
      authors: fields.strings('authors', /;|,\s+/),
      venue: fields.text('proceeding'),
      keywords: fields.strings('tasks'),
      methods: fields.objects('methods').map((m) => ({ name: m.requiredText('name'), fullName: m.text('full_name') })),
      codeLinks: [],
    };
  },
};

/**
 * Papers with Code `links-between-papers-and-code.json`: { paper_url, paper_title, paper_arxiv_id,
 * repo_url, is_official, ... }. A row is a code link; it lands on the paper with that arXiv id or
 * title, creating it (title only) when no import brought it yet.
 */
export const pwcLinks: ImportFormat = {
  name: 'pwc-links',
  summary: 'Papers with Code links-between-papers-and-code.json: paper_title, paper_arxiv_id, repo_url, is_official',
  matches: (r) => 'repo_url' in r && ('paper_title' in r || 'paper_url' in r),
  read(fields, context) {
    const title = fields.requiredText('paper_title');
    const repo = fields.requiredText('repo_url');
    return {
      ...baseRecord(context, title),
      abstract: '',
      arxivId: normaliseArxivId(fields.text('paper_arxiv_id')),
      url: fields.text('paper_url'),
      publishedAt: null,
      authors: [],
      venue: null,
      keywords: [],
      codeLinks: [{ url: repo, official: fields.flag('is_official') ?? false, source: 'pwc-links' }],
    };
  },
};
