import type { AuthorNode, ConceptKind, ConceptNode, MethodNode, Relationship, RepositoryNode } from '../domain/graph.ts';
import { authorId, normaliseAuthorName, slugify } from '../domain/ids.ts';
import { cleanText } from '../domain/cleanText.ts';
import type { CodeLink, ListedMethod, PaperRecord } from '../domain/paperRecord.ts';
import type { ConceptMatcher } from './conceptMatcher.ts';
import { extractRepositories } from './extractRepositories.ts';

/** Recorded on MENTIONS edges that come from a source's keyword list, not from the text. */
export const KEYWORDS_EXTRACTOR = 'source-keywords';
/** Recorded on MENTIONS edges to a curated concept that a source lists as a method the paper uses. */
export const LISTED_METHODS_EXTRACTOR = 'source-methods';
/** The weight of a mention only a keyword list makes: as strong as the title naming it (see mentionWeight). */
export const KEYWORD_MENTION_WEIGHT = 0.5;
/** HAS_CODE.source of a GitHub URL found in the abstract. */
export const ABSTRACT_CODE_SOURCE = 'abstract';

const MAX_KEYWORD_LENGTH = 60;
const MAX_KEYWORDS = 20;

/**
 * How much a code link's origin is trusted, highest first: a source's own code field (rank 2),
 * a Papers with Code link row (1), a URL in the abstract (0). When two origins link the same
 * repository, the higher rank's `official` and `source` are kept, whatever the import order.
 */
export function codeSourceRank(source: string): number {
  if (source === ABSTRACT_CODE_SOURCE) return 0;
  if (source === 'pwc-links') return 1;
  return 2;
}

/** Author nodes and AUTHORED_BY edges (position 1, 2, ...) of one paper; a name given twice counts once. */
export function authorship(record: PaperRecord, paperId: string): { authors: AuthorNode[]; relationships: Relationship[] } {
  const authors: AuthorNode[] = [];
  const relationships: Relationship[] = [];
  for (const raw of record.authors ?? []) {
    const name = normaliseAuthorName(cleanText(raw));
    const id = authorId(name);
    if (!id || authors.some((a) => a.id === id)) continue;
    authors.push({ id, name });
    relationships.push({ type: 'AUTHORED_BY', from: paperId, to: id, properties: { position: authors.length } });
  }
  return { authors, relationships };
}

/** The keywords of a record as kept on the Paper node: cleaned, one per case-insensitive spelling, at most 20. */
export function paperKeywords(record: PaperRecord): string[] {
  const kept: string[] = [];
  const seen = new Set<string>();
  for (const raw of record.keywords ?? []) {
    const keyword = cleanText(raw).replace(/^[\s.,;:]+|[\s.,;:]+$/g, '');
    const slug = slugify(keyword);
    if (!slug || keyword.length > MAX_KEYWORD_LENGTH || /^\d+$/.test(slug) || seen.has(slug)) continue;
    seen.add(slug);
    kept.push(keyword);
    if (kept.length === MAX_KEYWORDS) break;
  }
  return kept;
}

/**
 * The kind of a concept only a keyword names, by its last words: datasets and benchmarks,
 * metrics, models and architectures, theory, properties, techniques; anything else a TASK.
 */
export function candidateKind(keyword: string): ConceptKind {
  const k = keyword.toLowerCase();
  if (/\b(dataset|datasets|benchmark|benchmarks|corpus|corpora)$/.test(k)) return 'DATASET';
  if (/\b(accuracy|score|metric|metrics|error rate|bleu|auc|f1)$/.test(k)) return 'METRIC';
  if (
    /\b(network|networks|model|models|transformer|transformers|autoencoder|autoencoders|architecture|architectures|gan|gans|lstm|rnn|cnn|bert|gpt|llm|llms)$/.test(
      k,
    )
  )
    return 'MODEL';
  if (/\b(bound|bounds|theorem|theory|complexity|convergence|regret|lower bound|analysis)$/.test(k)) return 'THEORY';
  if (/\b(robustness|fairness|interpretability|explainability|privacy|sparsity|stability|calibration|efficiency|generalization)$/.test(k))
    return 'PROPERTY';
  if (
    /\b(learning|optimization|descent|sampling|inference|regularization|pruning|quantization|distillation|augmentation|attention|search|estimation|method|methods|algorithm|algorithms|training|tuning)$/.test(
      k,
    )
  )
    return 'METHOD';
  return 'TASK';
}

/**
 * MENTIONS edges for a paper's source keywords: a keyword the taxonomy knows links to the curated
 * concept, any other to a candidate concept (curated: false, id the keyword's slug). Concepts the
 * text already mentions keep the text's edge. Returns the edges and the candidate concepts.
 */
