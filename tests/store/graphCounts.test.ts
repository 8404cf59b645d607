import { describe, expect, it } from 'vitest';
import { graphCounts } from '../../src/store/embedded/graphCounts.ts';
import { newGraphIndex, type GraphIndex } from '../../src/store/embedded/graphIndex.ts';

/** What a full count of the graph gives: the figures graphCounts keeps must stay equal to it. */
function counted(graph: GraphIndex) {
  const nodes: Record<string, number> = {};
  const relationships: Record<string, number> = {};
  graph.forEachNode((_k, a) => (nodes[a.label] = (nodes[a.label] ?? 0) + 1));
  graph.forEachEdge((_k, a) => (relationships[a.type] = (relationships[a.type] ?? 0) + 1));
  return { nodes, relationships };
}

const nonZero = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).filter(([, n]) => n !== 0));

describe('the embedded store counts (graphCounts)', () => {
  it('counts once, then follows every node and relationship added, dropped or cleared', () => {
    const graph = newGraphIndex();
    graph.addNode('Paper:p1', { label: 'Paper', props: { id: 'p1' } });
    graph.addNode('Concept:c1', { label: 'Concept', props: { id: 'c1' } });
    graph.addEdgeWithKey('e1', 'Paper:p1', 'Concept:c1', { type: 'MENTIONS', props: {} });
    const check = () => {
      const kept = graphCounts(graph);
      const full = counted(graph);
      expect(nonZero(kept.nodes)).toEqual(full.nodes);
      expect(nonZero(kept.relationships)).toEqual(full.relationships);
      return kept;
    };
    expect(check().nodes.Paper).toBe(1);
    graph.addNode('Paper:p2', { label: 'Paper', props: { id: 'p2' } });
    graph.addNode('Concept:c2', { label: 'Concept', props: { id: 'c2' } });
    graph.addEdgeWithKey('e2', 'Paper:p2', 'Concept:c1', { type: 'MENTIONS', props: {} });
    graph.addEdgeWithKey('e3', 'Concept:c1', 'Concept:c2', { type: 'BROADER', props: {} });
    graph.addEdgeWithKey('e4', 'Paper:p2', 'Paper:p1', { type: 'CITES', props: {} });
    expect(check().relationships).toMatchObject({ MENTIONS: 2, BROADER: 1, CITES: 1 });
    // A node dropped takes its relationships with it, each counted out.
    graph.dropNode('Paper:p2');
    expect(check().relationships).toMatchObject({ MENTIONS: 1, BROADER: 1, CITES: 0 });
    graph.dropEdge('e3');
    graph.replaceNodeAttributes('Concept:c2', { label: 'Concept', props: { id: 'c2', name: 'renamed' } });
    expect(check().nodes).toMatchObject({ Paper: 1, Concept: 2 });
    graph.clearEdges();
    expect(check().relationships.MENTIONS).toBe(0);
    graph.clear();
    expect(check().nodes.Concept).toBe(0);
    graph.addNode('Concept:c3', { label: 'Concept', props: { id: 'c3' } });
    expect(check().nodes.Concept).toBe(1);
  });
});
