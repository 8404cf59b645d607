import type { Resolvers } from '../../generated/graphql.ts';
import { compareStrings } from '../../store/readRules.ts';
import { badArgument, decodeCursor, pageSize, toConnection } from '../arguments.ts';
import { loadEnds } from '../loaders.ts';
import { paperFilterArgument } from '../paperFilterArgument.ts';
import { prefetchPaper } from '../prefetch.ts';
import { PAPER_RELATION_LOADS, paperPageLookahead } from '../relationLoads.ts';

export const paperResolvers: Resolvers = {
  Query: {
    paper: (_p, { id }, { loaders }, info) => {
      prefetchPaper(id, info, loaders);
      return loaders.paperById.load(id);
    },
    papers: async (_p, { first, after, filter, orderBy }, { loaders }, info) => {
      const field = orderBy?.field ?? 'ID';
      const direction = orderBy?.direction ?? 'ASC';
      if (field === 'RELEVANCE' && !filter?.concept) {
        throw badArgument(
          'orderBy',
          'RELEVANCE orders by the MENTIONS weight of filter.concept: give filter.concept, or order by ID, TITLE or PUBLISHED_AT',
        );
      }
      const ordering = `papers:${field}:${direction}`;
      const page = await loaders.papersPage(
        {
          first: pageSize(first),
          after: decodeCursor(ordering, after),
          filter: paperFilterArgument(filter),
          orderBy: { field, direction },
        },
        paperPageLookahead(info),
      );
      return toConnection(ordering, page);
    },
  },
  Paper: {
    concepts: async (paper, _a, { loaders }) => {
      const [mentions] = await PAPER_RELATION_LOADS.concepts(loaders, paper.id);
      return [...mentions].sort(
        (a, b) => b.properties.weight - a.properties.weight || b.properties.count - a.properties.count || compareStrings(a.to, b.to),
      );
    },
    methods: async (paper, _a, { loaders }) => {
      const [proposed, used] = await PAPER_RELATION_LOADS.methods(loaders, paper.id);
      const ids = [...new Set([...proposed, ...used].map((r) => r.to))].sort(compareStrings);
      return loadEnds(loaders.methodById, ids);
    },
    proposes: async (paper, _a, { loaders }) =>
      loadEnds(
        loaders.methodById,
        (await PAPER_RELATION_LOADS.proposes(loaders, paper.id))[0].map((r) => r.to),
      ),
    repositories: async (paper, _a, { loaders }) =>
      loadEnds(
        loaders.repositoryById,
        (await PAPER_RELATION_LOADS.repositories(loaders, paper.id))[0].map((r) => r.to),
      ),
    // similarPapers: resolvers/similarity.ts
  },
  ConceptMention: {
    concept: async (mention, _a, { loaders }) => {
      const concept = await loaders.conceptById.load(mention.to);
      if (!concept) throw new Error(`concept ${mention.to} of a MENTIONS edge is missing`);
      return concept;
    },
    count: (mention) => (mention.properties as { count: number }).count,
    weight: (mention) => (mention.properties as { weight: number }).weight,
    evidence: (mention) => (mention.properties as { evidence?: string[] }).evidence ?? [],
  },
};
