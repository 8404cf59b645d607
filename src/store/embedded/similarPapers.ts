import { toNode, type Props } from '../documentRows.ts';
import type { LabelledNode, SimilarPaperResult } from '../GraphStore.ts';
import { postingOf, type Posting } from '../sharedMethods.ts';
import { sharedNodeKey, similarityFeatures, splitKey, toSimilarResults } from '../similarity/features.ts';
import { rankSimilarPapers } from '../similarity/rankSimilarPapers.ts';
import { nodeKey, type GraphIndex } from './graphIndex.ts';
import { currentDeadline } from '../deadline.ts';

interface TermIndex {
  papers: number;
  byTerm: Map<string, [string, number][]>;
}

/** Term postings of each graph, built on first use and dropped by any change to a node (graphology events). */
const termIndexes = new WeakMap<GraphIndex, TermIndex | null>();

function termIndexOf(graph: GraphIndex): TermIndex {
  if (!termIndexes.has(graph)) {
    const drop = () => termIndexes.set(graph, null);
    for (const event of ['nodeAdded', 'nodeDropped', 'nodeAttributesUpdated', 'cleared'] as const) graph.on(event, drop);
    termIndexes.set(graph, null);
  }
  let index = termIndexes.get(graph);
  if (!index) {
    index = { papers: 0, byTerm: new Map() };
    const built = index;
    graph.forEachNode((_k, { label, props }) => {
      if (label !== 'Paper') return;
      built.papers += 1;
      const terms = (props.terms as string[] | undefined) ?? [];
      const weights = (props.termWeights as number[] | undefined) ?? [];
      terms.forEach((t, i) => {
        let list = built.byTerm.get(t);
        if (!list) built.byTerm.set(t, (list = []));
        list.push([props.id as string, weights[i] ?? 0]);
      });
    });
    termIndexes.set(graph, index);
  }
  return index;
}

/**
 * similarPapers over the embedded store's graph index: the paper's features and their postings
 * read from the graph (terms from a term index kept per graph until a node changes; a reference's
 * citers and a citer's references from its CITES edges), ranked by
 * similarity/rankSimilarPapers.ts as Neo4jStore ranks them.
 */
export function similarPapersIn(graph: GraphIndex, paperId: string, first: number, exclude: readonly string[] = []): SimilarPaperResult[] {
  const paper = nodeKey('Paper', paperId);
  if (!graph.hasNode(paper)) return [];
  const links = {
    concepts: [] as { id: string; kind: unknown; technique: unknown; w: number }[],
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
  const features = similarityFeatures({
    ...links,
    terms: (own.terms as string[] | undefined) ?? [],
    termWeights: (own.termWeights as number[] | undefined) ?? [],
  });
  const terms = termIndexOf(graph);
  const postings = new Map<string, Posting>();
  const deadline = currentDeadline();
  for (const { key } of features) {
    deadline.check();
    const { label, id } = splitKey(key);
    if (label === 'Term') {
      postings.set(key, postingOf(terms.byTerm.get(id) ?? []));
      continue;
    }
    const pairs: [string, number][] = [];
    if (label === 'Reference' || label === 'Citer') {
      // Coupling: the papers citing the reference; co-citation: the papers the citer cites.
      const each = label === 'Reference' ? graph.forEachInEdge.bind(graph) : graph.forEachOutEdge.bind(graph);
      each(nodeKey('Paper', id), (_e, a, source, target) => {
        if (a.type === 'CITES') pairs.push([graph.getNodeAttribute(label === 'Reference' ? source : target, 'props').id as string, 1]);
      });
      postings.set(key, postingOf(pairs));
      continue;
    }
    graph.forEachInEdge(key, (_e, a, source) => {
      const w = a.type === 'MENTIONS' ? (a.props.weight as number) : 1;
      if (
        (label === 'Concept' && a.type === 'MENTIONS') ||
        (label === 'Method' && (a.type === 'PROPOSES' || a.type === 'USES')) ||
        (label === 'Author' && a.type === 'AUTHORED_BY')
      ) {
        pairs.push([graph.getNodeAttribute(source, 'props').id as string, w]);
      }
    });
    postings.set(key, postingOf(pairs));
  }
  const ranked = rankSimilarPapers(paperId, features, postings, terms.papers, first, new Set(exclude));
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
