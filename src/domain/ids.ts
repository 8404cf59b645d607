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

const ARXIV_ID = /^(\d{4}\.\d{4,5})(v\d+)?$/;

/** A paper's id: its arXiv id (without version) when known, else the slug of its title. */
export function paperId(title: string, arxivId?: string | null): string {
  const match = arxivId ? ARXIV_ID.exec(arxivId.trim()) : null;
  return match?.[1] ?? slugify(title);
}

/** Normalises an arXiv id ("2310.02025v2" -> "2310.02025"); null when it is not one. */
export function normaliseArxivId(value: string | null | undefined): string | null {
  if (!value) return null;
  const match = ARXIV_ID.exec(value.trim().replace(/^arxiv:/i, ''));
  return match?.[1] ?? null;
}
