import type { GraphDocument, HasCodeProps, NodeLabel, Relationship } from '../domain/graph.ts';
import { codeSourceRank } from '../extract/extractSourceFields.ts';
import { samePropsIgnoringOrder, withoutNulls } from '../store/documentRows.ts';
import type { StoreReads } from '../store/GraphStore.ts';

/** A batch's document as it is to be written, and how many of its nodes the store already has exactly. */
export interface Reconciled {
  document: GraphDocument;
  /** Nodes left out because the store holds them with the same properties (counted as unchanged). */
  unchangedNodes: number;
}

/**
 * Of two spellings of one node or value, the one kept: the longer (the more specific: "Jason D.
 * Lee" over "Jason D Lee", a repository URL with its path), then the first in code-point order.
 * A choice that does not depend on which came first, so imports run in any order, or at once in
 * several processes, end with the same graph.
 */
export function preferredSpelling<T>(a: T, b: T): T {
  const [x, y] = [JSON.stringify(a), JSON.stringify(b)];
  if (x.length !== y.length) return x.length > y.length ? a : b;
  return x <= y ? a : b;
}

/**
 * Given a batch's extracted document, produces the document to write so that what the store
 * already has is kept or improved by one rule that does not depend on order: authors,
 * repositories and candidate concepts in their preferred spelling (preferredSpelling: another
 * spelling from another source does not flip them back and forth between imports), methods with
 * a full name filled in (the preferred one when two differ), and each HAS_CODE edge from its
 * best-ranked origin (extractSourceFields.codeSourceRank; ties by preferredSpelling). Importing
 * the same inputs again, in any order, then writes the same properties: nothing changes.
 * Nodes the store holds exactly as they would be written are left out of the document (and
 * counted), and so are curated concepts and their BROADER and RELATED links, which the import
 * writes once, from the whole taxonomy, before its first batch: a batch writes only what is new.
 */
export async function reconcileWithStore(store: StoreReads, doc: GraphDocument): Promise<Reconciled> {
  const candidates = doc.concepts.filter((c) => !c.curated);
  const paperIds = doc.papers.map((p) => p.id);
  const [concepts, methods, repositories, authors, code] = await Promise.all([
    store.nodesById(
      'Concept',
      candidates.map((c) => c.id),
    ),
    store.nodesById(
      'Method',
      doc.methods.map((m) => m.id),
    ),
    store.nodesById(
      'Repository',
      doc.repositories.map((r) => r.id),
    ),
    store.nodesById(
      'Author',
      doc.authors.map((a) => a.id),
    ),
    store.relationshipsOf('HAS_CODE', 'out', paperIds),
  ]);
  let unchangedNodes = 0;
  /** The node to write (the stored one, filled in by `fill`), or null when the store has it as it is. */
  const keep = <T extends object>(
    label: NodeLabel,
    incoming: T,
    stored: T | null | undefined,
    fill: (stored: T, incoming: T) => T = (s, n) => preferredSpelling(withoutNulls(s) as T, withoutNulls(n) as T),
  ): T[] => {
    if (!stored) return [incoming];
    const next = fill(stored, incoming);
    if (label !== 'Paper' && samePropsIgnoringOrder(withoutNulls(next), withoutNulls(stored))) {
      unchangedNodes += 1;
      return [];
    }
    return [next];
  };
  const storedCode = new Map(code.flat().map((r) => [`${r.from}|${r.to}`, r.properties]));
  const document: GraphDocument = {
    papers: doc.papers,
    concepts: candidates.flatMap((c, i) => keep('Concept', c, concepts[i])),
    methods: doc.methods.flatMap((m, i) =>
      keep('Method', m, methods[i], (s, n) => ({
        ...s,
        fullName: s.fullName && n.fullName ? preferredSpelling(s.fullName, n.fullName) : (s.fullName ?? n.fullName),
      })),
    ),
    repositories: doc.repositories.flatMap((r, i) => keep('Repository', r, repositories[i])),
    authors: doc.authors.flatMap((a, i) => keep('Author', a, authors[i])),
    relationships: doc.relationships.flatMap((r): Relationship[] => {
      if (r.type === 'BROADER' || r.type === 'RELATED') return [];
      if (r.type !== 'HAS_CODE') return [r];
      const stored = storedCode.get(`${r.from}|${r.to}`) as HasCodeProps | undefined;
      if (!stored) return [r];
      const [storedRank, incomingRank] = [codeSourceRank(stored.source), codeSourceRank(r.properties.source)];
      const properties =
        storedRank !== incomingRank
          ? storedRank > incomingRank
            ? stored
            : r.properties
          : preferredSpelling(withoutNulls(stored) as unknown as HasCodeProps, withoutNulls(r.properties) as unknown as HasCodeProps);
      return [{ ...r, properties }];
    }),
  };
  return { document, unchangedNodes };
}
