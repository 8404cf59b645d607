import type { PaperNode } from '../../domain/graph.ts';
import type { GraphStore } from '../GraphStore.ts';
import { compareStrings } from '../readRules.ts';

/** A paper ranked by how many papers of a set cite it (prior works) or it cites (derivative works). */
export interface CitationRankResult {
  paper: PaperNode;
  count: number;
  /** The papers of the set behind the count, in id order. */
  via: string[];
}

/**
 * Connected Papers' prior works ('out': the papers most cited by the set) and derivative works
 * ('in': the papers citing most of the set), most links to the set first, ties by id; the set
 * itself left out. Read through the port (relationshipsOf, nodesById), so both stores answer alike.
 */
export async function rankCitedWorks(
  store: GraphStore,
  paperIds: readonly string[],
  direction: 'out' | 'in',
  first: number,
): Promise<CitationRankResult[]> {
  const set = [...new Set(paperIds)];
  const lists = await store.relationshipsOf('CITES', direction, set);
  const via = new Map<string, string[]>();
  lists.forEach((list, i) => {
    for (const r of list) {
      const other = direction === 'out' ? r.to : r.from;
      if (set.includes(other)) continue;
      via.set(other, [...(via.get(other) ?? []), set[i]!]);
    }
  });
  const ranked = [...via].sort(([a, x], [b, y]) => y.length - x.length || compareStrings(a, b)).slice(0, first);
  const papers = await store.nodesById(
    'Paper',
    ranked.map(([id]) => id),
  );
  return ranked.flatMap(([, from], i) =>
    papers[i] ? [{ paper: papers[i]!, count: from.length, via: [...from].sort(compareStrings) }] : [],
  );
}
