import DataLoader from 'dataloader';
import type { NodeByLabel, NodeLabel, RelationshipType } from '../domain/graph.ts';
import type { GraphStore, StoredRelationship } from '../store/GraphStore.ts';

/** Nodes of one label by id: one store call per tick, whatever the number of ids. */
export type NodeLoader<L extends NodeLabel> = DataLoader<string, NodeByLabel[L] | null>;
/** Relationships of one type and direction by id. */
export type RelationshipLoader<T extends RelationshipType> = DataLoader<string, StoredRelationship<T>[]>;

const nodeLoader = <L extends NodeLabel>(store: GraphStore, label: L): NodeLoader<L> =>
  new DataLoader((ids) => store.nodesById(label, ids));
const relationshipLoader = <T extends RelationshipType>(store: GraphStore, type: T, direction: 'out' | 'in'): RelationshipLoader<T> =>
  new DataLoader((ids) => store.relationshipsOf(type, direction, ids));

/**
 * The loaders of one request, named by what they answer for a key. Made per request so that
 * nothing cached outlives it; every relation field of the schema goes through one of these.
 */
export function createLoaders(store: GraphStore) {
  return {
    paperById: nodeLoader(store, 'Paper'),
    conceptById: nodeLoader(store, 'Concept'),
    methodById: nodeLoader(store, 'Method'),
    repositoryById: nodeLoader(store, 'Repository'),
    authorById: nodeLoader(store, 'Author'),
    mentionsByPaperId: relationshipLoader(store, 'MENTIONS', 'out'),
    proposalsByPaperId: relationshipLoader(store, 'PROPOSES', 'out'),
    usesByPaperId: relationshipLoader(store, 'USES', 'out'),
    codeByPaperId: relationshipLoader(store, 'HAS_CODE', 'out'),
    broaderByConceptId: relationshipLoader(store, 'BROADER', 'out'),
    narrowerByConceptId: relationshipLoader(store, 'BROADER', 'in'),
    relatedFromConceptId: relationshipLoader(store, 'RELATED', 'out'),
    relatedToConceptId: relationshipLoader(store, 'RELATED', 'in'),
    appliersByConceptId: relationshipLoader(store, 'APPLIES', 'in'),
    proposersByMethodId: relationshipLoader(store, 'PROPOSES', 'in'),
    usersByMethodId: relationshipLoader(store, 'USES', 'in'),
    appliedByMethodId: relationshipLoader(store, 'APPLIES', 'out'),
    papersByRepositoryId: relationshipLoader(store, 'HAS_CODE', 'in'),
    authorshipsByPaperId: relationshipLoader(store, 'AUTHORED_BY', 'out'),
    authorshipsByAuthorId: relationshipLoader(store, 'AUTHORED_BY', 'in'),
    paperCountByConceptId: new DataLoader<string, number>((ids) => store.degreeOf('MENTIONS', 'in', ids)),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/** The node loader of a label. */
export function loaderOf<L extends NodeLabel>(loaders: Loaders, label: L): NodeLoader<L> {
  const byLabel: Record<NodeLabel, unknown> = {
    Paper: loaders.paperById,
    Concept: loaders.conceptById,
    Method: loaders.methodById,
    Repository: loaders.repositoryById,
    Author: loaders.authorById,
  };
  return byLabel[label] as unknown as NodeLoader<L>;
}

/** Loads the nodes at the far end of relationships, in order, dropping any that vanished meanwhile. */
export async function loadEnds<L extends NodeLabel>(loader: NodeLoader<L>, ids: string[]): Promise<NodeByLabel[L][]> {
  const nodes = await loader.loadMany(ids);
  return nodes.filter((n): n is NodeByLabel[L] => n !== null && !(n instanceof Error));
}
