import type { Loaders } from './loaders.ts';
import { conceptPapersQuery } from './resolvers/conceptPapers.ts';

/**
 * The loads of the relation fields of Paper and Concept, by field: what the field's resolver
 * awaits before shaping its answer, given the parent's id (and the field's arguments). The
 * resolvers call these, and the look-ahead of `paper(id:)` and `concept(id:)` (prefetch.ts)
 * calls the same entries for the fields a query selects, so the two cannot ask for different
 * loader keys: a prefetched field costs its resolver no further round trip.
 */
export const PAPER_RELATION_LOADS = {
  concepts: (loaders: Loaders, id: string) => loaders.mentionsByPaperId.load(id),
  methods: (loaders: Loaders, id: string) => Promise.all([loaders.proposalsByPaperId.load(id), loaders.usesByPaperId.load(id)]),
  proposes: (loaders: Loaders, id: string) => loaders.proposalsByPaperId.load(id),
  repositories: (loaders: Loaders, id: string) => loaders.codeByPaperId.load(id),
  authors: (loaders: Loaders, id: string) => loaders.authorshipsByPaperId.load(id),
};

/** The same for Concept; `papers` takes the field's arguments (a bad one throws BAD_USER_INPUT, see conceptPapersQuery). */
export const CONCEPT_RELATION_LOADS = {
  broader: (loaders: Loaders, id: string) => loaders.broaderByConceptId.load(id),
  narrower: (loaders: Loaders, id: string) => loaders.narrowerByConceptId.load(id),
  related: (loaders: Loaders, id: string) => Promise.all([loaders.relatedFromConceptId.load(id), loaders.relatedToConceptId.load(id)]),
  methods: (loaders: Loaders, id: string) => loaders.appliersByConceptId.load(id),
  paperCount: (loaders: Loaders, id: string) => loaders.paperCountByConceptId.load(id),
  papers: (loaders: Loaders, id: string, args: Parameters<typeof conceptPapersQuery>[1]) =>
    loaders.papersPage(conceptPapersQuery(id, args)),
};

/** A relation load as the look-ahead calls it, with the field's coerced arguments. */
export type RelationLoad = (loaders: Loaders, id: string, args: Record<string, unknown>) => Promise<unknown>;

/** The relation loads of each type that has a look-ahead, by GraphQL type name. */
export const RELATION_LOADS: Record<'Paper' | 'Concept', Record<string, RelationLoad>> = {
  Paper: PAPER_RELATION_LOADS,
  Concept: CONCEPT_RELATION_LOADS as Record<string, RelationLoad>,
};
