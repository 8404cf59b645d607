import neo4j, { type Driver, type ManagedTransaction, type Session } from 'neo4j-driver';
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
import { autoCommitRead } from './autoCommitRead.ts';
import { PathNeighbourCache, type FetchedNode, type FetchedPathAdjacency } from './pathNeighbours.ts';
import { smallestShortestPath } from '../pathSearch.ts';
import { currentDeadline } from '../deadline.ts';
import type { ReadFields } from '../readFields.ts';
import { farLabel, type BatchAnswer, type BatchRead, type RelationshipRead, type RelationshipsAnswer } from '../batchRead.ts';
import { methodScorers, PostingCache, postingOf, rankedOverlaps, type Posting } from '../sharedMethods.ts';
import { exactTop } from '../similarity/exactTop.ts';
import { sharedNodeKey, similarityFeatures, splitKey, toSimilarResults, type PaperLinks } from '../similarity/features.ts';
import { rankedSimilar, similarityScorers } from '../similarity/rankSimilarPapers.ts';
import { endsOf, toDocumentRows, toNode, type Props } from '../documentRows.ts';
import type {
  ConceptQuery,
  GraphStore,
  NeighborhoodResult,
  Page,
  PageQuery,
  PaperOverlapResult,
  PaperQuery,
  PathResult,
  SearchResult,
  SimilarPaperResult,
  StoredRelationship,
  LabelledNode,
  NameAlternativeResult,
  FacetKind,
  FacetResult,
  NamedNodeQuery,
  PaperFilter,
  SuggestResult,
  StoreReads,
} from '../GraphStore.ts';
import { rankNameAlternatives } from '../nameAlternatives.ts';
import { topFacetValues } from '../facetOrder.ts';
import { bestSuggestText, compareSuggestions, normalizePrefix, suggestNames, suggestSuffixes } from '../../exploration/suggestText.ts';
import {
  compareStrings,
  edgeView,
  nameKey,
  nameKeysOf,
  nodeText,
  searchScore,
  searchTextOf,
  searchTokens,
  sortEdges,
} from '../readRules.ts';
import * as cypher from './cypher.ts';
import { INDEXED_SCHEMES, parseExternalId } from '../../domain/externalIds.ts';
import type { CypherQuery } from './cypher.ts';
import { NEO4J_DRIVER_CONFIG } from './driverConfig.ts';

export interface Neo4jStoreOptions {
  uri: string;
  user?: string;
  password?: string;
  /** Named on every session, which saves a routing round trip. */
  database?: string;
  /** Rows per UNWIND statement. */
  batchSize?: number;
  /**
   * How conceptPath searches: 'fetched-neighbours' (the default) runs store/pathSearch.ts over the
   * neighbours it fetches and keeps per graph version; 'all-shortest-paths' asks Neo4j's own
   * search in one statement each time (the parity tests' independent answer, and a way out if
   * the kept neighbours' memory matters more than the time).
   */
  conceptPathSearch?: 'fetched-neighbours' | 'all-shortest-paths';
}

/** Most shortest paths conceptPath considers before picking the smallest when Neo4j searches (see README). */
const MAX_SHORTEST_PATHS = 10_000;
/** Nodes whose path neighbours one statement of conceptPath's search fetches at most. */
const PATH_FETCH_BATCH = 5_000;
/** Full-text candidates fetched per search hit asked for, before scoring. */
const SEARCH_CANDIDATES_PER_HIT = 50;
const MAX_SEARCH_CANDIDATES = 2_000;
/**
 * Typeahead candidates read from the suggest index per call: the answer is exactly the embedded
 * store's while a prefix matches at most this many nodes (a prefix of one or two letters in a large
 * graph may match more; the index then returns some of them).
 */
export const MAX_SUGGEST_CANDIDATES = 10_000;

/** Properties stored as Neo4j integers (JavaScript numbers would become floats). */
const INTEGER_PROPERTIES = new Set(['count', 'position']);

/** The postings a postings statement returned (`postings: [{key, pairs: [[paperId, weight]]}]`), by key. */
function postingsRead(record: Record<string, unknown>): Map<string, Posting> {
  const postings = new Map<string, Posting>();
  for (const p of record.postings as { key: string; pairs: [string, number][] }[]) postings.set(p.key, postingOf(p.pairs));
  return postings;
}

/**
 * The Neo4j adapter: the one module that talks to the driver. Writes are UNWIND batches in one
 * write transaction per upsert; reads are auto-commit transactions, retried like managed ones
 * (autoCommitRead.ts); every value is a parameter.
 */
export class Neo4jStore implements GraphStore {
  readonly kind = 'neo4j' as const;
  private readonly driver: Driver;
  private readonly database: string;
  private readonly batchSize: number;
  private readonly conceptPathSearch: NonNullable<Neo4jStoreOptions['conceptPathSearch']>;
  /** papersSharingMethods' postings for the graph version last read (store/sharedMethods.ts). */
  private readonly postingCache = new PostingCache();
  /** similarPapers' postings (concepts, methods, authors, terms) for the graph version last read. */
  private readonly similarityCache = new PostingCache();
  /** conceptPath's fetched path neighbours for the graph version last read (pathNeighbours.ts). */
  private readonly pathNeighbours = new PathNeighbourCache();

