import { NODE_LABELS, RELATIONSHIP_TYPES, type GraphStats, type NodeLabel, type RelationshipType } from '../../domain/graph.ts';
import type { EdgeAttributes, GraphIndex, NodeAttributes } from './graphIndex.ts';

/** Per graph index: counted once, then kept by the graph's events. */
const kept = new WeakMap<GraphIndex, GraphStats>();

const zeroNodes = () => Object.fromEntries(NODE_LABELS.map((l) => [l, 0])) as Record<NodeLabel, number>;
const zeroRelationships = () => Object.fromEntries(RELATIONSHIP_TYPES.map((t) => [t, 0])) as Record<RelationshipType, number>;

/**
 * Nodes per label and relationships per type of a graph index (GraphStore.stats). Counted by one
 * pass on first use, then kept up to date by graphology's events for every node and relationship
 * added or dropped (by this process's writes and by catch-up with another's: a node's label and
 * a relationship's type are part of its key, so a replaced attribute never moves a count). Every
 * /metrics scrape asks for them twice: at 100k papers a count of the ~2 million relationships
 * held the server's event loop for about 0.4 s each time.
 */
export function graphCounts(graph: GraphIndex): GraphStats {
  let counts = kept.get(graph);
  if (!counts) {
    const fresh: GraphStats = { nodes: zeroNodes(), relationships: zeroRelationships() };
    graph.forEachNode((_k, a) => {
      fresh.nodes[a.label] += 1;
    });
    graph.forEachEdge((_k, a) => {
      fresh.relationships[a.type] += 1;
    });
    graph.on('nodeAdded', ({ attributes }: { attributes: NodeAttributes }) => (fresh.nodes[attributes.label] += 1));
    graph.on('nodeDropped', ({ attributes }: { attributes: NodeAttributes }) => (fresh.nodes[attributes.label] -= 1));
    graph.on('edgeAdded', ({ attributes }: { attributes: EdgeAttributes }) => (fresh.relationships[attributes.type] += 1));
    graph.on('edgeDropped', ({ attributes }: { attributes: EdgeAttributes }) => (fresh.relationships[attributes.type] -= 1));
    graph.on('edgesCleared', () => (fresh.relationships = zeroRelationships()));
    graph.on('cleared', () => {
      fresh.nodes = zeroNodes();
      fresh.relationships = zeroRelationships();
    });
    kept.set(graph, fresh);
    counts = fresh;
  }
  return { nodes: { ...counts.nodes }, relationships: { ...counts.relationships } };
}
