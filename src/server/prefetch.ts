import { getArgumentValues, Kind, type FieldNode, type GraphQLObjectType, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import type { Loaders } from './loaders.ts';
import { RELATION_LOADS } from './relationLoads.ts';

/**
 * Look-ahead for lookups by id: `paper(id:)` and `concept(id:)` know the id before the node is
 * loaded, so the relation fields the query selects on it are requested in the same tick as the
 * node itself. The ReadBatcher then sends the node and its relations to the store as one
 * statement, where plain resolution would take one round trip per level. What is prefetched is
 * what the field resolvers load next, by construction: both call the entries of RELATION_LOADS
 * (relationLoads.ts), so answers do not change; an unknown id costs only empty reads.
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

/** Starts the relation loads of the fields selected on the `type` node of `id` (the field being resolved is its lookup). */
export function prefetchRelations(type: keyof typeof RELATION_LOADS, id: string, info: GraphQLResolveInfo, loaders: Loaders): void {
  const loads = RELATION_LOADS[type];
  const fields = (info.schema.getType(type) as GraphQLObjectType).getFields();
  for (const field of info.fieldNodes.flatMap((node) => selectedFields(node.selectionSet, info))) {
    const load = Object.hasOwn(loads, field.name.value) ? loads[field.name.value] : undefined;
    if (!load) continue;
    try {
      const definition = fields[field.name.value]!;
      const args = definition.args.length > 0 ? getArgumentValues(definition, field, info.variableValues) : {};
      quietly(load(loaders, id, args));
    } catch {
      // A bad argument: the resolver reports it.
    }
  }
}

/** The look-ahead of `paper(id:)`. */
export const prefetchPaper = (id: string, info: GraphQLResolveInfo, loaders: Loaders) => prefetchRelations('Paper', id, info, loaders);

/** The look-ahead of `concept(id:)`. */
export const prefetchConcept = (id: string, info: GraphQLResolveInfo, loaders: Loaders) => prefetchRelations('Concept', id, info, loaders);
