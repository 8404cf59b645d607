import { NODE_LABELS, RELATIONSHIP_TYPES, type NodeLabel } from '../../domain/graph.ts';
import type { Resolvers } from '../../generated/graphql.ts';
import { badArgument, intInRange, pageSize } from '../arguments.ts';
import { loaderOf } from '../loaders.ts';
import { LABEL_BY_NODE_TYPE, NODE_TYPE_BY_LABEL } from './node.ts';
import { analysable } from '../../exploration/viewAnalysis.ts';
import { paperFilterArgument } from '../paperFilterArgument.ts';

/** Limits of the traversal arguments, checked before any store call. */
export const TRAVERSAL_LIMITS = { maxHops: 8, depth: 3, neighborhoodLimit: 1000, seedIds: 50, queryLength: 200 } as const;

export const graphResolvers: Resolvers = {
  Query: {
    search: (_p, { query, types, first }, { store }) => {
      if (query.length > TRAVERSAL_LIMITS.queryLength) throw badArgument('query', `at most ${TRAVERSAL_LIMITS.queryLength} characters`);
      const labels: NodeLabel[] = types && types.length > 0 ? types.map((t) => LABEL_BY_NODE_TYPE[t]) : [...NODE_LABELS];
      return store.search(query, [...new Set(labels)], pageSize(first, 10));
    },
    papersSharingMethods: (_p, { paperId, first, minShared }, { store }) =>
      store.papersSharingMethods(paperId, pageSize(first, 10), intInRange('minShared', minShared, 1, 100, 1)),
    conceptPath: (_p, args, { store }) =>
      store.conceptPath(
        args.from,
        args.to,
        intInRange('maxHops', args.maxHops, 1, TRAVERSAL_LIMITS.maxHops, 6),
        args.throughCitations ?? false,
      ),
    neighborhood: async (_p, { ids, depth, limit, edgeTypes, filter }, { store }) => {
      if (ids.length === 0 || ids.length > TRAVERSAL_LIMITS.seedIds) throw badArgument('ids', `give 1 to ${TRAVERSAL_LIMITS.seedIds} ids`);
      const view = await store.neighborhood(
        ids,
        intInRange('depth', depth, 0, TRAVERSAL_LIMITS.depth, 1),
        intInRange('limit', limit, 1, TRAVERSAL_LIMITS.neighborhoodLimit, 200),
        edgeTypes ?? RELATIONSHIP_TYPES,
        paperFilterArgument(filter),
      );
      // GraphNode.community, centrality, x and y are computed from the view when asked (exploration/viewAnalysis.ts).
      return analysable(view);
    },
  },
  SearchHit: {
    node: (hit) => hit.node,
  },
  PaperOverlap: {
    shared: (overlap) => overlap.shared.map((s) => s.node),
  },
  GraphPath: {
    length: (path) => path.edges.length,
    nodes: async (path, _a, { loaders }) => {
      if (path.loaded) return path.loaded;
      const nodes = await Promise.all(path.nodes.map((ref) => loaderOf(loaders, ref.label).load(ref.id)));
      return nodes.filter((n) => n !== null);
    },
  },
  GraphNode: {
    type: (node) => NODE_TYPE_BY_LABEL[node.label],
    label: (node) => node.text,
    // Papers of one view are read in one batch (the paper loader), as their other fields are.
    stub: async (node, _args, { loaders }) => node.label === 'Paper' && (await loaders.paperById.load(node.id))?.stub === true,
  },
};
