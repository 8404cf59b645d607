const COMBINING_ACCENTS: Record<string, string> = {
  '"': '\u0308',
  "'": '\u0301',
  '`': '\u0300',
  '^': '\u0302',
  '~': '\u0303',
  '=': '\u0304',
  '.': '\u0307',
  c: '\u0327',
  v: '\u030c',
  u: '\u0306',
  H: '\u030b',
  r: '\u030a',
  k: '\u0328',
};

const TEX_LETTERS: Record<string, string> = {
  ss: 'ß',
  o: 'ø',
  O: 'Ø',
  ae: 'æ',
  AE: 'Æ',
  oe: 'œ',
  OE: 'Œ',
  aa: 'å',
  AA: 'Å',
  l: 'ł',
  L: 'Ł',
  i: 'ı',
};

/** Replaces TeX accent escapes (`H\"older`, `{\'e}`, `\c{c}`, `{\ss}`) by the Unicode letters. */
export function decodeTexEscapes(text: string): string {
  if (!text.includes('\\')) return text;
  return text
    .replace(/\{?\\(["'`^~=.])\s*\{?([A-Za-z])\}?\}?/g, (_m, accent: string, letter: string) =>
      (letter + COMBINING_ACCENTS[accent]).normalize('NFC'),
    )
    .replace(/\{?\\([cvuHrk])\{([A-Za-z])\}\}?/g, (_m, accent: string, letter: string) =>
      (letter + COMBINING_ACCENTS[accent]).normalize('NFC'),
    )
    .replace(
      /\{\\(ss|ae|AE|oe|OE|aa|AA|o|O|l|L|i)\}|\\(ss|ae|AE|oe|OE|aa|AA)(?![A-Za-z])/g,
      (m, a?: string, b?: string) => TEX_LETTERS[(a ?? b)!] ?? m,
    );
}

/**
 * Given a line or paragraph of scraped text, produces clean Unicode text: TeX escapes decoded,
 * TeX quotes (``x'') turned into typographic ones, white space collapsed, NFC normalised.
 */
export function cleanText(text: string): string {
  return decodeTexEscapes(text)
    .replace(/``/g, '\u201c')
    .replace(/''/g, '\u201d')
    .replace(/[\s\u00a0]+/g, ' ')
    .trim()
    .normalize('NFC');
}
