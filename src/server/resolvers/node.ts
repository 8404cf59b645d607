import type { ConceptNode, MethodNode, NodeLabel, PaperNode, RepositoryNode } from '../../domain/graph.ts';
import type { Resolvers } from '../../generated/graphql.ts';

type AnyNode = PaperNode | ConceptNode | MethodNode | RepositoryNode;

/** The GraphQL type of a domain node, told by the fields only its label has (see documentRows.toNode). */
export function typeOfNode(node: AnyNode): 'Paper' | 'Concept' | 'Method' | 'Repository' {
  if ('abstract' in node) return 'Paper';
  if ('kind' in node) return 'Concept';
  if ('owner' in node) return 'Repository';
  return 'Method';
}

/** Label <-> GraphQL enum names. */
export const NODE_TYPE_BY_LABEL = { Paper: 'PAPER', Concept: 'CONCEPT', Method: 'METHOD', Repository: 'REPOSITORY' } as const satisfies Record<NodeLabel, string>;
export const LABEL_BY_NODE_TYPE = { PAPER: 'Paper', CONCEPT: 'Concept', METHOD: 'Method', REPOSITORY: 'Repository' } as const;


export const nodeResolvers: Resolvers = {
  Node: {
    __resolveType: (node) => typeOfNode(node as AnyNode),
  },
  Query: {
    // All four lookups go out in one tick (one batched store call per label); labels are tried in this order.
    node: async (_p, { id }, { loaders }) => {
      const found = await Promise.all([loaders.paperById.load(id), loaders.conceptById.load(id), loaders.methodById.load(id), loaders.repositoryById.load(id)]);
      return found.find((n) => n !== null) ?? null;
    },
  },
};
