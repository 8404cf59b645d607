import type { Sentence } from './sentences.ts';

/** A named method a paper proposes, with the sentence that says so. */
export interface MethodCandidate {
  name: string;
  fullName: string | null;
  evidence: string;
}

/** Words that open titles ("Beyond X: ...", "Revisiting Y: ...") and are not names. */
const NOT_NAMES = new Set(
  `a an the and or of for in on at to by with from via into over under beyond towards toward when why how what which who where
  is are do does can should rethinking revisiting understanding demystifying position review survey tutorial
  we our this that these those it its there here new novel simple efficient scalable general unified
  deep neural learning training optimization model models network networks method methods algorithm algorithms framework
  approach theory analysis study gradient`.split(/\s+/),
);

/** A token that can only be a name: inner capitals (DeepZero, M-FAC, TrAct), digits (ZO2, YOLOv9) or all caps. */
function isNameLike(token: string): boolean {
  if (!/^[A-Z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*$/.test(token)) return false;
  const capitals = token.match(/[A-Z]/g)?.length ?? 0;
  return capitals >= 2 || (/\d/.test(token) && /[A-Za-z]/.test(token));
}

/** A capitalised word that is not a common English or ML word: "Sophia" but not "Learning". */
function isProperWord(token: string): boolean {
  return /^[A-Z][a-z]{2,}$/.test(token) && !NOT_NAMES.has(token.toLowerCase()) && !/(?:ing|ed|ly|tion|ness)$/.test(token);
}

/**
 * The name in a title's prefix ("M-FAC: Efficient ...", "Sophia: A Scalable ..."), when the
 * prefix looks like a name: one to three capitalised words, at least one of them name-like or
 * a proper word, none of them a function word. "There and Back Again: ..." names nothing.
 */
export function methodFromTitle(title: string): string | null {
  const colon = title.indexOf(':');
  if (colon <= 0) return null;
  const prefix = title.slice(0, colon).trim();
  const words = prefix.split(/\s+/);
  if (words.length > 3) return null;
  if (words.some((w) => !/^[A-Z0-9]/.test(w) || NOT_NAMES.has(w.toLowerCase()))) return null;
  if (words.length === 1) return isNameLike(words[0]!) || isProperWord(words[0]!) ? prefix : null;
  return words.some((w) => isNameLike(w)) || words.every((w) => /^[A-Z][a-z]+$/.test(w)) ? prefix : null;
}

const PROPOSAL =
  /\b(?:we\s+(?:propose|proposed|introduce|introduced|present|presented|develop|developed|design|designed)|called|named|dubbed|termed|coined)\b/gi;
const LEAD_WORDS = new Set(['a', 'an', 'the', 'novel', 'new', 'simple', 'our', 'two', 'this', 'first', 'yet', 'effective']);
const WINDOW_TOKENS = 14;

/**
 * Given a paper's sentences, produces the methods it names as its own: "we propose X",
 * "called X", "named X", "dubbed X", an acronym introduced in the same phrase
 * ("Meta Representations for Agents (MRA)"), only when X looks like a name.
 */
export function methodsFromSentences(sentences: Sentence[]): MethodCandidate[] {
  const found: MethodCandidate[] = [];
  for (const sentence of sentences) {
    for (const trigger of sentence.text.matchAll(PROPOSAL)) {
      const after = sentence.text.slice(trigger.index + trigger[0].length);
      const candidate = nameAfterTrigger(after, /^(?:called|named|dubbed|termed|coined)$/i.test(trigger[0]));
      if (candidate) found.push({ ...candidate, evidence: sentence.text });
    }
  }
  return found;
}

function nameAfterTrigger(after: string, isNaming: boolean): Omit<MethodCandidate, 'evidence'> | null {
  const tokens = after.trim().split(/\s+/).slice(0, WINDOW_TOKENS);
  let i = 0;
  while (i < tokens.length && LEAD_WORDS.has(tokens[i]!.toLowerCase())) i++;
  const first = tokens[i];
  if (!first) return null;
  const firstName = strip(first);

  // '"Adaptive Guidance" (AG)': a quoted phrase names it.
  if (/^["“]/.test(first)) {
    const close = tokens.slice(i).findIndex((t) => /["”][,.;:]?$/.test(t));
    if (close >= 0 && close < 5) {
      const name = tokens
        .slice(i, i + close + 1)
        .map(strip)
        .join(' ');
      if (/^[A-Z]/.test(name)) return { name, fullName: null };
    }
  }
  // "called Gradient-Normalized Smoothness": a run of capitalised words names it.
  if (isNaming) {
    const run = capitalisedRun(tokens.slice(i, i + 5));
    if (run.length >= 2) return { name: run.join(' '), fullName: null };
  }
  // "DeepZero, a principled ...", "ZO2 (Zeroth-Order Offloading)", "Sophia, Second-order ...".
  const continues = /^[A-Z]/.test(tokens[i + 1] ?? '') && !/[,.;:]$/.test(first);
  if ((isNameLike(firstName) && !continues) || (isProperWord(firstName) && /[,.;:]$/.test(first))) {
    return { name: firstName, fullName: expansionAt(tokens, i + 1) };
  }
  if (isProperWord(firstName) && tokens[i + 1]?.startsWith('(')) return { name: firstName, fullName: expansionAt(tokens, i + 1) };
  // "Meta Representations for Agents (MRA)": the acronym names it, the words before expand it.
  for (let j = i + 1; j < tokens.length; j++) {
    if (/[.;:]$/.test(tokens[j - 1]!)) break;
    const paren = /^\(([A-Za-z][A-Za-z0-9-]*)\)[,.;:]?$/.exec(tokens[j]!);
    if (paren && isNameLike(paren[1]!)) {
      const fullName = expansionOf(
        paren[1]!,
        tokens
          .slice(i, j)
          .join(' ')
          .replace(/^.*,\s*/, '')
          .split(/\s+/)
          .map(strip),
      );
      return fullName ? { name: paren[1]!, fullName } : null;
    }
  }
  // "we develop an evaluation framework, DiffROAR, to ...".
  const comma = tokens.slice(i, i + 5).findIndex((t) => t.endsWith(','));
  const next = comma >= 0 ? tokens[i + comma + 1] : undefined;
  if (next && isNameLike(strip(next)) && tokens.slice(i, i + comma + 1).every((t) => /^[a-z]/.test(t))) {
    return { name: strip(next), fullName: expansionAt(tokens, i + comma + 2) };
  }
  return null;
}

function strip(token: string): string {
  return token.replace(/^["“'(]+|["”',.;:)]+$/g, '');
}

function capitalisedRun(tokens: string[]): string[] {
  const run: string[] = [];
  for (const t of tokens) {
    const word = strip(t);
    if (!/^[A-Z][A-Za-z0-9-]*$/.test(word) || (run.length === 0 && NOT_NAMES.has(word.toLowerCase()))) break;
    run.push(word);
    if (/[,.;:)]$/.test(t)) break;
  }
  return run;
}

/** "(Zeroth-Order Offloading)" right after a name: its expansion, if short. */
function expansionAt(tokens: string[], index: number): string | null {
  if (!tokens[index]?.startsWith('(')) return null;
  const close = tokens.slice(index).findIndex((t) => /\)[,.;:]?$/.test(t));
  if (close < 0 || close >= 6) return null;
  return tokens
    .slice(index, index + close + 1)
    .join(' ')
    .replace(/^\(|\)[,.;:]?$/g, '');
}

/**
 * The words an acronym stands for: the shortest tail of the phrase before it whose initials
 * (hyphenated parts included) spell the acronym's capitals in order, from its first letter.
 */
export function expansionOf(acronym: string, words: string[]): string | null {
  const capitals = acronym.replace(/[^A-Z]/g, '').toLowerCase();
  if (!capitals) return null;
  for (let start = words.length - 1; start >= 0 && words.length - start <= 10; start--) {
    const tail = words.slice(start).filter(Boolean);
    if (tail[0]?.[0]?.toLowerCase() !== capitals[0]) continue;
    const initials = tail
      .flatMap((w) => w.split('-'))
      .map((w) => w[0]?.toLowerCase() ?? '')
      .join('');
    let k = 0;
    for (const c of initials) if (c === capitals[k]) k++;
    if (k === capitals.length) return tail.join(' ');
  }
  return null;
}
