import DataLoader from 'dataloader';
import type { NodeByLabel, NodeLabel, RelationshipType } from '../domain/graph.ts';
import { farLabel, type BatchAnswer, type BatchRead, type PapersPage, type RelationshipsAnswer } from '../store/batchRead.ts';
import type { GraphStore, PaperQuery, StoredRelationship } from '../store/GraphStore.ts';
import type { ReadFields } from '../store/readFields.ts';

/** Nodes of one label by id: one store call per tick, whatever the number of ids. */
export type NodeLoader<L extends NodeLabel> = DataLoader<string, NodeByLabel[L] | null>;
/** Relationships of one type and direction by id. */
export type RelationshipLoader<T extends RelationshipType> = DataLoader<string, StoredRelationship<T>[]>;

/**
 * Collects the batch reads the loaders of one request dispatch in the same turn of the event
 * loop and sends them to the store as one readBatch: one Cypher statement on Neo4j for all the
 * relation fields of one level of a query (a paper's concepts, repositories and authors together).
 */
export class ReadBatcher {
  private pending: { read: BatchRead; resolve: (a: BatchAnswer) => void; reject: (e: unknown) => void }[] = [];
  /** The properties the request can look at (store/readFields.ts); undefined: read whole. See narrowReads. */
  fields: ReadFields | undefined;

  constructor(private readonly store: GraphStore) {}

  read<K extends BatchRead['kind']>(read: BatchRead & { kind: K }): Promise<BatchAnswer & { kind: K }> {
    if (this.pending.length === 0) setImmediate(() => this.dispatch());
    return new Promise((resolve, reject) => this.pending.push({ read, resolve: resolve as (a: BatchAnswer) => void, reject }));
  }

  private dispatch(): void {
    const batch = this.pending;
    this.pending = [];
    this.store
      .readBatch(
        batch.map((p) => p.read),
        this.fields,
      )
      .then(
        (answers) => batch.forEach((p, i) => p.resolve(answers[i]!)),
        (error: unknown) => batch.forEach((p) => p.reject(error)),
      );
  }
}

const nodeLoader = <L extends NodeLabel>(batcher: ReadBatcher, label: L): NodeLoader<L> =>
  new DataLoader(async (ids) => (await batcher.read({ kind: 'nodes', label, ids })).nodes as (NodeByLabel[L] | null)[]);

/** What every loader of a request is made from: its batcher (and the pages it has read). */
interface LoaderState {
  readonly batcher: ReadBatcher;
  pages?: Map<string, Promise<PapersPage>>;
}

/** The relationship loaders of a request: the type and direction each reads, by loader name. */
export const RELATIONSHIP_LOADERS = {
  mentionsByPaperId: { type: 'MENTIONS', direction: 'out' },
  proposalsByPaperId: { type: 'PROPOSES', direction: 'out' },
  usesByPaperId: { type: 'USES', direction: 'out' },
  codeByPaperId: { type: 'HAS_CODE', direction: 'out' },
  broaderByConceptId: { type: 'BROADER', direction: 'out' },
  narrowerByConceptId: { type: 'BROADER', direction: 'in' },
  relatedFromConceptId: { type: 'RELATED', direction: 'out' },
  relatedToConceptId: { type: 'RELATED', direction: 'in' },
  appliersByConceptId: { type: 'APPLIES', direction: 'in' },
  proposersByMethodId: { type: 'PROPOSES', direction: 'in' },
  usersByMethodId: { type: 'USES', direction: 'in' },
  appliedByMethodId: { type: 'APPLIES', direction: 'out' },
  papersByRepositoryId: { type: 'HAS_CODE', direction: 'in' },
  authorshipsByPaperId: { type: 'AUTHORED_BY', direction: 'out' },
  authorshipsByAuthorId: { type: 'AUTHORED_BY', direction: 'in' },
  referencesByPaperId: { type: 'CITES', direction: 'out' },
  citationsByPaperId: { type: 'CITES', direction: 'in' },
} as const satisfies Record<string, { type: RelationshipType; direction: 'out' | 'in' }>;