  constructor(options: Neo4jStoreOptions) {
    const auth = options.user ? neo4j.auth.basic(options.user, options.password ?? '') : undefined;
    // Fail fast while Neo4j is away and recover by itself when it is back; see driverConfig.ts.
    this.driver = neo4j.driver(options.uri, auth, { ...NEO4J_DRIVER_CONFIG });
    this.database = options.database ?? 'neo4j';
    this.batchSize = options.batchSize ?? 1000;
    this.conceptPathSearch = options.conceptPathSearch ?? 'fetched-neighbours';
  }

  async init(): Promise<void> {
    await this.driver.verifyConnectivity({ database: this.database });
    const session = this.session('WRITE');
    try {
      for (const statement of cypher.schemaStatements()) await session.run(statement.text, statement.params);
      await session.run('CALL db.awaitIndexes(60)');
      await session.run(cypher.backfillTermText().text);
      // A graph written before versions existed (or by other tools) gets one, so caches can start.
      await session.run(cypher.ensureVersion().text);
    } finally {
      await session.close();
    }
  }

  async ping(): Promise<void> {
    await this.query({ text: 'RETURN 1', params: {} });
  }

  async close(): Promise<void> {
    await this.driver.close();
  }

  async upsert(doc: GraphDocument): Promise<UpsertSummary> {
    const rows = toDocumentRows(doc);
    const session = this.session('WRITE');
    try {
      return await session.executeWrite((tx) => this.writeRows(tx, rows));
    } finally {
      await session.close();
    }
  }

  async upsertWith<T>(
    build: (store: StoreReads) => Promise<{ document: GraphDocument; result: T }>,
  ): Promise<{ summary: UpsertSummary; result: T }> {
    const session = this.session('WRITE');
    try {
      return await session.executeWrite(async (tx) => {
        // Locked before build reads: its reads (in transactions of their own) then see every
        // writer that held the lock before, and no writer that takes it after can interleave.
        await tx.run(cypher.lockWriters().text);
        const { document, result } = await build(this);
        return { summary: await this.writeRows(tx, toDocumentRows(document)), result };
      });
    } finally {
      await session.close();
    }
  }

  /** The statements of one upsert, in a write transaction the caller owns. */
  private async writeRows(tx: ManagedTransaction, rows: ReturnType<typeof toDocumentRows>): Promise<UpsertSummary> {
    const nodes: UpsertCounts = { created: 0, updated: 0, unchanged: 0 };
    const relationships: UpsertCounts = { created: 0, updated: 0, unchanged: 0 };
    for (const label of NODE_LABELS) {
      for (const batch of chunks(rows.nodes[label], this.batchSize)) {
        add(
          nodes,
          await runCounts(
            tx,
            cypher.upsertNodes(
              label,
              batch.map((r) => ({ id: r.id, props: toNeo4jProps(withIndexedProps(label, r.props)) })),
            ),
          ),
        );
      }
    }
    for (const type of RELATIONSHIP_TYPES) {
      for (const batch of chunks(rows.relationships[type], this.batchSize)) {
        const counts = await runCounts(
          tx,
          cypher.upsertRelationships(
            type,
            batch.map((r) => ({ ...r, props: toNeo4jProps(r.props) })),
          ),
        );
        if (counts.total < batch.length) await throwMissingEnds(tx, type, batch);
        add(relationships, counts);
      }
    }
    // Stubs merged into papers of this document go in the same transaction (ingestion/citations.ts).
    if (rows.removedStubs.length > 0)
      await tx.run(cypher.removeStubs(rows.removedStubs).text, cypher.removeStubs(rows.removedStubs).params);
    // A new graph version for caches (cypher.META_LABEL), in the same transaction; not when nothing changed.
    if (nodes.created + nodes.updated + relationships.created + relationships.updated > 0) await tx.run(cypher.bumpVersion().text);
    return { nodes, relationships };
  }

  async removePaper(id: string): Promise<boolean> {
    const session = this.session('WRITE');
    try {
      return await session.executeWrite(async (tx) => {
        const exists = await tx.run(cypher.paperExists(id).text, cypher.paperExists(id).params);
        if (exists.records[0]?.get('count') === 0) return false;
        const q = cypher.removePaper(id);
        await tx.run(q.text, q.params);
        await tx.run(cypher.bumpVersion().text);
        return true;
      });
    } finally {
      await session.close();
    }
  }

  async clear(): Promise<void> {
    const session = this.session('WRITE');
    try {
      for (const q of cypher.deleteAll()) await session.run(q.text, q.params);
      await session.run(cypher.bumpVersion().text);
    } finally {
      await session.close();
    }
  }

  async stats(): Promise<GraphStats> {
    const records = await this.query(cypher.countAll());
    const nodes = Object.fromEntries(NODE_LABELS.map((l) => [l, 0])) as Record<NodeLabel, number>;
    const relationships = Object.fromEntries(RELATIONSHIP_TYPES.map((t) => [t, 0])) as Record<RelationshipType, number>;
    for (const r of records) {
      if (r.kind === 'node') nodes[r.key as NodeLabel] = r.count as number;
      else relationships[r.key as RelationshipType] = r.count as number;
    }
    return { nodes, relationships };
  }

