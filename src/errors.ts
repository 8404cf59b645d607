/** Where in an input a problem was found. Line numbers and record positions are 1-based. */
export interface InputLocation {
  file: string;
  line?: number;
  /** The record's position among the file's records (JSON arrays, JSON lines). */
  record?: number;
  field?: string;
}

/**
 * Bad input: a file, record or argument that cannot be used as it is.
 * The message says where (file:line, field), what was expected and what was found.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  readonly location: InputLocation;
  readonly reason: string;

  constructor(location: InputLocation, reason: string) {
    super(`${formatLocation(location)}: ${reason}`);
    this.location = location;
    this.reason = reason;
  }
}

/** `file:line (record 3, field)` as editors and terminals link it. */
export function formatLocation({ file, line, record, field }: InputLocation): string {
  const details = [record === undefined ? '' : `record ${record}`, field ?? ''].filter(Boolean).join(', ');
  return `${file}${line === undefined ? '' : `:${line}`}${details ? ` (${details})` : ''}`;
}
