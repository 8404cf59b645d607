import { join } from 'node:path';
import {
  NODE_LABELS,
  RELATIONSHIP_TYPES,
  type ConceptNode,
  type GraphDocument,
  type GraphStats,
  type NodeByLabel,
  type NodeLabel,
  type PaperNode,
  type RelationshipType,
  type RepositoryNode,
  type UpsertCounts,
  type UpsertSummary,
} from '../../domain/graph.ts';
import { InputError } from '../../errors.ts';
import type { BatchAnswer, BatchRead } from '../batchRead.ts';
import { degreeOfIn, nodesByIdIn, readBatchIn, relationshipsOfIn } from './keyReads.ts';
import { graphCounts } from './graphCounts.ts';
import { findByNameIn, findConceptsIn, findPapersIn, findRepositoriesIn } from './pages.ts';
import { buildSearchIndex, searchIn } from './search.ts';
import { papersSharingMethodsIn } from './papersSharingMethods.ts';
import { neighborhoodIn } from './neighborhood.ts';
import { similarPapersIn } from './similarPapers.ts';
import { conceptPathIn } from './conceptPath.ts';
import { nameAlternativesIn } from './nameAlternatives.ts';
import { papersByExternalIdIn } from './externalIds.ts';
import { stubRemovalIn } from './stubRemoval.ts';
import { paperFacetsIn } from './facets.ts';
import { namedNodesPageIn } from './namedNodes.ts';
import { suggestIn } from './suggest.ts';
import type Database from 'better-sqlite3';
import { asDatabaseFileError, DATABASE_FILE, openDatabase } from './database.ts';
import { LiveIndex } from './liveIndex.ts';
import { migrateGraphFile, removeStaleTempFiles } from './migrateGraphFile.ts';
import { RowStore } from './rowStore.ts';
import { withWriteLock } from './writeLock.ts';
import { edgeKey, nodeKey, refOf, type GraphIndex } from './graphIndex.ts';
import { endsOf, mergedSources, samePropsIgnoringOrder, toDocumentRows, toNode, type Props } from '../documentRows.ts';
import type {
  ConceptQuery,
  FacetKind,
  FacetResult,
  GraphStore,
  NamedNodeQuery,
  PaperFilter,
  SuggestResult,
  NeighborhoodResult,
  Page,
  PageQuery,
  PaperOverlapResult,
  PaperQuery,
  PathResult,
  SearchResult,
  SimilarPaperResult,
  NameAlternativeResult,
  StoredRelationship,
  StoreReads,
} from '../GraphStore.ts';
import { compareStrings } from '../readRules.ts';

const byCodePoint = compareStrings;

export interface EmbeddedStoreOptions {
  /** The data directory (its `papergraph.db`); omit for a store that lives only in memory. */
  dataDir?: string;
  /** Where one-off notices go (the migration of a graph.json); stderr by default. */
  onNotice?: (message: string) => void;
  /** How long a write waits for other processes' writes before failing (writeLock.ts). */
  lockTimeoutMs?: number;
}

/** One write, worked out against the index before anything is changed: rows to put and keys to drop. */
interface WritePlan {
  nodes: { key: string; label: NodeLabel; id: string; props: Props }[];
  edges: { type: RelationshipType; from: string; to: string; fromId: string; toId: string; props: Props }[];
  droppedNodes: string[];
  droppedEdges: string[];
}

/**
 * The embedded store: an SQLite database in the data directory (database.ts: WAL mode, any
 * number of processes), with the queries answered from an in-memory graphology index
 * (liveIndex.ts) with Neo4j's semantics (labels as id namespaces, MERGE by key, one relationship
 * per type and pair of nodes).
 * Each write is one SQLite transaction under the file's write lock (writeLock.ts): it first
 * catches the index up with what other processes committed, works out its rows against it,
 * writes only the rows that change (and the new version), commits, and only then changes the
 * index, so a write that fails changes nothing. Every read first catches up (one PRAGMA when
 * nothing changed elsewhere), so a server sees an import's batches as they commit.
 */
export class EmbeddedStore implements GraphStore {
  readonly kind = 'embedded' as const;
  private readonly dataDir: string | undefined;
  private readonly file: string;
  private readonly options: EmbeddedStoreOptions;
  private db: Database.Database | null = null;
  private live: LiveIndex | null = null;
  private rowStore: RowStore | null = null;
  /** This process's writes are applied one at a time (SQLite has one write transaction per connection). */
  private queue: Promise<unknown> = Promise.resolve();
  /** Word -> node keys, built on the first search after a change (the full-text index of this store). */
  private searchIndex: Map<string, Set<string>> | null = null;

