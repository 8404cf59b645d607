import type { PaperRecord } from '../domain/paperRecord.ts';
import { createRandom } from '../generate/random.ts';
import { compareStrings } from '../store/readRules.ts';
import type { ConceptMatcher } from './conceptMatcher.ts';
import { extractGraph, MENTIONS_EXTRACTOR } from './extractGraph.ts';
import type { Taxonomy } from './taxonomy.ts';

/** One sampled mention, for a person to judge: the paper, the concept, and the sentence with the matched words marked. */
export interface SampledMention {
  paperId: string;
  title: string;
  conceptId: string;
  conceptName: string;
  kind: string;
  /** The evidence sentence with the matched words in [[double brackets]]. */
  sentence: string;
}

/** What the quality report says of one source. */
export interface SourceQuality {
  source: string;
  papers: number;
  /** Papers with at least one concept found in their title or abstract (not only in keywords). */
  papersWithTextConcept: number;
  /** Concepts found in the text per paper, on average. */
  conceptsPerPaper: number;
  /** The most frequent concepts found in the text, with the share of papers naming each. */
  topConcepts: { conceptId: string; name: string; kind: string; papers: number; share: number }[];
  sample: SampledMention[];
}

export interface QualityOptions {
  /** How many mentions to sample per source. */
  sampleSize: number;
  /** Seed of the sample: the same seed, records and taxonomy give the same sample. */
  seed: number;
  topConcepts: number;
}

/**
 * Given the records of one source, the taxonomy and its matcher, produces the quality figures of
 * concept extraction on them: coverage (papers with a concept from the text), concepts per paper,
 * the most frequent concepts, and a reproducible random sample of text mentions with the sentence
 * that shows each. Pure: the same input and seed give the same report.
 */
export function sourceQuality(
  source: string,
  records: PaperRecord[],
  taxonomy: Taxonomy,
  matcher: ConceptMatcher,
  options: QualityOptions,
): SourceQuality {
  const { document } = extractGraph(records, taxonomy, matcher);
  const names = new Map(document.concepts.map((c) => [c.id, c]));
  const titles = new Map(document.papers.map((p) => [p.id, p.title]));
  const mentions = document.relationships.filter((r) => r.type === 'MENTIONS' && r.properties.extractor === MENTIONS_EXTRACTOR);
  const byPaper = new Map<string, number>();
  const byConcept = new Map<string, number>();
  for (const m of mentions) {
    byPaper.set(m.from, (byPaper.get(m.from) ?? 0) + 1);
    byConcept.set(m.to, (byConcept.get(m.to) ?? 0) + 1);
  }
  const papers = document.papers.length;
  const random = createRandom(options.seed);
  // A partial Fisher-Yates shuffle over mentions in a fixed order: reproducible whatever the Map order.
  const pool = [...mentions].sort((a, b) => compareStrings(a.from, b.from) || compareStrings(a.to, b.to));
  const sample: SampledMention[] = [];
  for (let i = 0; i < pool.length && sample.length < options.sampleSize; i++) {
    const j = i + Math.floor(random.next() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
    const m = pool[i]!;
    if (m.type !== 'MENTIONS') continue;
    const concept = names.get(m.to);
    const sentence = m.properties.evidence[0] ?? '';
    sample.push({
      paperId: m.from,
      title: titles.get(m.from) ?? '',
      conceptId: m.to,
      conceptName: concept?.name ?? m.to,
      kind: concept?.kind ?? '?',
      sentence: markMatches(sentence, m.to, matcher),
    });
  }
  return {
    source,
    papers,
    papersWithTextConcept: byPaper.size,
    conceptsPerPaper: papers === 0 ? 0 : mentions.length / papers,
    topConcepts: [...byConcept]
      .sort(([a, x], [b, y]) => y - x || compareStrings(a, b))
      .slice(0, options.topConcepts)
      .map(([conceptId, n]) => ({
        conceptId,
        name: names.get(conceptId)?.name ?? conceptId,
        kind: names.get(conceptId)?.kind ?? '?',
        papers: n,
        share: papers === 0 ? 0 : n / papers,
      })),
    sample,
  };
}

/** The sentence with every match of one concept in [[double brackets]]. */
function markMatches(sentence: string, conceptId: string, matcher: ConceptMatcher): string {
  let out = '';
  let at = 0;
  for (const m of matcher.match(sentence)) {
    if (m.conceptId !== conceptId) continue;
    out += `${sentence.slice(at, m.start)}[[${m.text}]]`;
    at = m.end;
  }
  return out + sentence.slice(at);
}

/** The report of one source as text lines for a terminal. */
export function formatSourceQuality(q: SourceQuality): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const lines = [
    `== ${q.source}`,
    `papers: ${q.papers}`,
    `with a concept found in the text: ${q.papersWithTextConcept} (${pct(q.papers === 0 ? 0 : q.papersWithTextConcept / q.papers)})`,
    `concepts per paper (from the text): ${q.conceptsPerPaper.toFixed(2)}`,
    'most frequent concepts:',
    ...q.topConcepts.map((c) => `  ${pct(c.share).padStart(6)}  ${c.name} (${c.kind}, ${c.papers} papers)`),
    `sample of ${q.sample.length} mentions (paper | concept | evidence):`,
    ...q.sample.map((s, i) => `  ${String(i + 1).padStart(3)}. ${s.paperId} | ${s.conceptName} (${s.kind}) | ${s.sentence}`),
  ];
  return lines.join('\n');
}
