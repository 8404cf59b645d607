import { createLogger, type Logger, type LogLevel } from '../src/logging.ts';

type Line = Record<string, any>;

/** A logger whose lines a test reads, and waits for, as they are written. */
export interface LogCapture {
  logger: Logger;
  /** Every line written so far, parsed. */
  lines: Line[];
  /** Every line written so far, as written. */
  raw: string[];
  /** Forgets the lines written so far (a test's own lines start after it). */
  clear(): void;
  /**
   * Resolves with the first line (already written, or to come) that `matches`; rejects after
   * `timeoutMs`. The server writes a request's line when its response has gone out, which can be
   * after the client has read the response: wait on the line, not on a delay.
   */
  nextLine(matches: (line: Line) => boolean, timeoutMs?: number): Promise<Line>;
  /** Resolves once `count` lines with msg "request" have been written (since clear()), with them. */
  requestLines(count: number, timeoutMs?: number): Promise<Line[]>;
}

/** Given a level, produces a LogCapture: the server's own logger (createLogger) writing into memory. */
export function captureLogs(level: LogLevel = 'info'): LogCapture {
  const lines: Line[] = [];
  const raw: string[] = [];
  let waiters: { ready: () => boolean; resolve: () => void }[] = [];
  const logger = createLogger({
    level,
    destination: {
      write(text: string) {
        raw.push(text);
        lines.push(JSON.parse(text) as Line);
        waiters = waiters.filter((waiter) => {
          if (!waiter.ready()) return true;
          waiter.resolve();
          return false;
        });
      },
    },
  });
  const until = (what: string, ready: () => boolean, timeoutMs: number): Promise<void> => {
    if (ready()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters = waiters.filter((w) => w !== waiter);
        reject(new Error(`no ${what} was logged within ${timeoutMs} ms; logged:\n${raw.join('')}`));
      }, timeoutMs);
      const waiter = {
        ready,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      waiters.push(waiter);
    });
  };
  const requests = () => lines.filter((line) => line.msg === 'request');
  return {
    logger,
    lines,
    raw,
    clear() {
      lines.length = 0;
      raw.length = 0;
    },
    async nextLine(matches, timeoutMs = 5_000) {
      await until('matching line', () => lines.some(matches), timeoutMs);
      return lines.find(matches)!;
    },
    async requestLines(count, timeoutMs = 5_000) {
      await until(`${count} request line(s)`, () => requests().length >= count, timeoutMs);
      return requests();
    },
  };
}
