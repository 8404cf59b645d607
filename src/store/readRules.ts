/**
 * Rules both stores follow when they answer reads, in one place so that the embedded store and
 * Neo4j agree to the last digit: orderings, search scoring, display text and edge views.
 */
import type { NodeByLabel, NodeLabel, RelationshipType } from '../domain/graph.ts';
import type { Cursor, EdgeView, SortDirection } from './GraphStore.ts';

/** String order by UTF-16 code units, as Cypher compares strings (not locale order). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compares two sort keys of the same kind. */
export function compareKeys(a: string | number, b: string | number): number {
  return typeof a === 'number' && typeof b === 'number' ? a - b : compareStrings(String(a), String(b));
}

/** Order by key in the given direction, then by id ascending: the keyset order of every page. */
export function compareByKeyThenId(
  a: { key: string | number; id: string },
  b: { key: string | number; id: string },
  direction: SortDirection,
): number {
  const byKey = compareKeys(a.key, b.key);
  return (direction === 'ASC' ? byKey : -byKey) || compareStrings(a.id, b.id);
}

/** True when an item comes after the cursor in keyset order. */
export function isAfter(item: { key: string | number; id: string }, cursor: Cursor | null, direction: SortDirection): boolean {
  return cursor === null || compareByKeyThenId(item, cursor, direction) > 0;
}

// ---- names: one English stemming rule ----

/** Plurals no suffix rule gets right, as stemWord maps them. */
const IRREGULAR_PLURALS: Record<string, string> = {
  indices: 'index',
  matrices: 'matrix',
  vertices: 'vertex',
  analyses: 'analysis',
  hypotheses: 'hypothesis',
  theses: 'thesis',
  criteria: 'criterion',
  phenomena: 'phenomenon',
  biases: 'bias',
  aliases: 'alias',
  children: 'child',
  gases: 'gas',
};
/** Their singulars, which stay as they are ("bias" is not the plural of "bia"). */
const IRREGULAR_SINGULARS = new Set(Object.values(IRREGULAR_PLURALS));

/**
 * The one English stemming rule of Papergraph (extraction, name lookups and search in both
 * stores all use it): given a lower-case word, produces its stem by folding number and the
 * possessive only: "models" and "model's" -> "model", "studies" -> "study", "losses" -> "loss",
 * "patches" -> "patch", "matrices" -> "matrix"; words in -ss, -us, -is and -ous keep their s.
 * Verb endings (-ing, -ed) are left alone on purpose: "language modeling" (a task) is not
 * "language model" (a model), and "learned features" is not "learning".
 */
export function stemWord(word: string): string {
  // Applied until nothing changes, so that a stem is its own stem (searchTextOf relies on it).
  for (let w = word, i = 0; ; i++) {
    const next = stemOnce(w);
    if (next === w || i === 3) return next;
    w = next;
  }
}

