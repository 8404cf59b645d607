/**
 * An ISO date (YYYY-MM-DD) from a date as sources write it: an ISO date or timestamp, an RFC 2822
 * date ("Mon, 2 Apr 2007 19:18:42 GMT"), epoch milliseconds, or CSL date-parts ([[2024, 6, 30]]).
 * Null when it has no day (a year alone is not a date) or cannot be read.
 */
export function isoDate(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? new Date(value).toISOString().slice(0, 10) : null;
  if (Array.isArray(value)) {
    const [y, m, d] = (Array.isArray(value[0]) ? value[0] : value) as unknown[];
    if (![y, m, d].every((n) => Number.isInteger(Number(n)))) return null;
    return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  }
  if (typeof value !== 'string') return null;
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(value.trim());
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  if (!/\d{1,2}\s+[A-Za-z]{3,}\s+\d{4}|[A-Za-z]{3,}\s+\d{1,2},?\s+\d{4}/.test(value)) return null;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? null : new Date(parsed).toISOString().slice(0, 10);
}
