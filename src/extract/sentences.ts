/** Abbreviations after which a period does not end a sentence. */
const ABBREVIATIONS = /(?:\b(?:e\.g|i\.e|et al|etc|vs|cf|Fig|Eq|Sec|resp|approx|i\.i\.d|w\.r\.t|Dr|Mr|Ms|No)\.|\b[A-Z]\.)$/;

/** A sentence of a text with its offset in that text. */
export interface Sentence {
  text: string;
  start: number;
}

/**
 * Given a paragraph, produces its sentences in order: split after . ! ? followed by white space
 * and a capital, digit or opening quote, except after common abbreviations ("e.g.", "et al.").
 */
export function splitSentences(paragraph: string): Sentence[] {
  const sentences: Sentence[] = [];
  const boundary = /[.!?]["”')\]]?\s+(?=["“'([]?[A-Z0-9])/g;
  let start = 0;
  for (let m = boundary.exec(paragraph); m; m = boundary.exec(paragraph)) {
    const end = m.index + m[0].trimEnd().length;
    if (ABBREVIATIONS.test(paragraph.slice(Math.max(start, end - 12), end))) continue;
    pushSentence(sentences, paragraph, start, end);
    start = m.index + m[0].length;
  }
  pushSentence(sentences, paragraph, start, paragraph.length);
  return sentences;
}

function pushSentence(out: Sentence[], paragraph: string, start: number, end: number): void {
  const text = paragraph.slice(start, end).trim();
  if (text) out.push({ text, start });
}

const MAX_EVIDENCE_LENGTH = 400;

/** A sentence cut to a length fit to keep as evidence on an edge. */
export function toEvidence(sentence: string): string {
  return sentence.length <= MAX_EVIDENCE_LENGTH ? sentence : `${sentence.slice(0, MAX_EVIDENCE_LENGTH - 1)}…`;
}
