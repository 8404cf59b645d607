import { toNode } from '../documentRows.ts';
import type { NameAlternativeResult } from '../GraphStore.ts';
import { rankNameAlternatives } from '../nameAlternatives.ts';
import { nodeKey, type GraphIndex } from './graphIndex.ts';

/** nameAlternatives over the embedded store's graph index: every node of the label with its names, ranked by store/nameAlternatives.ts. */
export function nameAlternativesIn(graph: GraphIndex, label: 'Concept' | 'Method', name: string, first: number): NameAlternativeResult[] {
  const fields = label === 'Concept' ? ['name', 'aliases'] : ['name', 'fullName'];
  const candidates: { id: string; names: string[] }[] = [];
  graph.forEachNode((_k, a) => {
    if (a.label !== label) return;
    const names = fields.flatMap((f) =>
      Array.isArray(a.props[f]) ? (a.props[f] as string[]) : typeof a.props[f] === 'string' ? [a.props[f] as string] : [],
    );
    candidates.push({ id: a.props.id as string, names });
  });
  return rankNameAlternatives(name, candidates, first).map((r) => ({
    label,
    node: toNode(label, graph.getNodeAttribute(nodeKey(label, r.id), 'props')),
    name: r.name,
    similarity: r.similarity,
  }));
}
