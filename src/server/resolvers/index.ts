import type { Resolvers } from '../../generated/graphql.ts';
import { authorResolvers } from './author.ts';
import { citationResolvers } from './citations.ts';
import { conceptResolvers } from './concept.ts';
import { explorationResolvers } from './exploration.ts';
import { graphResolvers } from './graph.ts';
import { methodResolvers } from './method.ts';
import { mutationResolvers } from './mutation.ts';
import { nodeResolvers } from './node.ts';
import { paperResolvers } from './paper.ts';
import { repositoryResolvers } from './repository.ts';
import { similarityResolvers } from './similarity.ts';
import { statsResolvers } from './stats.ts';

/** Every resolver map of the schema, merged by type. */
export function buildResolvers(): Resolvers {
  const maps: Resolvers[] = [
    nodeResolvers,
    paperResolvers,
    conceptResolvers,
    methodResolvers,
    repositoryResolvers,
    authorResolvers,
    graphResolvers,
    similarityResolvers,
    citationResolvers,
    statsResolvers,
    mutationResolvers,
    explorationResolvers,
  ];
  const merged: Record<string, Record<string, unknown>> = {};
  for (const map of maps) {
    for (const [type, fields] of Object.entries(map)) merged[type] = { ...(merged[type] ?? {}), ...(fields as Record<string, unknown>) };
  }
  return merged as Resolvers;
}
