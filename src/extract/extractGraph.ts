import { CORPUS_EXTRACTOR, type DiscoveredConcepts } from './discoverPhrases.ts';
import {
  emptyDocument,
  type AuthorNode,
  type ConceptNode,
  type GraphDocument,
  type MethodNode,
  type PaperNode,
  type Relationship,
} from '../domain/graph.ts';
import { paperId, slugify } from '../domain/ids.ts';
import type { PaperRecord } from '../domain/paperRecord.ts';
import { compileConceptMatcher, type ConceptMatcher } from './conceptMatcher.ts';
import { authorship, codeRepositories, keywordMentions, listedMethodEdges, paperKeywords } from './extractSourceFields.ts';
import { methodFromTitle, methodsFromSentences, type MethodCandidate } from './extractMethods.ts';
import { splitSentences, toEvidence, type Sentence } from './sentences.ts';
import type { Taxonomy, TaxonomyConcept } from './taxonomy.ts';

/** Recorded on every MENTIONS edge: which extractor (and taxonomy version) produced it. */
export const MENTIONS_EXTRACTOR = 'taxonomy-matcher/1';
const MAX_EVIDENCE_SENTENCES = 3;
/** Method names shorter than this are too ambiguous to count as a use in another paper. */
const MIN_USED_METHOD_NAME = 3;

/** What extraction produced, with notes on records it merged or passed over. */
export interface Extraction {
  document: GraphDocument;
  warnings: string[];
}

/** How much less a mention of a generic FIELD concept ("Machine learning", "Robotics") weighs. */
export const FIELD_WEIGHT_FACTOR = 0.2;

/** A discovered concept's mention weighs this much of a curated concept's: it is a guess from recurrence, not a curated term. */
const DISCOVERED_WEIGHT_FACTOR = 0.5;

/**
 * The weight of a MENTIONS edge: 0.25 per occurrence plus 0.5 when the title names the concept,
 * capped at 1: a concept in the title, or named four times, is central to the paper. A FIELD
 * concept weighs a fifth of that (at most 0.2, below any other concept named in the text), so
 * generic fields come after the specific concepts and count little in similarity.
 */
export function mentionWeight(count: number, inTitle: boolean, kind?: string): number {
  const weight = Math.min(1, 0.25 * count + (inTitle ? 0.5 : 0));
  return Math.round(weight * (kind === 'FIELD' ? FIELD_WEIGHT_FACTOR : 1) * 100) / 100;
}

/** A taxonomy concept as a graph node. */
export function toConceptNode(c: TaxonomyConcept): ConceptNode {
  return {
    id: c.id,
    name: c.name,
    kind: c.kind,
    aliases: c.aliases,
    description: c.description,
    curated: true,
    ...(c.technique ? { technique: true } : {}),
  };
}

/** The whole taxonomy as a document: every concept with its BROADER and RELATED links. */
export function taxonomyDocument(taxonomy: Taxonomy): GraphDocument {
  return conceptSubgraph(taxonomy, new Set(taxonomy.concepts.map((c) => c.id)));
}

/**
 * Given paper records and the taxonomy, produces the GraphDocument for them: papers, the
 * concepts they mention (with the broader concepts above those), named methods, repositories,
 * and every relationship with its evidence; from the fields some sources add, authors, candidate
 * concepts for keywords the taxonomy lacks, listed methods and code links (extractSourceFields.ts);
 * with `discovered` (discoverPhrases.ts: phrases recurring across the import), mentions of those
 * candidate concepts too, at half the weight of a curated concept's. Pure and deterministic.
 */
