import { toNode } from '../documentRows.ts';
import type { PaperOverlapResult } from '../GraphStore.ts';
import { compareStrings as byCodePoint } from '../readRules.ts';
import { isTechnique, postingOf, rankSharedMethods, type Posting, type PostingCache } from '../sharedMethods.ts';
import { currentDeadline } from '../deadline.ts';
import { labelledOf, nodeKey, type GraphIndex } from './graphIndex.ts';

/**
 * Papers sharing techniques with a paper (GraphStore.papersSharingMethods), ranked by
 * store/sharedMethods.ts from postings read here or kept in `cache` for the index version.
 */
export function papersSharingMethodsIn(
  graph: GraphIndex,
  cache: PostingCache,
  version: number,
  paperId: string,
  first: number,
  minShared: number,
): PaperOverlapResult[] {
  const paper = nodeKey('Paper', paperId);
  if (!graph.hasNode(paper)) return [];
  const mine = [...methodWeights(graph, paper)].map(([key, w]) => ({ key, w }));
  // Synchronous from here on: the postings are those of the graph as it is now.
  const postings = new Map(cache.at(String(version)));
  const read = new Map<string, Posting>();
  const deadline = currentDeadline();
  for (const { key } of mine) {
    if (postings.has(key)) continue;
    deadline.check();
    const pairs: [string, number][] = [];
    graph.forEachInEdge(key, (_e, a, source) => {
      if (a.type !== 'MENTIONS' && a.type !== 'PROPOSES' && a.type !== 'USES') return;
      pairs.push([graph.getNodeAttribute(source, 'props').id as string, a.type === 'MENTIONS' ? (a.props.weight as number) : 1]);
    });
    const posting = postingOf(pairs);
    read.set(key, posting);
    postings.set(key, posting);
  }
  cache.keep(String(version), read);
  return rankSharedMethods(paperId, mine, postings, first, minShared).map(({ id, score, shared }) => ({
    paper: toNode('Paper', graph.getNodeAttribute(nodeKey('Paper', id), 'props')),
    score,
    shared: shared
      .map((x) => ({ ...labelledOf(graph, x.key), contribution: x.c }))
      .sort((a, b) => b.contribution - a.contribution || byCodePoint(a.node.id, b.node.id)),
  }));
}

/** The technique concepts a paper mentions (with the MENTIONS weight) and the methods it proposes or uses (weight 1). */
export function methodWeights(graph: GraphIndex, paper: string): Map<string, number> {
  const weights = new Map<string, number>();
  graph.forEachOutEdge(paper, (_e, a, _s, target) => {
    const targetAttributes = graph.getNodeAttributes(target);
    if (a.type === 'MENTIONS' && isTechnique(targetAttributes.props)) weights.set(target, a.props.weight as number);
    if (a.type === 'PROPOSES' || a.type === 'USES') weights.set(target, 1);
  });
  return weights;
}
