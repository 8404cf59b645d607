import { normaliseArxivId } from '../../domain/ids.ts';
import type { RecordFields } from '../recordFields.ts';
import type { ImportFormat } from './format.ts';
import { isoDate } from '../isoDate.ts';
import { baseRecord } from './format.ts';
import { codeFields } from './papercopilot.ts';

/**
 * OpenReview API notes: { id, forum, content: { title, abstract, authors, keywords, venue, code },
 * pdate / cdate }, each content field a value (API v1) or { value } (API v2).
 */
export const openreview: ImportFormat = {
  name: 'openreview',
  summary: 'OpenReview API notes: { id, forum, content: { title, abstract, authors, keywords, venue } } (API v1 or v2)',
  matches: (r) => typeof r.content === 'object' && r.content !== null && 'title' in (r.content as object),
  read(fields, context) {
    const field = (name: string) => (isWrapped(fields, `content.${name}`) ? `content.${name}.value` : `content.${name}`);
    const title = fields.requiredText(field('title'));
    const forum = fields.firstText('forum', 'id');
    const venue = fields.text(field('venue'));
    return {
      ...baseRecord(context, title),
      abstract: fields.text(field('abstract')) ?? '',
      arxivId: normaliseArxivId(fields.text(field('arxiv'))),
      url: forum ? `https://openreview.net/forum?id=${forum}` : null,
      publishedAt: isoDate(fields.get('pdate')) ?? isoDate(fields.get('odate')) ?? isoDate(fields.get('cdate')),
      authors: fields.strings(field('authors')),
      // OpenReview marks submissions that were not accepted in the venue text itself.
      venue: venue && /submitted to|withdrawn|rejected/i.test(venue) ? null : venue,
      keywords: fields.strings(field('keywords'), /[;,]/),
      codeLinks: codeFields(fields, [field('code'), field('github')], 'openreview'),
    };
  },
};

function isWrapped(fields: RecordFields, path: string): boolean {
  const value = fields.get(path);
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'value' in value;
}
