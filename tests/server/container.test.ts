import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT } from '../../testkit/processes.ts';

/**
 * The container files, read as a reviewer would: no Docker engine runs in CI, so these tests check
 * what the files say (hadolint and `docker compose config` are for a machine that has them).
 */

/** One instruction of a Dockerfile, continuation lines joined. */
interface Instruction {
  keyword: string;
  args: string;
}

/** The Dockerfile's stages in order, each its FROM line's name and its instructions. */
function dockerfileStages(text: string): { name: string; from: string; instructions: Instruction[] }[] {
  const stages: { name: string; from: string; instructions: Instruction[] }[] = [];
  const lines = text.replace(/\\\n/g, ' ').split('\n');
  for (const line of lines) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const [keyword, ...rest] = trimmed.split(/\s+/);
    const instruction = { keyword: keyword!.toUpperCase(), args: rest.join(' ') };
    if (instruction.keyword === 'FROM') {
      const match = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.args);
      stages.push({ from: match![1]!, name: match![2] ?? `stage${stages.length}`, instructions: [] });
    } else if (stages.length > 0) {
      stages.at(-1)!.instructions.push(instruction);
    }
  }
  return stages;
}

const dockerfile = readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8');
const stages = dockerfileStages(dockerfile);
const runtime = stages.at(-1)!;
const of = (keyword: string) => runtime.instructions.filter((i) => i.keyword === keyword);

describe('the Dockerfile', () => {
  it('builds in stages and ships only the last: dependencies installed once, from the lockfile, at build time', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const installs = stages.flatMap((stage) =>
      stage.instructions.filter((i) => i.keyword === 'RUN' && /\bnpm (ci|install)\b/.test(i.args)).map(() => stage.name),
    );
    expect(installs).toEqual(['deps']);
    expect(
      of('RUN')
        .map((i) => i.args)
        .join('\n'),
    ).not.toMatch(/\bnpm\b/);
    // The runtime copies node_modules from a stage that pruned devDependencies.
    expect(of('COPY').map((i) => i.args)).toContain('--from=runtime-deps /app/node_modules ./node_modules');
    expect(stages.find((s) => s.name === 'runtime-deps')!.instructions.map((i) => i.args)).toContainEqual(
      expect.stringMatching(/^npm prune --omit=dev/),
    );
  });

  it('runs the compiled server with plain node as PID 1, in production mode, as a non-root user', () => {
    expect(of('CMD').at(-1)!.args).toBe('["node", "--max-semi-space-size=64", "dist/main.js"]');
    // The same V8 heap flags as `npm start`, so that the container runs the server as measured.
    const v8Flags = (command: string) => command.match(/--max-[a-z-]+-size=\d+/g) ?? [];
    expect(v8Flags(of('CMD').at(-1)!.args)).toEqual(v8Flags(readPackageScripts().start!));
    expect(of('ENTRYPOINT')).toEqual([]);
    expect(
      of('ENV')
        .map((i) => i.args)
        .join(' '),
    ).toMatch(/\bNODE_ENV=production\b/);
    const user = of('USER').at(-1)!.args;
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    // The build stage bundles the explorer with the server.
    expect(stages.find((s) => s.name === 'build')!.instructions.map((i) => i.args)).toContain('npm run build');
    expect(readPackageScripts().build).toMatch(/build:explorer/);
  });

  it('reports health from /ready', () => {
    expect(of('HEALTHCHECK')).toHaveLength(1);
    expect(of('HEALTHCHECK')[0]!.args).toMatch(/\/ready/);
  });

  it('copies only paths that exist, and the build context leaves out what the image must not hold', () => {
    for (const stage of stages) {
      for (const copy of stage.instructions.filter((i) => i.keyword === 'COPY' && !i.args.startsWith('--from'))) {
        const sources = copy.args.split(/\s+/).slice(0, -1);
        for (const source of sources) expect(existsSync(join(REPO_ROOT, source)), `${stage.name}: COPY ${source}`).toBe(true);
      }
    }
    const ignored = readFileSync(join(REPO_ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim());
    for (const path of ['node_modules', 'dist', 'data', '.git']) expect(ignored).toContain(path);
  });
});

function readPackageScripts(): Record<string, string> {
  return (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
}

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(join(REPO_ROOT, 'docker-compose.yml'), 'utf8')) as {
    services: Record<
      string,
      {
        build?: unknown;
        image?: string;
        command?: unknown;
        depends_on?: Record<string, { condition?: string }>;
        healthcheck?: { test?: unknown };
        environment?: Record<string, string>;
      }
    >;
  };
  const app = compose.services.papergraph!;

  it('builds the image of the Dockerfile and runs its command (no shell, no install at start)', () => {
    expect(app.build).toBe('.');
    expect(app.command).toBeUndefined();
  });

  it("starts Papergraph only once Neo4j's health check passes, and points it at that Neo4j", () => {
    expect(app.depends_on).toEqual({ neo4j: { condition: 'service_healthy' } });
    expect(compose.services.neo4j!.healthcheck?.test).toBeDefined();
    expect(app.environment?.NEO4J_URI).toBe('bolt://neo4j:7687');
  });
});
