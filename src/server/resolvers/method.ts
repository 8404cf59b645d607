import type { Resolvers } from '../../generated/graphql.ts';
import { loadEnds } from '../loaders.ts';
import { oneOf } from './concept.ts';

export const methodResolvers: Resolvers = {
  Query: {
    method: (_p, { id, name }, { loaders, store }) => {
      const lookup = oneOf(['id', id], ['name', name]);
      return lookup.by === 'id' ? loaders.methodById.load(lookup.value) : store.findByName('Method', lookup.value);
    },
  },
  Method: {
    proposedBy: async (m, _a, { loaders }) =>
      loadEnds(
        loaders.paperById,
        (await loaders.proposersByMethodId.load(m.id)).map((r) => r.from),
      ),
    usedBy: async (m, _a, { loaders }) =>
      loadEnds(
        loaders.paperById,
        (await loaders.usersByMethodId.load(m.id)).map((r) => r.from),
      ),
    concepts: async (m, _a, { loaders }) =>
      loadEnds(
        loaders.conceptById,
        (await loaders.appliedByMethodId.load(m.id)).map((r) => r.to),
      ),
  },
};