  constructor(options: EmbeddedStoreOptions = {}) {
    this.options = options;
    this.dataDir = options.dataDir;
    this.file = this.dataDir ? join(this.dataDir, DATABASE_FILE) : ':memory:';
  }

  /**
   * The index, caught up with the database. Read helpers in files of their own take it from here
   * (`someQuery(this.graph, ...)`); loops inside this class use `this.index` after one catch-up.
   */
  get graph(): GraphIndex {
    this.catchUp();
    return this.index;
  }

  /** True when the database holds no node (the caller then seeds it). */
  async isEmpty(): Promise<boolean> {
    return !this.rows().hasNodes();
  }

  async init(): Promise<void> {
    if (this.db) return;
    const db = openDatabase(this.dataDir);
    try {
      if (this.dataDir) removeStaleTempFiles(this.dataDir);
      const rows = new RowStore(db);
      this.db = db;
      this.live = new LiveIndex(rows, () => {
        this.searchIndex = null;
      });
      this.rowStore = rows;
      if (this.dataDir)
        await migrateGraphFile(
          this.dataDir,
          db,
          rows,
          this.options.onNotice ?? ((m: string) => process.stderr.write(`papergraph: ${m}\n`)),
          this.options.lockTimeoutMs,
        );
      this.catchUp();
    } catch (error) {
      this.db = null;
      this.live = null;
      db.close();
      // Corrupt pages show when the load reads them: named with the file and the fix.
      throw asDatabaseFileError(this.file, error);
    }
  }

  async ping(): Promise<void> {
    this.rows().dataVersion();
  }

  async close(): Promise<void> {
    await this.queue;
    this.db?.close();
    this.db = null;
  }

  upsert(doc: GraphDocument): Promise<UpsertSummary> {
    return this.writing(() => this.planUpsert(doc));
  }

  upsertWith<T>(
    build: (store: StoreReads) => Promise<{ document: GraphDocument; result: T }>,
  ): Promise<{ summary: UpsertSummary; result: T }> {
    let result: T;
    return this.writing(async () => {
      const built = await build(this);
      result = built.result;
      return this.planUpsert(built.document);
    }).then((summary) => ({ summary, result }));
  }

  removePaper(id: string): Promise<boolean> {
    return this.writing(async () => {
      const key = nodeKey('Paper', id);
      if (!this.index.hasNode(key)) return { plan: null, summary: false };
      const droppedNodes = [key];
      for (const n of this.index.outNeighbors(key)) {
        const label = this.index.getNodeAttribute(n, 'label');
        // Only papers point at methods, repositories and authors: one left with no other paper goes too.
        if ((label === 'Method' || label === 'Repository' || label === 'Author') && this.index.inNeighbors(n).length === 1)
          droppedNodes.push(n);
      }
      const droppedEdges = new Set<string>();
      for (const n of droppedNodes) this.index.forEachEdge(n, (edge) => void droppedEdges.add(edge));
      return { plan: { nodes: [], edges: [], droppedNodes, droppedEdges: [...droppedEdges] }, summary: true };
    });
  }

  clear(): Promise<void> {
    return this.exclusive(async () => {
      await withWriteLock(
        this.db!,
        this.file,
        () => {
          this.rows().deleteAll();
          return this.rows().nextVersion();
        },
        this.options.lockTimeoutMs,
        (version) => this.live!.reset(this.rows().version().generation, version),
      );
    });
  }

  async stats(): Promise<GraphStats> {
    return graphCounts(this.graph);
  }

  async nodesById<L extends NodeLabel>(label: L, ids: readonly string[]): Promise<(NodeByLabel[L] | null)[]> {
    return nodesByIdIn(this.graph, label, ids);
  }

  async relationshipsOf<T extends RelationshipType>(
    type: T,
    direction: 'out' | 'in',
    ids: readonly string[],
  ): Promise<StoredRelationship<T>[][]> {
    return relationshipsOfIn(this.graph, type, direction, ids);
  }

  /**
   * Several reads by key at once, answered by the same functions as the single reads above
   * (keyReads.ts). `fields` is not needed here: the nodes are built from the index whole, and
   * nothing is copied or sent that it would save.
   */
  async readBatch(reads: readonly BatchRead[]): Promise<BatchAnswer[]> {
    return readBatchIn(this.graph, reads);
  }

