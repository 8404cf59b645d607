import { normaliseArxivId } from '../../domain/ids.ts';
import type { ImportFormat } from './format.ts';
import { isoDate } from '../isoDate.ts';
import { baseRecord } from './format.ts';

/**
 * Hugging Face Daily Papers: the archive's records ({ date, paper_id, title, authors, abstract,
 * summary_en, github_url, ... }) and the HF API's ({ paper: { id, title, summary, authors: [{ name }],
 * publishedAt, githubRepo } }). The archive's abstract starts with its one-sentence AI summary
 * (summary_en); it is cut off so the paper's own abstract is what gets compared and extracted.
 */
export const hfDaily: ImportFormat = {
  name: 'hf-daily',
  summary:
    'Hugging Face Daily Papers: the archive (paper_id, title, authors, abstract, github_url) or the API ({ paper: { id, title, summary } })',
  matches: (r) => ('paper_id' in r && 'title' in r) || (typeof r.paper === 'object' && r.paper !== null && 'title' in (r.paper as object)),
  read(fields, context) {
    const api = fields.has('paper');
    const at = (name: string) => (api ? `paper.${name}` : name);
    const title = fields.requiredText(at('title'));
    const arxivField = api ? 'paper.id' : 'paper_id';
    const arxivId = normaliseArxivId(fields.text(arxivField));
    if (fields.text(arxivField) && !arxivId)
      throw fields.error(arxivField, `expected an arXiv id like 2310.02025, found ${JSON.stringify(fields.text(arxivField))}`);
    const abstract = api ? (fields.text('paper.summary') ?? '') : withoutSummary(fields.text('abstract') ?? '', fields.text('summary_en'));
    const github = fields.firstText(at('github_url'), at('githubRepo'));
    return {
      ...baseRecord(context, title),
      // The archive's abstracts put a space before punctuation around highlighted terms ("agents ."): undone.
      abstract: abstract.replace(/\s+([.,;:!?)])/g, '$1'),
      arxivId,
      url: fields.firstText('arxiv_url', 'hf_url') ?? (arxivId ? `https://arxiv.org/abs/${arxivId}` : null),
      publishedAt: isoDate(fields.get(api ? 'paper.publishedAt' : 'date')) ?? isoDate(fields.get('publishedAt')),
      authors: fields.strings(at('authors')),
      venue: null,
      keywords: [],
      codeLinks: github ? [{ url: github, official: true, source: 'hf-daily' }] : [],
    };
  },
};

function withoutSummary(abstract: string, summary: string | null): string {
  if (!summary || !abstract.startsWith(summary) || abstract.length === summary.length) return abstract;
  return abstract.slice(summary.length).trim();
}
