// Reads vitest's JSON report and fails unless every test passed, none was skipped, and the
// suites that run on Neo4j ran. Prints the plain "N passed, N failed" closing line.
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? 'test-results/vitest.json';
const report = JSON.parse(readFileSync(file, 'utf8'));
const tests = report.testResults.flatMap((f) => f.assertionResults.map((t) => ({ ...t, file: f.name })));
const count = (status) => tests.filter((t) => t.status === status).length;
// The suites that need the database: the store contract and API suites on Neo4j, and the parity suite.
const NEO4J_FILES = /(neo4jStore|api\.neo4j|parity)\.test\.ts$/;
const onNeo4j = tests.filter((t) => NEO4J_FILES.test(t.file));
const neo4jPassed = onNeo4j.filter((t) => t.status === 'passed').length;
const problems = [];
if (count('failed') > 0) problems.push(`${count('failed')} failed`);
const skipped = tests.filter((t) => t.status !== 'passed' && t.status !== 'failed');
if (skipped.length > 0)
  problems.push(
    `${skipped.length} skipped or pending: ${skipped
      .slice(0, 5)
      .map((t) => t.fullName)
      .join('; ')}`,
  );
if (neo4jPassed < 50) problems.push(`only ${neo4jPassed} tests ran on Neo4j (expected the store contract, API and parity suites)`);
console.log(`Neo4j suites: ${neo4jPassed} tests passed on Neo4j, in ${new Set(onNeo4j.map((t) => t.file)).size} files`);
console.log(`${count('passed')} passed, ${count('failed')} failed`);
if (problems.length > 0) {
  console.error(`CI check failed: ${problems.join('; ')}`);
  process.exit(1);
}
