import { stemAcronym, stemWord } from '../store/readRules.ts';

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
  /** The concept id a surface form names (exact name or alias, any case, any number: stemWord), if any. */
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

/** A token with the keys forms compare it by: its stem (readRules.stemWord, lower case) and its acronym stem (case kept). */
interface KeyedToken extends Token {
  folded: string;
  acronym: string;
}

interface Form {
  /** null for an excluded phrase: it is consumed where it stands, and names nothing. */
  conceptId: string | null;
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

function keyed(tokens: Token[]): KeyedToken[] {
  return tokens.map((t) => ({ ...t, folded: stemWord(t.text.toLowerCase()), acronym: stemAcronym(t.text) }));
}

function normaliseSeparator(separator: string): string {
  return HYPHEN_OR_SPACE.test(separator) ? '' : separator.replace(/\s+/g, '').replace(/[\u2018\u2019]/g, "'");
}

function compileForm(conceptId: string | null, form: string, alwaysCaseSensitive: boolean): Form | null {
  const tokens = keyed(tokenize(form));
  if (tokens.length === 0) return null;
  const caseSensitive = alwaysCaseSensitive || isAcronym(form);
  return {
    conceptId,
    tokens: tokens.map((t) => (caseSensitive ? t.acronym : t.folded)),
    separators: tokens.slice(1).map((t, i) => normaliseSeparator(form.slice(tokens[i]!.end, t.start))),
    caseSensitive,
  };
}

/**
 * Given a taxonomy (or any list of named things), produces a matcher over its names and aliases
 * (every form case-sensitive with `caseSensitive`, as for method names): whole words only, hyphen and
 * space alike, each word compared by its stem (readRules.stemWord: "diffusion models" names
 * "Diffusion model"; acronyms case-sensitive, "LLMs" names "LLM"), never starting inside a
 * hyphenated compound nor inside a URL. A concept's `exclude` phrases (longer terms that hold one
 * of its forms and mean something else: "echo information retrieval") are consumed where they
 * stand and name nothing. Text is split into words once and forms are looked up by their first
 * word, so matching stays linear in the text whatever the taxonomy's size.
 */
export function compileConceptMatcher(
  taxonomy: { concepts: readonly { id: string; name: string; aliases: readonly string[]; exclude?: readonly string[] }[] },
  options: { caseSensitive?: boolean } = {},
): ConceptMatcher {
  const byFirstToken = new Map<string, Form[]>();
  const seen = new Set<string>();
  const add = (conceptId: string | null, surface: string) => {
    const form = compileForm(conceptId, surface, options.caseSensitive ?? false);
    if (!form) return;
    const key = `${form.caseSensitive ? 'A' : 'a'}|${form.tokens.join(' ')}|${form.separators.join('|')}`;
    if (seen.has(key)) return; // the first concept to claim a form keeps it
    seen.add(key);
    const first = form.caseSensitive ? `A:${form.tokens[0]}` : `a:${form.tokens[0]}`;
    byFirstToken.set(first, [...(byFirstToken.get(first) ?? []), form]);
  };
  // Excluded phrases first: a phrase that is also some concept's form stays excluded.
  for (const concept of taxonomy.concepts) for (const phrase of concept.exclude ?? []) add(null, phrase);
  for (const concept of taxonomy.concepts) for (const surface of [concept.name, ...concept.aliases]) add(concept.id, surface);
  for (const forms of byFirstToken.values()) forms.sort((a, b) => b.tokens.length - a.tokens.length);

  /** Tokens consumed by a form starting at token i, or 0. */
  const matchAt = (text: string, tokens: KeyedToken[], i: number, form: Form): number => {
    const n = form.tokens.length;
    if (i + n > tokens.length) return 0;
    for (let k = 0; k < n; k++) {
      const token = tokens[i + k]!;
      if ((form.caseSensitive ? token.acronym : token.folded) !== form.tokens[k]) return 0;
      if (k > 0 && normaliseSeparator(text.slice(tokens[i + k - 1]!.end, token.start)) !== form.separators[k - 1]) return 0;
    }
    return n;
  };

  const NONE: Form[] = [];
  const candidates = (token: KeyedToken): Form[] => {
    const exact = byFirstToken.get(`A:${token.acronym}`);
    const folded = byFirstToken.get(`a:${token.folded}`);
    return exact ? (folded ? [...exact, ...folded] : exact) : (folded ?? NONE);
  };

  const match = (text: string): ConceptMatch[] => {
    // Words inside URLs ("github.com/.../Federated-Learning") are not mentions.
    const tokens = keyed(tokenize(text.replace(URL, (url) => ' '.repeat(url.length))));
    const found: ConceptMatch[] = [];
    for (let i = 0; i < tokens.length;) {
      // A word hyphen-joined to the one before is the tail of a compound: "entropy" in
      // "cross-entropy", "supervised learning" in "self-supervised learning".
      if (i > 0 && text.slice(tokens[i - 1]!.end, tokens[i]!.start) === '-') {
        i += 1;
        continue;
      }
      let best: { form: Form; length: number; end: number } | null = null;
      for (const form of candidates(tokens[i]!)) {
        const length = matchAt(text, tokens, i, form);
        if (length === 0) continue;
        const end = tokens[i + length - 1]!.end;
        if (!best || end > best.end || (end === best.end && best.form.conceptId !== null && form.conceptId === null))
          best = { form, length, end };
      }
      if (!best) {
        i += 1;
        continue;
      }
      const start = tokens[i]!.start;
      if (best.form.conceptId !== null)
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
