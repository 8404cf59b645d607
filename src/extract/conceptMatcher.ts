import type { Taxonomy } from './taxonomy.ts';

/** A concept found in a piece of text: where, and as which surface form. */
export interface ConceptMatch {
  conceptId: string;
  start: number;
  end: number;
  text: string;
}

/** Finds taxonomy concepts in text; build once per taxonomy with `compileConceptMatcher`. */
export interface ConceptMatcher {
  /** Non-overlapping matches in text order; at each place the longest form wins. */
  match(text: string): ConceptMatch[];
  /** The concept id a surface form names (exact name or alias, any case, plural or not), if any. */
  lookup(surface: string): string | undefined;
}

/** Acronyms ("ZO", "NTK", "LLM") match case-sensitively; everything else ignores case. */
export function isAcronym(form: string): boolean {
  return form.length <= 6 && !/\s/.test(form) && (form.match(/[A-Z]/g)?.length ?? 0) >= 2;
}

interface Token {
  text: string;
  start: number;
  end: number;
}

interface Form {
  conceptId: string;
  tokens: string[];
  /** What stands between consecutive tokens: "" means a hyphen or white space. */
  separators: string[];
  caseSensitive: boolean;
}

const WORD = /[\p{L}\p{N}]+/gu;
const URL = /\bhttps?:\/\/\S+/g;
const HYPHEN_OR_SPACE = /^[\s\-\u2010-\u2013]+$/u;

function tokenize(text: string): Token[] {
  return [...text.matchAll(WORD)].map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }));
}

function normaliseSeparator(separator: string): string {
  return HYPHEN_OR_SPACE.test(separator) ? '' : separator.replace(/\s+/g, '').replace(/[\u2018\u2019]/g, "'");
}

/** The forms a token may stand for: itself and, for a last word, the singular of a simple plural. */
function singulars(token: string): string[] {
  const out = [token];
  if (token.length > 3 && /ies$/i.test(token)) out.push(`${token.slice(0, -3)}y`);
  if (token.length > 3 && /(?:s|x|z|ch|sh)es$/i.test(token)) out.push(token.slice(0, -2));
  if (token.length > 1 && /s$/i.test(token) && !/ss$/i.test(token)) out.push(token.slice(0, -1));
  return out;
}

function compileForm(conceptId: string, form: string, alwaysCaseSensitive: boolean): Form | null {
  const tokens = tokenize(form);
  if (tokens.length === 0) return null;
  const caseSensitive = alwaysCaseSensitive || isAcronym(form);
  return {
    conceptId,
    tokens: tokens.map((t) => (caseSensitive ? t.text : t.text.toLowerCase())),
    separators: tokens.slice(1).map((t, i) => normaliseSeparator(form.slice(tokens[i]!.end, t.start))),
    caseSensitive,
  };
}

/**
 * Given a taxonomy (or any list of named things), produces a matcher over its names and aliases
 * (every form case-sensitive with `caseSensitive`, as for method names): whole words only, hyphen and
 * space alike, simple plurals of the last word, acronyms case-sensitive, never starting inside a
 * hyphenated compound nor inside a URL. Text is split into words
 * once and forms are looked up by their first word, so matching stays linear in the text
 * whatever the taxonomy's size.
 */
export function compileConceptMatcher(taxonomy: Pick<Taxonomy, 'concepts'>, options: { caseSensitive?: boolean } = {}): ConceptMatcher {
  const byFirstToken = new Map<string, Form[]>();
  const seen = new Set<string>();
  for (const concept of taxonomy.concepts) {
    for (const surface of [concept.name, ...concept.aliases]) {
      const form = compileForm(concept.id, surface, options.caseSensitive ?? false);
      if (!form) continue;
      const key = `${form.caseSensitive ? 'A' : 'a'}|${form.tokens.join(' ')}|${form.separators.join('|')}`;
      if (seen.has(key)) continue; // the first concept to claim a form keeps it
      seen.add(key);
      const first = form.caseSensitive ? `A:${form.tokens[0]}` : `a:${form.tokens[0]}`;
      byFirstToken.set(first, [...(byFirstToken.get(first) ?? []), form]);
    }
  }
  for (const forms of byFirstToken.values()) forms.sort((a, b) => b.tokens.length - a.tokens.length);

  /** Tokens consumed by a form starting at token i, or 0. */
  const matchAt = (text: string, tokens: Token[], i: number, form: Form): number => {
    const n = form.tokens.length;
    if (i + n > tokens.length) return 0;
    for (let k = 0; k < n; k++) {
      const token = tokens[i + k]!;
      const word = form.caseSensitive ? token.text : token.text.toLowerCase();
      const ok = k === n - 1 ? singulars(word).includes(form.tokens[k]!) : word === form.tokens[k];
      if (!ok) return 0;
      if (k > 0 && normaliseSeparator(text.slice(tokens[i + k - 1]!.end, token.start)) !== form.separators[k - 1]) return 0;
    }
    return n;
  };

  const NONE: Form[] = [];
  const candidates = (word: string): Form[] => {
    const exact = byFirstToken.get(`A:${word}`);
    const folded = byFirstToken.get(`a:${word.toLowerCase()}`);
    let out = exact ? (folded ? [...exact, ...folded] : exact) : (folded ?? NONE);
    // A one-word form may be inflected on its first (and only) word.
    if (/[sS]$/.test(word)) {
      for (const singular of singulars(word).slice(1)) {
        const more = [...(byFirstToken.get(`A:${singular}`) ?? []), ...(byFirstToken.get(`a:${singular.toLowerCase()}`) ?? [])].filter((f) => f.tokens.length === 1);
        if (more.length > 0) out = [...out, ...more];
      }
    }
    return out;
  };

  const match = (text: string): ConceptMatch[] => {
    // Words inside URLs ("github.com/.../Federated-Learning") are not mentions.
    const tokens = tokenize(text.replace(URL, (url) => ' '.repeat(url.length)));
    const found: ConceptMatch[] = [];
    for (let i = 0; i < tokens.length; ) {
      // A word hyphen-joined to the one before is the tail of a compound: "entropy" in
      // "cross-entropy", "supervised learning" in "self-supervised learning".
      if (i > 0 && text.slice(tokens[i - 1]!.end, tokens[i]!.start) === '-') {
        i += 1;
        continue;
      }
      let best: { form: Form; length: number; end: number } | null = null;
      for (const form of candidates(tokens[i]!.text)) {
        const length = matchAt(text, tokens, i, form);
        if (length === 0) continue;
        const end = tokens[i + length - 1]!.end;
        if (!best || end > best.end) best = { form, length, end };
      }
      if (!best) {
        i += 1;
        continue;
      }
      const start = tokens[i]!.start;
      found.push({ conceptId: best.form.conceptId, start, end: best.end, text: text.slice(start, best.end) });
      i += best.length;
    }
    return found;
  };

  return {
    match,
    lookup(surface) {
      const trimmed = surface.trim();
      const [only] = match(trimmed);
      return only && only.start === 0 && only.end === trimmed.length ? only.conceptId : undefined;
    },
  };
}
