import {
  DOCUMENT_KEY_BY_LABEL,
  NODE_LABELS,
  RELATIONSHIP_ENDS,
  RELATIONSHIP_TYPES,
  type GraphDocument,
  type NodeByLabel,
  type NodeLabel,
  type RelationshipType,
} from '../domain/graph.ts';
import { titleKey } from '../domain/ids.ts';
import { termVector } from './similarity/textTerms.ts';
import { InputError } from '../errors.ts';

/** A property map as stores keep it: no null values (Neo4j does not store them). */
export type Props = Record<string, unknown>;

export interface NodeRow {
  id: string;
  props: Props;
}
export interface RelationshipRow {
  from: string;
  to: string;
  props: Props;
}

/** A document grouped for writing: rows per label and per relationship type, nulls dropped, duplicates merged. */
export interface DocumentRows {
  nodes: Record<NodeLabel, NodeRow[]>;
  relationships: Record<RelationshipType, RelationshipRow[]>;
  /** Stub papers to remove once the rows are written (GraphDocument.removedStubs). */
  removedStubs: string[];
}

/** Drops null and undefined values, as Neo4j does on `SET n = $props`. */
export function withoutNulls(props: object): Props {
  return Object.fromEntries(Object.entries(props).filter(([, v]) => v !== null && v !== undefined));
}

/**
 * Given a document, produces its rows for a store, the last of two duplicates winning, or throws
 * InputError for a row with no id or an unknown relationship type. Papers also get `titleKey`
 * (ids.titleKey of the title), which both stores index to find one paper across sources, and
 * `terms` / `termWeights` (similarity/textTerms.ts), the text signal of similar papers.
 */
export function toDocumentRows(doc: GraphDocument): DocumentRows {
  const nodes = Object.fromEntries(NODE_LABELS.map((l) => [l, [] as NodeRow[]])) as Record<NodeLabel, NodeRow[]>;
  for (const label of NODE_LABELS) {
    const byId = new Map<string, NodeRow>();
    (doc[DOCUMENT_KEY_BY_LABEL[label]] as { id: string }[]).forEach((node, index) => {
      if (typeof node?.id !== 'string' || node.id === '') {
        throw new InputError({ file: 'document', field: `${DOCUMENT_KEY_BY_LABEL[label]}[${index}].id` }, 'expected a non-empty string id');
      }
      const props = withoutNulls(node);
      if (label === 'Paper') {
        props.titleKey = titleKey(String((node as { title?: unknown }).title ?? ''));
        // The text part of similar papers, computed once here (similarity/textTerms.ts).
        Object.assign(
          props,
          termVector(String((node as { title?: unknown }).title ?? ''), String((node as { abstract?: unknown }).abstract ?? '')),
        );
      }
      byId.set(node.id, { id: node.id, props });
    });
    nodes[label] = [...byId.values()];
  }
  const relationships = Object.fromEntries(RELATIONSHIP_TYPES.map((t) => [t, [] as RelationshipRow[]])) as Record<
    RelationshipType,
    RelationshipRow[]
  >;
  const seen = new Map<string, RelationshipRow>();
  doc.relationships.forEach((r, index) => {
    if (!RELATIONSHIP_TYPES.includes(r.type)) {
      throw new InputError(
        { file: 'document', field: `relationships[${index}].type` },
        `expected one of ${RELATIONSHIP_TYPES.join(', ')}, found ${JSON.stringify(r.type)}`,
      );
    }
    const key = `${r.type}|${r.from}|${r.to}`;
    const row = { from: r.from, to: r.to, props: withoutNulls(r.properties) };
    if (seen.has(key)) Object.assign(seen.get(key)!, row);
    else {
      seen.set(key, row);
      relationships[r.type].push(row);
    }
  });
  const written = new Set(nodes.Paper.map((p) => p.id));
  return { nodes, relationships, removedStubs: [...new Set(doc.removedStubs ?? [])].filter((id) => !written.has(id)) };
}

/** Labels of a relationship type's ends. */
export function endsOf(type: RelationshipType): readonly [NodeLabel, NodeLabel] {
  return RELATIONSHIP_ENDS[type];
}

/** A stored property map as a domain node: absent properties become null (or [] for lists). */
export function toNode<L extends NodeLabel>(label: L, props: Props): NodeByLabel[L] {
  const s = (k: string) => (props[k] === undefined || props[k] === null ? null : String(props[k]));
  const list = (k: string) => (Array.isArray(props[k]) ? (props[k] as unknown[]).map(String) : []);
  switch (label) {
    case 'Paper':
      return {
        id: s('id')!,
        title: s('title') ?? '',
        abstract: s('abstract') ?? '',
        arxivId: s('arxivId'),
        url: s('url'),
        publishedAt: s('publishedAt'),
        venue: s('venue'),
        keywords: list('keywords'),
        sources: list('sources'),
        // Only where present, so papers without ids or citations keep the shape they always had.
        ...(Array.isArray(props.externalIds) && props.externalIds.length > 0 ? { externalIds: list('externalIds') } : {}),
        ...(props.stub === true ? { stub: true } : {}),
      } as NodeByLabel[L];
    case 'Concept':
      return {
        id: s('id')!,
        name: s('name') ?? '',
        kind: s('kind') ?? 'METHOD',
        aliases: list('aliases'),
        description: s('description'),
        curated: props.curated !== false,
      } as NodeByLabel[L];
    case 'Method':
      return { id: s('id')!, name: s('name') ?? '', fullName: s('fullName') } as NodeByLabel[L];
    case 'Repository':
      return { id: s('id')!, url: s('url') ?? '', owner: s('owner') ?? '', name: s('name') ?? '', path: s('path') } as NodeByLabel[L];
    case 'Author':
      return { id: s('id')!, name: s('name') ?? '' } as NodeByLabel[L];
  }
  throw new Error(`unknown label ${String(label)}`);
}

/**
 * The stored properties toNode reads, by label: what a read must fetch to build a domain node.
 * Index-only properties (searchText, suggestText, nameKeys, terms, titleKey, ...) stay in the
 * store: reading them would cost Neo4j a database hit each for nothing.
 */
export const DOMAIN_PROPERTIES: { readonly [L in NodeLabel]: readonly string[] } = {
  Paper: ['id', 'title', 'abstract', 'arxivId', 'url', 'publishedAt', 'venue', 'keywords', 'sources', 'externalIds', 'stub'],
  Concept: ['id', 'name', 'kind', 'aliases', 'description', 'curated'],
  Method: ['id', 'name', 'fullName'],
  Repository: ['id', 'url', 'owner', 'name', 'path'],
  Author: ['id', 'name'],
};

/** Key-order-independent equality of two property maps (lists compared in order). */
export function samePropsIgnoringOrder(a: Props, b: Props): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => JSON.stringify(a[k]) === JSON.stringify(b[k]));
}

/** Paper.sources of a node after a merge: the old ones, then new ones not yet there. */
export function mergedSources(existing: unknown, incoming: unknown): string[] | undefined {
  if (!Array.isArray(incoming)) return Array.isArray(existing) ? (existing as string[]) : undefined;
  const old = Array.isArray(existing) ? (existing as string[]) : [];
  return [...old, ...(incoming as string[]).filter((s) => !old.includes(s))];
}
