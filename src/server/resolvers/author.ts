import { authorId } from '../../domain/ids.ts';
import type { Resolvers } from '../../generated/graphql.ts';
import { loadEnds } from '../loaders.ts';
import { oneOf } from './concept.ts';
import { PAPER_RELATION_LOADS } from '../relationLoads.ts';

export const authorResolvers: Resolvers = {
  Query: {
    // An author's id is the slug of the normalised name, so a name finds its node without a search.
    author: (_p, { id, name }, { loaders }) => {
      const lookup = oneOf(['id', id], ['name', name]);
      const key = lookup.by === 'id' ? lookup.value : authorId(lookup.value);
      return key ? loaders.authorById.load(key) : null;
    },
  },
  Author: {
    papers: async (a, _args, { loaders }) =>
      loadEnds(
        loaders.paperById,
        (await loaders.authorshipsByAuthorId.load(a.id)).map((r) => r.from),
      ),
  },
  Paper: {
    authors: async (paper, _args, { loaders }) => {
      const [authorships] = await PAPER_RELATION_LOADS.authors(loaders, paper.id);
      const byline = [...authorships].sort((a, b) => a.properties.position - b.properties.position);
      return loadEnds(
        loaders.authorById,
        byline.map((r) => r.to),
      );
    },
  },
};
