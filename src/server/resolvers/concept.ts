import type { Resolvers } from '../../generated/graphql.ts';
import { compareStrings } from '../../store/readRules.ts';
import { badArgument, decodeCursor, pageSize, toConnection } from '../arguments.ts';
import { loadEnds } from '../loaders.ts';
import { prefetchConcept } from '../prefetch.ts';
import { conceptPapersOrdering } from './conceptPapers.ts';
import { CONCEPT_RELATION_LOADS } from '../relationLoads.ts';

/** Exactly one of two lookup arguments, or BAD_USER_INPUT. */
export function oneOf<A extends string, B extends string>(
  a: [A, string | null | undefined],
  b: [B, string | null | undefined],
): { by: A | B; value: string } {
  const given = [a, b].filter(([, v]) => v !== null && v !== undefined) as [A | B, string][];
  if (given.length !== 1) throw badArgument(`${a[0]}/${b[0]}`, `give exactly one of "${a[0]}" and "${b[0]}"`);
  return { by: given[0]![0], value: given[0]![1] };
}

const sortedIds = (ids: string[]) => [...new Set(ids)].sort(compareStrings);

export const conceptResolvers: Resolvers = {
  Query: {
    concept: (_p, { id, name }, { loaders, store }, info) => {
      const lookup = oneOf(['id', id], ['name', name]);
      if (lookup.by === 'name') return store.findByName('Concept', lookup.value);
      prefetchConcept(lookup.value, info, loaders);
      return loaders.conceptById.load(lookup.value);
    },
    concepts: async (_p, { first, after, kind, orderBy }, { store }) => {
      const field = orderBy?.field ?? 'ID';
      const direction = orderBy?.direction ?? 'ASC';
      const ordering = `concepts:${field}:${direction}:${kind ?? '*'}`;
      return toConnection(
        ordering,
        await store.findConcepts({ first: pageSize(first), after: decodeCursor(ordering, after), kind, orderBy: { field, direction } }),
      );
    },
  },
  Concept: {
    description: (concept) => concept.description,
    broader: async (c, _a, { loaders }) =>
      loadEnds(
        loaders.conceptById,
        (await CONCEPT_RELATION_LOADS.broader(loaders, c.id)).map((r) => r.to),
      ),
    narrower: async (c, _a, { loaders }) =>
      loadEnds(
        loaders.conceptById,
        (await CONCEPT_RELATION_LOADS.narrower(loaders, c.id)).map((r) => r.from),
      ),
    related: async (c, _a, { loaders }) => {
      const [out, inn] = await CONCEPT_RELATION_LOADS.related(loaders, c.id);
      return loadEnds(loaders.conceptById, sortedIds([...out.map((r) => r.to), ...inn.map((r) => r.from)]));
    },
    papers: async (c, args, { loaders }, info) =>
      toConnection(conceptPapersOrdering(args.includeNarrower), await CONCEPT_RELATION_LOADS.papers(loaders, c.id, args, info)),
    paperCount: (c, _a, { loaders }) => CONCEPT_RELATION_LOADS.paperCount(loaders, c.id),
    methods: async (c, _a, { loaders }) =>
      loadEnds(
        loaders.methodById,
        (await CONCEPT_RELATION_LOADS.methods(loaders, c.id)).map((r) => r.from),
      ),
  },
};
