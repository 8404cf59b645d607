/** Marks that stand after an author's name for an affiliation or a role: *, daggers, section and pilcrow signs, superscript digits. */
const MARKS = /[\s,]*[*#\u2020\u2021\u00a7\u00b6\u00b9\u00b2\u00b3\u2070-\u2079]+$/u;
/** Affiliation numbers glued to the last word ("Doe1", "Doe1,2"): a name never ends that way. */
const GLUED_NUMBERS = /(?<=\p{L})\d+(?:\s*,\s*\d+)*$/u;
/** A list of affiliation numbers after a space ("Doe 1,2"); one number after a space ("Author 12") is part of the name. */
const LISTED_NUMBERS = /\s+\d+(?:\s*,\s*\d+)+$/u;

/**
 * An author name as written in any source, as one display form: "Last, First" turned round,
 * affiliation marks dropped (a trailing *, dagger or superscript; numbers glued to the last word,
 * "Jane Doe1,2"; a list of numbers, "Jane Doe 1,2"), stray punctuation dropped, spaces collapsed.
 * A number that stands apart is part of the name: "Author 12" and "Author 13" stay two authors.
 * The one rule for author names: Author ids are slugs of it (ids.authorId).
 */
export function normaliseAuthorName(raw: string): string {
  let name = raw
    .normalize('NFC')
    .replace(/[\s\u00a0]+/g, ' ')
    .trim();
  for (let previous = ''; previous !== name;) {
    previous = name;
    name = name
      .replace(MARKS, '')
      .replace(LISTED_NUMBERS, '')
      .replace(/[\s,]+$/, '');
    if (name.includes(' ') || name.includes(',')) name = name.replace(GLUED_NUMBERS, '');
  }
  name = name.replace(/^[\s,;.:*-]+/, '').trim();
  const comma = /^([^,]+),\s*([^,]+)$/.exec(name);
  if (comma && !/^(jr|sr|ii|iii|iv)\.?$/i.test(comma[2]!.trim())) name = `${comma[2]!.trim()} ${comma[1]!.trim()}`;
  return name.replace(/\s+/g, ' ').trim();
}
