import { normaliseArxivId } from '../../domain/ids.ts';
import type { ImportFormat } from './format.ts';
import { isoDate } from '../isoDate.ts';
import { baseRecord } from './format.ts';

/** arXiv categories that name a topic, as keywords; other categories are left out. */
const CATEGORY_NAMES: Record<string, string> = {
  'cs.AI': 'artificial intelligence',
  'cs.CL': 'natural language processing',
  'cs.CR': 'cryptography and security',
  'cs.CV': 'computer vision',
  'cs.CY': 'computers and society',
  'cs.DC': 'distributed computing',
  'cs.DS': 'data structures and algorithms',
  'cs.GT': 'game theory',
  'cs.HC': 'human-computer interaction',
  'cs.IR': 'information retrieval',
  'cs.IT': 'information theory',
  'cs.LG': 'machine learning',
  'cs.MA': 'multi-agent systems',
  'cs.NE': 'neural and evolutionary computing',
  'cs.RO': 'robotics',
  'cs.SD': 'sound',
  'cs.SI': 'social and information networks',
  'eess.AS': 'audio and speech processing',
  'eess.IV': 'image and video processing',
  'eess.SY': 'systems and control',
  'math.OC': 'optimization and control',
  'math.ST': 'statistics theory',
  'q-bio.NC': 'neurons and cognition',
  'stat.ME': 'statistical methodology',
  'stat.ML': 'machine learning',
};

/**
 * The arXiv metadata snapshot (Kaggle's arxiv-metadata-oai-snapshot.json, JSON lines): { id, title,
 * abstract, authors, authors_parsed: [[last, first, suffix]], categories, versions, update_date,
 * doi, journal-ref }. Published on the first version's date; journal-ref is the venue.
 */
export const arxiv: ImportFormat = {
  name: 'arxiv',
  summary: 'arXiv metadata snapshot (JSON lines): id, title, abstract, authors_parsed, categories, versions, journal-ref',
  matches: (r) => 'authors_parsed' in r || ('categories' in r && 'id' in r && ('versions' in r || 'update_date' in r)),
  read(fields, context) {
    const title = fields.requiredText('title');
    const rawId = fields.requiredText('id');
    const arxivId = normaliseArxivId(rawId);
    if (!arxivId) throw fields.error('id', `expected an arXiv id like 2310.02025 or hep-th/9901001, found ${JSON.stringify(rawId)}`);
    const parsed = fields.get('authors_parsed');
    const authors = Array.isArray(parsed)
      ? parsed.map((parts, i) => {
          if (!Array.isArray(parts) || parts.some((p) => typeof p !== 'string'))
            throw fields.error(`authors_parsed[${i}]`, 'expected [last, first, suffix] strings');
          const [last = '', first = '', suffix = ''] = parts as string[];
          return [first, last, suffix].filter(Boolean).join(' ');
        })
      : fields.strings('authors', /,\s*|\s+and\s+/);
    const versions = fields.objects('versions');
    return {
      ...baseRecord(context, title),
      abstract: fields.text('abstract') ?? '',
      arxivId,
      url: `https://arxiv.org/abs/${arxivId}`,
      publishedAt: isoDate(versions[0]?.get('created')) ?? isoDate(fields.get('update_date')),
      authors,
      venue: fields.text('journal-ref'),
      keywords: [
        ...new Set(
          fields
            .strings('categories', /\s+/)
            .map((c) => CATEGORY_NAMES[c])
            .filter((c): c is string => c !== undefined),
        ),
      ],
      codeLinks: [],
    };
  },
};