  // The single reads are readBatch with one read: one Cypher statement and one mapping for both.
  async nodesById<L extends NodeLabel>(label: L, ids: readonly string[]): Promise<(NodeByLabel[L] | null)[]> {
    return (await this.readOne({ kind: 'nodes', label, ids })).nodes as (NodeByLabel[L] | null)[];
  }

  async relationshipsOf<T extends RelationshipType>(
    type: T,
    direction: 'out' | 'in',
    ids: readonly string[],
  ): Promise<StoredRelationship<T>[][]> {
    return (await this.readOne({ kind: 'relationships', type, direction, ids })).lists as StoredRelationship<T>[][];
  }

  private async readOne<K extends BatchRead['kind']>(read: BatchRead & { kind: K }): Promise<BatchAnswer & { kind: K }> {
    const [answer] = await this.readBatch([read]);
    return answer as BatchAnswer & { kind: K };
  }

  async readBatch(reads: readonly BatchRead[], fields?: ReadFields): Promise<BatchAnswer[]> {
    const live = reads.filter((r) => r.kind === 'papers' || r.ids.length > 0);
    const [record] =
      live.length > 0
        ? await this.query(cypher.readBatch(live, (q, options) => cypher.findPapers(findPapersParams(q), options), fields))
        : [];
    let k = 0;
    return reads.map((read): BatchAnswer => {
      if (read.kind === 'papers') {
        const page = record![`r${k++}`] as Record<string, unknown>;
        const rows = ((page.rows ?? []) as IncludedRow[]).slice(0, read.query.first);
        return {
          kind: 'papers',
          page: { ...toPage(page, read.query.first, (props) => toNode('Paper', props)), totalCount: page.totalCount as number | null },
          included: (read.include ?? []).map((include) => includedAnswer(rows, include)),
        };
      }
      if (read.ids.length === 0) {
        if (read.kind === 'nodes') return { kind: 'nodes', nodes: [] };
        if (read.kind === 'degree') return { kind: 'degree', degrees: [] };
        return { kind: 'relationships', lists: [], ends: new Map() };
      }
      const rows = record![`r${k++}`] as Record<string, unknown>[];
      if (read.kind === 'nodes') {
        const byId = new Map(rows.map((props) => [props.id as string, toNode(read.label, props as Props)]));
        return { kind: 'nodes', nodes: read.ids.map((id) => byId.get(id) ?? null) };
      }
      if (read.kind === 'degree') {
        const byId = new Map(rows.map((r) => [r.id as string, r.degree as number]));
        return { kind: 'degree', degrees: read.ids.map((id) => byId.get(id) ?? 0) };
      }
      const endLabel = farLabel(read.type, read.direction);
      const byId = new Map<string, StoredRelationship[]>();
      const ends = new Map<string, NodeByLabel[NodeLabel]>();
      for (const r of rows) {
        const anchor = (read.direction === 'out' ? r.from : r.to) as string;
        const far = (read.direction === 'out' ? r.to : r.from) as string;
        const list = byId.get(anchor) ?? [];
        list.push({ type: read.type, from: r.from as string, to: r.to as string, properties: r.props as StoredRelationship['properties'] });
        byId.set(anchor, list);
        if (!ends.has(far)) ends.set(far, toNode(endLabel, r.end as Props));
      }
      return { kind: 'relationships', lists: read.ids.map((id) => byId.get(id) ?? []), ends };
    });
  }

  async degreeOf(type: RelationshipType, direction: 'out' | 'in', ids: readonly string[]): Promise<number[]> {
    return (await this.readOne({ kind: 'degree', type, direction, ids })).degrees;
  }

  async papersByTitleKey(keys: readonly string[]): Promise<PaperNode[][]> {
    if (keys.length === 0) return [];
    const records = await this.query(cypher.papersByTitleKey([...new Set(keys)]));
    const byKey = new Map<string, PaperNode[]>();
    for (const r of records) byKey.set(r.key as string, [...(byKey.get(r.key as string) ?? []), toNode('Paper', r.props as Props)]);
    return keys.map((k) => byKey.get(k) ?? []);
  }

  async papersByExternalId(ids: readonly string[]): Promise<PaperNode[][]> {
    const keys = [...new Set(ids)].flatMap((id) => {
      const parsed = parseExternalId(id);
      return parsed && (INDEXED_SCHEMES as readonly string[]).includes(parsed.scheme) ? [{ id, ...parsed }] : [];
    });
    if (keys.length === 0) return ids.map(() => []);
    const byId = new Map<string, PaperNode[]>();
    for (const r of await this.query(cypher.papersByExternalId(keys))) {
      // Only the first id of a scheme is indexed; the list decides (as in the embedded store).
      const paper = toNode('Paper', r.props as Props);
      if (paper.externalIds?.includes(r.id as string)) byId.set(r.id as string, [...(byId.get(r.id as string) ?? []), paper]);
    }
    return ids.map((id) => byId.get(id) ?? []);
  }

