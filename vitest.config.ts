import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // One graphql module for everything: Vite would give our files graphql's ESM build while
    // Apollo (loaded by Node) gets the CommonJS one, and graphql refuses types from two realms.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['tests/**/*.test.ts'],
    // The Neo4j kill-and-restart drill starts Neo4j twice and its timings depend on an idle
    // machine: it runs on its own with `npm run test:faults` (see README, Operating Papergraph).
    exclude: ['**/node_modules/**', ...(process.env.PAPERGRAPH_FAULT_TESTS ? [] : ['tests/reliability/neo4jFaults.test.ts'])],
    // Starts (or finds through NEO4J_URI) the one Neo4j of the run; see tests/setup/neo4j.ts.
    globalSetup: ['tests/setup/neo4j.ts'],
    // Neo4j Community has one user database: test files that write to it must not overlap.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 240_000,
    // CI also writes a JSON report: .ci/check-results.mjs checks the Neo4j suites ran.
    reporters: process.env.CI ? ['verbose', 'json'] : ['default'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