/** The name of a relationship loader (RELATIONSHIP_LOADERS). */
export type RelationshipLoaderName = keyof typeof RELATIONSHIP_LOADERS;

/** What a page read also brings for its papers: relationship loaders to prime, and whether its total is wanted. */
export interface PageLookahead {
  /** Loaders keyed by paper id whose reads come with the page, and are primed from it. */
  include: readonly RelationshipLoaderName[];
  countTotal: boolean;
}

/** Primes the node loader at the far end of a relationship loader's relationships with the nodes a read of them brought. */
function primeEnds(loaders: Loaders, name: RelationshipLoaderName, answer: RelationshipsAnswer): void {
  const { type, direction } = RELATIONSHIP_LOADERS[name];
  const ends = loaderOf(loaders, farLabel(type, direction)) as DataLoader<string, unknown>;
  for (const [id, node] of answer.ends) ends.prime(id, node);
}

/** Primes a relationship loader, and the node loader of its far end, with what a read of it would have answered for `ids`. */
function primeRelationships(loaders: Loaders, name: RelationshipLoaderName, ids: readonly string[], answer: RelationshipsAnswer): void {
  primeEnds(loaders, name, answer);
  const loader = loaders[name] as DataLoader<string, StoredRelationship[]>;
  ids.forEach((id, i) => loader.prime(id, answer.lists[i]!));
}

/** The loader RELATIONSHIP_LOADERS names, with the type it reads. */
type RelationshipLoaderOf<N extends RelationshipLoaderName> = RelationshipLoader<(typeof RELATIONSHIP_LOADERS)[N]['type']>;

/** A relationship loader that primes the node loader of the far end with the nodes its read brought. */
const relationshipLoader =
  <N extends RelationshipLoaderName>(name: N) =>
  (self: LoaderState): RelationshipLoaderOf<N> =>
    new DataLoader(async (ids) => {
      const { type, direction } = RELATIONSHIP_LOADERS[name];
      const answer = await self.batcher.read({ kind: 'relationships', type, direction, ids });
      primeEnds(self as unknown as Loaders, name, answer);
      return answer.lists as StoredRelationship<(typeof RELATIONSHIP_LOADERS)[N]['type']>[][];
    });

/** How each relationship loader is made: one per entry of RELATIONSHIP_LOADERS. */
const RELATIONSHIP_LOADER_MAKERS = Object.fromEntries(
  (Object.keys(RELATIONSHIP_LOADERS) as RelationshipLoaderName[]).map((name) => [name, relationshipLoader(name)]),
) as { [N in RelationshipLoaderName]: (self: LoaderState) => RelationshipLoaderOf<N> };

/** A loader of relationship counts (degrees) by id. */
const degreeLoader =
  (type: RelationshipType, direction: 'out' | 'in') =>
  (self: LoaderState): DataLoader<string, number> =>
    new DataLoader(async (ids) => (await self.batcher.read({ kind: 'degree', type, direction, ids })).degrees);

/** How each loader of a request is made, by name; a request makes only those it uses (see createLoaders). */
const LOADER_MAKERS = {
  paperById: (self: LoaderState) => nodeLoader(self.batcher, 'Paper'),
  conceptById: (self: LoaderState) => nodeLoader(self.batcher, 'Concept'),
  methodById: (self: LoaderState) => nodeLoader(self.batcher, 'Method'),
  repositoryById: (self: LoaderState) => nodeLoader(self.batcher, 'Repository'),
  authorById: (self: LoaderState) => nodeLoader(self.batcher, 'Author'),
  ...RELATIONSHIP_LOADER_MAKERS,
  paperCountByConceptId: degreeLoader('MENTIONS', 'in'),
  referenceCountByPaperId: degreeLoader('CITES', 'out'),
  citationCountByPaperId: degreeLoader('CITES', 'in'),
};