export function extractGraph(
  records: PaperRecord[],
  taxonomy: Taxonomy,
  matcher = compileConceptMatcher(taxonomy),
  discovered?: DiscoveredConcepts,
): Extraction {
  const doc = emptyDocument();
  const warnings: string[] = [];
  const papers = new Map<string, PaperNode>();
  const methods = new Map<string, MethodNode>();
  const repositories = new Map<string, GraphDocument['repositories'][number]>();
  const mentioned = new Set<string>();
  const sentencesByPaper = new Map<string, Sentence[]>();
  const conceptById = new Map(taxonomy.concepts.map((c) => [c.id, c]));
  const curatedIds = new Set(conceptById.keys());
  const candidates = new Map<string, ConceptNode>();
  const listedMethods = new Map<string, MethodNode>();
  const authors = new Map<string, AuthorNode>();

  for (const record of records) {
    const id = record.id ?? paperId(record.title, record.arxivId);
    if (!id) {
      warnings.push(`${record.source}:${record.line}: the title "${record.title}" gives no usable id; passed over`);
      continue;
    }
    const existing = papers.get(id);
    if (existing) {
      if (!existing.sources.includes(record.source)) existing.sources.push(record.source);
      warnings.push(`${record.source}:${record.line}: "${record.title}" appears again; kept the first (id ${id})`);
      continue;
    }
    const keywords = paperKeywords(record);
    papers.set(id, {
      id,
      title: record.title,
      abstract: record.abstract,
      arxivId: record.arxivId,
      url: record.url,
      publishedAt: record.publishedAt,
      venue: record.venue ?? null,
      keywords,
      sources: [record.source],
    });
    const sentences: Sentence[] = [{ text: record.title, start: -1 }, ...splitSentences(record.abstract)];
    sentencesByPaper.set(id, sentences);

    const inText = new Set<string>();
    for (const mention of conceptMentions(sentences, matcher)) {
      mentioned.add(mention.conceptId);
      inText.add(mention.conceptId);
      doc.relationships.push({
        type: 'MENTIONS',
        from: id,
        to: mention.conceptId,
        properties: {
          count: mention.count,
          weight: mentionWeight(mention.count, mention.inTitle, conceptById.get(mention.conceptId)?.kind),
          evidence: mention.evidence,
          extractor: MENTIONS_EXTRACTOR,
        },
      });
    }

    if (discovered) {
      for (const mention of conceptMentions(sentences, discovered.matcher)) {
        const concept = discovered.concepts.get(mention.conceptId)!;
        inText.add(concept.id);
        if (!candidates.has(concept.id)) candidates.set(concept.id, concept);
        doc.relationships.push({
          type: 'MENTIONS',
          from: id,
          to: concept.id,
          properties: {
            count: mention.count,
            weight: Math.round(mentionWeight(mention.count, mention.inTitle, concept.kind) * DISCOVERED_WEIGHT_FACTOR * 100) / 100,
            evidence: mention.evidence,
            extractor: CORPUS_EXTRACTOR,
          },
        });
      }
    }

    const fromKeywords = keywordMentions(keywords, id, matcher, curatedIds, inText);
    const fromListed = listedMethodEdges(
      record.methods ?? [],
      id,
      sentences.map((s) => s.text),
      matcher,
      new Set([...inText, ...fromKeywords.curated]),
    );
    for (const c of fromKeywords.concepts) if (!candidates.has(c.id)) candidates.set(c.id, c);
    for (const m of fromListed.methods) if (!listedMethods.has(m.id)) listedMethods.set(m.id, m);
    for (const conceptId of [...fromKeywords.curated, ...fromListed.curated]) mentioned.add(conceptId);
    doc.relationships.push(...fromKeywords.relationships, ...fromListed.relationships);

    const byline = authorship(record, id);
    for (const a of byline.authors) if (!authors.has(a.id)) authors.set(a.id, a);
    doc.relationships.push(...byline.relationships);

    for (const { repository, official, source } of codeRepositories(record)) {
      repositories.set(repository.id, repositories.get(repository.id) ?? repository);
      doc.relationships.push({ type: 'HAS_CODE', from: id, to: repository.id, properties: { official, source } });
    }

    for (const candidate of proposedMethods(record.title, sentences, matcher)) {
      const methodId = slugify(candidate.name);
      if (!methodId) continue;
      if (!methods.has(methodId)) methods.set(methodId, { id: methodId, name: candidate.name, fullName: candidate.fullName });
      doc.relationships.push({ type: 'PROPOSES', from: id, to: methodId, properties: { evidence: [toEvidence(candidate.evidence)] } });
      const applied = new Set<string>();
      for (const text of [record.title, candidate.evidence]) {
        for (const m of matcher.match(text)) {
          if (conceptById.get(m.conceptId)?.kind === 'METHOD') applied.add(m.conceptId);
        }
      }
      for (const conceptId of [...applied].sort()) {
        doc.relationships.push({ type: 'APPLIES', from: methodId, to: conceptId, properties: {} });
      }
    }
  }

  doc.relationships.push(...methodUses(sentencesByPaper, methods, doc.relationships));
  const withAncestors = ancestorsClosure(taxonomy, mentioned);
  const concepts = conceptSubgraph(taxonomy, withAncestors);
  doc.papers = [...papers.values()];
  doc.concepts = [...concepts.concepts, ...[...candidates.values()].filter((c) => !withAncestors.has(c.id))];
  doc.methods = [...methods.values(), ...[...listedMethods.values()].filter((m) => !methods.has(m.id))];
  doc.repositories = [...repositories.values()];
  doc.authors = [...authors.values()];
  doc.relationships = dedupeRelationships([...doc.relationships, ...concepts.relationships]);
  return { document: doc, warnings };
}

interface Mention {
  conceptId: string;
  count: number;
  inTitle: boolean;
  evidence: string[];
}

