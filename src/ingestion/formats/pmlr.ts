import { normaliseArxivId } from '../../domain/ids.ts';
import type { ImportFormat } from './format.ts';
import { isoDate } from '../isoDate.ts';
import { baseRecord } from './format.ts';
import { codeFields } from './papercopilot.ts';

/**
 * PMLR proceedings as CSL-JSON (the citeproc export of proceedings.mlr.press): { id, title,
 * author: [{ given, family }], container-title, issued: { date-parts }, abstract, URL, PDF }.
 */
export const pmlr: ImportFormat = {
  name: 'pmlr',
  summary: 'PMLR proceedings as CSL-JSON (citeproc): title, author [{ given, family }], container-title, issued, abstract, URL',
  matches: (r) =>
    'title' in r &&
    (('container-title' in r && 'issued' in r) ||
      (Array.isArray(r.author) &&
        typeof r.author[0] === 'object' &&
        r.author[0] !== null &&
        ('family' in r.author[0] || 'given' in r.author[0]))),
  read(fields, context) {
    const title = fields.requiredText('title');
    const authors = fields
      .objects('author')
      .map((a) => [a.text('given'), a.text('family')].filter(Boolean).join(' ') || a.text('literal') || '')
      .filter(Boolean);
    return {
      ...baseRecord(context, title),
      abstract: fields.text('abstract') ?? '',
      arxivId: normaliseArxivId(fields.text('arxiv')),
      url: fields.firstText('URL', 'url', 'PDF'),
      publishedAt: isoDate(fields.get('issued.date-parts')),
      authors,
      venue: fields.firstText('container-title', 'collection-title'),
      keywords: fields.strings('keyword', /[;,]/),
      codeLinks: codeFields(fields, ['github', 'software'], 'pmlr'),
    };
  },
};
