import { toNode, type Props } from '../documentRows.ts';
import type { LabelledNode, SimilarPaperResult } from '../GraphStore.ts';
import { sharedNodeKey, similarityFeatures, splitKey, toSimilarResults, type PaperLinks } from '../similarity/features.ts';
import { exactTop } from '../similarity/exactTop.ts';
import { rankedSimilar, similarityScorers } from '../similarity/rankSimilarPapers.ts';
import { currentDeadline } from '../deadline.ts';
import type { FeatureIndex } from './featureIndex.ts';
import { edgeKey, nodeKey, type GraphIndex } from './graphIndex.ts';
import type { RelationshipType } from '../../domain/graph.ts';

/**
 * similarPapers over the embedded store's graph index, ranked as similarity/rankSimilarPapers.ts
 * ranks them: the feature index's postings (kept at write time) added up in key order into one
 * array (similarity/exactTop.ts), so the answer is Neo4jStore's to the last bit; only the best
 * `first` are looked up for the items they share. Synchronous: one state of the graph.
 */
export function similarPapersIn(
  graph: GraphIndex,
  index: FeatureIndex,
  paperId: string,
  first: number,
  exclude: readonly string[] = [],
): SimilarPaperResult[] {
  const paper = nodeKey('Paper', paperId);
  if (!graph.hasNode(paper)) return [];
  const features = similarityScorers(similarityFeatures(linksOf(graph, paper)), (key) => index.dfOf(key), index.papers);
  currentDeadline().check();
  const candidates = index.bestCandidates(features, first, 1, [paperId, ...exclude]);
  const keys = splitKeys(features.map((f) => f.key));
  const ranked = rankedSimilar(
    features,
    exactTop(candidates, features, (id) => weightsOn(graph, nodeKey('Paper', id), keys), first),
  );
  const nodes = new Map<string, LabelledNode>();
  const load = (key: string) => {
    if (nodes.has(key) || !graph.hasNode(key)) return;
    const { label, props } = graph.getNodeAttributes(key);
    nodes.set(key, { label, node: toNode(label, props as Props) });
  };
  for (const r of ranked) {
    load(nodeKey('Paper', r.id));
    for (const s of r.signals) for (const x of s.shared) load(sharedNodeKey(x.key) ?? '');
  }
  return toSimilarResults(ranked, nodes);
}

/** What a paper links to, as similarity reads it (similarity/features.ts). */
export function linksOf(graph: GraphIndex, paper: string): PaperLinks {
  const links = {
    concepts: [] as PaperLinks['concepts'],
    methods: [] as string[],
    authors: [] as string[],
    references: [] as string[],
    citers: [] as string[],
  };
  graph.forEachInEdge(paper, (_e, a, source) => {
    if (a.type === 'CITES') links.citers.push(graph.getNodeAttribute(source, 'props').id as string);
  });
  graph.forEachOutEdge(paper, (_e, a, _s, target) => {
    const props = graph.getNodeAttribute(target, 'props');
    if (a.type === 'CITES') links.references.push(props.id as string);
    else if (a.type === 'MENTIONS')
      links.concepts.push({ id: props.id as string, kind: props.kind, technique: props.technique, w: a.props.weight as number });
    else if (a.type === 'PROPOSES' || a.type === 'USES') links.methods.push(props.id as string);
    else if (a.type === 'AUTHORED_BY') links.authors.push(props.id as string);
  });
  const own = graph.getNodeAttribute(paper, 'props');
  return { ...links, terms: (own.terms as string[] | undefined) ?? [], termWeights: (own.termWeights as number[] | undefined) ?? [] };
}

/**
 * A candidate's weights on some feature keys, each looked up directly (a relationship by its key,
 * a term in its stored list): a few hash lookups per key, whatever the candidate's degree.
 */
function weightsOn(
  graph: GraphIndex,
  paper: string,
  keys: readonly { key: string; label: string; id: string; node: string }[],
): Map<string, number> {
  const weights = new Map<string, number>();
  if (!graph.hasNode(paper)) return weights;
  const props = graph.getNodeAttribute(paper, 'props');
  const terms = (props.terms as string[] | undefined) ?? [];
  const edgeWeight = (type: RelationshipType, from: string, to: string) => {
    const key = edgeKey(type, from, to);
    return graph.hasEdge(key) ? graph.getEdgeAttribute(key, 'props') : undefined;
  };
  for (const k of keys) {
    switch (k.label) {
      case 'Term': {
        const at = terms.indexOf(k.id);
        if (at >= 0) weights.set(k.key, (props.termWeights as number[] | undefined)?.[at] ?? 0);
        break;
      }
      case 'Concept': {
        const mention = edgeWeight('MENTIONS', paper, k.node);
        if (mention) weights.set(k.key, mention.weight as number);
        break;
      }
      case 'Method':
        if (edgeWeight('PROPOSES', paper, k.node) || edgeWeight('USES', paper, k.node)) weights.set(k.key, 1);
        break;
      case 'Author':
        if (edgeWeight('AUTHORED_BY', paper, k.node)) weights.set(k.key, 1);
        break;
      case 'Reference':
        if (edgeWeight('CITES', paper, k.node)) weights.set(k.key, 1);
        break;
      case 'Citer':
        if (edgeWeight('CITES', k.node, paper)) weights.set(k.key, 1);
        break;
    }
  }
  return weights;
}

/** Feature keys split once per step: label, id and the node the key is about (`Paper:id` for a reference or citer). */
function splitKeys(keys: readonly string[]): { key: string; label: string; id: string; node: string }[] {
  return keys.map((key) => {
    const { label, id } = splitKey(key);
    return { key, label, id, node: label === 'Reference' || label === 'Citer' ? nodeKey('Paper', id) : key };
  });
}
