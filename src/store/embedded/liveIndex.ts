import { NODE_LABELS, RELATIONSHIP_ENDS, RELATIONSHIP_TYPES, type NodeLabel, type RelationshipType } from '../../domain/graph.ts';
import type { Props } from '../documentRows.ts';
import { FeatureIndex } from './featureIndex.ts';
import { edgeKey, newGraphIndex, nodeKey, type GraphIndex } from './graphIndex.ts';
import { internStrings } from './internStrings.ts';
import type { RelationshipRowText, RowStore } from './rowStore.ts';

/**
 * The in-memory graph the embedded store's queries run on, kept equal to the database: loaded
 * whole at start, then brought up to date before each read with only the rows other processes
 * committed since (`catchUp`), and by this process's own writes after they commit. Also keeps
 * the title-key index (Neo4j's paper_title_key) that imports look papers up by.
 */
export class LiveIndex {
  graph: GraphIndex = newGraphIndex();
  /** The postings similarity adds up, changed with the graph (featureIndex.ts). */
  features = new FeatureIndex();
  /** titleKey -> Paper node keys. */
  readonly titleKeys = new Map<string, Set<string>>();
  /** The database version the graph reflects (rowStore.ts: meta version). */
  version = 0;
  private generation = -1;
  private dataVersion = -1;

  /** `changed` is called after any change reaches the graph, for caches derived from it. */
  constructor(
    private readonly rows: RowStore,
    private readonly changed: () => void,
  ) {}

  /**
   * Brings the graph up to what the database holds: nothing to do (one PRAGMA) unless another
   * connection committed since the last call; then only the rows written since, or everything
   * after a clear(). Inside this process's own write transaction it sees that transaction's state.
   */
  catchUp(): void {
    const dataVersion = this.rows.dataVersion();
    if (dataVersion === this.dataVersion) return;
    this.rows.snapshot(() => {
      const { version, generation } = this.rows.version();
      if (generation !== this.generation) this.reload(version, generation);
      else if (version !== this.version) this.applySince(version);
    });
    this.dataVersion = dataVersion;
  }

  /** Sets the version after this process committed a write it has applied itself, and tells the derived caches. */
  committed(version: number): void {
    this.version = version;
    this.changed();
  }

  putNode(key: string, label: NodeLabel, props: Props): void {
    const existing = this.graph.hasNode(key) ? this.graph.getNodeAttributes(key) : null;
    if (label === 'Paper') this.indexTitleKey(key, existing?.props.titleKey, props.titleKey);
    if (existing) this.graph.replaceNodeAttributes(key, { label, props });
    else this.graph.addNode(key, { label, props });
    this.features.nodePut(key, label, existing?.props ?? null, props);
  }

  putEdge(type: RelationshipType, from: string, to: string, props: Props): void {
    const key = edgeKey(type, from, to);
    if (this.graph.hasEdge(key)) {
      this.graph.replaceEdgeAttributes(key, { type, props });
      this.features.edgeUpdated(type, from, to, props);
      return;
    }
    this.graph.addEdgeWithKey(key, from, to, { type, props });
    this.features.edgeAdded(this.graph, type, from, to, props);
  }

  /** Drops a node and its relationships (those one by one, so the feature index sees each). */
  dropNode(key: string): void {
    if (!this.graph.hasNode(key)) return;
    const { label, props } = this.graph.getNodeAttributes(key);
    if (label === 'Paper') this.indexTitleKey(key, props.titleKey, undefined);
    for (const edge of this.graph.edges(key)) this.dropEdge(edge);
    this.graph.dropNode(key);
    this.features.nodeDropped(key, label, props);
  }

  dropEdge(key: string): void {
    if (!this.graph.hasEdge(key)) return;
    const type = this.graph.getEdgeAttribute(key, 'type');
    const [from, to] = [this.graph.source(key), this.graph.target(key)];
    this.graph.dropEdge(key);
    this.features.edgeDropped(this.graph, type, from, to);
  }

  /** Forgets everything (after this process's own clear()). */
  reset(generationAfter: number, version: number): void {
    this.graph = newGraphIndex();
    this.features = new FeatureIndex();
    this.titleKeys.clear();
    this.generation = generationAfter;
    this.version = version;
    this.changed();
  }

  private reload(version: number, generation: number): void {
    const graph = newGraphIndex();
    const pool = new Map<string, string>();
    this.graph = graph;
    this.titleKeys.clear();
    for (const [rawLabel, id, props] of this.rows.allNodes()) {
      const label = canonical(rawLabel);
      const key = nodeKey(label, id);
      const parsed = internStrings(JSON.parse(props) as Props, pool);
      graph.addNode(key, { label, props: parsed });
      if (label === 'Paper') this.indexTitleKey(key, undefined, parsed.titleKey);
    }
    for (const [rawType, source, target, props] of this.rows.allRelationships()) {
      const type = canonical(rawType);
      const [fromLabel, toLabel] = RELATIONSHIP_ENDS[type];
      const from = nodeKey(fromLabel, source);
      const to = nodeKey(toLabel, target);
      graph.addEdgeWithKey(edgeKey(type, from, to), from, to, { type, props: internStrings(JSON.parse(props) as Props, pool) });
    }
    this.features = FeatureIndex.of(graph);
    this.version = version;
    this.generation = generation;
    this.changed();
  }

  /**
   * Applies the rows written after this.version. A key tombstoned and not written again is gone;
   * one written again after its tombstone has a row, which wins. Nodes go in before the
   * relationships that need them, and out after the relationships are dropped.
   */
  private applySince(version: number): void {
    const since = this.version;
    const nodeKeys = new Set<string>();
    for (const row of this.rows.nodesSince(since)) {
      const key = nodeKey(row.label, row.id);
      nodeKeys.add(key);
      this.putNode(key, canonical(row.label), JSON.parse(row.props) as Props);
    }
    const tombstones = this.rows.tombstonesSince(since);
    const edges = [...this.rows.relationshipsSince(since)];
    const edgeKeys = new Set(edges.map((row) => edgeKey(row.type, ...endKeys(row))));
    for (const key of tombstones) if (!edgeKeys.has(key)) this.dropEdge(key);
    for (const row of edges) {
      const [from, to] = endKeys(row);
      this.putEdge(canonical(row.type), from, to, JSON.parse(row.props) as Props);
    }
    for (const key of tombstones) if (!nodeKeys.has(key)) this.dropNode(key);
    this.version = version;
    this.changed();
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
}

/** The index keys of a relationship row's ends. */
function endKeys(row: RelationshipRowText): [string, string] {
  const [fromLabel, toLabel] = RELATIONSHIP_ENDS[row.type];
  return [nodeKey(fromLabel, row.source), nodeKey(toLabel, row.target)];
}

/** The one copy of each label and type: a row's column is a new string each time, and an index keeps millions. */
const CANONICAL = new Map<string, string>([...NODE_LABELS, ...RELATIONSHIP_TYPES].map((name) => [name, name]));
function canonical<T extends NodeLabel | RelationshipType>(name: T): T {
  return (CANONICAL.get(name) ?? name) as T;
}