function stemOnce(word: string): string {
  let w = word.replace(/['\u2019]s$/, '');
  const irregular = IRREGULAR_PLURALS[w];
  if (irregular) return irregular;
  if (IRREGULAR_SINGULARS.has(w)) return w;
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 4 && /(?:ss|x|z|ch|sh)es$/.test(w)) return w.slice(0, -2);
  if (w.length >= 3 && w.endsWith('s') && !/(?:ss|us|is|ous)$/.test(w) && /[\p{L}]s$/u.test(w)) w = w.slice(0, -1);
  return w;
}

/** stemWord for a case-sensitive acronym: a plural or possessive s after a capital or digit goes ("LLMs", "GANS", "GAN's" -> "LLM", "GAN", "GAN"). */
export function stemAcronym(word: string): string {
  return word.length > 2 ? word.replace(/(?<=[\p{Lu}\p{N}])(?<![S])(?:['\u2019]?[sS])$/u, '') : word;
}

/**
 * A name as `findByName` compares it: its search tokens (lower case, split on hyphens, spaces
 * and punctuation, each stemmed), joined by one space. "Diffusion models", "diffusion-model" and
 * "Diffusion Model's" have one key.
 */
export function nameKey(name: string): string {
  return searchTokens(name).join(' ');
}

/** The name keys of a concept (name and aliases) or method (name and full name), as Neo4j stores them in `nameKeys`. */
export function nameKeysOf(label: NodeLabel, props: Record<string, unknown>): string[] {
  const fields = label === 'Concept' ? ['name', 'aliases'] : label === 'Method' ? ['name', 'fullName'] : ['name'];
  return [
    ...new Set(
      fields
        .flatMap((f) => fieldValues(props, f))
        .map(nameKey)
        .filter((k) => k !== ''),
    ),
  ];
}

/** The text a graph view shows for a node. */
export function nodeText(label: NodeLabel, node: NodeByLabel[NodeLabel]): string {
  switch (label) {
    case 'Paper':
      return (node as NodeByLabel['Paper']).title;
    case 'Repository': {
      const r = node as NodeByLabel['Repository'];
      return `${r.owner}/${r.name}`;
    }
    default:
      return (node as NodeByLabel['Concept']).name;
  }
}

/** An edge for graph views; weight is the MENTIONS or RELATED weight, 1 for other types. */
export function edgeView(type: RelationshipType, from: string, to: string, props: Record<string, unknown>): EdgeView {
  const weight = (type === 'MENTIONS' || type === 'RELATED') && typeof props.weight === 'number' ? props.weight : 1;
  return { id: `${from}-${type}->${to}`, type, source: from, target: to, weight };
}

/** Orders edge views by id, as both stores return them. */
export function sortEdges(edges: EdgeView[]): EdgeView[] {
  return edges.sort((a, b) => compareStrings(a.id, b.id));
}

// ---- search ----

/**
 * The words of a text for search, lower case and stemmed (stemWord), split the way Lucene's standard tokenizer (Unicode
 * word boundaries) splits them, so the embedded index and Neo4j's full-text index agree: letters,
 * digits and underscores, kept together across `.`, `'` and `:` inside a word ("github.com",
 * "newton's") and `,` inside a number.
 */
export function searchTokens(text: string): string[] {
  return rawSearchWords(text).map(stemWord);
}

function rawSearchWords(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}_]+(?:(?:[.'\u2019:]|(?<=\p{N}),(?=\p{N}))[\p{L}\p{N}_]+)*/gu) ?? [];
}

/**
 * The stems of a node's searchable words that differ from the words themselves ("models" gives
 * "model"), distinct, joined by spaces: what Neo4j keeps in `searchText` and indexes in full text
 * beside the fields. As stems are fixed points of stemWord, a query's stemmed word is either a
 * word of a field or one of these, exactly when the embedded store's stemmed index holds it.
 */
export function searchTextOf(label: NodeLabel, props: Record<string, unknown>): string {
  const extra = new Set<string>();
  for (const { field } of SEARCH_FIELDS[label]) {
    for (const text of fieldValues(props, field)) {
      for (const word of rawSearchWords(text)) {
        const stem = stemWord(word);
        if (stem !== word) extra.add(stem);
      }
    }
  }
  return [...extra].join(' ');
}

/** Searchable fields of each label with their weights; Neo4j's full-text index covers the same properties. */
export const SEARCH_FIELDS: Record<NodeLabel, readonly { field: string; weight: number; name?: true }[]> = {
  Paper: [
    { field: 'title', weight: 3, name: true },
    { field: 'keywords', weight: 2 },
    { field: 'abstract', weight: 1 },
  ],
  Concept: [
    { field: 'name', weight: 4, name: true },
    { field: 'aliases', weight: 3, name: true },
    { field: 'description', weight: 1 },
  ],
  Method: [
    { field: 'name', weight: 4, name: true },
    { field: 'fullName', weight: 3, name: true },
  ],
  Repository: [
    { field: 'owner', weight: 2 },
    { field: 'name', weight: 3, name: true },
    { field: 'url', weight: 1 },
  ],
  Author: [{ field: 'name', weight: 4, name: true }],
};

/** Every property any label searches, for the full-text index. */
export const SEARCH_PROPERTIES = [...new Set(Object.values(SEARCH_FIELDS).flatMap((fields) => fields.map((f) => f.field)))];

function fieldValues(node: Record<string, unknown>, field: string): string[] {
  const value = node[field];
  if (Array.isArray(value)) return value.map(String);
  return typeof value === 'string' && value ? [value] : [];
}

/**
 * The search score of a node for a query, or 0 when some query word is in none of its fields.
 * Each query word scores the weight of the best field holding it (concept, method and author
 * names 4, titles, aliases and repository names 3, paper keywords 2, abstract/description 1);
 * a name field that holds the whole query as a phrase adds 2 per word, and one that is exactly
 * the query adds 5 more. Scores are sums of small integers: both stores
 * compute them alike.
 */
export function searchScore(label: NodeLabel, node: Record<string, unknown>, queryTokens: string[]): number {
  if (queryTokens.length === 0) return 0;
  const fields = SEARCH_FIELDS[label].map((f) => ({ ...f, values: fieldValues(node, f.field).map(searchTokens) }));
  let score = 0;
  for (const token of new Set(queryTokens)) {
    let best = 0;
    for (const f of fields) if (f.weight > best && f.values.some((words) => words.includes(token))) best = f.weight;
    if (best === 0) return 0;
    score += best;
  }
  const phrase = queryTokens.join(' ');
  let bonus = 0;
  for (const f of fields) {
    if (!f.name) continue;
    for (const words of f.values) {
      const text = words.join(' ');
      if (text === phrase) bonus = Math.max(bonus, 2 * queryTokens.length + 5);
      else if (` ${text} `.includes(` ${phrase} `)) bonus = Math.max(bonus, 2 * queryTokens.length);
    }
  }
  return score + bonus;
}

// ---- papers sharing methods ----

/**
 * How much one shared method adds to the overlap score of two papers:
 * w(p,k) * w(q,k) / df(k), where w is the MENTIONS weight for a METHOD concept and 1 for a named
 * method the paper proposes or uses, and df(k) is how many papers link to k: a shared technique
 * both papers lean on counts most, and a rare one more than a common one. The score is the sum
 * of contributions in (label, id) order, so both stores add the same floats in the same order.
 */
export function sharedContribution(weightInPaper: number, weightInOther: number, paperCount: number): number {
  return (weightInPaper * weightInOther) / paperCount;
}
