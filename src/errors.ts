/** Where in an input a problem was found. Line numbers are 1-based. */
export interface InputLocation {
  file: string;
  line?: number;
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

/** `file:line (field)` as editors and terminals link it. */
export function formatLocation({ file, line, field }: InputLocation): string {
  return `${file}${line === undefined ? '' : `:${line}`}${field ? ` (${field})` : ''}`;
}
