import { compareStrings, nameKey } from './readRules.ts';

/** Alternatives below this similarity are not worth suggesting. */
const MIN_SIMILARITY = 0.3;

function trigrams(key: string): Set<string> {
  const padded = `  ${key} `;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3));
  return out;
}

/** Dice similarity of the letter trigrams of two name keys: 2·|A∩B| / (|A|+|B|). */
export function nameSimilarity(a: string, b: string): number {
  const x = trigrams(a);
  const y = trigrams(b);
  let common = 0;
  for (const t of x) if (y.has(t)) common += 1;
  return (2 * common) / (x.size + y.size);
}

/**
 * Given a name and the named nodes of one label (id and every name or alias), produces the
 * nearest: each node once with its nearest name, by the Dice similarity of the letter trigrams of
 * the name keys (readRules.nameKey: stemmed, so number does not count), at least MIN_SIMILARITY,
 * best first, ties by id. Both stores rank with this one function.
 */
export function rankNameAlternatives(
  name: string,
  candidates: Iterable<{ id: string; names: readonly string[] }>,
  first: number,
): { id: string; name: string; similarity: number }[] {
  const wanted = nameKey(name);
  if (!wanted) return [];
  const found: { id: string; name: string; similarity: number }[] = [];
  for (const c of candidates) {
    let best: { name: string; similarity: number } | null = null;
    for (const n of c.names) {
      const similarity = nameSimilarity(wanted, nameKey(n));
      if (!best || similarity > best.similarity) best = { name: n, similarity };
    }
    if (best && best.similarity >= MIN_SIMILARITY) found.push({ id: c.id, ...best });
  }
  return found.sort((a, b) => b.similarity - a.similarity || compareStrings(a.id, b.id)).slice(0, first);
}
