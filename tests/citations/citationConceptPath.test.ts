import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ConceptNode, GraphDocument, PaperNode, Relationship } from '../../src/domain/graph.ts';
import { ingestDocument } from '../../src/ingestion/write.ts';
import { startHttpServer, type RunningServer } from '../../src/server/http.ts';
import { EmbeddedStore } from '../../src/store/embedded/EmbeddedStore.ts';
import type { GraphStore } from '../../src/store/GraphStore.ts';
import { Neo4jStore } from '../../src/store/neo4j/Neo4jStore.ts';

const concept = (id: string): ConceptNode => ({ id, name: id, kind: 'THEORY', aliases: [], description: null, curated: true });
const paper = (id: string): PaperNode => ({
  id,
  title: `Paper ${id}`,
  abstract: '',
  arxivId: null,
  url: null,
  publishedAt: null,
  venue: null,
  keywords: [],
  sources: ['test'],
});
const broader = (from: string, to: string): Relationship => ({ type: 'BROADER', from, to, properties: {} });
const mentions = (from: string, to: string): Relationship => ({
  type: 'MENTIONS',
  from,
  to,
  properties: { count: 1, weight: 1, evidence: [], extractor: 'test' },
});

/**
 * Through concept links, start and goal are 4 hops apart (start -> x -> y <- z <- goal); p mentions
 * start, q mentions goal and p cites q, so through citations they are 3 apart (start, p, q, goal).
 */
const document: GraphDocument = {
  papers: [paper('p'), paper('q')],
  concepts: ['start', 'x', 'y', 'z', 'goal'].map(concept),
  methods: [],
  repositories: [],
  authors: [],
  relationships: [
    broader('start', 'x'),
    broader('x', 'y'),
    broader('z', 'y'),
    broader('goal', 'z'),
    mentions('p', 'start'),
    mentions('q', 'goal'),
    { type: 'CITES', from: 'p', to: 'q', properties: { influential: false, intents: [], contexts: [] } },
  ],
};

describe('conceptPath through citations on both stores', () => {
  const stores: GraphStore[] = [];
  const servers: RunningServer[] = [];
  /** The answer on every store, after checking they are the same. */
  async function onBoth<T>(read: (store: GraphStore) => Promise<T>): Promise<T> {
    const [embedded, neo4j] = await Promise.all(stores.map(read));
    expect(neo4j, 'Neo4j answers as the embedded store does').toEqual(embedded);
    return embedded!;
  }

  beforeAll(async () => {
    stores.push(new EmbeddedStore(), new Neo4jStore({ uri: inject('neo4jUri') }));
    for (const store of stores) {
      await store.init();
      await store.clear();
      await ingestDocument(store, document);
      servers.push(await startHttpServer({ store, apiKey: 'k', port: 0, host: '127.0.0.1' }));
    }
  });
  afterAll(async () => {
    for (const server of servers) await server.close();
    for (const store of stores) {
      await store.clear();
      await store.close();
    }
  });

  const ids = (path: { nodes: { id: string }[] } | null) => path?.nodes.map((n) => n.id) ?? null;

  it('leaves citations out by default: the path goes through concept links only', async () => {
    const path = await onBoth((store) => store.conceptPath('start', 'goal', 6));
    expect(ids(path)).toEqual(['start', 'x', 'y', 'z', 'goal']);
    expect(path!.edges.map((e) => e.type)).toEqual(['BROADER', 'BROADER', 'BROADER', 'BROADER']);
    expect(await onBoth((store) => store.conceptPath('start', 'goal', 3))).toBeNull();
  });

  it('takes the shorter way through a citation between papers when asked to', async () => {
    const path = await onBoth((store) => store.conceptPath('start', 'goal', 6, true));
    expect(ids(path)).toEqual(['start', 'p', 'q', 'goal']);
    expect(path!.edges.map((e) => [e.type, e.source, e.target])).toEqual([
      ['MENTIONS', 'p', 'start'],
      ['CITES', 'p', 'q'],
      ['MENTIONS', 'q', 'goal'],
    ]);
    expect(ids(await onBoth((store) => store.conceptPath('start', 'goal', 3, true)))).toEqual(['start', 'p', 'q', 'goal']);
  });

  it('takes throughCitations as an argument of Query.conceptPath, false by default', async () => {
    const ask = (args: string) =>
      Promise.all(
        servers.map(async (server) => {
          const response = await fetch(`${server.url}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ query: `{ conceptPath(from: "start", to: "goal"${args}) { length nodes { id } edges { type } } }` }),
          });
          return (await response.json()) as unknown;
        }),
      );
    const plain = await ask('');
    const cited = await ask(', throughCitations: true');
    expect(plain[1]).toEqual(plain[0]);
    expect(cited[1]).toEqual(cited[0]);
    expect(plain[0]).toMatchObject({ data: { conceptPath: { length: 4 } } });
    expect(cited[0]).toEqual({
      data: {
        conceptPath: {
          length: 3,
          nodes: [{ id: 'start' }, { id: 'p' }, { id: 'q' }, { id: 'goal' }],
          edges: [{ type: 'MENTIONS' }, { type: 'CITES' }, { type: 'MENTIONS' }],
        },
      },
    });
  });
});