/** The loaders of one request (see createLoaders). */
export type Loaders = { readonly [K in keyof typeof LOADER_MAKERS]: ReturnType<(typeof LOADER_MAKERS)[K]> } & {
  /**
   * A page of papers, once per request for the same query and count (Concept.papers and its
   * look-ahead share it); the loaders of `lookahead.include` are primed with the page's papers.
   */
  papersPage(query: PaperQuery, lookahead?: PageLookahead): Promise<PapersPage>;
};

/**
 * The prototype of every request's loaders: each loader is a getter that makes it on first use
 * and keeps it on the request's object. Making all 25 DataLoaders for every request was the
 * largest self time of src/server in a CPU profile of the bench mix, while a query uses a few.
 */
const LOADERS_PROTOTYPE: object = Object.create(null, {
  ...Object.fromEntries(
    Object.entries(LOADER_MAKERS).map(([name, make]) => [
      name,
      {
        get(this: LoaderState) {
          const loader = make(this);
          Object.defineProperty(this, name, { value: loader });
          return loader;
        },
      },
    ]),
  ),
  papersPage: {
    value(this: LoaderState, query: PaperQuery, lookahead: PageLookahead = { include: [], countTotal: true }): Promise<PapersPage> {
      const pages = (this.pages ??= new Map());
      const key = JSON.stringify([query, lookahead.countTotal]);
      let page = pages.get(key);
      if (!page) {
        const { include, countTotal } = lookahead;
        page = this.batcher
          .read({ kind: 'papers', query, include: include.map((name) => RELATIONSHIP_LOADERS[name]), countTotal })
          .then((answer) => {
            const ids = answer.page.items.map((item) => item.node.id);
            include.forEach((name, j) => primeRelationships(this as unknown as Loaders, name, ids, answer.included[j]!));
            return answer.page;
          });
        pages.set(key, page);
        // A failed read is not kept: the next asker tries again.
        page.catch(() => pages.delete(key));
      }
      return page;
    },
  },
});

/**
 * The loaders of one request, named by what they answer for a key. Made per request so that
 * nothing cached outlives it; every relation field of the schema goes through one of these.
 * A relationship loader primes the node loader of the far end with the nodes its read brought,
 * so that resolving the ends costs no further round trip. Each loader is made on first use.
 */
export function createLoaders(store: GraphStore): Loaders {
  const state: LoaderState = Object.create(LOADERS_PROTOTYPE);
  (state as { batcher: ReadBatcher }).batcher = new ReadBatcher(store);
  return state as unknown as Loaders;
}

/**
 * From now on the request's reads bring only `fields` (an operation's, server/operationReadFields.ts).
 * For queries only: every node a loader caches is then seen only by the fields of that operation.
 */
export function narrowReads(loaders: Loaders, fields: ReadFields): void {
  (loaders as unknown as LoaderState).batcher.fields = fields;
}

/** The node loader of a label. */
export function loaderOf<L extends NodeLabel>(loaders: Loaders, label: L): NodeLoader<L> {
  // A switch, not a table of all five: reading a loader makes it (LOADERS_PROTOTYPE).
  switch (label as NodeLabel) {
    case 'Paper':
      return loaders.paperById as unknown as NodeLoader<L>;
    case 'Concept':
      return loaders.conceptById as unknown as NodeLoader<L>;
    case 'Method':
      return loaders.methodById as unknown as NodeLoader<L>;
    case 'Repository':
      return loaders.repositoryById as unknown as NodeLoader<L>;
    case 'Author':
      return loaders.authorById as unknown as NodeLoader<L>;
  }
}

/** Loads the nodes at the far end of relationships, in order, dropping any that vanished meanwhile. */
export async function loadEnds<L extends NodeLabel>(loader: NodeLoader<L>, ids: string[]): Promise<NodeByLabel[L][]> {
  const nodes = await loader.loadMany(ids);
  return nodes.filter((n): n is NodeByLabel[L] => n !== null && !(n instanceof Error));
}