  async findByName<L extends 'Concept' | 'Method'>(label: L, name: string): Promise<NodeByLabel[L] | null> {
    const [record] = await this.query(cypher.findByName(label, nameKey(name)));
    return record ? toNode(label, record.props as Props) : null;
  }

  async nameAlternatives(label: 'Concept' | 'Method', name: string, first: number): Promise<NameAlternativeResult[]> {
    const ranked = rankNameAlternatives(name, (await this.query(cypher.namesOf(label))) as { id: string; names: string[] }[], first);
    const nodes = await this.nodesById(
      label,
      ranked.map((r) => r.id),
    );
    return ranked.flatMap((r, i) => (nodes[i] ? [{ label, node: nodes[i]!, name: r.name, similarity: r.similarity }] : []));
  }

  async findPapers(query: PaperQuery): Promise<Page<PaperNode>> {
    const [record] = await this.query(cypher.findPapers(findPapersParams(query)));
    return toPage(record, query.first, (props) => toNode('Paper', props));
  }

  async findConcepts(query: ConceptQuery): Promise<Page<ConceptNode>> {
    const [record] = await this.query(
      cypher.findNodesPage('Concept', {
        kind: query.kind ?? null,
        orderField: query.orderBy.field,
        descending: query.orderBy.direction === 'DESC',
        afterKey: query.after ? String(query.after.key) : null,
        afterId: query.after?.id ?? null,
        limit: query.first + 1,
      }),
    );
    return toPage(record, query.first, (props) => toNode('Concept', props));
  }

  async findRepositories(query: PageQuery): Promise<Page<RepositoryNode>> {
    const [record] = await this.query(
      cypher.findNodesPage('Repository', {
        kind: null,
        orderField: 'ID',
        descending: false,
        afterKey: query.after ? String(query.after.key) : null,
        afterId: query.after?.id ?? null,
        limit: query.first + 1,
      }),
    );
    return toPage(record, query.first, (props) => toNode('Repository', props));
  }

  async findNamedNodes<L extends 'Author' | 'Method'>(label: L, query: NamedNodeQuery): Promise<Page<NodeByLabel[L]>> {
    const [record] = await this.query(
      cypher.findNodesPage(label, {
        kind: null,
        orderField: query.orderBy.field,
        descending: query.orderBy.direction === 'DESC',
        afterKey: query.after ? String(query.after.key) : null,
        afterId: query.after?.id ?? null,
        limit: query.first + 1,
      }),
    );
    return toPage(record, query.first, (props) => toNode(label, props) as NodeByLabel[L]);
  }

  async paperFacets(filter: PaperFilter, by: readonly FacetKind[], first: number): Promise<FacetResult[]> {
    const facets = [...new Set(by)];
    const [record] = await this.query(cypher.paperFacets(paperFilterParams(filter), facets, first));
    return facets.map((facet, i) => ({ by: facet, values: topFacetValues((record?.[`f${i}`] ?? []) as FacetResult['values'], first) }));
  }

  async suggest(prefix: string, labels: readonly NodeLabel[], first: number): Promise<SuggestResult[]> {
    const wanted = normalizePrefix(prefix);
    if (wanted === '' || labels.length === 0) return [];
    const records = await this.query(cypher.suggestCandidates(wanted.split(' '), [...new Set(labels)], MAX_SUGGEST_CANDIDATES));
    const hits: (SuggestResult & { id: string })[] = [];
    for (const r of records) {
      const label = r.label as NodeLabel;
      const text = bestSuggestText(label, r.props as Props, wanted);
      if (text !== null) hits.push({ label, node: toNode(label, r.props as Props), text, id: (r.props as Props).id as string });
    }
    return hits
      .sort(compareSuggestions)
      .slice(0, first)
      .map(({ label, node, text }) => ({ label, node, text }));
  }

  async search(query: string, labels: readonly NodeLabel[], first: number): Promise<SearchResult[]> {
    const tokens = searchTokens(query);
    if (tokens.length === 0 || labels.length === 0) return [];
    const candidates = Math.min(MAX_SEARCH_CANDIDATES, Math.max(200, first * SEARCH_CANDIDATES_PER_HIT));
    const records = await this.query(cypher.searchCandidates([...new Set(tokens)], labels, candidates));
    const hits: SearchResult[] = [];
    for (const r of records) {
      const label = r.label as NodeLabel;
      const props = r.props as Props;
      const score = searchScore(label, props, tokens);
      if (score > 0) hits.push({ label, node: toNode(label, props), score });
    }
    return hits
      .sort((a, b) => b.score - a.score || compareStrings(a.node.id, b.node.id) || compareStrings(a.label, b.label))
      .slice(0, first);
  }

