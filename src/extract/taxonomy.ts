import { readFileSync } from 'node:fs';
import { CONCEPT_KINDS, type ConceptKind } from '../domain/graph.ts';
import { InputError } from '../errors.ts';

/** One curated concept as written in `seeds/taxonomy.json`. */
export interface TaxonomyConcept {
  id: string;
  name: string;
  kind: ConceptKind;
  aliases: string[];
  description: string;
  broader: string[];
  related: string[];
  /**
   * Longer terms that hold one of the concept's forms and mean something else ("echo information
   * retrieval" is not Information retrieval): the matcher consumes them and names nothing.
   */
  exclude: string[];
  /**
   * True for a concept of another kind (a THEORY, say) that papers also use as a technique, as
   * METHOD concepts are: similar papers and papersSharingMethods count it as a shared technique.
   */
  technique: boolean;
}

export interface Taxonomy {
  version: number;
  concepts: TaxonomyConcept[];
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Reads and validates a taxonomy file; throws InputError naming the concept and field. */
export function loadTaxonomy(file: string): Taxonomy {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InputError({ file }, `cannot read the taxonomy as JSON: ${(error as Error).message}`);
  }
  return validateTaxonomy(json, file);
}

/**
 * Given parsed taxonomy JSON, produces a Taxonomy or throws InputError for the first problem:
 * a missing or mistyped field, an unknown kind, a duplicate id, a link to an unknown concept,
 * a self-link, or a cycle of broader links.
 */
export function validateTaxonomy(json: unknown, file = 'taxonomy.json'): Taxonomy {
  const root = json as { version?: unknown; concepts?: unknown };
  if (typeof root !== 'object' || root === null || !Array.isArray(root.concepts)) {
    throw new InputError({ file, field: 'concepts' }, 'expected an object with a "concepts" array');
  }
  const ids = new Set<string>();
  const concepts = root.concepts.map((raw: unknown, index: number): TaxonomyConcept => {
    const at = (field: string) => ({ file, field: `concepts[${index}].${field}` });
    const c = raw as Record<string, unknown>;
    if (typeof c !== 'object' || c === null) throw new InputError(at(''), 'expected an object');
    const id = c.id;
    if (typeof id !== 'string' || !SLUG.test(id)) throw new InputError(at('id'), `expected a kebab-case slug, found ${JSON.stringify(id)}`);
    if (ids.has(id)) throw new InputError(at('id'), `duplicate concept id "${id}"`);
    ids.add(id);
    const field = (name: string) => ({ file, field: `${id}.${name}` });
    if (typeof c.name !== 'string' || !c.name.trim()) throw new InputError(field('name'), 'expected a non-empty string');
    if (!CONCEPT_KINDS.includes(c.kind as ConceptKind)) {
      throw new InputError(field('kind'), `expected one of ${CONCEPT_KINDS.join(', ')}, found ${JSON.stringify(c.kind)}`);
    }
    if (typeof c.description !== 'string' || !c.description.trim() || /\n/.test(c.description)) {
      throw new InputError(field('description'), 'expected a one-line description');
    }
    const list = (name: string): string[] => {
      const value = c[name] ?? [];
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || !v.trim())) {
        throw new InputError(field(name), 'expected an array of non-empty strings');
      }
      return value as string[];
    };
    if (c.technique !== undefined && typeof c.technique !== 'boolean')
      throw new InputError(field('technique'), `expected true or false, found ${JSON.stringify(c.technique)}`);
    return {
      id,
      name: c.name,
      kind: c.kind as ConceptKind,
      aliases: list('aliases'),
      description: c.description,
      broader: list('broader'),
      related: list('related'),
      exclude: list('exclude'),
      technique: c.technique === true,
    };
  });

  for (const c of concepts) {
    for (const link of ['broader', 'related'] as const) {
      for (const target of c[link]) {
        if (target === c.id) throw new InputError({ file, field: `${c.id}.${link}` }, 'a concept cannot link to itself');
        if (!ids.has(target)) throw new InputError({ file, field: `${c.id}.${link}` }, `unknown concept id "${target}"`);
      }
    }
  }
  assertNoBroaderCycle(concepts, file);
  return { version: typeof root.version === 'number' ? root.version : 1, concepts };
}

function assertNoBroaderCycle(concepts: TaxonomyConcept[], file: string): void {
  const byId = new Map(concepts.map((c) => [c.id, c]));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, path: string[]): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      throw new InputError({ file, field: `${id}.broader` }, `broader links form a cycle: ${[...path, id].join(' -> ')}`);
    }
    state.set(id, 'visiting');
    for (const parent of byId.get(id)!.broader) visit(parent, [...path, id]);
    state.set(id, 'done');
  };
  for (const c of concepts) visit(c.id, []);
}
