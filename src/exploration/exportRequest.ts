import { RELATIONSHIP_TYPES, type RelationshipType } from '../domain/graph.ts';
import { InputError } from '../errors.ts';
import type { PaperFilter } from '../store/GraphStore.ts';
import { EXPLORATION_LIMITS } from '../server/queryLimits.ts';
import { EXPORT_FORMATS, type ExportFormat } from './exportFormats.ts';

/** What an export asks for: the format, the paper filter, the node limit and the edge types. */
export interface ExportRequest {
  format: ExportFormat;
  filter: PaperFilter;
  limit: number;
  edgeTypes: RelationshipType[];
}

/** The parameters an export takes (GET /export query string, `npm run export -- --name value`), as PaperFilter fields of GraphQL. */
export const EXPORT_PARAMETERS = [
  'format',
  'limit',
  'edgeTypes',
  'concept',
  'includeNarrower',
  'method',
  'hasRepository',
  'text',
  'author',
  'venue',
  'yearFrom',
  'yearTo',
  'conceptsAll',
  'conceptsAny',
] as const;

/**
 * Reads an export's parameters (strings; lists comma-separated), checking each: throws an InputError
 * naming the parameter, what it must be and what it was. `where` names the input (`/export`, `export`).
 */
export function parseExportRequest(params: (name: string) => string | undefined, where: string): ExportRequest {
  const bad = (field: string, expected: string, found: unknown): never => {
    throw new InputError({ file: where, field }, `expected ${expected}, found ${JSON.stringify(found)}`);
  };
  const format = params('format');
  if (!EXPORT_FORMATS.includes(format as ExportFormat)) bad('format', `one of ${EXPORT_FORMATS.join(', ')}`, format ?? null);
  const int = (field: string, min: number, max: number): number | null => {
    const raw = params(field);
    if (raw === undefined || raw === '') return null;
    const n = Number(raw);
    return Number.isInteger(n) && n >= min && n <= max ? n : bad(field, `a whole number from ${min} to ${max}`, raw);
  };
  const bool = (field: string): boolean | null => {
    const raw = params(field);
    if (raw === undefined || raw === '') return null;
    return raw === 'true' ? true : raw === 'false' ? false : bad(field, 'true or false', raw);
  };
  const list = (field: string): string[] | null => {
    const raw = params(field);
    if (raw === undefined || raw === '') return null;
    const items = raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    return items.length <= EXPLORATION_LIMITS.filterConcepts ? items : bad(field, `at most ${EXPLORATION_LIMITS.filterConcepts} ids`, raw);
  };
  const text = (field: string) => params(field) || null;
  const types = list('edgeTypes');
  for (const t of types ?? [])
    if (!RELATIONSHIP_TYPES.includes(t as RelationshipType)) bad('edgeTypes', `types among ${RELATIONSHIP_TYPES.join(', ')}`, t);
  const [yearFrom, yearTo] = [int('yearFrom', 0, 9999), int('yearTo', 0, 9999)];
  if (yearFrom !== null && yearTo !== null && yearFrom > yearTo) bad('yearFrom', `a year not after yearTo (${yearTo})`, yearFrom);
  return {
    format: format as ExportFormat,
    limit: int('limit', 1, EXPLORATION_LIMITS.exportNodes) ?? EXPLORATION_LIMITS.exportDefaultNodes,
    edgeTypes: (types as RelationshipType[] | null) ?? [...RELATIONSHIP_TYPES],
    filter: {
      conceptId: text('concept'),
      includeNarrower: bool('includeNarrower') ?? false,
      methodId: text('method'),
      hasRepository: bool('hasRepository'),
      text: text('text'),
      authorId: text('author'),
      venue: text('venue'),
      yearFrom,
      yearTo,
      conceptsAll: list('conceptsAll'),
      conceptsAny: list('conceptsAny'),
    },
  };
}
