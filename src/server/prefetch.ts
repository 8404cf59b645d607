import { getArgumentValues, type FieldNode, type GraphQLObjectType, type GraphQLResolveInfo } from 'graphql';
import type { Loaders } from './loaders.ts';
import { RELATION_LOADS } from './relationLoads.ts';
import { selectedFields } from './selectedFields.ts';

/**
 * Look-ahead for lookups by id: `paper(id:)` and `concept(id:)` know the id before the node is
 * loaded, so the relation fields the query selects on it are requested in the same tick as the
 * node itself. The ReadBatcher then sends the node and its relations to the store as one
 * statement, where plain resolution would take one round trip per level. What is prefetched is
 * what the field resolvers load next, by construction: both call the entries of RELATION_LOADS
 * (relationLoads.ts) with the field's nodes, grouped by response name as the resolver gets them,
 * so answers do not change; an unknown id costs only empty reads. A page field (Concept.papers)
 * looks further, through its connection, at the relations of its papers (paperPageLookahead).
 */

/** A prefetch must never surface as an unhandled rejection: the resolver that needs it loads again and reports. */
const quietly = (promise: Promise<unknown>) => void promise.catch(() => undefined);

/** Starts the relation loads of the fields selected on the `type` node of `id` (the field being resolved is its lookup). */
export function prefetchRelations(type: keyof typeof RELATION_LOADS, id: string, info: GraphQLResolveInfo, loaders: Loaders): void {
  const loads = RELATION_LOADS[type];
  const fields = (info.schema.getType(type) as GraphQLObjectType).getFields();
  const byResponseName = new Map<string, FieldNode[]>();
  for (const field of selectedFields(info)) {
    if (!Object.hasOwn(loads, field.name.value)) continue;
    const responseName = field.alias?.value ?? field.name.value;
    byResponseName.set(responseName, [...(byResponseName.get(responseName) ?? []), field]);
  }
  for (const nodes of byResponseName.values()) {
    const name = nodes[0]!.name.value;
    try {
      const definition = fields[name]!;
      const args = definition.args.length > 0 ? getArgumentValues(definition, nodes[0]!, info.variableValues) : {};
      quietly(loads[name]!(loaders, id, args, { fieldNodes: nodes, fragments: info.fragments }));
    } catch {
      // A bad argument: the resolver reports it.
    }
  }
}

/** The look-ahead of `paper(id:)`. */
export const prefetchPaper = (id: string, info: GraphQLResolveInfo, loaders: Loaders) => prefetchRelations('Paper', id, info, loaders);

/** The look-ahead of `concept(id:)`. */
export const prefetchConcept = (id: string, info: GraphQLResolveInfo, loaders: Loaders) => prefetchRelations('Concept', id, info, loaders);
