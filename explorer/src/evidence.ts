/**
 * Marking a paper's text with the evidence sentences of its concepts (`Paper.concepts.evidence`).
 * Pure string work, no DOM: tests/e2e/evidence.test.ts covers it.
 */

/** A concept's evidence in a paper, and the words that name the concept. */
export interface ConceptEvidence {
  conceptId: string;
  /** The concept's name and aliases: emphasised inside its sentences. */
  terms: readonly string[];
  evidence: readonly string[];
}

/** A run of the text: plain, or inside the evidence of some concepts. */
export interface TextSegment {
  text: string;
  /** Ids of the concepts whose evidence covers this run, in the order given; empty for plain text. */
  conceptIds: string[];
  /** True when the run is a concept's name or alias inside that concept's evidence. */
  term: boolean;
}

/**
 * Given a text (an abstract or a title) and the evidence of some concepts, produces the text cut
 * into runs: each run says which concepts' evidence sentences cover it, and whether it names one of
 * those concepts. Sentences that the extractor cut short (ending in "…") are matched on their
 * kept part; a sentence found nowhere in the text (e.g. the title's, in the abstract) marks
 * nothing. Whitespace differences are tolerated. Joining the runs' text gives the text back.
 */
export function segmentByEvidence(text: string, concepts: readonly ConceptEvidence[]): TextSegment[] {
  const ranges: { start: number; end: number; conceptId: string; term: boolean }[] = [];
  for (const concept of concepts) {
    for (const sentence of concept.evidence) {
      const found = findSentence(text, sentence);
      if (!found) continue;
      ranges.push({ ...found, conceptId: concept.conceptId, term: false });
      for (const term of findTerms(text.slice(found.start, found.end), concept.terms)) {
        ranges.push({ start: found.start + term.start, end: found.start + term.end, conceptId: concept.conceptId, term: true });
      }
    }
  }
  const cuts = [...new Set([0, text.length, ...ranges.flatMap((r) => [r.start, r.end])])].sort((a, b) => a - b);
  const order = new Map(concepts.map((c, index) => [c.conceptId, index]));
  const segments: TextSegment[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const start = cuts[i]!;
    const end = cuts[i + 1]!;
    const covering = ranges.filter((r) => r.start <= start && r.end >= end);
    const conceptIds = [...new Set(covering.filter((r) => !r.term).map((r) => r.conceptId))].sort((a, b) => order.get(a)! - order.get(b)!);
    const term = covering.some((r) => r.term);
    const last = segments[segments.length - 1];
    if (last && last.term === term && sameIds(last.conceptIds, conceptIds)) last.text += text.slice(start, end);
    else segments.push({ text: text.slice(start, end), conceptIds, term });
  }
  return segments;
}

/** Where a sentence (or its kept part, when it ends in "…") occurs in the text, whitespace-insensitively. */
function findSentence(text: string, sentence: string): { start: number; end: number } | null {
  const kept = sentence.replace(/…$/, '').trim();
  if (kept === '') return null;
  const exact = text.indexOf(kept);
  if (exact >= 0) return { start: exact, end: exact + kept.length };
  const pattern = new RegExp(kept.split(/\s+/).map(escapeRegExp).join('\\s+'));
  const match = pattern.exec(text);
  return match ? { start: match.index, end: match.index + match[0].length } : null;
}

/**
 * Occurrences of the terms in a sentence: whole words, case-insensitive, a hyphen matching a
 * space and the reverse, with an optional plural "s" (the extractor matches names the same ways).
 */
function findTerms(sentence: string, terms: readonly string[]): { start: number; end: number }[] {
  const alternatives = terms
    .map((term) => term.trim())
    .filter((term) => term.length > 0)
    .sort((a, b) => b.length - a.length)
    .map((term) =>
      term
        .split(/[\s-]+/)
        .map(escapeRegExp)
        .join('[\\s-]+'),
    );
  if (alternatives.length === 0) return [];
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?:e?s)?(?![\\p{L}\\p{N}])`, 'giu');
  return [...sentence.matchAll(pattern)].map((match) => ({ start: match.index, end: match.index + match[0].length }));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, index) => id === b[index]);
}
