import { InputError, type InputLocation } from '../errors.ts';
import { cleanText } from '../domain/cleanText.ts';
import { normaliseArxivId } from '../domain/ids.ts';
import { isoDate } from './isoDate.ts';

/**
 * Typed reads of one record's fields, for the format readers. Absent, null and empty values read
 * as null or []; a value of the wrong type throws InputError naming file:line, the record and the
 * field ("paper.title"), what was expected and what was found.
 */
export class RecordFields {
  constructor(
    readonly value: Record<string, unknown>,
    /** Where the record is; `field` prefixes the fields of a nested record ("methods[2]"). */
    private readonly where: InputLocation,
  ) {}

  /** The raw value at a dotted path ("paper.title"); undefined when any step is missing. */
  get(path: string): unknown {
    let at: unknown = this.value;
    for (const key of path.split('.')) {
      if (typeof at !== 'object' || at === null || Array.isArray(at)) return undefined;
      at = (at as Record<string, unknown>)[key];
    }
    return at;
  }

  /** True when the path holds anything but undefined and null. */
  has(path: string): boolean {
    return this.get(path) !== undefined && this.get(path) !== null;
  }

  /** A text field as clean text (TeX escapes decoded, white space collapsed); null when absent or blank. */
  text(path: string): string | null {
    const value = this.get(path);
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string') throw this.wrongType(path, 'a string', value);
    return cleanText(value) || null;
  }

  /** The first of several fields that holds text. */
  firstText(...paths: string[]): string | null {
    for (const path of paths) {
      const text = this.text(path);
      if (text) return text;
    }
    return null;
  }

  /** A text field that must be there and not blank. */
  requiredText(path: string): string {
    const value = this.get(path);
    const text = this.text(path);
    if (!text) throw this.error(path, `expected a non-empty string, found ${describe(value)}`);
    return text;
  }

  /** An arXiv id field ("2310.02025v2", "arXiv:hep-th/9901001") without its version; null when absent, an error when it holds something else. */
  arxivId(path: string): string | null {
    const text = this.text(path);
    if (!text) return null;
    const id = normaliseArxivId(text);
    if (!id) throw this.error(path, `expected an arXiv id like 2310.02025 or hep-th/9901001, found ${describe(text)}`);
    return id;
  }

  /**
   * A date field as an ISO date (see isoDate for the forms read); null when absent or only a year
   * or a month ("2018", "2018-05"), an error when it is no date at all.
   */
  date(path: string): string | null {
    const value = this.get(path);
    if (value === undefined || value === null || value === '') return null;
    const iso = isoDate(value);
    if (iso && !Number.isNaN(Date.parse(iso))) return iso;
    if (typeof value === 'string' && /^\s*\d{4}(-\d{2})?\s*$/.test(value)) return null;
    throw this.error(path, `expected a date like 2024-08-01, found ${describe(value)}`);
  }

  /** An http(s) URL field; null when absent, an error when it holds something else. */
  url(path: string): string | null {
    const text = this.text(path);
    if (!text) return null;
    if (!/^https?:\/\/\S+$/i.test(text)) throw this.error(path, `expected an http(s) URL, found ${describe(text)}`);
    return text;
  }

  /** A boolean field; null when absent. */
  flag(path: string): boolean | null {
    const value = this.get(path);
    if (value === undefined || value === null) return null;
    if (typeof value !== 'boolean') throw this.wrongType(path, 'true or false', value);
    return value;
  }

  /**
   * A list of strings: a JSON array of strings (or of objects with a `name`), or one string split
   * at the given separators. Blank entries are dropped.
   */
  strings(path: string, separators: RegExp = /;/): string[] {
    const value = this.get(path);
    if (value === undefined || value === null) return [];
    if (typeof value === 'string')
      return value
        .split(separators)
        .map((s) => s.trim())
        .filter(Boolean);
    if (!Array.isArray(value)) throw this.wrongType(path, 'a list (an array, or a string separated by ";")', value);
    return value
      .map((item, i) => {
        if (typeof item === 'string') return item.trim();
        if (typeof item === 'object' && item !== null && typeof (item as { name?: unknown }).name === 'string')
          return (item as { name: string }).name.trim();
        throw this.wrongType(`${path}[${i}]`, 'a string or an object with a "name"', item);
      })
      .filter(Boolean);
  }

  /** The objects of an array field; [] when absent. */
  objects(path: string): RecordFields[] {
    const value = this.get(path);
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) throw this.wrongType(path, 'an array of objects', value);
    return value.map((item, i) => {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) throw this.wrongType(`${path}[${i}]`, 'an object', item);
      return new RecordFields(item as Record<string, unknown>, { ...this.where, field: this.fieldName(`${path}[${i}]`) });
    });
  }

  /** An InputError at a field of this record. */
  error(path: string, reason: string): InputError {
    return new InputError({ ...this.where, field: this.fieldName(path) }, reason);
  }

  private fieldName(path: string): string {
    return this.where.field ? `${this.where.field}.${path}` : path;
  }

  private wrongType(path: string, expected: string, found: unknown): InputError {
    return this.error(path, `expected ${expected}, found ${describe(found)}`);
  }
}

/** A value as an error message shows it: its type, and a short preview. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string')
    return value.trim() === '' ? 'an empty string' : `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value)}`;
  return `the ${typeof value} ${String(value)}`;
}