  /**
   * Three short statements instead of one long one: the paper's methods (with the graph version),
   * the postings of the methods not cached for that version, then the nodes of the page. The
   * postings of popular methods, which a single statement would expand on every call, are kept
   * in a PostingCache until the version moves (store/sharedMethods.ts); the ranking is the
   * embedded store's (OrdinalPostings.bestCandidates, then exactTop), so both stores answer alike
   * to the last bit.
   */
  async papersSharingMethods(paperId: string, first: number, minShared: number): Promise<PaperOverlapResult[]> {
    const [record] = await this.query(cypher.paperMethods(paperId));
    if (!record) return [];
    const version = (record.version as string | null) ?? null;
    const mine = [...(record.concepts as { key: string; w: number }[]), ...(record.methods as { key: string; w: number }[])];
    const keys = mine.map((m) => m.key);
    const postings = await this.postingCache.postingsFor(version, keys, async (missing) => {
      const ids = (label: string) => missing.filter((k) => k.startsWith(`${label}:`)).map((k) => k.slice(label.length + 1));
      const [read] = await this.query(cypher.methodPostings(ids('Concept'), ids('Method')));
      return { version: (read!.version as string | null) ?? null, postings: postingsRead(read!) };
    });
    const features = methodScorers(mine, (key) => postings.dfOf(key));
    const candidates = postings.bestCandidates(features, first, minShared, [paperId]);
    const weights = postings.weightsOf(candidates, keys);
    const ranked = rankedOverlaps(
      features,
      exactTop(candidates, features, (id) => weights.get(id)!, first, minShared),
    );
    if (ranked.length === 0) return [];
    const sharedIds = (label: string) => [
      ...new Set(
        ranked
          .flatMap((r) => r.shared.map((x) => x.key))
          .filter((k) => k.startsWith(`${label}:`))
          .map((k) => k.slice(label.length + 1)),
      ),
    ];
    const [papers, concepts, methods] = await this.readBatch([
      { kind: 'nodes', label: 'Paper', ids: ranked.map((r) => r.id) },
      { kind: 'nodes', label: 'Concept', ids: sharedIds('Concept') },
      { kind: 'nodes', label: 'Method', ids: sharedIds('Method') },
    ]);
    const nodes = new Map<string, NodeByLabel[NodeLabel]>();
    for (const [label, answer] of [
      ['Paper', papers],
      ['Concept', concepts],
      ['Method', methods],
    ] as const) {
      for (const node of (answer as { nodes: (NodeByLabel[NodeLabel] | null)[] }).nodes) if (node) nodes.set(`${label}:${node.id}`, node);
    }
    // A paper or method removed meanwhile drops out, as it would from a single statement.
    return ranked
      .filter((r) => nodes.has(`Paper:${r.id}`))
      .map((r) => ({
        paper: nodes.get(`Paper:${r.id}`) as PaperNode,
        score: r.score,
        shared: r.shared
          .filter((x) => nodes.has(x.key))
          .map((x) => ({ label: x.key.slice(0, x.key.indexOf(':')) as NodeLabel, node: nodes.get(x.key)!, contribution: x.c }))
          .sort((a, b) => b.contribution - a.contribution || compareStrings(a.node.id, b.node.id)),
      }));
  }

  /**
   * Two statements and a node read: what the paper links to (with the graph version and paper
   * count), the postings not cached for that version, then the nodes of the page; ranked by
   * similarity/rankSimilarPapers.ts's rules over ordinal postings, as the embedded store ranks them.
   */
  async similarPapers(paperId: string, first: number, exclude: readonly string[] = []): Promise<SimilarPaperResult[]> {
    const [record] = await this.query(cypher.paperSimilarityLinks(paperId));
    if (!record) return [];
    const version = (record.version as string | null) ?? null;
    const features = similarityFeatures({
      concepts: record.concepts as PaperLinks['concepts'],
      methods: record.methods as string[],
      authors: record.authors as string[],
      terms: record.terms as string[],
      termWeights: record.termWeights as number[],
      references: record.references as string[],
      citers: record.citers as string[],
    });
    const featureKeys = features.map((f) => f.key);
    const postings = await this.similarityCache.postingsFor(version, featureKeys, async (missing) => {
      const split = missing.map(splitKey);
      const ids = (label: string) => split.filter((k) => k.label === label).map((k) => k.id);
      const [read] = await this.query(
        cypher.similarityPostings({
          conceptIds: ids('Concept'),
          methodIds: ids('Method'),
          authorIds: ids('Author'),
          terms: ids('Term'),
          referenceIds: ids('Reference'),
          citerIds: ids('Citer'),
        }),
      );
      return { version: (read!.version as string | null) ?? null, postings: postingsRead(read!) };
    });
    const scorers = similarityScorers(features, (key) => postings.dfOf(key), record.papers as number);
    const candidates = postings.bestCandidates(scorers, first, 1, [paperId, ...exclude]);
    const weights = postings.weightsOf(candidates, featureKeys);
    const ranked = rankedSimilar(
      scorers,
      exactTop(candidates, scorers, (id) => weights.get(id)!, first),
    );
    if (ranked.length === 0) return [];
    const sharedKeys = ranked.flatMap((r) => r.signals.flatMap((s) => s.shared.flatMap((x) => sharedNodeKey(x.key) ?? [])));
    const keys = [...new Set([...ranked.map((r) => `Paper:${r.id}`), ...sharedKeys])];
    const labels = ['Paper', 'Concept', 'Method', 'Author'] as const;
    const answers = await this.readBatch(
      labels.map((label) => ({
        kind: 'nodes' as const,
        label,
        ids: keys.filter((k) => k.startsWith(`${label}:`)).map((k) => k.slice(label.length + 1)),
      })),
    );
    const nodes = new Map<string, LabelledNode>();
    labels.forEach((label, i) => {
      for (const node of (answers[i] as { nodes: (NodeByLabel[NodeLabel] | null)[] }).nodes)
        if (node) nodes.set(`${label}:${node.id}`, { label, node });
    });
    return toSimilarResults(ranked, nodes);
  }

