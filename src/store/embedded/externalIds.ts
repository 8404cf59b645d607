import { toNode, type Props } from '../documentRows.ts';
import { compareStrings } from '../readRules.ts';
import type { PaperNode } from '../../domain/graph.ts';
import type { GraphIndex } from './graphIndex.ts';

/** externalId -> Paper node keys, per index; kept up to date by the index's own events. */
const byIndex = new WeakMap<GraphIndex, Map<string, Set<string>>>();

/**
 * Given the index and external ids, produces the papers holding each id in Paper.externalIds: one
 * list per id, in paper id order (GraphStore.papersByExternalId). The id -> paper map is built on
 * the first call for an index and then follows its node events; entries a change made stale are
 * checked away on read, so it never answers a paper that no longer has the id.
 */
export function papersByExternalIdIn(graph: GraphIndex, ids: readonly string[]): PaperNode[][] {
  const index = externalIdIndex(graph);
  return ids.map((id) =>
    [...(index.get(id) ?? [])]
      .filter((key) => graph.hasNode(key) && idsOf(graph.getNodeAttribute(key, 'props')).includes(id))
      .map((key) => toNode('Paper', graph.getNodeAttribute(key, 'props')))
      .sort((a, b) => compareStrings(a.id, b.id)),
  );
}

function externalIdIndex(graph: GraphIndex): Map<string, Set<string>> {
  let index = byIndex.get(graph);
  if (index) return index;
  const built = new Map<string, Set<string>>();
  const add = (key: string, props: Props | undefined) => {
    for (const id of idsOf(props)) {
      let keys = built.get(id);
      if (!keys) built.set(id, (keys = new Set()));
      keys.add(key);
    }
  };
  graph.forEachNode((key, a) => {
    if (a.label === 'Paper') add(key, a.props);
  });
  graph.on('nodeAdded', ({ key, attributes }) => attributes.label === 'Paper' && add(key, attributes.props));
  graph.on(
    'nodeAttributesUpdated',
    ({ key }) => graph.hasNode(key) && graph.getNodeAttribute(key, 'label') === 'Paper' && add(key, graph.getNodeAttribute(key, 'props')),
  );
  graph.on('cleared', () => built.clear());
  byIndex.set(graph, (index = built));
  return index;
}

function idsOf(props: Props | undefined): string[] {
  return Array.isArray(props?.externalIds) ? (props.externalIds as string[]) : [];
}
