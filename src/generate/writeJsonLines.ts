import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';

/**
 * Writes records as JSON lines to a file (or a stream such as stdout), one at a time with
 * back-pressure, so memory stays flat whatever the count. Resolves with the number written.
 */
export async function writeJsonLines(
  records: Iterable<unknown>,
  target: string | Writable,
  onProgress?: (written: number) => void,
): Promise<number> {
  const out = typeof target === 'string' ? createWriteStream(target) : target;
  let written = 0;
  for (const record of records) {
    if (!out.write(`${JSON.stringify(record)}\n`)) await once(out, 'drain');
    written += 1;
    if (written % 10_000 === 0) onProgress?.(written);
  }
  if (typeof target === 'string') {
    out.end();
    await once(out, 'finish');
  }
  return written;
}