  async degreeOf(type: RelationshipType, direction: 'out' | 'in', ids: readonly string[]): Promise<number[]> {
    return degreeOfIn(this.graph, type, direction, ids);
  }

  async papersByExternalId(ids: readonly string[]): Promise<PaperNode[][]> {
    return papersByExternalIdIn(this.graph, ids);
  }

  async papersByTitleKey(keys: readonly string[]): Promise<PaperNode[][]> {
    this.catchUp();
    return keys.map((k) =>
      [...(this.live!.titleKeys.get(k) ?? [])]
        .map((key) => toNode('Paper', this.index.getNodeAttribute(key, 'props')))
        .sort((a, b) => byCodePoint(a.id, b.id)),
    );
  }

  async findByName<L extends 'Concept' | 'Method'>(label: L, name: string): Promise<NodeByLabel[L] | null> {
    return findByNameIn(this.graph, label, name);
  }

  async findPapers(query: PaperQuery): Promise<Page<PaperNode>> {
    return findPapersIn(this.graph, query);
  }

  async findConcepts(query: ConceptQuery): Promise<Page<ConceptNode>> {
    return findConceptsIn(this.graph, query);
  }

  async findRepositories(query: PageQuery): Promise<Page<RepositoryNode>> {
    return findRepositoriesIn(this.graph, query);
  }

  async findNamedNodes<L extends 'Author' | 'Method'>(label: L, query: NamedNodeQuery): Promise<Page<NodeByLabel[L]>> {
    return namedNodesPageIn(this.graph, label, query);
  }

  async paperFacets(filter: PaperFilter, by: readonly FacetKind[], first: number): Promise<FacetResult[]> {
    return paperFacetsIn(this.graph, filter, by, first);
  }

  async suggest(prefix: string, labels: readonly NodeLabel[], first: number): Promise<SuggestResult[]> {
    return suggestIn(this.graph, prefix, labels, first);
  }

  async search(query: string, labels: readonly NodeLabel[], first: number): Promise<SearchResult[]> {
    const graph = this.graph;
    this.searchIndex ??= buildSearchIndex(graph);
    return searchIn(graph, this.searchIndex, query, labels, first);
  }

  async nameAlternatives(label: 'Concept' | 'Method', name: string, first: number): Promise<NameAlternativeResult[]> {
    return nameAlternativesIn(this.graph, label, name, first);
  }

  async similarPapers(paperId: string, first: number, exclude: readonly string[] = []): Promise<SimilarPaperResult[]> {
    const graph = this.graph;
    return similarPapersIn(graph, this.live!.features, paperId, first, exclude);
  }

  async papersSharingMethods(paperId: string, first: number, minShared: number): Promise<PaperOverlapResult[]> {
    const graph = this.graph;
    return papersSharingMethodsIn(graph, this.live!.features, paperId, first, minShared);
  }

  async conceptPath(from: string, to: string, maxHops: number, throughCitations = false): Promise<PathResult | null> {
    return conceptPathIn(this.graph, from, to, maxHops, throughCitations);
  }