  async conceptPath(from: string, to: string, maxHops: number, throughCitations = false): Promise<PathResult | null> {
    if (from === to) {
      const [concept] = await this.nodesById('Concept', [from]);
      return concept ? { nodes: [{ label: 'Concept', id: from }], edges: [] } : null;
    }
    if (this.conceptPathSearch === 'fetched-neighbours') {
      const searched = await this.searchConceptPath(from, to, maxHops, throughCitations);
      if (searched !== undefined) return searched;
    }
    // The graph has no version, or a write moved it during the search: Neo4j's own search, in one statement.
    const [record] = await this.query(cypher.conceptPaths(from, to, maxHops, MAX_SHORTEST_PATHS, throughCitations));
    if (!record) return null;
    const nodes = (record.nodes as { label: NodeLabel; props: Props }[]).map((n) => ({ label: n.label, node: toNode(n.label, n.props) }));
    const rels = record.rels as { type: RelationshipType; from: string; to: string; weight: number | null }[];
    return {
      nodes: nodes.map((n) => ({ label: n.label, id: n.node.id })),
      edges: rels.map((e) => edgeView(e.type, e.from, e.to, { weight: e.weight })),
      loaded: nodes.map((n) => n.node),
    };
  }

  /**
   * conceptPath by the search both stores run (store/pathSearch.ts) over the path neighbours
   * fetched at one graph version (pathNeighbours.ts). When every node the search asks about is
   * kept, it runs at once and one statement reads the path's nodes with the graph version: the
   * answer stands if the version is still the kept one. Otherwise the first statement reads the
   * version (and the ends), each step of the search fetches what no search fetched before at that
   * version, and the last reads the nodes and checks the version again. Undefined when the graph
   * has no version or a write moved it meanwhile (the caller asks Neo4j instead).
   */
  private async searchConceptPath(
    from: string,
    to: string,
    maxHops: number,
    throughCitations: boolean,
  ): Promise<PathResult | null | undefined> {
    const kept = this.pathNeighbours.current(throughCitations);
    if (kept) {
      const found = searchKept(kept.adjacency, from, to, maxHops);
      if (found !== NOT_KEPT) {
        const answer = await this.pathAnswer(kept.adjacency, found, kept.version);
        if (answer !== undefined) return answer;
      }
    }
    const first = await this.readPathNeighbours([from, to], [], throughCitations);
    const version = first.version;
    if (version === null) return undefined;
    const adjacency = this.pathNeighbours.adjacencyFor(version, throughCitations);
    adjacency.put(first.nodes);
    const [start, goal] = [adjacency.find('Concept', from), adjacency.find('Concept', to)];
    if (start === undefined || goal === undefined || !adjacency.fetched(start) || !adjacency.fetched(goal)) return null;
    const marks = adjacency.takeMarks();
    let path: number[] | null;
    try {
      const steps = smallestShortestPath(adjacency, marks, start, goal, maxHops, currentDeadline());
      for (let step = steps.next(); ; step = steps.next()) {
        if (step.done) {
          path = step.value;
          break;
        }
        const missing = step.value.filter((n) => !adjacency.fetched(n));
        for (let i = 0; i < missing.length; i += PATH_FETCH_BATCH) {
          const batch = missing.slice(i, i + PATH_FETCH_BATCH);
          const ids = (label: NodeLabel) => batch.filter((n) => adjacency.labels[n] === label).map((n) => adjacency.ids[n]!);
          const read = await this.readPathNeighbours(ids('Concept'), ids('Paper'), throughCitations);
          if (read.version !== version) return undefined;
          adjacency.put(read.nodes);
        }
        // A node met and gone before the version moved (read committed): ask Neo4j instead.
        if (missing.some((n) => !adjacency.fetched(n))) return undefined;
        // Other searches fetching into the same adjacency meanwhile give ordinals too.
        marks.grow(adjacency.size);
      }
    } finally {
      adjacency.giveBack(marks);
    }
    return this.pathAnswer(adjacency, path, version);
  }

  /**
   * The answer for a path found over `adjacency` (or for none), with the path's nodes read in one
   * statement beside the graph version, so that the API resolves them without a lookup (as the
   * embedded store gives them). Undefined when the version is no longer `version`, or a node of
   * the path is gone.
   */
  private async pathAnswer(
    adjacency: FetchedPathAdjacency,
    path: number[] | null,
    version: string,
  ): Promise<PathResult | null | undefined> {
    const nodes = path?.map((n) => adjacency.ref(n)) ?? [];
    const ids = (label: NodeLabel) => nodes.filter((n) => n.label === label).map((n) => n.id);
    const [record] = await this.query(cypher.pathNodes(ids('Concept'), ids('Paper')));
    if ((record?.version ?? null) !== version) return undefined;
    if (!path) return null;
    const byKey = new Map<string, NodeByLabel[NodeLabel]>();
    for (const { label, props } of record!.nodes as { label: NodeLabel; props: Props }[])
      byKey.set(`${label}:${props.id}`, toNode(label, props));
    const loaded = nodes.map((n) => byKey.get(`${n.label}:${n.id}`));
    if (loaded.some((n) => n === undefined)) return undefined;
    const edges = path.slice(1).map((n, i) => adjacency.smallestEdge(path[i]!, n));
    return { nodes, edges, loaded: loaded as NodeByLabel[NodeLabel][] };
  }

