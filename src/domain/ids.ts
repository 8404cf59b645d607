import { normaliseAuthorName } from './authorName.ts';

const MAX_SLUG_LENGTH = 80;

/**
 * Given any text, produces a stable kebab-case ASCII slug ("M-FAC: Efficient ..." ->
 * "m-fac-efficient-..."), cut at a word boundary to at most 80 characters.
 */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= MAX_SLUG_LENGTH) return slug;
  const cut = slug.slice(0, MAX_SLUG_LENGTH + 1);
  const lastDash = cut.lastIndexOf('-');
  return (lastDash > 20 ? cut.slice(0, lastDash) : cut.slice(0, MAX_SLUG_LENGTH)).replace(/-+$/, '');
}

/** New-style arXiv ids (2310.02025) and old-style ones (hep-th/9901001, math.GT/0309136), version kept apart. */
const ARXIV_ID = /^(\d{4}\.\d{4,5}|[a-z][a-z-]*(?:\.[A-Z]{2})?\/\d{7})(v\d+)?$/;

/** A paper's id: its arXiv id (without version) when known, else the slug of its title. */
export function paperId(title: string, arxivId?: string | null): string {
  return normaliseArxivId(arxivId) ?? slugify(title);
}

/** Normalises an arXiv id ("2310.02025v2", "arXiv:2310.02025" -> "2310.02025"); null when it is not one. */
export function normaliseArxivId(value: string | null | undefined): string | null {
  if (!value) return null;
  const match = ARXIV_ID.exec(value.trim().replace(/^arxiv:/i, ''));
  return match?.[1] ?? null;
}

/**
 * The key two records of one paper share whatever their source: the title in lower case, accents
 * and TeX markup dropped, every run of non-letters and non-digits one space. Unlike the slug it is
 * never cut short, and keeps non-Latin letters, so long or non-English titles stay apart.
 */
export function titleKey(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\\[a-z]+\b/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The author-name rule lives in authorName.ts; re-exported here beside authorId. */
export { normaliseAuthorName } from './authorName.ts';

/** An Author node's id: the slug of the normalised name ("Nicolò Cesa-Bianchi" -> "nicolo-cesa-bianchi"). */
export function authorId(name: string): string {
  return slugify(normaliseAuthorName(name));
}
