import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { MultiDirectedGraph } from 'graphology';
import { InputError } from '../../errors.ts';
import { internStrings } from './internStrings.ts';

/**
 * The file the embedded store kept its graph in before it was an SQLite database, `graph.json`:
 * read once, to migrate it (migrateGraphFile.ts). Version 2 is JSON lines, so a graph of any size is
 * written and read a line at a time (a single JSON text of 100,000 papers is longer than the
 * longest string Node can hold):
 *
 *   {"format":"papergraph-embedded-graph","version":2,"nodes":N,"edges":M}
 *   ["n", key, attributes]                       (N lines)
 *   ["e", key, source, target, attributes]       (M lines)
 *
 * Version 1 (one JSON object holding graphology's export) is still read.
 */
export const GRAPH_FILE_FORMAT = 'papergraph-embedded-graph';
export const GRAPH_FILE_VERSION = 2;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyGraph = MultiDirectedGraph<any, any>;

/**
 * Reads a graph file into an empty graph; false when there is no file. Throws InputError naming
 * file:line for a line that is not valid, a file cut short, or another format or version.
 */
export async function readGraphFile(file: string, into: AnyGraph): Promise<boolean> {
  let head: string;
  try {
    const handle = await open(file, 'r');
    try {
      const buffer = Buffer.alloc(256);
      const { bytesRead } = await handle.read(buffer, 0, 256, 0);
      head = buffer.subarray(0, bytesRead).toString('utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  if (/^\s*\{\s*"format"\s*:\s*"papergraph-embedded-graph"\s*,\s*"version"\s*:\s*1\b/.test(head)) return readVersion1(file, into);

  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let line = 0;
  /** One copy of each repeated string (an evidence sentence is kept by every MENTIONS it names a concept in). */
  const pool = new Map<string, string>();
  let expected: { nodes: number; edges: number } | null = null;
  let nodes = 0;
  let edges = 0;
  const bad = (reason: string) => new InputError({ file, line }, `${reason}; restore the file or move it away to start from the seeds`);
  for await (const text of lines) {
    line += 1;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw bad(`the saved graph is not valid JSON (${(error as Error).message})`);
    }
    if (line === 1) {
      const header = value as { format?: unknown; version?: unknown; nodes?: unknown; edges?: unknown };
      if (
        header?.format !== GRAPH_FILE_FORMAT ||
        header.version !== GRAPH_FILE_VERSION ||
        typeof header.nodes !== 'number' ||
        typeof header.edges !== 'number'
      ) {
        throw new InputError(
          { file, line },
          `expected a ${GRAPH_FILE_FORMAT} file of version 1 or ${GRAPH_FILE_VERSION}, found ${JSON.stringify(header?.format)} v${String(header?.version)}`,
        );
      }
      expected = { nodes: header.nodes, edges: header.edges };
      continue;
    }
    const entry = value as unknown[];
    if (entry?.[0] === 'n' && entry.length === 3) {
      into.addNode(entry[1] as string, internAttributes(entry[2], pool));
      nodes += 1;
    } else if (entry?.[0] === 'e' && entry.length === 5) {
      into.addEdgeWithKey(entry[1] as string, entry[2] as string, entry[3] as string, internAttributes(entry[4], pool));
      edges += 1;
    } else {
      throw bad('the saved graph has a line that is neither a node nor an edge');
    }
  }
  if (!expected) throw bad('the saved graph is empty');
  if (nodes !== expected.nodes || edges !== expected.edges) {
    throw bad(`the saved graph is cut short: expected ${expected.nodes} nodes and ${expected.edges} edges, found ${nodes} and ${edges}`);
  }
  return true;
}

async function readVersion1(file: string, into: AnyGraph): Promise<boolean> {
  let saved: { graph?: unknown };
  try {
    saved = JSON.parse(await readFile(file, 'utf8')) as { graph?: unknown };
  } catch (error) {
    throw new InputError(
      { file },
      `the saved graph is not valid JSON (${(error as Error).message}); restore it or move it away to start from the seeds`,
    );
  }
  into.import(saved.graph as Parameters<AnyGraph['import']>[0]);
  return true;
}

function internAttributes(attributes: unknown, pool: Map<string, string>): unknown {
  const props = (attributes as { props?: Record<string, unknown> } | null)?.props;
  if (props && typeof props === 'object') internStrings(props, pool);
  return attributes;
}
