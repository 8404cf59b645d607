/**
 * `npm run export -- --format gexf|graphml|graphology|cytoscape --out FILE [--limit N] [--author ID]
 * [--yearFrom Y] [--yearTo Y] [--venue V] [--concept ID] [--conceptsAll a,b] [--conceptsAny a,b]
 * [--method ID] [--text T] [--edgeTypes MENTIONS,...]`: writes the graph view of a paper filter
 * (the same as GET /export) from the configured store to a file, streamed. Exit codes: common.EXIT.
 */
import { createWriteStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { exportChunks } from '../exploration/exportFormats.ts';
import { EXPORT_PARAMETERS, parseExportRequest } from '../exploration/exportRequest.ts';
import { graphViewOf } from '../exploration/graphViewOf.ts';
import { EXIT, log, openStore, runCommand } from './common.ts';

const USAGE = `usage: npm run export -- --format gexf|graphml|graphology|cytoscape --out FILE [--limit N] [--${EXPORT_PARAMETERS.filter((p) => p !== 'format' && p !== 'limit').join(' V] [--')} V]`;

async function main(): Promise<number> {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      options: Object.fromEntries([...EXPORT_PARAMETERS, 'out'].map((name) => [name, { type: 'string' as const }])),
      strict: true,
    }) as { values: Record<string, string | undefined> });
  } catch (error) {
    log(`export: ${(error as Error).message}\n${USAGE}`);
    return EXIT.usage;
  }
  if (!values.out) {
    log(`export: --out FILE is required\n${USAGE}`);
    return EXIT.usage;
  }
  const request = parseExportRequest((name) => values[name], 'export');
  const store = await openStore(loadConfig());
  if (!store) return EXIT.store;
  try {
    const view = await graphViewOf(store, request.filter, request.limit, request.edgeTypes);
    // Written next to the target, then renamed: a failed export leaves no half file.
    const partial = `${values.out}.partial`;
    await pipeline(Readable.from(exportChunks(view, request.format)), createWriteStream(partial));
    await rename(partial, values.out);
    log(
      `export: ${view.nodes.length} nodes and ${view.edges.length} edges written to ${values.out} (${request.format})${view.truncated ? `; cut at --limit ${request.limit}` : ''}`,
    );
    return EXIT.done;
  } finally {
    await store.close();
  }
}

runCommand('export', main, 'nothing was written.');
