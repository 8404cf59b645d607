/** The year of a paper as filters and the YEAR facet read it: the first four digits of publishedAt, or null (Cypher: toInteger(left(p.publishedAt, 4))). */
export function paperYear(publishedAt: unknown): number | null {
  return typeof publishedAt === 'string' && /^\d{4}/.test(publishedAt) ? Number(publishedAt.slice(0, 4)) : null;
}
