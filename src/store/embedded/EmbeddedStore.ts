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
import { readBatchOneByOne, type BatchAnswer, type BatchRead } from '../batchRead.ts';
import { isTechnique, PostingCache, postingOf, rankSharedMethods, type Posting } from '../sharedMethods.ts';
import { similarPapersIn } from './similarPapers.ts';
import { conceptPathIn } from './conceptPath.ts';
import { nameAlternativesIn } from './nameAlternatives.ts';
import { papersByExternalIdIn } from './externalIds.ts';
import { stubRemovalIn } from './stubRemoval.ts';
import { paperFacetsIn } from './facets.ts';
import { namedNodesPageIn } from './namedNodes.ts';
import { hasAnyPaperFilter, hasExplorationFields, paperMatcherIn } from './paperFilter.ts';
import { suggestIn } from './suggest.ts';
import { currentDeadline } from '../deadline.ts';
import type Database from 'better-sqlite3';
import { asDatabaseFileError, DATABASE_FILE, openDatabase } from './database.ts';
import { LiveIndex } from './liveIndex.ts';
import { migrateGraphFile, removeStaleTempFiles } from './migrateGraphFile.ts';
import { RowStore } from './rowStore.ts';
import { withWriteLock } from './writeLock.ts';
import { edgeKey, nodeKey, type EdgeAttributes, type GraphIndex } from './graphIndex.ts';
import { endsOf, mergedSources, samePropsIgnoringOrder, toDocumentRows, toNode, type Props } from '../documentRows.ts';
import type {
  ConceptQuery,
  EdgeView,
  FacetKind,
  FacetResult,
  GraphStore,
  NamedNodeQuery,
  PaperFilter,
  SuggestResult,
  GraphNodeView,
  LabelledNode,
  NeighborhoodResult,
  NodeRef,
  Page,
  PageQuery,
  PaperOverlapResult,
  PaperQuery,
  PathResult,
  SearchResult,
  SimilarPaperResult,
  NameAlternativeResult,
  StoredRelationship,
} from '../GraphStore.ts';
import {
  compareByKeyThenId,
  compareStrings,
  edgeView,
  isAfter,
  nameKey,
  nodeText,
  SEARCH_FIELDS,
  searchScore,
  searchTokens,
  sortEdges,
} from '../readRules.ts';

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
  /** This process's writes are applied one at a time (SQLite has one write transaction per connection). */
  private queue: Promise<unknown> = Promise.resolve();
  /** Word -> node keys, built on the first search after a change (the full-text index of this store). */
  private searchIndex: Map<string, Set<string>> | null = null;
  /** papersSharingMethods' postings of popular methods, for the current version (store/sharedMethods.ts). */
  private readonly postingCache = new PostingCache();

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

  /** Every upsert is committed when it returns: nothing to flush. */
  async flush(): Promise<void> {}

  upsert(doc: GraphDocument): Promise<UpsertSummary> {
    return this.writing(() => this.planUpsert(doc));
  }

  upsertWith<T>(
    build: (store: GraphStore) => Promise<{ document: GraphDocument; result: T }>,
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
    this.catchUp();
    const nodes = Object.fromEntries(NODE_LABELS.map((l) => [l, 0])) as Record<NodeLabel, number>;
    const relationships = Object.fromEntries(RELATIONSHIP_TYPES.map((t) => [t, 0])) as Record<RelationshipType, number>;
    this.index.forEachNode((_k, a) => {
      nodes[a.label] += 1;
    });
    this.index.forEachEdge((_k, a) => {
      relationships[a.type] += 1;
    });
    return { nodes, relationships };
  }

  async nodesById<L extends NodeLabel>(label: L, ids: readonly string[]): Promise<(NodeByLabel[L] | null)[]> {
    this.catchUp();
    return ids.map((id) => {
      const key = nodeKey(label, id);
      return this.index.hasNode(key) ? toNode(label, this.index.getNodeAttribute(key, 'props') as Props) : null;
    });
  }

  async relationshipsOf<T extends RelationshipType>(
    type: T,
    direction: 'out' | 'in',
    ids: readonly string[],
  ): Promise<StoredRelationship<T>[][]> {
    this.catchUp();
    const [fromLabel, toLabel] = endsOf(type);
    return ids.map((id) => {
      const key = nodeKey(direction === 'out' ? fromLabel : toLabel, id);
      if (!this.index.hasNode(key)) return [];
      const found: StoredRelationship<T>[] = [];
      const visit = (_edge: string, a: EdgeAttributes, source: string, target: string) => {
        if (a.type !== type) return;
        found.push({
          type,
          from: (this.index.getNodeAttribute(source, 'props') as Props).id as string,
          to: (this.index.getNodeAttribute(target, 'props') as Props).id as string,
          properties: a.props as StoredRelationship<T>['properties'],
        });
      };
      if (direction === 'out') this.index.forEachOutEdge(key, visit);
      else this.index.forEachInEdge(key, visit);
      return found.sort((a, b) => (direction === 'out' ? byCodePoint(a.to, b.to) : byCodePoint(a.from, b.from)));
    });
  }

  readBatch(reads: readonly BatchRead[]): Promise<BatchAnswer[]> {
    return readBatchOneByOne(this, reads);
  }

  async degreeOf(type: RelationshipType, direction: 'out' | 'in', ids: readonly string[]): Promise<number[]> {
    this.catchUp();
    const [fromLabel, toLabel] = endsOf(type);
    return ids.map((id) => {
      const key = nodeKey(direction === 'out' ? fromLabel : toLabel, id);
      if (!this.index.hasNode(key)) return 0;
      let n = 0;
      const count = (_e: string, a: EdgeAttributes) => {
        if (a.type === type) n += 1;
      };
      if (direction === 'out') this.index.forEachOutEdge(key, count);
      else this.index.forEachInEdge(key, count);
      return n;
    });
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
    this.catchUp();
    const wanted = nameKey(name);
    const fields = label === 'Concept' ? ['name', 'aliases'] : ['name', 'fullName'];
    let best: Props | null = null;
    for (const props of this.propsOf(label)) {
      const names = fields.flatMap((f) =>
        Array.isArray(props[f]) ? (props[f] as string[]) : typeof props[f] === 'string' ? [props[f] as string] : [],
      );
      if (names.some((n) => nameKey(n) === wanted) && (!best || byCodePoint(props.id as string, best.id as string) < 0)) best = props;
    }
    return best ? toNode(label, best) : null;
  }

  async findPapers(query: PaperQuery): Promise<Page<PaperNode>> {
    this.catchUp();
    const { filter, orderBy } = query;
    let relevance: Map<string, number> | null = null;
    if (filter.conceptId) {
      const concepts = filter.includeNarrower ? this.narrowerClosure(filter.conceptId) : [nodeKey('Concept', filter.conceptId)];
      relevance = new Map();
      for (const c of concepts) {
        if (!this.index.hasNode(c)) continue;
        this.index.forEachInEdge(c, (_e, a, source) => {
          if (a.type !== 'MENTIONS') return;
          const id = this.index.getNodeAttribute(source, 'props').id as string;
          relevance!.set(id, Math.max(relevance!.get(id) ?? -Infinity, a.props.weight as number));
        });
      }
    }
    const text = filter.text ? filter.text.toLowerCase() : null;
    const methodKey = filter.methodId ? nodeKey('Method', filter.methodId) : null;
    const exploration = hasExplorationFields(filter) ? paperMatcherIn(this.index, filter, true) : null;
    // With a concept filter only the papers mentioning it are candidates (not every node of the
    // graph), and domain nodes are built for the page only.
    const candidates = relevance
      ? [...relevance.keys()].map((id) => this.index.getNodeAttribute(nodeKey('Paper', id), 'props'))
      : this.propsOf('Paper');
    const rows: { node: Props; key: string | number; id: string }[] = [];
    for (const props of candidates) {
      const id = props.id as string;
      const key = nodeKey('Paper', id);
      if (text && !String(props.title).toLowerCase().includes(text) && !String(props.abstract).toLowerCase().includes(text)) continue;
      if (filter.hasRepository != null && this.hasOut(key, 'HAS_CODE') !== filter.hasRepository) continue;
      if (
        methodKey &&
        !this.index.someOutEdge(key, (_e, a, _s, target) => (a.type === 'PROPOSES' || a.type === 'USES') && target === methodKey)
      )
        continue;
      if (exploration && !exploration.matches(key)) continue;
      const sortKey =
        orderBy.field === 'TITLE'
          ? String(props.title)
          : orderBy.field === 'PUBLISHED_AT'
            ? String(props.publishedAt ?? '')
            : orderBy.field === 'RELEVANCE'
              ? relevance!.get(id)!
              : id;
      rows.push({ node: props, key: sortKey, id });
    }
    const found = page(rows, query, orderBy.direction);
    return { ...found, items: found.items.map(({ node, key }) => ({ node: toNode('Paper', node), key })) };
  }

  async findConcepts(query: ConceptQuery): Promise<Page<ConceptNode>> {
    this.catchUp();
    const rows = this.propsOf('Concept')
      .filter((p) => !query.kind || p.kind === query.kind)
      .map((p) => ({
        node: toNode('Concept', p),
        key: query.orderBy.field === 'NAME' ? String(p.name) : (p.id as string),
        id: p.id as string,
      }));
    return page(rows, query, query.orderBy.direction);
  }

  async findRepositories(query: PageQuery): Promise<Page<RepositoryNode>> {
    this.catchUp();
    const rows = this.propsOf('Repository').map((p) => ({ node: toNode('Repository', p), key: p.id as string, id: p.id as string }));
    return page(rows, query, 'ASC');
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
    this.catchUp();
    const tokens = searchTokens(query);
    if (tokens.length === 0) return [];
    const index = this.ensureSearchIndex();
    const [firstToken, ...otherTokens] = [...new Set(tokens)];
    let candidates = [...(index.get(firstToken!) ?? [])];
    for (const token of otherTokens) {
      const keys = index.get(token);
      candidates = keys ? candidates.filter((k) => keys.has(k)) : [];
    }
    const hits: SearchResult[] = [];
    for (const key of candidates) {
      const { label, props } = this.index.getNodeAttributes(key);
      if (!labels.includes(label)) continue;
      const score = searchScore(label, props, tokens);
      if (score > 0) hits.push({ label, node: toNode(label, props), score });
    }
    return hits.sort((a, b) => b.score - a.score || byCodePoint(a.node.id, b.node.id) || byCodePoint(a.label, b.label)).slice(0, first);
  }

  async nameAlternatives(label: 'Concept' | 'Method', name: string, first: number): Promise<NameAlternativeResult[]> {
    return nameAlternativesIn(this.graph, label, name, first);
  }

  async similarPapers(paperId: string, first: number, exclude: readonly string[] = []): Promise<SimilarPaperResult[]> {
    return similarPapersIn(this.graph, paperId, first, exclude);
  }

  async papersSharingMethods(paperId: string, first: number, minShared: number): Promise<PaperOverlapResult[]> {
    this.catchUp();
    const paper = nodeKey('Paper', paperId);
    if (!this.index.hasNode(paper)) return [];
    const mine = [...this.methodWeights(paper)].map(([key, w]) => ({ key, w }));
    // Synchronous from here on: the postings are those of the graph as it is now.
    const postings = new Map(this.postingCache.at(String(this.live!.version)));
    const read = new Map<string, Posting>();
    const deadline = currentDeadline();
    for (const { key } of mine) {
      if (postings.has(key)) continue;
      deadline.check();
      const pairs: [string, number][] = [];
      this.index.forEachInEdge(key, (_e, a, source) => {
        if (a.type !== 'MENTIONS' && a.type !== 'PROPOSES' && a.type !== 'USES') return;
        pairs.push([this.index.getNodeAttribute(source, 'props').id as string, a.type === 'MENTIONS' ? (a.props.weight as number) : 1]);
      });
      const posting = postingOf(pairs);
      read.set(key, posting);
      postings.set(key, posting);
    }
    this.postingCache.keep(String(this.live!.version), read);
    return rankSharedMethods(paperId, mine, postings, first, minShared).map(({ id, score, shared }) => ({
      paper: toNode('Paper', this.index.getNodeAttribute(nodeKey('Paper', id), 'props')),
      score,
      shared: shared
        .map((x) => ({ ...this.labelled(x.key), contribution: x.c }))
        .sort((a, b) => b.contribution - a.contribution || byCodePoint(a.node.id, b.node.id)),
    }));
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
    this.catchUp();
    const deadline = currentDeadline();
    const types = new Set(edgeTypes);
    const distance = new Map<string, number>();
    // With a paper filter, papers outside it are not part of the graph walked.
    const papers = hasAnyPaperFilter(paperFilter) ? paperMatcherIn(this.index, paperFilter) : null;
    const allowed = (key: string) => !papers || this.index.getNodeAttribute(key, 'label') !== 'Paper' || papers.matches(key);
    let frontier = NODE_LABELS.flatMap((l) => ids.map((id) => nodeKey(l, id))).filter((k) => this.index.hasNode(k) && allowed(k));
    for (const k of frontier) distance.set(k, 0);
    for (let d = 1; d <= depth && frontier.length > 0; d++) {
      const next: string[] = [];
      for (const key of frontier) {
        deadline.check();
        this.index.forEachEdge(key, (_e, a, source, target) => {
          if (!types.has(a.type)) return;
          const other = source === key ? target : source;
          if (!distance.has(other) && allowed(other)) {
            distance.set(other, d);
            next.push(other);
          }
        });
      }
      frontier = next;
    }
    const ordered = [...distance].map(([key, d]) => ({ key, d, ...this.ref(key) }));
    ordered.sort((a, b) => a.d - b.d || byCodePoint(a.id, b.id) || byCodePoint(a.label, b.label));
    const kept = ordered.slice(0, limit);
    const keys = new Set(kept.map((n) => n.key));
    const nodes: GraphNodeView[] = kept.map(({ key, d, label, id }) => ({
      label,
      id,
      text: nodeText(label, toNode(label, this.index.getNodeAttribute(key, 'props'))),
      weight: this.index.degree(key),
      distance: d,
    }));
    const edges: EdgeView[] = [];
    for (const key of keys) {
      this.index.forEachOutEdge(key, (_e, a, source, target) => {
        if (types.has(a.type) && keys.has(target)) edges.push(edgeView(a.type, this.ref(source).id, this.ref(target).id, a.props));
      });
    }
    return { nodes, edges: sortEdges(edges), truncated: ordered.length > limit };
  }

  private propsOf(label: NodeLabel): Props[] {
    const out: Props[] = [];
    this.index.forEachNode((_k, a) => {
      if (a.label === label) out.push(a.props);
    });
    return out;
  }

  private hasOut(key: string, type: RelationshipType): boolean {
    return this.index.someOutEdge(key, (_e, a) => a.type === type);
  }

  private ref(key: string): NodeRef {
    const { label, props } = this.index.getNodeAttributes(key);
    return { label, id: props.id as string };
  }

  private labelled(key: string): LabelledNode {
    const { label, props } = this.index.getNodeAttributes(key);
    return { label, node: toNode(label, props) };
  }

  /** A concept and every concept below it through BROADER links. */
  private narrowerClosure(conceptId: string): string[] {
    const start = nodeKey('Concept', conceptId);
    const seen = new Set([start]);
    const stack = [start];
    while (stack.length > 0) {
      const key = stack.pop()!;
      if (!this.index.hasNode(key)) continue;
      this.index.forEachInEdge(key, (_e, a, source) => {
        if (a.type === 'BROADER' && !seen.has(source)) {
          seen.add(source);
          stack.push(source);
        }
      });
    }
    return [...seen];
  }

  /** The METHOD concepts a paper mentions (with the MENTIONS weight) and the methods it proposes or uses (weight 1). */
  private methodWeights(paper: string): Map<string, number> {
    const weights = new Map<string, number>();
    this.index.forEachOutEdge(paper, (_e, a, _s, target) => {
      const targetAttributes = this.index.getNodeAttributes(target);
      if (a.type === 'MENTIONS' && isTechnique(targetAttributes.props)) weights.set(target, a.props.weight as number);
      if (a.type === 'PROPOSES' || a.type === 'USES') weights.set(target, 1);
    });
    return weights;
  }

  /** Neighbours along concept-path edges, with the edge to each (the smallest type where there are several). */
  /** Calls `visit` with each node one BROADER, RELATED or MENTIONS edge away (possibly twice). */
  private ensureSearchIndex(): Map<string, Set<string>> {
    if (this.searchIndex) return this.searchIndex;
    const index = new Map<string, Set<string>>();
    this.index.forEachNode((key, { label, props }) => {
      for (const { field } of SEARCH_FIELDS[label]) {
        const value = props[field];
        const texts = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : [];
        for (const text of texts) {
          for (const token of searchTokens(text)) {
            let keys = index.get(token);
            if (!keys) index.set(token, (keys = new Set()));
            keys.add(key);
          }
        }
      }
    });
    this.searchIndex = index;
    return index;
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
  private rowStore: RowStore | null = null;

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
            rows.deleteRelationship(type, this.ref(this.index.source(key)).id, this.ref(this.index.target(key)).id, key, version);
          }
          for (const key of p.droppedNodes) {
            const { label, id } = this.ref(key);
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
    this.searchIndex = null;
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
        count(nodes, existing, props);
        if (existing && samePropsIgnoringOrder(existing, props)) continue;
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
        count(relationships, existing, row.props);
        if (existing && samePropsIgnoringOrder(existing, row.props)) continue;
        plan.edges.push({ type, from, to, fromId: row.from, toId: row.to, props: row.props });
      }
    }
    // Stubs merged into papers of this document go in the same write (ingestion/citations.ts).
    if (rows.removedStubs.length > 0) Object.assign(plan, stubRemovalIn(graph, rows.removedStubs));
    return { plan, summary: { nodes, relationships } };
  }
}

/** Sorts rows in keyset order and cuts the page after the cursor. */
function page<T>(rows: { node: T; key: string | number; id: string }[], query: PageQuery, direction: 'ASC' | 'DESC'): Page<T> {
  rows.sort((a, b) => compareByKeyThenId(a, b, direction));
  const after = rows.filter((r) => isAfter(r, query.after, direction));
  return {
    items: after.slice(0, query.first).map(({ node, key }) => ({ node, key })),
    totalCount: rows.length,
    hasNextPage: after.length > query.first,
  };
}

function count(counts: UpsertCounts, existing: Props | null, next: Props): void {
  if (!existing) counts.created += 1;
  else if (samePropsIgnoringOrder(existing, next)) counts.unchanged += 1;
  else counts.updated += 1;
}
