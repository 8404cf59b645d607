import { toNode } from '../documentRows.ts';
import type { PaperOverlapResult } from '../GraphStore.ts';
import { compareStrings as byCodePoint } from '../readRules.ts';
import { isTechnique, methodScorers, rankedOverlaps } from '../sharedMethods.ts';
import { exactTop } from '../similarity/exactTop.ts';
import { currentDeadline } from '../deadline.ts';
import type { FeatureIndex } from './featureIndex.ts';
import { labelledOf, nodeKey, type GraphIndex } from './graphIndex.ts';

/**
 * Papers sharing techniques with a paper (GraphStore.papersSharingMethods), ranked as
 * store/sharedMethods.ts ranks them: the feature index's postings (kept at write time) added up
 * in key order into one array (similarity/exactTop.ts), so the answer is Neo4jStore's to the last
 * bit; only the best `first` are looked up for the methods they share. Synchronous: one state of
 * the graph.
 */
export function papersSharingMethodsIn(
  graph: GraphIndex,
  index: FeatureIndex,
  paperId: string,
  first: number,
  minShared: number,
): PaperOverlapResult[] {
  const paper = nodeKey('Paper', paperId);
  if (!graph.hasNode(paper)) return [];
  const mine = [...methodWeights(graph, paper)].map(([key, w]) => ({ key, w }));
  const features = methodScorers(mine, (key) => index.dfOf(key));
  currentDeadline().check();
  const candidates = index.bestCandidates(features, first, minShared, [paperId]);
  const top = exactTop(candidates, features, (id) => methodWeights(graph, nodeKey('Paper', id)), first, minShared);
  return rankedOverlaps(features, top).map(({ id, score, shared }) => ({
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
