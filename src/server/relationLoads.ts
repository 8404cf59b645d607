import type { Loaders, PageLookahead, RelationshipLoaderName } from './loaders.ts';
import { conceptPapersQuery } from './resolvers/conceptPapers.ts';
import { selectedFields, subField, type FieldSelection } from './selectedFields.ts';

/**
 * The loads of the relation fields of Paper and Concept, by field: what the field's resolver
 * awaits before shaping its answer, given the parent's id (and the field's arguments and
 * selection). The resolvers call these, and the look-ahead of `paper(id:)` and `concept(id:)`
 * (prefetch.ts) calls the same entries for the fields a query selects, so the two cannot ask for
 * different loader keys: a prefetched field costs its resolver no further round trip.
 */

/**
 * A relation load made of relationship loaders by the parent's id, answering their lists in
 * order; `reads` names the loaders, so that a page of papers can read them with the page
 * (paperPageLookahead) and prime exactly what these loads will ask.
 */
function relationshipLoads<const N extends readonly RelationshipLoaderName[]>(...reads: N) {
  const load = (loaders: Loaders, id: string) =>
    Promise.all(reads.map((name) => loaders[name].load(id))) as Promise<{
      -readonly [I in keyof N]: Awaited<ReturnType<Loaders[N[I]]['load']>>;
    }>;
  return Object.assign(load, { reads });
}

export const PAPER_RELATION_LOADS = {
  concepts: relationshipLoads('mentionsByPaperId'),
  methods: relationshipLoads('proposalsByPaperId', 'usesByPaperId'),
  proposes: relationshipLoads('proposalsByPaperId'),
  repositories: relationshipLoads('codeByPaperId'),
  authors: relationshipLoads('authorshipsByPaperId'),
};

/**
 * What the read of a page of papers brings along, from the selection of its connection field:
 * the loader reads of the PAPER_RELATION_LOADS fields selected under `edges { node { ... } }`,
 * and whether `totalCount` is selected at all.
 */
export function paperPageLookahead(connection: FieldSelection): PageLookahead {
  const include = new Set<RelationshipLoaderName>();
  for (const field of selectedFields(subField(subField(connection, 'edges'), 'node'))) {
    const name = field.name.value;
    if (Object.hasOwn(PAPER_RELATION_LOADS, name))
      for (const read of PAPER_RELATION_LOADS[name as keyof typeof PAPER_RELATION_LOADS].reads) include.add(read);
  }
  return { include: [...include], countTotal: selectedFields(connection).some((f) => f.name.value === 'totalCount') };
}

/** The same for Concept; `papers` takes the field's arguments (a bad one throws BAD_USER_INPUT, see conceptPapersQuery) and selection. */
export const CONCEPT_RELATION_LOADS = {
  broader: (loaders: Loaders, id: string) => loaders.broaderByConceptId.load(id),
  narrower: (loaders: Loaders, id: string) => loaders.narrowerByConceptId.load(id),
  related: (loaders: Loaders, id: string) => Promise.all([loaders.relatedFromConceptId.load(id), loaders.relatedToConceptId.load(id)]),
  methods: (loaders: Loaders, id: string) => loaders.appliersByConceptId.load(id),
  paperCount: (loaders: Loaders, id: string) => loaders.paperCountByConceptId.load(id),
  papers: (loaders: Loaders, id: string, args: Parameters<typeof conceptPapersQuery>[1], selection: FieldSelection) =>
    loaders.papersPage(conceptPapersQuery(id, args), paperPageLookahead(selection)),
};

/** A relation load as the look-ahead calls it, with the field's coerced arguments and its selection. */
export type RelationLoad = (loaders: Loaders, id: string, args: Record<string, unknown>, selection: FieldSelection) => Promise<unknown>;

/** The relation loads of each type that has a look-ahead, by GraphQL type name. */
export const RELATION_LOADS: Record<'Paper' | 'Concept', Record<string, RelationLoad>> = {
  Paper: PAPER_RELATION_LOADS,
  Concept: CONCEPT_RELATION_LOADS as Record<string, RelationLoad>,
};
