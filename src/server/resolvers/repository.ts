import { parseGithubUrl } from '../../extract/extractRepositories.ts';
import type { Resolvers } from '../../generated/graphql.ts';
import { decodeCursor, pageSize, toConnection } from '../arguments.ts';
import { loadEnds } from '../loaders.ts';
import { oneOf } from './concept.ts';

export const repositoryResolvers: Resolvers = {
  Query: {
    repository: (_p, { id, url }, { loaders }) => {
      const lookup = oneOf(['id', id], ['url', url]);
      // Ids are lower case (github:owner/name); accept any case, and URLs with paths or punctuation.
      const key = lookup.by === 'id' ? lookup.value.toLowerCase() : parseGithubUrl(lookup.value)?.id;
      return key ? loaders.repositoryById.load(key) : null;
    },
    repositories: async (_p, { first, after }, { store }) =>
      toConnection('repositories', await store.findRepositories({ first: pageSize(first), after: decodeCursor('repositories', after) })),
  },
  Repository: {
    papers: async (r, _a, { loaders }) =>
      loadEnds(
        loaders.paperById,
        (await loaders.papersByRepositoryId.load(r.id)).map((x) => x.from),
      ),
  },
};
