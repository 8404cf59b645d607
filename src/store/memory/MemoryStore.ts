import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { MultiDirectedGraph } from 'graphology';
import {
  NODE_LABELS,
  RELATIONSHIP_TYPES,
  type GraphDocument,
  type GraphStats,
  type NodeByLabel,
  type NodeLabel,
  type RelationshipType,
  type UpsertCounts,
  type UpsertSummary,
} from '../../domain/graph.ts';
import { InputError } from '../../errors.ts';
import {
  endsOf,
  mergedSources,
  samePropsIgnoringOrder,
  toDocumentRows,
  toNode,
  type Props,
} from '../documentRows.ts';
import type { GraphStore, StoredRelationship } from '../GraphStore.ts';

interface NodeAttributes {
  label: NodeLabel;
  props: Props;
}
interface EdgeAttributes {
  type: RelationshipType;
  props: Props;
}

type MultiGraph = MultiDirectedGraph<NodeAttributes, EdgeAttributes>;
const newGraph = (): MultiGraph => new MultiDirectedGraph<NodeAttributes, EdgeAttributes>({ allowSelfLoops: false });

const FILE_NAME = 'graph.json';
const FILE_FORMAT = 'papergraph-embedded-graph';
const FILE_VERSION = 1;

export interface MemoryStoreOptions {
  /** Where the graph is kept between runs; omit for a store that lives only in memory. */
  dataDir?: string;
}

const nodeKey = (label: NodeLabel, id: string) => `${label}:${id}`;
const edgeKey = (type: RelationshipType, fromKey: string, toKey: string) => `${type}|${fromKey}|${toKey}`;
const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The embedded store: a graphology multigraph with Neo4j's semantics (labels as id namespaces,
 * MERGE by key, one relationship per type and pair of nodes), kept in `dataDir/graph.json`,
 * rewritten atomically (temp file, fsync, rename) after every change.
 */
export class MemoryStore implements GraphStore {
  readonly kind = 'memory' as const;
  private graph: MultiGraph = newGraph();
  private readonly dataDir: string | undefined;
  /** Writes are applied one at a time, so concurrent upserts cannot interleave. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: MemoryStoreOptions = {}) {
    this.dataDir = options.dataDir;
  }

  /** True when the data directory holds no saved graph (the caller then seeds it). */
  async isEmpty(): Promise<boolean> {
    return this.graph.order === 0;
  }

  async init(): Promise<void> {
    if (!this.dataDir) return;
    await mkdir(this.dataDir, { recursive: true });
    const file = join(this.dataDir, FILE_NAME);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    let saved: { format?: string; version?: number; graph?: unknown };
    try {
      saved = JSON.parse(text);
    } catch (error) {
      throw new InputError({ file }, `the saved graph is not valid JSON (${(error as Error).message}); restore it or move it away to start from the seeds`);
    }
    if (saved.format !== FILE_FORMAT || saved.version !== FILE_VERSION) {
      throw new InputError({ file }, `expected a ${FILE_FORMAT} file of version ${FILE_VERSION}, found ${JSON.stringify(saved.format)} v${String(saved.version)}`);
    }
    const graph = newGraph();
    graph.import(saved.graph as Parameters<MultiGraph['import']>[0]);
    this.graph = graph;
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    await this.queue;
  }

  upsert(doc: GraphDocument): Promise<UpsertSummary> {
    return this.exclusive(async () => {
      const rows = toDocumentRows(doc);
      // Check every relationship end before changing anything: all or nothing.
      const incoming = new Set(NODE_LABELS.flatMap((l) => rows.nodes[l].map((n) => nodeKey(l, n.id))));
      for (const type of RELATIONSHIP_TYPES) {
        const [fromLabel, toLabel] = endsOf(type);
        for (const r of rows.relationships[type]) {
          for (const key of [nodeKey(fromLabel, r.from), nodeKey(toLabel, r.to)]) {
            if (!incoming.has(key) && !this.graph.hasNode(key)) {
              throw new InputError({ file: 'document', field: `${type} ${r.from} -> ${r.to}` }, `no ${key.replace(':', ' node with id ')}; add it first`);
            }
          }
        }
      }
      const before = this.graph.copy();
      const nodes: UpsertCounts = { created: 0, updated: 0, unchanged: 0 };
      const relationships: UpsertCounts = { created: 0, updated: 0, unchanged: 0 };
      for (const label of NODE_LABELS) {
        for (const row of rows.nodes[label]) {
          const key = nodeKey(label, row.id);
          const props = { ...row.props };
          if (label === 'Paper') {
            const sources = mergedSources(this.graph.hasNode(key) ? this.graph.getNodeAttribute(key, 'props').sources : undefined, props.sources);
            if (sources) props.sources = sources;
          }
          count(nodes, this.graph.hasNode(key) ? this.graph.getNodeAttribute(key, 'props') : null, props);
          this.graph.mergeNode(key, { label, props } satisfies NodeAttributes);
        }
      }
      for (const type of RELATIONSHIP_TYPES) {
        const [fromLabel, toLabel] = endsOf(type);
        for (const row of rows.relationships[type]) {
          const from = nodeKey(fromLabel, row.from);
          const to = nodeKey(toLabel, row.to);
          const key = edgeKey(type, from, to);
          count(relationships, this.graph.hasEdge(key) ? this.graph.getEdgeAttribute(key, 'props') : null, row.props);
          this.graph.mergeEdgeWithKey(key, from, to, { type, props: row.props } satisfies EdgeAttributes);
        }
      }
      if (nodes.created + nodes.updated + relationships.created + relationships.updated > 0) {
        await this.persistOrRollBack(before);
      }
      return { nodes, relationships };
    });
  }