  private async readPathNeighbours(
    conceptIds: readonly string[],
    paperIds: readonly string[],
    throughCitations: boolean,
  ): Promise<{ version: string | null; nodes: FetchedNode[] }> {
    const [record] = await this.query(cypher.pathNeighbours(conceptIds, paperIds, throughCitations));
    return { version: (record?.version as string | null) ?? null, nodes: (record?.nodes as FetchedNode[]) ?? [] };
  }

  async neighborhood(
    ids: readonly string[],
    depth: number,
    limit: number,
    edgeTypes: readonly RelationshipType[],
    paperFilter?: PaperFilter,
  ): Promise<NeighborhoodResult> {
    if (ids.length === 0) return { nodes: [], edges: [], truncated: false };
    const filter =
      paperFilter &&
      Object.values(paperFilterParams(paperFilter)).some((v) => v !== null && v !== false && !(Array.isArray(v) && v.length === 0))
        ? paperFilterParams(paperFilter)
        : null;
    const [record] = await this.query(cypher.neighborhood([...new Set(ids)], depth, limit, edgeTypes, filter));
    if (!record) return { nodes: [], edges: [], truncated: false };
    // Only what a graph view shows comes back (not abstracts): id, the fields of its text, degree.
    const nodes = (record.nodes as ({ label: NodeLabel; id: string; distance: number; degree: number } & Props)[]).map((n) => ({
      label: n.label,
      id: n.id,
      text: nodeText(n.label, n as unknown as NodeByLabel[NodeLabel]),
      weight: n.degree,
      distance: n.distance,
    }));
    const edges = (record.edges as { type: RelationshipType; from: string; to: string; weight: number | null }[]).map((e) =>
      edgeView(e.type, e.from, e.to, { weight: e.weight }),
    );
    return { nodes, edges: sortEdges(edges), truncated: record.truncated as boolean };
  }

  /** Runs one read query (an auto-commit transaction, retried like a managed one: autoCommitRead.ts) and returns its records as plain objects. */
  async query(q: CypherQuery): Promise<Record<string, unknown>[]> {
    return autoCommitRead(this.driver, this.database, q);
  }

  private session(mode: 'READ' | 'WRITE'): Session {
    return this.driver.session({ database: this.database, defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE });
  }
}

/** The Cypher parameters of a paper filter: empty fields as null (or empty lists), the text in lower case. */
export function paperFilterParams(filter: PaperFilter): cypher.PaperFilterParams {
  return {
    conceptId: filter.conceptId || null,
    includeNarrower: Boolean(filter.conceptId && filter.includeNarrower),
    methodId: filter.methodId || null,
    hasRepository: filter.hasRepository ?? null,
    text: filter.text ? filter.text.toLowerCase() : null,
    authorId: filter.authorId || null,
    venue: filter.venue || null,
    yearFrom: filter.yearFrom ?? null,
    yearTo: filter.yearTo ?? null,
    conceptsAll: [...new Set(filter.conceptsAll ?? [])],
    conceptsAny: [...new Set(filter.conceptsAny ?? [])],
  };
}

/** The Cypher parameters of a page of papers. */
export function findPapersParams(query: PaperQuery): cypher.PaperQueryParams {
  const { filter, orderBy } = query;
  return {
    ...paperFilterParams(filter),
    conceptId: filter.conceptId ?? null,
    includeNarrower: filter.includeNarrower ?? false,
    orderField: orderBy.field,
    descending: orderBy.direction === 'DESC',
    afterKey: query.after?.key ?? null,
    afterId: query.after?.id ?? null,
    // One more than asked: whether it comes back tells hasNextPage.
    limit: query.first + 1,
  };
}

/** A row of a page of papers (cypher.findPapers) with the relationships it includes, by direction. */
interface IncludedRow {
  props: Props;
  out?: { type: RelationshipType; props: Props; end: Props }[];
  in?: { type: RelationshipType; props: Props; end: Props }[];
}

/** The answer to one included relationship read, from the page's rows: lists in row order, each by far end id (as relationshipsOf). */
function includedAnswer(rows: readonly IncludedRow[], read: RelationshipRead): RelationshipsAnswer {
  const endLabel = farLabel(read.type, read.direction);
  const ends = new Map<string, NodeByLabel[NodeLabel]>();
  const lists = rows.map((row) => {
    const paperId = row.props.id as string;
    return (row[read.direction] ?? [])
      .filter((r) => r.type === read.type)
      .map((r): StoredRelationship => {
        const farId = r.end.id as string;
        if (!ends.has(farId)) ends.set(farId, toNode(endLabel, r.end));
        const [from, to] = read.direction === 'out' ? [paperId, farId] : [farId, paperId];
        return { type: read.type, from, to, properties: r.props as StoredRelationship['properties'] };
      })
      .sort((a, b) => (read.direction === 'out' ? compareStrings(a.to, b.to) : compareStrings(a.from, b.from)));
  });
  return { lists, ends };
}

