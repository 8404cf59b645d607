import type { AuthorNode, ConceptNode, MethodNode, NodeLabel, PaperNode, RepositoryNode } from '../../domain/graph.ts';
import type { Resolvers } from '../../generated/graphql.ts';

type AnyNode = PaperNode | ConceptNode | MethodNode | RepositoryNode | AuthorNode;

/** The GraphQL type of a domain node, told by the fields only its label has (see documentRows.toNode). */
export function typeOfNode(node: AnyNode): NodeLabel {
  if ('abstract' in node) return 'Paper';
  if ('kind' in node) return 'Concept';
  if ('owner' in node) return 'Repository';
  if ('fullName' in node) return 'Method';
  return 'Author';
}

/** Label <-> GraphQL enum names. */
export const NODE_TYPE_BY_LABEL = {
  Paper: 'PAPER',
  Concept: 'CONCEPT',
  Method: 'METHOD',
  Repository: 'REPOSITORY',
  Author: 'AUTHOR',
} as const satisfies Record<NodeLabel, string>;
export const LABEL_BY_NODE_TYPE = {
  PAPER: 'Paper',
  CONCEPT: 'Concept',
  METHOD: 'Method',
  REPOSITORY: 'Repository',
  AUTHOR: 'Author',
} as const satisfies Record<string, NodeLabel>;

export const nodeResolvers: Resolvers = {
  Node: {
    __resolveType: (node) => typeOfNode(node as AnyNode),
  },
  Query: {
    // All five lookups go out in one tick (one batched store call per label); labels are tried in this order.
    node: async (_p, { id }, { loaders }) => {
      const found = await Promise.all([
        loaders.paperById.load(id),
        loaders.conceptById.load(id),
        loaders.methodById.load(id),
        loaders.repositoryById.load(id),
        loaders.authorById.load(id),
      ]);
      return found.find((n) => n !== null) ?? null;
    },
  },
};
