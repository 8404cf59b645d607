import { NODE_LABELS, RELATIONSHIP_TYPES, type NodeByLabel, type NodeLabel } from '../../domain/graph.ts';
import { newToClient } from '../../exploration/expandView.ts';
import { graphViewOf } from '../../exploration/graphViewOf.ts';
import { analysable, nodeAnalysis } from '../../exploration/viewAnalysis.ts';
import type { QueryAuthorsArgs, Resolvers } from '../../generated/graphql.ts';
import type { GraphStore } from '../../store/GraphStore.ts';
import { badArgument, decodeCursor, intInRange, pageSize, toConnection } from '../arguments.ts';
import { paperFilterArgument } from '../paperFilterArgument.ts';
import { EXPLORATION_LIMITS } from '../queryLimits.ts';
import { LABEL_BY_NODE_TYPE, NODE_TYPE_BY_LABEL } from './node.ts';

/** A page of authors or methods (Query.authors, Query.methods). */
async function namedNodes<L extends 'Author' | 'Method'>(label: L, args: QueryAuthorsArgs, store: GraphStore) {
  const orderBy = { field: args.orderBy?.field ?? 'ID', direction: args.orderBy?.direction ?? 'ASC' } as const;
  const ordering = `${label.toLowerCase()}s:${orderBy.field}:${orderBy.direction}`;
  return toConnection(
    ordering,
    await store.findNamedNodes(label, { first: pageSize(args.first), after: decodeCursor(ordering, args.after), orderBy }),
  );
}

export const explorationResolvers: Resolvers = {
  Query: {
    authors: (_p, args, { store }) => namedNodes('Author', args, store),
    methods: (_p, args, { store }) => namedNodes('Method', args, store),
    facets: (_p, { by, filter, first }, { store }) => {
      if (by.length === 0 || by.length > EXPLORATION_LIMITS.facetKinds)
        throw badArgument('by', `give 1 to ${EXPLORATION_LIMITS.facetKinds} facets`);
      return store.paperFacets(
        paperFilterArgument(filter),
        [...new Set(by)],
        intInRange('first', first, 1, EXPLORATION_LIMITS.facetValues, 10),
      );
    },
    suggest: async (_p, { prefix, types, first }, { store }) => {
      if (prefix.trim().length === 0 || prefix.length > EXPLORATION_LIMITS.suggestPrefix) {
        throw badArgument('prefix', `give 1 to ${EXPLORATION_LIMITS.suggestPrefix} characters, not only spaces`);
      }
      const labels: NodeLabel[] = types && types.length > 0 ? [...new Set(types.map((t) => LABEL_BY_NODE_TYPE[t]))] : [...NODE_LABELS];
      const hits = await store.suggest(prefix, labels, intInRange('first', first, 1, EXPLORATION_LIMITS.suggestFirst, 10));
      return hits.map((h) => ({ node: h.node, type: NODE_TYPE_BY_LABEL[h.label], text: h.text }));
    },
    // One store call: one node read per label, answered together.
    nodes: async (_p, { ids }, { store }) => {
      if (ids.length === 0 || ids.length > EXPLORATION_LIMITS.nodesIds)
        throw badArgument('ids', `give 1 to ${EXPLORATION_LIMITS.nodesIds} ids, not ${ids.length}`);
      const distinct = [...new Set(ids)];
      const answers = await store.readBatch(NODE_LABELS.map((label) => ({ kind: 'nodes' as const, label, ids: distinct })));
      const found = new Map<string, NodeByLabel[NodeLabel]>();
      for (const answer of [...answers].reverse()) {
        if (answer.kind !== 'nodes') continue;
        answer.nodes.forEach((node, i) => node && found.set(distinct[i]!, node));
      }
      return ids.map((id) => found.get(id) ?? null);
    },
    graphView: async (_p, { filter, limit, edgeTypes }, { store }) =>
      analysable(
        await graphViewOf(
          store,
          paperFilterArgument(filter),
          intInRange('limit', limit, 1, EXPLORATION_LIMITS.viewNodes, 200),
          edgeTypes ?? RELATIONSHIP_TYPES,
        ),
      ),
    expand: async (_p, { id, known, limit, edgeTypes, filter }, { store }) => {
      if (known.length > EXPLORATION_LIMITS.expandKnown)
        throw badArgument('known', `give at most ${EXPLORATION_LIMITS.expandKnown} ids, not ${known.length}`);
      const view = await store.neighborhood(
        [id],
        1,
        intInRange('limit', limit, 1, EXPLORATION_LIMITS.viewNodes, 200),
        edgeTypes ?? RELATIONSHIP_TYPES,
        paperFilterArgument(filter),
      );
      return analysable(newToClient(view, known));
    },
  },
  Suggestion: {
    type: (s) => s.type,
  },
  GraphNode: {
    community: (node) => nodeAnalysis(node).community(),
    centrality: (node) => nodeAnalysis(node).centrality(),
    x: (node) => nodeAnalysis(node).x(),
    y: (node) => nodeAnalysis(node).y(),
  },
};
