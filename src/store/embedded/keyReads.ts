import type { NodeByLabel, NodeLabel, RelationshipType } from '../../domain/graph.ts';
import { endsOf, toNode, type Props } from '../documentRows.ts';
import { farLabel, type BatchAnswer, type BatchRead, type RelationshipRead, type RelationshipsAnswer } from '../batchRead.ts';
import type { StoredRelationship } from '../GraphStore.ts';
import { compareStrings as byCodePoint } from '../readRules.ts';
import { nodeKey, type EdgeAttributes, type GraphIndex } from './graphIndex.ts';
import { findPapersIn } from './pages.ts';

/** The embedded store's reads by key over its graph index: what readBatch answers. */

/** Nodes of one label by id: one entry per id, null where there is none (GraphStore.nodesById). */
export function nodesByIdIn<L extends NodeLabel>(graph: GraphIndex, label: L, ids: readonly string[]): (NodeByLabel[L] | null)[] {
  return ids.map((id) => {
    const key = nodeKey(label, id);
    return graph.hasNode(key) ? toNode(label, graph.getNodeAttribute(key, 'props') as Props) : null;
  });
}

/** Relationships of one type at each id, each list sorted by the other end's id (GraphStore.relationshipsOf). */
export function relationshipsOfIn<T extends RelationshipType>(
  graph: GraphIndex,
  type: T,
  direction: 'out' | 'in',
  ids: readonly string[],
): StoredRelationship<T>[][] {
  const [fromLabel, toLabel] = endsOf(type);
  return ids.map((id) => {
    const key = nodeKey(direction === 'out' ? fromLabel : toLabel, id);
    if (!graph.hasNode(key)) return [];
    const found: StoredRelationship<T>[] = [];
    const visit = (_edge: string, a: EdgeAttributes, source: string, target: string) => {
      if (a.type !== type) return;
      found.push({
        type,
        from: (graph.getNodeAttribute(source, 'props') as Props).id as string,
        to: (graph.getNodeAttribute(target, 'props') as Props).id as string,
        properties: a.props as StoredRelationship<T>['properties'],
      });
    };
    if (direction === 'out') graph.forEachOutEdge(key, visit);
    else graph.forEachInEdge(key, visit);
    return found.sort((a, b) => (direction === 'out' ? byCodePoint(a.to, b.to) : byCodePoint(a.from, b.from)));
  });
}

/** Relationships of one type at each id in one direction: one count per id (GraphStore.degreeOf). */
export function degreeOfIn(graph: GraphIndex, type: RelationshipType, direction: 'out' | 'in', ids: readonly string[]): number[] {
  const [fromLabel, toLabel] = endsOf(type);
  return ids.map((id) => {
    const key = nodeKey(direction === 'out' ? fromLabel : toLabel, id);
    if (!graph.hasNode(key)) return 0;
    let n = 0;
    const count = (_e: string, a: EdgeAttributes) => {
      if (a.type === type) n += 1;
    };
    if (direction === 'out') graph.forEachOutEdge(key, count);
    else graph.forEachInEdge(key, count);
    return n;
  });
}

/** Relationships of one type at each id with the nodes at their far ends (a relationships read of readBatch). */
function relationshipsWithEndsIn(graph: GraphIndex, read: RelationshipRead, ids: readonly string[]): RelationshipsAnswer {
  const lists = relationshipsOfIn(graph, read.type, read.direction, ids);
  const label = farLabel(read.type, read.direction);
  const ends = new Map<string, NodeByLabel[NodeLabel]>();
  for (const r of lists.flat()) {
    const id = read.direction === 'out' ? r.to : r.from;
    if (!ends.has(id)) ends.set(id, toNode(label, graph.getNodeAttribute(nodeKey(label, id), 'props')));
  }
  return { lists, ends };
}

/**
 * Several reads by key at once (GraphStore.readBatch), answered in read order from the index as
 * it is now: nodes, relationships with the nodes at their far ends, degrees, and pages of papers
 * with the relationships of their papers they include.
 */
export function readBatchIn(graph: GraphIndex, reads: readonly BatchRead[]): BatchAnswer[] {
  return reads.map((read): BatchAnswer => {
    switch (read.kind) {
      case 'nodes':
        return { kind: 'nodes', nodes: nodesByIdIn(graph, read.label, read.ids) };
      case 'degree':
        return { kind: 'degree', degrees: degreeOfIn(graph, read.type, read.direction, read.ids) };
      case 'papers': {
        const page = findPapersIn(graph, read.query);
        const ids = page.items.map((item) => item.node.id);
        return {
          kind: 'papers',
          page: read.countTotal === false ? { ...page, totalCount: null } : page,
          included: (read.include ?? []).map((include) => relationshipsWithEndsIn(graph, include, ids)),
        };
      }
      case 'relationships':
        return { kind: 'relationships', ...relationshipsWithEndsIn(graph, read, read.ids) };
    }
  });
}