function conceptMentions(sentences: Sentence[], matcher: ConceptMatcher): Mention[] {
  const byConcept = new Map<string, Mention>();
  sentences.forEach((sentence, index) => {
    for (const m of matcher.match(sentence.text)) {
      let mention = byConcept.get(m.conceptId);
      if (!mention) {
        mention = { conceptId: m.conceptId, count: 0, inTitle: false, evidence: [] };
        byConcept.set(m.conceptId, mention);
      }
      mention.count += 1;
      if (index === 0) mention.inTitle = true;
      const evidence = toEvidence(sentence.text);
      if (mention.evidence.length < MAX_EVIDENCE_SENTENCES && !mention.evidence.includes(evidence)) mention.evidence.push(evidence);
    }
  });
  return [...byConcept.values()].sort((a, b) => a.conceptId.localeCompare(b.conceptId));
}

/** Named methods of one paper, without taxonomy concepts and without a name given twice. */
function proposedMethods(title: string, sentences: Sentence[], matcher: ConceptMatcher): MethodCandidate[] {
  const fromTitle = methodFromTitle(title);
  const candidates: MethodCandidate[] = [
    ...(fromTitle ? [{ name: fromTitle, fullName: null, evidence: title }] : []),
    ...methodsFromSentences(sentences.slice(1)),
  ];
  const kept: MethodCandidate[] = [];
  for (const c of candidates) {
    if (matcher.lookup(c.name) || (c.fullName && matcher.lookup(c.fullName))) continue;
    const same = kept.find(
      (k) =>
        slugify(k.name) === slugify(c.name) ||
        (c.fullName && slugify(c.fullName) === slugify(k.name)) ||
        (k.fullName && slugify(k.fullName) === slugify(c.name)),
    );
    if (same) {
      same.fullName ??= c.fullName && slugify(c.fullName) !== slugify(same.name) ? c.fullName : null;
      continue;
    }
    kept.push({ ...c });
  }
  return kept;
}

/**
 * USES edges: a paper names a method that another paper of the document proposes. Method names
 * are matched case-sensitively on word boundaries, all at once per sentence (linear in the text,
 * whatever the number of methods).
 */
function methodUses(
  sentencesByPaper: Map<string, Sentence[]>,
  methods: Map<string, MethodNode>,
  relationships: Relationship[],
): Relationship[] {
  const proposers = new Map<string, Set<string>>();
  for (const r of relationships) {
    if (r.type === 'PROPOSES') proposers.set(r.to, (proposers.get(r.to) ?? new Set()).add(r.from));
  }
  const named = [...methods.values()].filter((m) => m.name.length >= MIN_USED_METHOD_NAME);
  if (named.length === 0) return [];
  const matcher = compileConceptMatcher(
    { concepts: named.map((m) => ({ id: m.id, name: m.name, aliases: [] })) as unknown as Taxonomy['concepts'] },
    { caseSensitive: true },
  );
  const uses: Relationship[] = [];
  for (const [paper, sentences] of sentencesByPaper) {
    const evidence = new Map<string, string[]>();
    for (const sentence of sentences) {
      for (const m of matcher.match(sentence.text)) {
        if (proposers.get(m.conceptId)?.has(paper)) continue;
        const list = evidence.get(m.conceptId) ?? [];
        const text = toEvidence(sentence.text);
        if (list.length < MAX_EVIDENCE_SENTENCES && !list.includes(text)) list.push(text);
        evidence.set(m.conceptId, list);
      }
    }
    for (const [methodId, sentencesOfUse] of [...evidence].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      uses.push({ type: 'USES', from: paper, to: methodId, properties: { evidence: sentencesOfUse } });
    }
  }
  return uses;
}

function ancestorsClosure(taxonomy: Taxonomy, ids: Set<string>): Set<string> {
  const byId = new Map(taxonomy.concepts.map((c) => [c.id, c]));
  const out = new Set<string>();
  const stack = [...ids];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (out.has(id)) continue;
    out.add(id);
    stack.push(...(byId.get(id)?.broader ?? []));
  }
  return out;
}

function conceptSubgraph(taxonomy: Taxonomy, ids: Set<string>): GraphDocument {
  const doc = emptyDocument();
  for (const c of taxonomy.concepts) {
    if (!ids.has(c.id)) continue;
    doc.concepts.push(toConceptNode(c));
    for (const parent of c.broader) {
      if (ids.has(parent)) doc.relationships.push({ type: 'BROADER', from: c.id, to: parent, properties: {} });
    }
    for (const other of c.related) {
      if (ids.has(other)) doc.relationships.push({ type: 'RELATED', from: c.id, to: other, properties: { weight: 1, source: 'taxonomy' } });
    }
  }
  return doc;
}

function dedupeRelationships(relationships: Relationship[]): Relationship[] {
  const seen = new Map<string, Relationship>();
  for (const r of relationships) {
    const key = `${r.type}|${r.from}|${r.to}`;
    if (!seen.has(key)) seen.set(key, r);
  }
  return [...seen.values()];
}
