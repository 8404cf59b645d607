import { getArgumentValues, Kind, type FieldNode, type GraphQLObjectType, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import type { Loaders } from './loaders.ts';
import { conceptPapersQuery } from './resolvers/conceptPapers.ts';

/**
 * Look-ahead for lookups by id: `paper(id:)` and `concept(id:)` know the id before the node is
 * loaded, so the relation fields the query selects on it are requested in the same tick as the
 * node itself. The ReadBatcher then sends the node and its relations to the store as one
 * statement, where plain resolution would take one round trip per level. What is prefetched is
 * exactly what the field resolvers load next (the same loader keys), so answers do not change;
 * an unknown id costs only empty reads.
 */

/** The fields selected directly on an object (through fragments too), by response-independent name. */
function selectedFields(selectionSet: SelectionSetNode | undefined, info: GraphQLResolveInfo, into: FieldNode[] = []): FieldNode[] {
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === Kind.FIELD) into.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) selectedFields(selection.selectionSet, info, into);
    else selectedFields(info.fragments[selection.name.value]?.selectionSet, info, into);
  }
  return into;
}

/** A prefetch must never surface as an unhandled rejection: the resolver that needs it loads again and reports. */
const quietly = (promise: Promise<unknown>) => void promise.catch(() => undefined);

export function prefetchPaper(id: string, info: GraphQLResolveInfo, loaders: Loaders): void {
  for (const field of info.fieldNodes.flatMap((node) => selectedFields(node.selectionSet, info))) {
    switch (field.name.value) {
      case 'concepts':
        quietly(loaders.mentionsByPaperId.load(id));
        break;
      case 'methods':
        quietly(loaders.proposalsByPaperId.load(id));
        quietly(loaders.usesByPaperId.load(id));
        break;
      case 'proposes':
        quietly(loaders.proposalsByPaperId.load(id));
        break;
      case 'repositories':
        quietly(loaders.codeByPaperId.load(id));
        break;
      case 'authors':
        quietly(loaders.authorshipsByPaperId.load(id));
        break;
    }
  }
}

export function prefetchConcept(id: string, info: GraphQLResolveInfo, loaders: Loaders): void {
  const conceptType = info.schema.getType('Concept') as GraphQLObjectType;
  for (const field of info.fieldNodes.flatMap((node) => selectedFields(node.selectionSet, info))) {
    switch (field.name.value) {
      case 'broader':
        quietly(loaders.broaderByConceptId.load(id));
        break;
      case 'narrower':
        quietly(loaders.narrowerByConceptId.load(id));
        break;
      case 'related':
        quietly(loaders.relatedFromConceptId.load(id));
        quietly(loaders.relatedToConceptId.load(id));
        break;
      case 'methods':
        quietly(loaders.appliersByConceptId.load(id));
        break;
      case 'paperCount':
        quietly(loaders.paperCountByConceptId.load(id));
        break;
      case 'papers': {
        let query;
        try {
          const args = getArgumentValues(conceptType.getFields().papers!, field, info.variableValues);
          query = conceptPapersQuery(id, args as Parameters<typeof conceptPapersQuery>[1]);
        } catch {
          break; // a bad argument: the resolver reports it
        }
        quietly(loaders.papersPage(query));
        break;
      }
    }
  }
}