  removePaper(id: string): Promise<boolean> {
    return this.exclusive(async () => {
      const key = nodeKey('Paper', id);
      if (!this.graph.hasNode(key)) return false;
      const before = this.graph.copy();
      const neighbours = this.graph.outNeighbors(key);
      this.graph.dropNode(key);
      for (const n of neighbours) {
        const label = this.graph.getNodeAttribute(n, 'label');
        // Only papers point at methods and repositories: none left means nothing cites it.
        if ((label === 'Method' || label === 'Repository') && this.graph.inDegree(n) === 0) this.graph.dropNode(n);
      }
      await this.persistOrRollBack(before);
      return true;
    });
  }

  clear(): Promise<void> {
    return this.exclusive(async () => {
      const before = this.graph.copy();
      this.graph.clear();
      await this.persistOrRollBack(before);
    });
  }

  async stats(): Promise<GraphStats> {
    const nodes = Object.fromEntries(NODE_LABELS.map((l) => [l, 0])) as Record<NodeLabel, number>;
    const relationships = Object.fromEntries(RELATIONSHIP_TYPES.map((t) => [t, 0])) as Record<RelationshipType, number>;
    this.graph.forEachNode((_k, a) => {
      nodes[a.label] += 1;
    });
    this.graph.forEachEdge((_k, a) => {
      relationships[a.type] += 1;
    });
    return { nodes, relationships };
  }

  async nodesById<L extends NodeLabel>(label: L, ids: readonly string[]): Promise<(NodeByLabel[L] | null)[]> {
    return ids.map((id) => {
      const key = nodeKey(label, id);
      return this.graph.hasNode(key) ? toNode(label, this.graph.getNodeAttribute(key, 'props') as Props) : null;
    });
  }

  async relationshipsOf<T extends RelationshipType>(type: T, direction: 'out' | 'in', ids: readonly string[]): Promise<StoredRelationship<T>[][]> {
    const [fromLabel, toLabel] = endsOf(type);
    return ids.map((id) => {
      const key = nodeKey(direction === 'out' ? fromLabel : toLabel, id);
      if (!this.graph.hasNode(key)) return [];
      const found: StoredRelationship<T>[] = [];
      const visit = (_edge: string, a: EdgeAttributes, source: string, target: string) => {
        if (a.type !== type) return;
        found.push({
          type,
          from: (this.graph.getNodeAttribute(source, 'props') as Props).id as string,
          to: (this.graph.getNodeAttribute(target, 'props') as Props).id as string,
          properties: a.props as StoredRelationship<T>['properties'],
        });
      };
      if (direction === 'out') this.graph.forEachOutEdge(key, visit);
      else this.graph.forEachInEdge(key, visit);
      return found.sort((a, b) => (direction === 'out' ? byCodePoint(a.to, b.to) : byCodePoint(a.from, b.from)));
    });
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async persistOrRollBack(before: MultiGraph): Promise<void> {
    try {
      await this.persist();
    } catch (error) {
      this.graph = before;
      throw error;
    }
  }

  /** Writes the graph to a temp file, syncs it and renames it over the old one: a crash leaves one or the other. */
  private async persist(): Promise<void> {
    if (!this.dataDir) return;
    const file = join(this.dataDir, FILE_NAME);
    const temp = `${file}.${process.pid}.tmp`;
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(JSON.stringify({ format: FILE_FORMAT, version: FILE_VERSION, graph: this.graph.export() }));
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(temp, file);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }
}

function count(counts: UpsertCounts, existing: Props | null, next: Props): void {
  if (!existing) counts.created += 1;
  else if (samePropsIgnoringOrder(existing, next)) counts.unchanged += 1;
  else counts.updated += 1;
}
