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
  return features;
}

/** Splits a posting key into its label (or 'Term') and id. */
export function splitKey(key: string): { label: NodeLabel | 'Term'; id: string } {
  const at = key.indexOf(':');
  return { label: key.slice(0, at) as NodeLabel | 'Term', id: key.slice(at + 1) };
}

/**
 * Given ranked similar papers and the nodes a store read for them (by posting key, papers as
 * `Paper:id`), produces the port's results; a paper or node gone meanwhile drops out.
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
        shared: s.shared.filter((x) => !x.key.startsWith('Term:') && nodes.has(x.key)).map((x) => ({ ...nodes.get(x.key)!, contribution: x.c })),
        terms: s.shared.filter((x) => x.key.startsWith('Term:')).map((x) => ({ term: splitKey(x.key).id, contribution: x.c })),
      })),
    }));
}
