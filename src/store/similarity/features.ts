import type { LabelledNode, SimilarPaperResult } from '../GraphStore.ts';
import type { NodeLabel, PaperNode } from '../../domain/graph.ts';
import { conceptSignal, type Feature, type RankedSimilar } from './rankSimilarPapers.ts';

/** What a paper links to, as a store reads it for similarity. */
export interface PaperLinks {
  concepts: { id: string; kind: unknown; technique: unknown; w: number }[];
  /** Named methods it proposes or uses. */
  methods: string[];
  authors: string[];
  terms: readonly string[];
  termWeights: readonly number[];
  /** Papers it cites (CITES out), stubs included. */
  references: readonly string[];
  /** Papers citing it (CITES in). */
  citers: readonly string[];
}

/** Given what a paper links to, produces its similarity features (posting keys with signal and weight). */
export function similarityFeatures(links: PaperLinks): Feature[] {
  const features: Feature[] = [];
  for (const c of links.concepts) {
    const signal = conceptSignal(c.kind, c.technique);
    if (signal) features.push({ key: `Concept:${c.id}`, signal, w: c.w });
  }
  for (const id of new Set(links.methods)) features.push({ key: `Method:${id}`, signal: 'TECHNIQUES', w: 1 });
  for (const id of new Set(links.authors)) features.push({ key: `Author:${id}`, signal: 'AUTHORS', w: 1 });
  links.terms.forEach((t, i) => features.push({ key: `Term:${t}`, signal: 'TEXT', w: links.termWeights[i] ?? 0 }));
  for (const id of new Set(links.references)) features.push({ key: `Reference:${id}`, signal: 'COUPLING', w: 1 });
  for (const id of new Set(links.citers)) features.push({ key: `Citer:${id}`, signal: 'CO_CITATION', w: 1 });
  return features;
}

/** What comes before the colon of a posting key: a node label, or a kind of key that is not one node's own. */
export type PostingKind = NodeLabel | 'Term' | 'Reference' | 'Citer';

/** Splits a posting key into its kind and id. */
export function splitKey(key: string): { label: PostingKind; id: string } {
  const at = key.indexOf(':');
  return { label: key.slice(0, at) as PostingKind, id: key.slice(at + 1) };
}

/** The node a posting key shares (`Label:id`; a cited or citing paper's `Paper:id`), or null for a term. */
export function sharedNodeKey(key: string): string | null {
  const { label, id } = splitKey(key);
  if (label === 'Term') return null;
  return label === 'Reference' || label === 'Citer' ? `Paper:${id}` : key;
}

/**
 * Given ranked similar papers and the nodes a store read for them (by `Label:id`: the result papers
 * and each shared key's sharedNodeKey), produces the port's results; a node gone meanwhile drops out.
 */
export function toSimilarResults(ranked: RankedSimilar[], nodes: ReadonlyMap<string, LabelledNode>): SimilarPaperResult[] {
  return ranked
    .filter((r) => nodes.has(`Paper:${r.id}`))
    .map((r) => ({
      paper: nodes.get(`Paper:${r.id}`)!.node as PaperNode,
      score: r.score,
      signals: r.signals.map((s) => ({
        name: s.name,
        score: s.score,
        shared: s.shared.flatMap((x) => {
          const node = nodes.get(sharedNodeKey(x.key) ?? '');
          return node ? [{ ...node, contribution: x.c }] : [];
        }),
        terms: s.shared.filter((x) => x.key.startsWith('Term:')).map((x) => ({ term: splitKey(x.key).id, contribution: x.c })),
      })),
    }));
}
