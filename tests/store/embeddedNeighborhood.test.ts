import { describe, expect, it } from 'vitest';
import type { RelationshipType } from '../../src/domain/graph.ts';
import { createRandom, type Random } from '../../src/generate/random.ts';
import { newGraphIndex, type GraphIndex } from '../../src/store/embedded/graphIndex.ts';
import { neighborhoodIn } from '../../src/store/embedded/neighborhood.ts';
import { compareStrings } from '../../src/store/readRules.ts';

const TYPES: RelationshipType[] = ['MENTIONS', 'CITES', 'USES', 'BROADER'];

/**
 * Nodes within `depth` hops, nearest first, then by id and label, cut at `limit`: what a
 * neighbourhood keeps, found the plain way (every node reached, then sorted), independently of
 * the merged walk neighborhoodIn does.
 */
function bruteForce(graph: GraphIndex, seeds: string[], depth: number, limit: number, types: ReadonlySet<RelationshipType>) {
  const distance = new Map<string, number>();
  let frontier = seeds.filter((k) => graph.hasNode(k));
  for (const k of frontier) distance.set(k, 0);
  for (let d = 1; d <= depth && frontier.length > 0; d++) {
    const next: string[] = [];
    for (const key of frontier) {
      graph.forEachEdge(key, (_e, a, source, target) => {
        const other = source === key ? target : source;
        if (types.has(a.type) && !distance.has(other)) {
          distance.set(other, d);
          next.push(other);
        }
      });
    }
    frontier = next;
  }
  const all = [...distance].map(([key, d]) => ({
    label: graph.getNodeAttribute(key, 'label') as string,
    id: key.split(':')[1]!,
    distance: d,
  }));
  all.sort((a, b) => a.distance - b.distance || compareStrings(a.id, b.id) || compareStrings(a.label, b.label));
  return { nodes: all.slice(0, limit), truncated: all.length > limit };
}

/** A graph of papers, concepts and methods with a few hubs of 64 to 400 relationships, whose lists the walk keeps. */
function randomGraph(random: Random): GraphIndex {
  const graph = newGraphIndex();
  const id = () => `n${random.int(0, 199)}`;
  const add = (label: 'Paper' | 'Concept' | 'Method') => {
    const nodeId = id();
    const key = `${label}:${nodeId}`;
    // The same id under two labels: the label orders them.
    if (!graph.hasNode(key)) graph.addNode(key, { label, props: { id: nodeId, title: nodeId, name: nodeId } });
    return key;
  };
  const papers = Array.from({ length: random.int(20, 300) }, () => add('Paper'));
  const concepts = Array.from({ length: random.int(2, 80) }, () => add('Concept'));
  const methods = Array.from({ length: random.int(1, 60) }, () => add('Method'));
  const hubs = concepts.slice(0, random.int(1, 3));
  const link = (type: RelationshipType, from: string, to: string) => {
    const key = `${type}|${from}|${to}`;
    if (from !== to && !graph.hasEdge(key)) graph.addEdgeWithKey(key, from, to, { type, props: {} });
  };
  for (const paper of papers) {
    for (const hub of hubs) if (random.chance(0.7)) link('MENTIONS', paper, hub);
    for (let i = random.int(0, 3); i > 0; i--) link('MENTIONS', paper, random.pick(concepts));
    for (let i = random.int(0, 4); i > 0; i--) link('CITES', paper, random.pick(papers));
    for (let i = random.int(0, 2); i > 0; i--) link('USES', paper, random.pick(methods));
  }
  for (const concept of concepts) if (random.chance(0.3)) link('BROADER', concept, random.pick(concepts));
  return graph;
}

describe('the embedded neighbourhood (a walk over neighbour lists merged in node order)', () => {
  it('keeps what the plain walk keeps on 300 random graphs with hubs, before and after writes', () => {
    let cut = 0;
    let kept = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const random = createRandom(seed);
      const graph = randomGraph(random);
      const keys = graph.nodes();
      for (let round = 0; round < 3; round++) {
        for (let query = 0; query < 4; query++) {
          const seeds = Array.from({ length: random.int(1, 3) }, () => random.pick(keys));
          const depth = random.int(1, 3);
          const limit = random.int(1, 250);
          const types = TYPES.filter(() => random.chance(0.75));
          const ids = seeds.map((k) => k.split(':')[1]!);
          // The store looks the ids up under every label, so the brute force starts from each such node.
          const starts = graph.nodes().filter((k) => ids.includes(k.split(':')[1]!));
          const expected = bruteForce(graph, starts, depth, limit, new Set(types));
          const got = neighborhoodIn(graph, ids, depth, limit, types);
          expect(got.nodes.map((n) => ({ label: n.label, id: n.id, distance: n.distance }))).toEqual(expected.nodes);
          expect(got.truncated).toBe(expected.truncated);
          if (expected.truncated) cut += 1;
          kept += expected.nodes.length;
        }
        // Writes between rounds: the lists kept for hubs must follow them.
        for (let i = random.int(1, 20); i > 0; i--) {
          const [from, to] = [random.pick(keys), random.pick(keys)];
          const edge = `CITES|${from}|${to}`;
          if (from !== to && graph.hasNode(from) && graph.hasNode(to) && !graph.hasEdge(edge))
            graph.addEdgeWithKey(edge, from, to, { type: 'CITES', props: {} });
        }
        const edges = graph.edges();
        for (let i = random.int(0, 20); i > 0 && edges.length > 0; i--) {
          const edge = random.pick(edges);
          if (graph.hasEdge(edge)) graph.dropEdge(edge);
        }
      }
    }
    // Both kinds of answer were tried many times: cut short at the limit, and whole.
    expect(cut).toBeGreaterThan(500);
    expect(kept).toBeGreaterThan(20_000);
  });
});