  async neighborhood(
    ids: readonly string[],
    depth: number,
    limit: number,
    edgeTypes: readonly RelationshipType[],
    paperFilter?: PaperFilter,
  ): Promise<NeighborhoodResult> {
    return neighborhoodIn(this.graph, ids, depth, limit, edgeTypes, paperFilter);
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private rows(): RowStore {
    if (!this.rowStore) throw new Error('the embedded store is not open: call init() first');
    return this.rowStore;
  }

  private get index(): GraphIndex {
    if (!this.live) throw new Error('the embedded store is not open: call init() first');
    return this.live.graph;
  }

  private catchUp(): void {
    if (!this.live) throw new Error('the embedded store is not open: call init() first');
    this.live.catchUp();
  }

  /**
   * One write: under the write lock, catches up, asks `plan` what to change (given the index as
   * the database now holds it), writes those rows with a new version, commits, then applies them
   * to the index. A plan of null, or one that changes nothing, writes nothing.
   */
  private writing<S>(plan: () => Promise<{ plan: WritePlan | null; summary: S }>): Promise<S> {
    return this.exclusive(async () => {
      const rows = this.rows();
      const live = this.live!;
      let applied: WritePlan | null = null;
      let version = 0;
      const summary = await withWriteLock(
        this.db!,
        this.file,
        async () => {
          live.catchUp();
          const planned = await plan();
          const p = planned.plan;
          if (!p || p.nodes.length + p.edges.length + p.droppedNodes.length + p.droppedEdges.length === 0) return planned.summary;
          version = rows.nextVersion();
          for (const n of p.nodes) rows.putNode(n.label, n.id, JSON.stringify(n.props), version);
          for (const e of p.edges) rows.putRelationship(e.type, e.fromId, e.toId, JSON.stringify(e.props), version);
          for (const key of p.droppedEdges) {
            const { type } = this.index.getEdgeAttributes(key);
            rows.deleteRelationship(
              type,
              refOf(this.index, this.index.source(key)).id,
              refOf(this.index, this.index.target(key)).id,
              key,
              version,
            );
          }
          for (const key of p.droppedNodes) {
            const { label, id } = refOf(this.index, key);
            rows.deleteNode(label, id, key, version);
          }
          applied = p;
          return planned.summary;
        },
        this.options.lockTimeoutMs,
        () => {
          if (applied) this.apply(applied, version);
        },
      );
      return summary;
    });
  }

  /** Applies a committed plan to the index. */
  private apply(plan: WritePlan, version: number): void {
    const live = this.live!;
    for (const n of plan.nodes) live.putNode(n.key, n.label, n.props);
    for (const e of plan.edges) live.putEdge(e.type, e.from, e.to, e.props);
    for (const key of plan.droppedEdges) live.dropEdge(key);
    for (const key of plan.droppedNodes) live.dropNode(key);
    live.committed(version);
  }

  /** Works out an upsert against the index: the rows that change, and the counts. */
  private async planUpsert(doc: GraphDocument): Promise<{ plan: WritePlan; summary: UpsertSummary }> {
    const rows = toDocumentRows(doc);
    const graph = this.index;
    // Check every relationship end before planning anything: all or nothing.
    const incoming = new Set(NODE_LABELS.flatMap((l) => rows.nodes[l].map((n) => nodeKey(l, n.id))));
    for (const type of RELATIONSHIP_TYPES) {
      const [fromLabel, toLabel] = endsOf(type);
      for (const r of rows.relationships[type]) {
        for (const key of [nodeKey(fromLabel, r.from), nodeKey(toLabel, r.to)]) {
          if (!incoming.has(key) && !graph.hasNode(key)) {
            throw new InputError(
              { file: 'document', field: `${type} ${r.from} -> ${r.to}` },
              `no ${key.replace(':', ' node with id ')}; add it first`,
            );
          }
        }
      }
    }
    const plan: WritePlan = { nodes: [], edges: [], droppedNodes: [], droppedEdges: [] };
    const nodes: UpsertCounts = { created: 0, updated: 0, unchanged: 0 };
    const relationships: UpsertCounts = { created: 0, updated: 0, unchanged: 0 };
    for (const label of NODE_LABELS) {
      for (const row of rows.nodes[label]) {
        const key = nodeKey(label, row.id);
        const existing = graph.hasNode(key) ? graph.getNodeAttribute(key, 'props') : null;
        const props = { ...row.props };
        if (label === 'Paper') {
          const sources = mergedSources(existing?.sources, props.sources);
          if (sources) props.sources = sources;
        }
        if (count(nodes, existing, props) === 'unchanged') continue;
        plan.nodes.push({ key, label, id: row.id, props });
      }
    }
    for (const type of RELATIONSHIP_TYPES) {
      const [fromLabel, toLabel] = endsOf(type);
      for (const row of rows.relationships[type]) {
        const from = nodeKey(fromLabel, row.from);
        const to = nodeKey(toLabel, row.to);
        const key = edgeKey(type, from, to);
        const existing = graph.hasEdge(key) ? graph.getEdgeAttribute(key, 'props') : null;
        if (count(relationships, existing, row.props) === 'unchanged') continue;
        plan.edges.push({ type, from, to, fromId: row.from, toId: row.to, props: row.props });
      }
    }
    // Stubs merged into papers of this document go in the same write (ingestion/citations.ts).
    if (rows.removedStubs.length > 0) Object.assign(plan, stubRemovalIn(graph, rows.removedStubs));
    return { plan, summary: { nodes, relationships } };
  }
}

/** Counts a row as created, unchanged or updated against what the index holds, and says which. */
function count(counts: UpsertCounts, existing: Props | null, next: Props): keyof UpsertCounts {
  const outcome = !existing ? 'created' : samePropsIgnoringOrder(existing, next) ? 'unchanged' : 'updated';
  counts[outcome] += 1;
  return outcome;
}
