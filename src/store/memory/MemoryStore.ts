import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { MultiDirectedGraph } from 'graphology';
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
  sharedContribution,
  sortEdges,
} from '../readRules.ts';

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
const byCodePoint = compareStrings;
/** Relationship types a concept path may follow. */
const PATH_TYPES = new Set<RelationshipType>(['BROADER', 'RELATED', 'MENTIONS']);

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
  /** Word -> node keys, built on the first search after a write (the full-text index of this store). */
  private searchIndex: Map<string, Set<string>> | null = null;

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
    const rows: { node: PaperNode; key: string | number; id: string }[] = [];
    for (const props of this.propsOf('Paper')) {
      const id = props.id as string;
      const key = nodeKey('Paper', id);
      if (relevance && !relevance.has(id)) continue;
      if (text && !String(props.title).toLowerCase().includes(text) && !String(props.abstract).toLowerCase().includes(text)) continue;
      if (filter.hasRepository != null && this.hasOut(key, 'HAS_CODE') !== filter.hasRepository) continue;
      if (methodKey && !this.graph.someOutEdge(key, (_e, a, _s, target) => (a.type === 'PROPOSES' || a.type === 'USES') && target === methodKey)) continue;
      const sortKey =
        orderBy.field === 'TITLE' ? String(props.title) : orderBy.field === 'PUBLISHED_AT' ? String(props.publishedAt ?? '') : orderBy.field === 'RELEVANCE' ? relevance!.get(id)! : id;
      rows.push({ node: toNode('Paper', props), key: sortKey, id });
    }
    return page(rows, query, orderBy.direction);
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
    const mine = this.methodWeights(paper);
    const byPaper = new Map<string, { k: string; c: number }[]>();
    for (const [k, w] of mine) {
      const linked = new Map<string, number>();
      this.graph.forEachInEdge(k, (_e, a, source) => {
        if (a.type !== 'MENTIONS' && a.type !== 'PROPOSES' && a.type !== 'USES') return;
        linked.set(source, Math.max(linked.get(source) ?? 0, a.type === 'MENTIONS' ? (a.props.weight as number) : 1));
      });
      for (const [q, wq] of linked) {
        if (q === paper) continue;
        byPaper.set(q, [...(byPaper.get(q) ?? []), { k, c: sharedContribution(w, wq, linked.size) }]);
      }
    }
    const results: PaperOverlapResult[] = [];
    for (const [q, shared] of byPaper) {
      if (shared.length < minShared) continue;
      shared.sort((a, b) => byCodePoint(a.k, b.k));
      const score = shared.reduce((s, x) => s + x.c, 0);
      results.push({
        paper: toNode('Paper', this.graph.getNodeAttribute(q, 'props')),
        score,
        shared: shared
          .map((x) => ({ ...this.labelled(x.k), contribution: x.c }))
          .sort((a, b) => b.contribution - a.contribution || byCodePoint(a.node.id, b.node.id)),
      });
    }
    return results.sort((a, b) => b.score - a.score || byCodePoint(a.paper.id, b.paper.id)).slice(0, first);
  }

  async conceptPath(from: string, to: string, maxHops: number): Promise<PathResult | null> {
    const start = nodeKey('Concept', from);
    const goal = nodeKey('Concept', to);
    if (!this.graph.hasNode(start) || !this.graph.hasNode(goal)) return null;
    if (start === goal) return { nodes: [this.ref(start)], edges: [] };
    // Distances to the goal, then a walk from the start that always takes the smallest next id:
    // the lexicographically smallest of all shortest paths, which is what Neo4jStore picks too.
    const distance = new Map<string, number>([[goal, 0]]);
    let frontier = [goal];
    for (let d = 1; d <= maxHops && frontier.length > 0 && !distance.has(start); d++) {
      const next: string[] = [];
      for (const key of frontier) {
        for (const n of this.pathNeighbours(key).keys()) {
          if (!distance.has(n)) {
            distance.set(n, d);
            next.push(n);
          }
        }
      }
      frontier = next;
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
    return { nodes: nodes.map((k) => this.ref(k)), edges };
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

  private async persistOrRollBack(before: MultiGraph): Promise<void> {
    this.searchIndex = null;
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
