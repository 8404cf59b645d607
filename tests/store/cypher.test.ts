import { describe, expect, it } from 'vitest';
import type { BatchRead } from '../../src/store/batchRead.ts';
import * as cypher from '../../src/store/neo4j/cypher.ts';
import { findPapersParams } from '../../src/store/neo4j/Neo4jStore.ts';
import { int } from 'neo4j-driver';
import { NODE_LABELS, type NodeLabel, type RelationshipType } from '../../src/domain/graph.ts';
import { DOMAIN_PROPERTIES, toNode } from '../../src/store/documentRows.ts';
import type { PaperQuery } from '../../src/store/GraphStore.ts';

/** One read of cypher.readBatch, the statement behind every batch read of Neo4jStore. */
const batch = (read: BatchRead) => cypher.readBatch([read], (q) => cypher.findPapers(findPapersParams(q)));

describe('Cypher queries as data', () => {
  it('merges nodes by label and id with every value as a parameter', () => {
    const rows = [{ id: 'hessian', props: { id: 'hessian', name: 'Hessian' } }];
    const q = cypher.upsertNodes('Concept', rows);
    expect(q.params).toEqual({ rows });
    expect(q.text).toMatchInlineSnapshot(`
      "UNWIND $rows AS row
      OPTIONAL MATCH (existing:Concept {id: row.id})
      WITH row, existing, row.props AS incoming
      WITH row, existing, incoming AS props
      WITH row, props, existing IS NULL AS isNew, existing IS NOT NULL AND properties(existing) = props AS same
      MERGE (n:Concept {id: row.id})
      SET n = props
      RETURN count(*) AS total, sum(CASE WHEN isNew THEN 1 ELSE 0 END) AS created, sum(CASE WHEN same THEN 1 ELSE 0 END) AS unchanged"
    `);
  });

  it('merges Paper.sources instead of replacing them', () => {
    expect(cypher.upsertNodes('Paper', []).text).toMatch(
      /sources: existing\.sources \+ \[s IN coalesce\(incoming\.sources, \[\]\) WHERE NOT s IN existing\.sources\]/,
    );
  });

  it('merges relationships between the labels their type connects', () => {
    const rows = [{ from: 'p1', to: 'hessian', props: { count: 1 } }];
    const q = cypher.upsertRelationships('MENTIONS', rows);
    expect(q.params).toEqual({ rows });
    expect(q.text).toMatchInlineSnapshot(`
      "UNWIND $rows AS row
      MATCH (a:Paper {id: row.from})
      MATCH (b:Concept {id: row.to})
      OPTIONAL MATCH (a)-[existing:MENTIONS]->(b)
      WITH a, b, row, existing IS NULL AS isNew, existing IS NOT NULL AND properties(existing) = row.props AS same
      MERGE (a)-[r:MENTIONS]->(b)
      SET r = row.props
      RETURN count(*) AS total, sum(CASE WHEN isNew THEN 1 ELSE 0 END) AS created, sum(CASE WHEN same THEN 1 ELSE 0 END) AS unchanged"
    `);
  });

  it('reads relationships of a batch of ids in one query, sorted by anchor then other end, with the far ends', () => {
    const q = batch({ kind: 'relationships', type: 'HAS_CODE', direction: 'in', ids: ['github:a/b', 'github:a/b'] });
    expect(q).toEqual({
      text:
        'CALL () { MATCH (a)-[r:HAS_CODE]->(b:Repository) WHERE b.id IN $ids0 WITH a, r, b ORDER BY b.id, a.id ' +
        'RETURN collect({from: a.id, to: b.id, props: properties(r), end: a {.id, .title, .abstract, .arxivId, .url, .publishedAt, .venue, .keywords, .sources, .externalIds, .stub}}) AS r0 }\nRETURN r0',
      params: { ids0: ['github:a/b'] },
    });
  });

  it('reads a page of a concept with the relations of its papers in one expansion each, counting only when asked', () => {
    const q = cypher.readBatch(
      [
        {
          kind: 'papers',
          query: { first: 10, after: null, filter: { conceptId: 'hessian' }, orderBy: { field: 'RELEVANCE', direction: 'DESC' } },
          include: [
            { type: 'AUTHORED_BY', direction: 'out' },
            { type: 'HAS_CODE', direction: 'out' },
          ],
          countTotal: false,
        },
      ],
      (query, options) => cypher.findPapers(findPapersParams(query), options),
    );
    expect(q.params).toEqual({ p0_conceptId: 'hessian', p0_limit: int(11) });
    expect(q.text).toMatchInlineSnapshot(`
      "CALL () {
      WITH null AS totalCount
      CALL () {
        MATCH (c:Concept {id: $p0_conceptId})
        MATCH (p)-[m:MENTIONS]->(c)
        WITH p, m.weight AS relevance
        WITH p, relevance AS key
        WITH p, key ORDER BY key DESC, p.id ASC LIMIT $p0_limit
        RETURN collect({props: p {.id, .title, .abstract, .arxivId, .url, .publishedAt, .venue, .keywords, .sources, .externalIds, .stub}, key: key, out: COLLECT { MATCH (p)-[r:AUTHORED_BY|HAS_CODE]->(b) RETURN CASE type(r) WHEN 'AUTHORED_BY' THEN {type: 'AUTHORED_BY', props: properties(r), end: b {.id, .name}} WHEN 'HAS_CODE' THEN {type: 'HAS_CODE', props: properties(r), end: b {.id, .url, .owner, .name, .path}} END }}) AS rows
      }
      RETURN {totalCount: totalCount, rows: rows} AS r0
      }
      RETURN r0"
    `);
  });

  it('puts only the filters given in a page query, and counts an unfiltered concept by its degree', () => {
    const params = (filter: PaperQuery['filter']) =>
      findPapersParams({ first: 5, after: null, filter, orderBy: { field: 'ID', direction: 'ASC' } });
    const plain = cypher.findPapers(params({ conceptId: 'hessian' }));
    expect(plain.text).toContain('CALL () { MATCH (c:Concept {id: $conceptId}) RETURN sum(COUNT { ()-[:MENTIONS]->(c) }) AS totalCount }');
    expect(plain.text).not.toMatch(/HAS_CODE|\$text|\$venue/);
    const filtered = cypher.findPapers(params({ conceptId: 'hessian', hasRepository: true, venue: 'ICLR' }));
    expect(filtered.text).toContain('(EXISTS { (p)-[:HAS_CODE]->(:Repository) } = $hasRepository)');
    expect(filtered.text).toContain('RETURN count(p) AS totalCount');
    expect(filtered.text).not.toMatch(/\$text|\$authorId/);
    expect(filtered.params).toMatchObject({ conceptId: 'hessian', hasRepository: true, venue: 'ICLR' });
  });

  it('reads every property toNode uses, and only those', () => {
    for (const label of NODE_LABELS) {
      const read = new Set<string>();
      const props = new Proxy({ id: 'x' } as Record<string, unknown>, {
        get: (target, key) => (read.add(String(key)), target[String(key)]),
      });
      toNode(label, props);
      expect(
        [...read].filter((k) => !DOMAIN_PROPERTIES[label].includes(k)),
        label,
      ).toEqual([]);
      expect(
        DOMAIN_PROPERTIES[label].filter((k) => !read.has(k)),
        label,
      ).toEqual([]);
    }
  });

  it('counts every label and type from the count store in one query', () => {
    const q = cypher.countAll();
    expect(q.text.split('UNION ALL')).toHaveLength(14);
    expect(q.text).toContain("MATCH ()-[r:RELATED]->() RETURN 'relationship' AS kind, 'RELATED' AS key, count(r) AS count");
  });

  it('refuses labels and types outside the closed sets, so nothing else reaches query text', () => {
    expect(() => cypher.upsertNodes('Paper) DETACH DELETE (x' as NodeLabel, [])).toThrow(/not a node label/);
    expect(() => cypher.upsertRelationships('KNOWS]->() //' as RelationshipType, [])).toThrow();
    expect(() => batch({ kind: 'nodes', label: 'User' as NodeLabel, ids: ['x'] })).toThrow(/not a node label/);
  });

  it('creates a uniqueness constraint per label, a title-key index and one full-text index over every label', () => {
    const texts = cypher.schemaStatements().map((s) => s.text);
    // One per model label, and one for the graph-version node (PapergraphMeta).
    expect(texts.filter((t) => /REQUIRE n\.id IS UNIQUE/.test(t))).toHaveLength(6);
    expect(texts).toContain('CREATE CONSTRAINT papergraph_meta_id IF NOT EXISTS FOR (n:PapergraphMeta) REQUIRE n.id IS UNIQUE');
    expect(texts).toContain('CREATE INDEX paper_title_key IF NOT EXISTS FOR (n:Paper) ON (n.titleKey)');
    const fulltext = texts.filter((t) =>
      t.startsWith('CREATE FULLTEXT INDEX node_text_v3 IF NOT EXISTS FOR (n:Paper|Concept|Method|Repository|Author) ON EACH ['),
    );
    expect(fulltext).toHaveLength(1);
    expect(fulltext[0]).toContain('n.keywords');
    // The stems of the words (readRules.searchTextOf), so that plurals find their singulars.
    expect(fulltext[0]).toContain('n.searchText]');
    // The retired indexes go first: IF NOT EXISTS would keep their old label and property lists forever.
    for (const retired of ['node_text', 'node_text_v2'])
      expect(texts.indexOf(`DROP INDEX ${retired} IF EXISTS`)).toBeLessThan(texts.indexOf(fulltext[0]!));
  });

  it('looks papers up by title key in one query on the indexed property', () => {
    expect(cypher.papersByTitleKey(['a b'])).toEqual({
      text: 'UNWIND $keys AS key\nMATCH (p:Paper {titleKey: key})\nRETURN key, properties(p) AS props\nORDER BY key, p.id',
      params: { keys: ['a b'] },
    });
  });

  it('removes the authors, methods and repositories a removed paper leaves without papers', () => {
    expect(cypher.removePaper('p').text).toContain('WHERE x:Method OR x:Repository OR x:Author');
  });
});