function toPage<T>(record: Record<string, unknown> | undefined, first: number, toItem: (props: Props) => T): Page<T> {
  const rows = (record?.rows ?? []) as { props: Props; key: string | number }[];
  return {
    items: rows.slice(0, first).map((r) => ({ node: toItem(r.props), key: r.key })),
    totalCount: (record?.totalCount as number) ?? 0,
    hasNextPage: rows.length > first,
  };
}

interface BatchCounts {
  total: number;
  created: number;
  unchanged: number;
}

async function runCounts(tx: ManagedTransaction, q: CypherQuery): Promise<BatchCounts> {
  const result = await tx.run(q.text, q.params);
  const row = result.records[0];
  return {
    total: Number(row?.get('total') ?? 0),
    created: Number(row?.get('created') ?? 0),
    unchanged: Number(row?.get('unchanged') ?? 0),
  };
}

function add(into: UpsertCounts, batch: BatchCounts): void {
  into.created += batch.created;
  into.unchanged += batch.unchanged;
  into.updated += batch.total - batch.created - batch.unchanged;
}

async function throwMissingEnds(tx: ManagedTransaction, type: RelationshipType, rows: { from: string; to: string }[]): Promise<never> {
  const q = cypher.missingRelationshipEnds(
    type,
    rows.map((r) => ({ ...r, props: {} })),
  );
  const result = await tx.run(q.text, q.params);
  const first = result.records[0]?.toObject() as { from: string; to: string; fromMissing: boolean } | undefined;
  const [fromLabel, toLabel] = endsOf(type);
  const missing = first
    ? first.fromMissing
      ? `${fromLabel} node with id ${first.from}`
      : `${toLabel} node with id ${first.to}`
    : 'an end node';
  // Thrown inside the transaction function: the driver rolls the whole upsert back.
  throw new InputError({ file: 'document', field: `${type} ${first?.from ?? '?'} -> ${first?.to ?? '?'}` }, `no ${missing}; add it first`);
}

/**
 * A node's properties with what Neo4j indexes for reads the embedded store computes in memory:
 * `searchText` (readRules.searchTextOf, in the full-text index) and, for concepts and methods,
 * `nameKeys` (readRules.nameKeysOf, for findByName); for papers, `termText` (their similarity
 * terms, in cypher.TERM_INDEX).
 */
export function withIndexedProps(label: NodeLabel, props: Props): Props {
  const out: Props = { ...props, [cypher.SEARCH_TEXT_PROPERTY]: searchTextOf(label, props) };
  if (label === 'Concept' || label === 'Method') out[cypher.NAME_KEYS_PROPERTY] = nameKeysOf(label, props);
  out[cypher.SUGGEST_TEXT_PROPERTY] = [...new Set(suggestNames(label, props).flatMap((n) => suggestSuffixes(n).slice(0, 1)))].join(' ');
  if (label === 'Paper') out[cypher.TERM_TEXT_PROPERTY] = Array.isArray(props.terms) ? (props.terms as string[]).join(' ') : '';
  if (label === 'Paper' && Array.isArray(props.externalIds)) {
    for (const scheme of INDEXED_SCHEMES) {
      const first = (props.externalIds as string[]).find((id) => id.startsWith(`${scheme}:`));
      if (first) out[cypher.externalIdProperty(scheme)] = first.slice(scheme.length + 1);
    }
  }
  return out;
}

/** A property map with the integer properties as Neo4j integers. */
export function toNeo4jProps(props: Props): Props {
  const out: Props = {};
  for (const [k, v] of Object.entries(props)) out[k] = INTEGER_PROPERTIES.has(k) && typeof v === 'number' ? neo4j.int(v) : v;
  return out;
}

function* chunks<T>(items: T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** searchKept's answer when the kept neighbours do not cover the search: it must fetch. */
const NOT_KEPT = Symbol('not kept');

/**
 * conceptPath's search over kept neighbours alone, synchronously: the path, or null for none
 * within maxHops; NOT_KEPT when an end is not kept (it may not exist) or as soon as the search
 * asks about a node whose neighbours are not kept.
 */
function searchKept(adjacency: FetchedPathAdjacency, from: string, to: string, maxHops: number): number[] | null | typeof NOT_KEPT {
  const [start, goal] = [adjacency.find('Concept', from), adjacency.find('Concept', to)];
  if (start === undefined || goal === undefined || !adjacency.fetched(start) || !adjacency.fetched(goal)) return NOT_KEPT;
  const marks = adjacency.takeMarks();
  try {
    const steps = smallestShortestPath(adjacency, marks, start, goal, maxHops, currentDeadline());
    for (let step = steps.next(); ; step = steps.next()) {
      if (step.done) return step.value;
      if (step.value.some((n) => !adjacency.fetched(n))) return NOT_KEPT;
    }
  } finally {
    adjacency.giveBack(marks);
  }
}
