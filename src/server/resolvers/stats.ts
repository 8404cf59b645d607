import type { Resolvers } from '../../generated/graphql.ts';

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
const entries = (counts: Record<string, number>) => Object.entries(counts).map(([label, count]) => ({ label, count }));

export const statsResolvers: Resolvers = {
  Query: {
    stats: (_parent, _args, { store }) => store.stats(),
  },
  GraphStats: {
    nodeCount: (stats) => sum(stats.nodes),
    relationshipCount: (stats) => sum(stats.relationships),
    nodes: (stats) => entries(stats.nodes),
    relationships: (stats) => entries(stats.relationships),
  },
};