export function keywordMentions(
  keywords: string[],
  paperId: string,
  matcher: ConceptMatcher,
  curatedIds: ReadonlySet<string>,
  alreadyMentioned: ReadonlySet<string>,
): { concepts: ConceptNode[]; relationships: Relationship[]; curated: string[] } {
  const concepts: ConceptNode[] = [];
  const relationships: Relationship[] = [];
  const curated: string[] = [];
  const linked = new Set(alreadyMentioned);
  const evidence = `Keywords: ${keywords.join('; ')}`;
  for (const keyword of keywords) {
    const slug = slugify(keyword);
    const known = lookupKeyword(matcher, keyword) ?? (curatedIds.has(slug) ? slug : undefined);
    const conceptId = known ?? slug;
    if (linked.has(conceptId)) continue;
    linked.add(conceptId);
    if (known) curated.push(known);
    else concepts.push({ id: slug, name: keyword, kind: candidateKind(keyword), aliases: [], description: null, curated: false });
    relationships.push({
      type: 'MENTIONS',
      from: paperId,
      to: conceptId,
      properties: {
        count: 1,
        weight: KEYWORD_MENTION_WEIGHT,
        evidence: [evidence.length > 400 ? `${evidence.slice(0, 399)}…` : evidence],
        extractor: KEYWORDS_EXTRACTOR,
      },
    });
  }
  return { concepts, relationships, curated };
}

/**
 * The curated concept a keyword names: as written, or, for a short lower-case keyword, as the
 * acronym keyword lists often write in lower case ("gan", "rnns", "sgd"; acronyms match
 * case-sensitively in text).
 */
export function lookupKeyword(matcher: ConceptMatcher, keyword: string): string | undefined {
  const known = cachedLookup(matcher, keyword);
  if (known || keyword.length > 6 || keyword !== keyword.toLowerCase()) return known;
  return cachedLookup(matcher, keyword.toUpperCase());
}

/** Lookups of each matcher, remembered: the same keywords and method names come back paper after paper. */
const lookups = new WeakMap<ConceptMatcher, Map<string, string | undefined>>();
const MAX_REMEMBERED_LOOKUPS = 100_000;

function cachedLookup(matcher: ConceptMatcher, surface: string): string | undefined {
  let cache = lookups.get(matcher);
  if (!cache) lookups.set(matcher, (cache = new Map()));
  if (cache.has(surface)) return cache.get(surface);
  const found = matcher.lookup(surface);
  if (cache.size >= MAX_REMEMBERED_LOOKUPS) cache.clear();
  cache.set(surface, found);
  return found;
}

/**
 * Edges for the methods a source lists for a paper: a method the taxonomy knows (by name or full
 * name) is a MENTIONS of that concept, any other a Method node with a USES edge whose evidence is
 * the sentences naming it (none when the text does not).
 */
export function listedMethodEdges(
  listed: ListedMethod[],
  paperId: string,
  sentences: string[],
  matcher: ConceptMatcher,
  alreadyMentioned: ReadonlySet<string>,
): { methods: MethodNode[]; relationships: Relationship[]; curated: string[] } {
  const methods: MethodNode[] = [];
  const relationships: Relationship[] = [];
  const curated: string[] = [];
  const linked = new Set(alreadyMentioned);
  for (const method of listed) {
    const name = cleanText(method.name);
    const fullName = method.fullName ? cleanText(method.fullName) : null;
    const id = slugify(name);
    if (!id) continue;
    const known = cachedLookup(matcher, name) ?? (fullName ? cachedLookup(matcher, fullName) : undefined);
    if (known) {
      if (linked.has(known)) continue;
      linked.add(known);
      curated.push(known);
      relationships.push({
        type: 'MENTIONS',
        from: paperId,
        to: known,
        properties: {
          count: 1,
          weight: KEYWORD_MENTION_WEIGHT,
          evidence: [`Methods: ${fullName ?? name}`],
          extractor: LISTED_METHODS_EXTRACTOR,
        },
      });
      continue;
    }
    if (methods.some((m) => m.id === id)) continue;
    methods.push({ id, name, fullName: fullName && slugify(fullName) !== id ? fullName : null });
    const evidence = sentences.filter((s) => s.includes(name)).slice(0, 3);
    relationships.push({ type: 'USES', from: paperId, to: id, properties: { evidence } });
  }
  return { methods, relationships, curated };
}

/**
 * A paper's repositories, each once, the best-ranked origin first (codeSourceRank): the record's
 * code links (plain URLs or Markdown links), then GitHub URLs in the abstract or the paper URL.
 */
export function codeRepositories(record: PaperRecord): { repository: RepositoryNode; official: boolean; source: string }[] {
  const found: { repository: RepositoryNode; official: boolean; source: string }[] = [];
  const links: CodeLink[] = [...(record.codeLinks ?? [])].sort((a, b) => codeSourceRank(b.source) - codeSourceRank(a.source));
  for (const link of links) {
    for (const repository of extractRepositories(link.url)) {
      if (!found.some((f) => f.repository.id === repository.id)) found.push({ repository, official: link.official, source: link.source });
    }
  }
  for (const repository of extractRepositories(`${record.abstract} ${record.url ?? ''}`)) {
    if (!found.some((f) => f.repository.id === repository.id)) found.push({ repository, official: true, source: ABSTRACT_CODE_SOURCE });
  }
  return found;
}
