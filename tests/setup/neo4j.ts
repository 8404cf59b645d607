import type { TestProject } from 'vitest/node';
import { startLocalNeo4j } from '../../scripts/neo4j-local.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Bolt URI of the Neo4j the Neo4j suites run against. */
    neo4jUri: string;
  }
}

/**
 * One Neo4j for the whole run: NEO4J_URI when given (CI starts one), else the local launcher.
 * No Neo4j is a failure, never a skip: the Neo4j suites are part of every run.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
  if (process.env.NEO4J_URI) {
    project.provide('neo4jUri', process.env.NEO4J_URI);
    return;
  }
  process.stderr.write('NEO4J_URI is not set: starting a local Neo4j for the Neo4j suites (scripts/neo4j-local.mjs)...\n');
  let neo4j;
  try {
    neo4j = await startLocalNeo4j({ log: (line: string) => process.stderr.write(`[neo4j] ${line}\n`) });
  } catch (error) {
    throw new Error(
      `Cannot start the local Neo4j that the Neo4j suites need: ${(error as Error).message}\n` +
        'Install Java 17 and Maven (the launcher fetches Neo4j from Maven Central), or point NEO4J_URI at a running Neo4j 5.26.',
      { cause: error },
    );
  }
  process.stderr.write(`local Neo4j ready at ${neo4j.uri} in ${(neo4j.startupMs / 1000).toFixed(1)} s\n`);
  project.provide('neo4jUri', neo4j.uri);
  return () => neo4j.stop();
}
