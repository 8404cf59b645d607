import type { PaperNode } from '../../domain/graph.ts';
import type { Resolvers } from '../../generated/graphql.ts';
import { rankCitedWorks } from '../../store/similarity/citationWorks.ts';
import type { StoredRelationship } from '../../store/GraphStore.ts';
import { badArgument, decodeCursor, intInRange, pageSize, toConnection } from '../arguments.ts';
import type { Loaders } from '../loaders.ts';

/** Most papers priorWorks and derivativeWorks take. */
const MAX_CITATION_SET = 50;

/**
 * A page of a paper's citations (references: 'out', citedBy: 'in') in the other paper's id order,
 * from the relationship loader (sorted by that id already) and the papers of the page only.
 */
async function citationPage(
  loaders: Loaders,
  paperId: string,
  direction: 'out' | 'in',
  first: number | null | undefined,
  after: string | null | undefined,
) {
  const ordering = direction === 'out' ? 'references:ID' : 'citedBy:ID';
  const size = pageSize(first);
  const cursor = decodeCursor(ordering, after);
  const all = await (direction === 'out' ? loaders.referencesByPaperId : loaders.citationsByPaperId).load(paperId);
  const other = (r: StoredRelationship<'CITES'>) => (direction === 'out' ? r.to : r.from);
  const rest = cursor ? all.filter((r) => other(r) > cursor.id) : all;
  const page = rest.slice(0, size);
  const papers = await loaders.paperById.loadMany(page.map(other));
  const items = page.flatMap((r, i) => {
    const paper = papers[i];
    return paper && !(paper instanceof Error) ? [{ node: { id: paper.id, paper, properties: r.properties }, key: paper.id }] : [];
  });
  const connection = toConnection(ordering, { items, totalCount: all.length, hasNextPage: rest.length > size });
  return {
    ...connection,
    edges: connection.edges.map(({ cursor, node: { paper, properties } }) => ({
      cursor,
      node: paper,
      influential: properties.influential === true,
      intents: properties.intents ?? [],
      contexts: properties.contexts ?? [],
    })),
  };
}

function citationSet(paperIds: readonly string[]): string[] {
  if (paperIds.length < 1 || paperIds.length > MAX_CITATION_SET)
    throw badArgument('paperIds', `give 1 to ${MAX_CITATION_SET} paper ids; found ${paperIds.length}`);
  return [...paperIds];
}

export const citationResolvers: Resolvers = {
  Query: {
    priorWorks: (_p, { paperIds, first }, { store }) =>
      rankCitedWorks(store, citationSet(paperIds), 'out', intInRange('first', first, 1, 100, 10)),
    derivativeWorks: (_p, { paperIds, first }, { store }) =>
      rankCitedWorks(store, citationSet(paperIds), 'in', intInRange('first', first, 1, 100, 10)),
  },
  Paper: {
    stub: (paper) => (paper as PaperNode).stub === true,
    externalIds: (paper) => (paper as PaperNode).externalIds ?? [],
    references: (paper, { first, after }, { loaders }) => citationPage(loaders, paper.id, 'out', first, after),
    citedBy: (paper, { first, after }, { loaders }) => citationPage(loaders, paper.id, 'in', first, after),
    citationCount: (paper, _a, { loaders }) => loaders.citationCountByPaperId.load(paper.id),
    referenceCount: (paper, _a, { loaders }) => loaders.referenceCountByPaperId.load(paper.id),
  },
};
