import { mkdir } from 'node:fs/promises';
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
import { PostingCache, postingOf, rankSharedMethods, type Posting } from '../sharedMethods.ts';
import { readGraphFile, replaceGraphFile } from './graphFile.ts';
import { edgeKey, newGraphIndex, nodeKey, type EdgeAttributes, type GraphIndex, type NodeAttributes } from './graphIndex.ts';
import {
  endsOf,
  mergedSources,
  samePropsIgnoringOrder,
  toDocumentRows,
  toNode,
  type Props,
} from '../documentRows.ts';
import type {
  ConceptQuery,
  EdgeView,
  GraphStore,
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

type MultiGraph = GraphIndex;
const newGraph = newGraphIndex;

const FILE_NAME = 'graph.json';

export interface EmbeddedStoreOptions {
  /** Where the graph is kept between runs; omit for a store that lives only in memory. */
  dataDir?: string;
  /**
   * When the graph file is rewritten: after every change (the default, what a server wants), or
   * only on `flush()` (bulk imports: rewriting a large graph after each batch would cost more
   * than the batches themselves).
   */
  persist?: 'each-write' | 'on-flush';
}

/** How to undo one change of an upsert or removal, newest first, if the graph file cannot be written. */
type Undo =
  | { kind: 'drop-node'; key: string }
  | { kind: 'restore-node'; key: string; attributes: NodeAttributes }
  | { kind: 'drop-edge'; key: string }
  | { kind: 'restore-edge'; key: string; source: string; target: string; attributes: EdgeAttributes };

const byCodePoint = compareStrings;
/** Relationship types a concept path may follow. */
const PATH_TYPES = new Set<RelationshipType>(['BROADER', 'RELATED', 'MENTIONS']);

/**
 * The embedded store: a graphology multigraph with Neo4j's semantics (labels as id namespaces,
 * MERGE by key, one relationship per type and pair of nodes), kept in `dataDir/graph.json`
 * (graphFile.ts: JSON lines, any size), rewritten atomically (temp file, fsync, rename) after
 * every change, or on `flush()`.
 * A write that cannot be saved is undone change by change (no copy of the graph is taken).
 */
export class EmbeddedStore implements GraphStore {
  readonly kind = 'embedded' as const;
  private graph: MultiGraph = newGraph();
  private readonly dataDir: string | undefined;
  /** Writes are applied one at a time, so concurrent upserts cannot interleave. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Word -> node keys, built on the first search after a write (the full-text index of this store). */
  private searchIndex: Map<string, Set<string>> | null = null;
  /** Writes so far: the version of the graph the posting cache is keyed by. */
  private writes = 0;
  /** papersSharingMethods' postings of popular methods, for the current version (store/sharedMethods.ts). */
  private readonly postingCache = new PostingCache();
  /** titleKey -> Paper node keys, kept up to date by every write (Neo4j's paper_title_key index). */
  private titleKeys = new Map<string, Set<string>>();
  private readonly persistOn: 'each-write' | 'on-flush';
  /** Changes not yet in the graph file (persist 'on-flush'). */
  private dirty = false;

  constructor(options: EmbeddedStoreOptions = {}) {
    this.dataDir = options.dataDir;
    this.persistOn = options.persist ?? 'each-write';
  }

  /** True when the data directory holds no saved graph (the caller then seeds it). */
  async isEmpty(): Promise<boolean> {
    return this.graph.order === 0;
  }

  async init(): Promise<void> {
    if (!this.dataDir) return;
    await mkdir(this.dataDir, { recursive: true });
    const graph = newGraph();
    if (!(await readGraphFile(join(this.dataDir, FILE_NAME), graph))) return;
    this.graph = graph;
    this.rebuildTitleKeys();
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    await this.queue;
    if (this.dirty) await this.flush();
  }

  flush(): Promise<void> {
    return this.exclusive(async () => {
      if (!this.dirty) return;
      await this.persist();
      this.dirty = false;
    });
  }

  upsert(doc: GraphDocument): Promise<UpsertSummary> {
    return this.exclusive(() => this.write(doc));
  }

  upsertWith<T>(build: (store: GraphStore) => Promise<{ document: GraphDocument; result: T }>): Promise<{ summary: UpsertSummary; result: T }> {
    return this.exclusive(async () => {
      const { document, result } = await build(this);
      return { summary: await this.write(document), result };
    });
  }

  private write(doc: GraphDocument): Promise<UpsertSummary> {
    return (async () => {
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
      const undo: Undo[] = [];
      const nodes: UpsertCounts = { created: 0, updated: 0, unchanged: 0 };
      const relationships: UpsertCounts = { created: 0, updated: 0, unchanged: 0 };
      for (const label of NODE_LABELS) {
        for (const row of rows.nodes[label]) {
          const key = nodeKey(label, row.id);
          const existing = this.graph.hasNode(key) ? this.graph.getNodeAttributes(key) : null;
          const props = { ...row.props };
          if (label === 'Paper') {
            const sources = mergedSources(existing?.props.sources, props.sources);
            if (sources) props.sources = sources;
          }
          count(nodes, existing?.props ?? null, props);
          if (existing && samePropsIgnoringOrder(existing.props, props)) continue;
          undo.push(existing ? { kind: 'restore-node', key, attributes: existing } : { kind: 'drop-node', key });
          if (existing) this.graph.replaceNodeAttributes(key, { label, props } satisfies NodeAttributes);
          else this.graph.addNode(key, { label, props } satisfies NodeAttributes);
          if (label === 'Paper') this.indexTitleKey(key, existing?.props.titleKey, props.titleKey);
        }
      }
      for (const type of RELATIONSHIP_TYPES) {
        const [fromLabel, toLabel] = endsOf(type);
        for (const row of rows.relationships[type]) {
          const from = nodeKey(fromLabel, row.from);
          const to = nodeKey(toLabel, row.to);
          const key = edgeKey(type, from, to);
          const existing = this.graph.hasEdge(key) ? this.graph.getEdgeAttributes(key) : null;
          count(relationships, existing?.props ?? null, row.props);
          if (existing && samePropsIgnoringOrder(existing.props, row.props)) continue;
          undo.push(existing ? { kind: 'restore-edge', key, source: from, target: to, attributes: existing } : { kind: 'drop-edge', key });
          if (existing) this.graph.replaceEdgeAttributes(key, { type, props: row.props } satisfies EdgeAttributes);
          else this.graph.addEdgeWithKey(key, from, to, { type, props: row.props } satisfies EdgeAttributes);
        }
      }
      if (undo.length > 0) await this.persistOrUndo(undo);
      return { nodes, relationships };
    })();
  }

  removePaper(id: string): Promise<boolean> {
    return this.exclusive(async () => {
      const key = nodeKey('Paper', id);
      if (!this.graph.hasNode(key)) return false;
      const undo: Undo[] = [];
      const neighbours = this.graph.outNeighbors(key);
      this.dropNodeWithUndo(key, undo);
      for (const n of neighbours) {
        const label = this.graph.getNodeAttribute(n, 'label');
        // Only papers point at methods, repositories and authors: none left means nothing cites it.
        if ((label === 'Method' || label === 'Repository' || label === 'Author') && this.graph.inDegree(n) === 0) this.dropNodeWithUndo(n, undo);
      }
      await this.persistOrUndo(undo);
      return true;
    });
  }

  clear(): Promise<void> {
    return this.exclusive(async () => {
      const before = this.graph;
      this.graph = newGraph();
      this.titleKeys.clear();
      try {
        await this.persistNowOrLater();
      } catch (error) {
        this.graph = before;
        this.rebuildTitleKeys();
        throw error;
      }
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

  readBatch(reads: readonly BatchRead[]): Promise<BatchAnswer[]> {
    return readBatchOneByOne(this, reads);
  }

  async degreeOf(type: RelationshipType, direction: 'out' | 'in', ids: readonly string[]): Promise<number[]> {
    const [fromLabel, toLabel] = endsOf(type);
    return ids.map((id) => {
      const key = nodeKey(direction === 'out' ? fromLabel : toLabel, id);
      if (!this.graph.hasNode(key)) return 0;
      let n = 0;
      const count = (_e: string, a: EdgeAttributes) => {
        if (a.type === type) n += 1;
      };
      if (direction === 'out') this.graph.forEachOutEdge(key, count);
      else this.graph.forEachInEdge(key, count);
      return n;
    });
  }

  async papersByTitleKey(keys: readonly string[]): Promise<PaperNode[][]> {
    return keys.map((k) =>
      [...(this.titleKeys.get(k) ?? [])].map((key) => toNode('Paper', this.graph.getNodeAttribute(key, 'props'))).sort((a, b) => byCodePoint(a.id, b.id)),
    );
  }

  async findByName<L extends 'Concept' | 'Method'>(label: L, name: string): Promise<NodeByLabel[L] | null> {
    const wanted = nameKey(name);
    const fields = label === 'Concept' ? ['name', 'aliases'] : ['name', 'fullName'];
    let best: Props | null = null;
    for (const props of this.propsOf(label)) {
      const names = fields.flatMap((f) => (Array.isArray(props[f]) ? (props[f] as string[]) : typeof props[f] === 'string' ? [props[f] as string] : []));
      if (names.some((n) => nameKey(n) === wanted) && (!best || byCodePoint(props.id as string, best.id as string) < 0)) best = props;
    }
    return best ? toNode(label, best) : null;
  }

  async findPapers(query: PaperQuery): Promise<Page<PaperNode>> {
    const { filter, orderBy } = query;
    let relevance: Map<string, number> | null = null;
    if (filter.conceptId) {
      const concepts = filter.includeNarrower ? this.narrowerClosure(filter.conceptId) : [nodeKey('Concept', filter.conceptId)];
      relevance = new Map();
      for (const c of concepts) {
        if (!this.graph.hasNode(c)) continue;
        this.graph.forEachInEdge(c, (_e, a, source) => {
          if (a.type !== 'MENTIONS') return;
          const id = this.graph.getNodeAttribute(source, 'props').id as string;
          relevance!.set(id, Math.max(relevance!.get(id) ?? -Infinity, a.props.weight as number));
        });
      }
    }
    const text = filter.text ? filter.text.toLowerCase() : null;
    const methodKey = filter.methodId ? nodeKey('Method', filter.methodId) : null;
    // With a concept filter only the papers mentioning it are candidates (not every node of the
    // graph), and domain nodes are built for the page only.
    const candidates = relevance ? [...relevance.keys()].map((id) => this.graph.getNodeAttribute(nodeKey('Paper', id), 'props')) : this.propsOf('Paper');
    const rows: { node: Props; key: string | number; id: string }[] = [];
    for (const props of candidates) {
      const id = props.id as string;
      const key = nodeKey('Paper', id);
      if (text && !String(props.title).toLowerCase().includes(text) && !String(props.abstract).toLowerCase().includes(text)) continue;
      if (filter.hasRepository != null && this.hasOut(key, 'HAS_CODE') !== filter.hasRepository) continue;
      if (methodKey && !this.graph.someOutEdge(key, (_e, a, _s, target) => (a.type === 'PROPOSES' || a.type === 'USES') && target === methodKey)) continue;
      const sortKey =
        orderBy.field === 'TITLE' ? String(props.title) : orderBy.field === 'PUBLISHED_AT' ? String(props.publishedAt ?? '') : orderBy.field === 'RELEVANCE' ? relevance!.get(id)! : id;
      rows.push({ node: props, key: sortKey, id });
    }
    const found = page(rows, query, orderBy.direction);
    return { ...found, items: found.items.map(({ node, key }) => ({ node: toNode('Paper', node), key })) };
  }

  async findConcepts(query: ConceptQuery): Promise<Page<ConceptNode>> {
    const rows = this.propsOf('Concept')
      .filter((p) => !query.kind || p.kind === query.kind)
      .map((p) => ({ node: toNode('Concept', p), key: query.orderBy.field === 'NAME' ? String(p.name) : (p.id as string), id: p.id as string }));
    return page(rows, query, query.orderBy.direction);
  }

  async findRepositories(query: PageQuery): Promise<Page<RepositoryNode>> {
    const rows = this.propsOf('Repository').map((p) => ({ node: toNode('Repository', p), key: p.id as string, id: p.id as string }));
    return page(rows, query, 'ASC');
  }

  async search(query: string, labels: readonly NodeLabel[], first: number): Promise<SearchResult[]> {
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
      const { label, props } = this.graph.getNodeAttributes(key);
      if (!labels.includes(label)) continue;
      const score = searchScore(label, props, tokens);
      if (score > 0) hits.push({ label, node: toNode(label, props), score });
    }
    return hits.sort((a, b) => b.score - a.score || byCodePoint(a.node.id, b.node.id) || byCodePoint(a.label, b.label)).slice(0, first);
  }

  async papersSharingMethods(paperId: string, first: number, minShared: number): Promise<PaperOverlapResult[]> {
    const paper = nodeKey('Paper', paperId);
    if (!this.graph.hasNode(paper)) return [];
    const mine = [...this.methodWeights(paper)].map(([key, w]) => ({ key, w }));
    // Synchronous from here on: the postings are those of the graph as it is now.
    const postings = new Map(this.postingCache.at(String(this.writes)));
    const read = new Map<string, Posting>();
    for (const { key } of mine) {
      if (postings.has(key)) continue;
      const pairs: [string, number][] = [];
      this.graph.forEachInEdge(key, (_e, a, source) => {
        if (a.type !== 'MENTIONS' && a.type !== 'PROPOSES' && a.type !== 'USES') return;
        pairs.push([this.graph.getNodeAttribute(source, 'props').id as string, a.type === 'MENTIONS' ? (a.props.weight as number) : 1]);
      });
      const posting = postingOf(pairs);
      read.set(key, posting);
      postings.set(key, posting);
    }
    this.postingCache.keep(String(this.writes), read);
    return rankSharedMethods(paperId, mine, postings, first, minShared).map(({ id, score, shared }) => ({
      paper: toNode('Paper', this.graph.getNodeAttribute(nodeKey('Paper', id), 'props')),
      score,
      shared: shared
        .map((x) => ({ ...this.labelled(x.key), contribution: x.c }))
        .sort((a, b) => b.contribution - a.contribution || byCodePoint(a.node.id, b.node.id)),
    }));
  }

  async conceptPath(from: string, to: string, maxHops: number): Promise<PathResult | null> {
    const start = nodeKey('Concept', from);
    const goal = nodeKey('Concept', to);
    if (!this.graph.hasNode(start) || !this.graph.hasNode(goal)) return null;
    if (start === goal) return { nodes: [this.ref(start)], edges: [] };
    // A breadth-first search from both ends (the smaller frontier first, as Neo4j's shortest-path
    // search does), then the distance to the goal of every node on a shortest path, then a walk
    // from the start that always takes the smallest next id: the lexicographically smallest of all
    // shortest paths, which is what Neo4jStore picks too.
    const fromStart = new Map<string, number>([[start, 0]]);
    const fromGoal = new Map<string, number>([[goal, 0]]);
    const expand = (frontier: string[], seen: Map<string, number>, depth: number, other: Map<string, number>): { next: string[]; met: boolean } => {
      const next: string[] = [];
      let met = false;
      for (const key of frontier) {
        this.forEachPathNeighbour(key, (n) => {
          if (seen.has(n)) return;
          seen.set(n, depth);
          next.push(n);
          if (other.has(n)) met = true;
        });
      }
      return { next, met };
    };
    let [startFrontier, goalFrontier] = [[start], [goal]];
    let [a, b] = [0, 0];
    let met = false;
    while (!met && a + b < maxHops && startFrontier.length > 0 && goalFrontier.length > 0) {
      if (startFrontier.length <= goalFrontier.length) ({ next: startFrontier, met } = expand(startFrontier, fromStart, ++a, fromGoal));
      else ({ next: goalFrontier, met } = expand(goalFrontier, fromGoal, ++b, fromStart));
    }
    if (!met) return null;
    // The frontiers met at length a + b: nodes a steps from the start and b from the goal. Going
    // back from them through the start's layers finds the nodes of those layers on a shortest path.
    const length = a + b;
    const distance = new Map<string, number>();
    for (const [n, d] of fromGoal) if (d <= b) distance.set(n, d);
    let layer = [...fromStart].filter(([n, d]) => d === a && fromGoal.get(n) === b).map(([n]) => n);
    for (let i = a - 1; i >= 0; i--) {
      const below: string[] = [];
      for (const key of layer) {
        this.forEachPathNeighbour(key, (n) => {
          if (fromStart.get(n) !== i || distance.has(n)) return;
          distance.set(n, length - i);
          below.push(n);
        });
      }
      layer = below;
    }
    if (!distance.has(start)) return null;
    const nodes = [start];
    const edges: EdgeView[] = [];
    for (let key = start; key !== goal; ) {
      const d = distance.get(key)!;
      const options = [...this.pathNeighbours(key)].filter(([n]) => distance.get(n) === d - 1);
      options.sort(([a], [b]) => byCodePoint(this.graph.getNodeAttribute(a, 'props').id as string, this.graph.getNodeAttribute(b, 'props').id as string));
      const [nextKey, edge] = options[0]!;
      nodes.push(nextKey);
      edges.push(edge);
      key = nextKey;
    }
    return { nodes: nodes.map((k) => this.ref(k)), edges, loaded: nodes.map((k) => this.labelled(k).node) };
  }

  async neighborhood(ids: readonly string[], depth: number, limit: number, edgeTypes: readonly RelationshipType[]): Promise<NeighborhoodResult> {
    const types = new Set(edgeTypes);
    const distance = new Map<string, number>();
    let frontier = NODE_LABELS.flatMap((l) => ids.map((id) => nodeKey(l, id))).filter((k) => this.graph.hasNode(k));
    for (const k of frontier) distance.set(k, 0);
    for (let d = 1; d <= depth && frontier.length > 0; d++) {
      const next: string[] = [];
      for (const key of frontier) {
        this.graph.forEachEdge(key, (_e, a, source, target) => {
          if (!types.has(a.type)) return;
          const other = source === key ? target : source;
          if (!distance.has(other)) {
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
      text: nodeText(label, toNode(label, this.graph.getNodeAttribute(key, 'props'))),
      weight: this.graph.degree(key),
      distance: d,
    }));
    const edges: EdgeView[] = [];
    for (const key of keys) {
      this.graph.forEachOutEdge(key, (_e, a, source, target) => {
        if (types.has(a.type) && keys.has(target)) edges.push(edgeView(a.type, this.ref(source).id, this.ref(target).id, a.props));
      });
    }
    return { nodes, edges: sortEdges(edges), truncated: ordered.length > limit };
  }

  private propsOf(label: NodeLabel): Props[] {
    const out: Props[] = [];
    this.graph.forEachNode((_k, a) => {
      if (a.label === label) out.push(a.props);
    });
    return out;
  }

  private hasOut(key: string, type: RelationshipType): boolean {
    return this.graph.someOutEdge(key, (_e, a) => a.type === type);
  }

  private ref(key: string): NodeRef {
    const { label, props } = this.graph.getNodeAttributes(key);
    return { label, id: props.id as string };
  }

  private labelled(key: string): LabelledNode {
    const { label, props } = this.graph.getNodeAttributes(key);
    return { label, node: toNode(label, props) };
  }

  /** A concept and every concept below it through BROADER links. */
  private narrowerClosure(conceptId: string): string[] {
    const start = nodeKey('Concept', conceptId);
    const seen = new Set([start]);
    const stack = [start];
    while (stack.length > 0) {
      const key = stack.pop()!;
      if (!this.graph.hasNode(key)) continue;
      this.graph.forEachInEdge(key, (_e, a, source) => {
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
    this.graph.forEachOutEdge(paper, (_e, a, _s, target) => {
      const targetAttributes = this.graph.getNodeAttributes(target);
      if (a.type === 'MENTIONS' && targetAttributes.props.kind === 'METHOD') weights.set(target, a.props.weight as number);
      if (a.type === 'PROPOSES' || a.type === 'USES') weights.set(target, 1);
    });
    return weights;
  }

  /** Neighbours along concept-path edges, with the edge to each (the smallest type where there are several). */
  /** Calls `visit` with each node one BROADER, RELATED or MENTIONS edge away (possibly twice). */
  private forEachPathNeighbour(key: string, visit: (n: string) => void): void {
    this.graph.forEachEdge(key, (_e, a, source, target) => {
      if (PATH_TYPES.has(a.type)) visit(source === key ? target : source);
    });
  }

  private pathNeighbours(key: string): Map<string, EdgeView> {
    const out = new Map<string, EdgeView>();
    this.graph.forEachEdge(key, (_e, a, source, target) => {
      if (!PATH_TYPES.has(a.type)) return;
      const other = source === key ? target : source;
      const view = edgeView(a.type, this.ref(source).id, this.ref(target).id, a.props);
      const seen = out.get(other);
      if (!seen || byCodePoint(view.type, seen.type) < 0 || (view.type === seen.type && byCodePoint(view.id, seen.id) < 0)) out.set(other, view);
    });
    return out;
  }

  private ensureSearchIndex(): Map<string, Set<string>> {
    if (this.searchIndex) return this.searchIndex;
    const index = new Map<string, Set<string>>();
    this.graph.forEachNode((key, { label, props }) => {
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

  /** Saves a change, or undoes it (newest first) and rethrows when the file cannot be written. */
  private async persistOrUndo(undo: Undo[]): Promise<void> {
    try {
      await this.persistNowOrLater();
    } catch (error) {
      for (const step of undo.reverse()) {
        if (step.kind === 'drop-node') this.graph.dropNode(step.key);
        else if (step.kind === 'drop-edge') this.graph.dropEdge(step.key);
        else if (step.kind === 'restore-node') {
          if (this.graph.hasNode(step.key)) this.graph.replaceNodeAttributes(step.key, step.attributes);
          else this.graph.addNode(step.key, step.attributes);
        } else if (this.graph.hasEdge(step.key)) this.graph.replaceEdgeAttributes(step.key, step.attributes);
        else this.graph.addEdgeWithKey(step.key, step.source, step.target, step.attributes);
      }
      this.rebuildTitleKeys();
      this.writes += 1;
      throw error;
    }
  }

  private async persistNowOrLater(): Promise<void> {
    this.searchIndex = null;
    this.writes += 1;
    if (this.persistOn === 'on-flush') {
      this.dirty = true;
      return;
    }
    await this.persist();
  }

  /** Drops a node and its edges, remembering them for an undo. */
  private dropNodeWithUndo(key: string, undo: Undo[]): void {
    // Undone newest first: the node comes back before its edges.
    this.graph.forEachEdge(key, (edge, attributes, source, target) => {
      undo.push({ kind: 'restore-edge', key: edge, source, target, attributes });
    });
    undo.push({ kind: 'restore-node', key, attributes: this.graph.getNodeAttributes(key) });
    const { label, props } = this.graph.getNodeAttributes(key);
    if (label === 'Paper') this.indexTitleKey(key, props.titleKey, undefined);
    this.graph.dropNode(key);
  }

  private indexTitleKey(key: string, before: unknown, after: unknown): void {
    if (before === after) return;
    if (typeof before === 'string') {
      const keys = this.titleKeys.get(before);
      keys?.delete(key);
      if (keys?.size === 0) this.titleKeys.delete(before);
    }
    if (typeof after === 'string') {
      let keys = this.titleKeys.get(after);
      if (!keys) this.titleKeys.set(after, (keys = new Set()));
      keys.add(key);
    }
  }

  private rebuildTitleKeys(): void {
    this.titleKeys.clear();
    this.graph.forEachNode((key, { label, props }) => {
      if (label === 'Paper') this.indexTitleKey(key, undefined, props.titleKey);
    });
  }

  /** Writes the graph to a temp file, syncs it and renames it over the old one: a crash leaves one or the other. */
  private async persist(): Promise<void> {
    if (!this.dataDir) return;
    await replaceGraphFile(join(this.dataDir, FILE_NAME), this.graph);
  }
}

/** Sorts rows in keyset order and cuts the page after the cursor. */
function page<T>(rows: { node: T; key: string | number; id: string }[], query: PageQuery, direction: 'ASC' | 'DESC'): Page<T> {
  rows.sort((a, b) => compareByKeyThenId(a, b, direction));
  const after = rows.filter((r) => isAfter(r, query.after, direction));
  return { items: after.slice(0, query.first).map(({ node, key }) => ({ node, key })), totalCount: rows.length, hasNextPage: after.length > query.first };
}

function count(counts: UpsertCounts, existing: Props | null, next: Props): void {
  if (!existing) counts.created += 1;
  else if (samePropsIgnoringOrder(existing, next)) counts.unchanged += 1;
  else counts.updated += 1;
}
