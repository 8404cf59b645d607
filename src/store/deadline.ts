import { AsyncLocalStorage } from 'node:async_hooks';

/** extensions.code of a read cut at its deadline (formatError.ts gives it to both stores' timeouts). */
export const QUERY_TIMEOUT_CODE = 'QUERY_TIMEOUT';

/** Thrown by a traversal that finds its deadline passed: the read was given up, not failed. */
export class QueryDeadlineError extends Error {
  readonly code = QUERY_TIMEOUT_CODE;
  constructor(readonly timeoutMs: number) {
    super(
      `The read was cut at its deadline of ${timeoutMs} ms (QUERY_TIMEOUT_MS); ask for less (smaller depth, limit or first) or retry shortly.`,
    );
    this.name = 'QueryDeadlineError';
  }
}

/**
 * The moment by which a request's reads must be done. `applies` is asked at each check, so the
 * deadline can be lifted once it is known not to concern the request (a mutation runs to its end:
 * a write cut short would still commit, unknown to the client).
 */
export class Deadline {
  private readonly at: number;

  constructor(
    readonly timeoutMs: number,
    private readonly applies: () => boolean = () => true,
  ) {
    this.at = performance.now() + timeoutMs;
  }

  /** Milliseconds left (at most 0 once passed); Infinity when the deadline does not apply. */
  remainingMs(): number {
    return this.applies() ? this.at - performance.now() : Infinity;
  }

  /** Throws QueryDeadlineError once the deadline has passed (and applies); cheap enough for every step of a loop. */
  check(): void {
    if (performance.now() >= this.at && this.applies()) throw new QueryDeadlineError(this.timeoutMs);
  }
}

/** No deadline: what reads outside a request (or on a server without QUERY_TIMEOUT_MS) get. */
const NO_DEADLINE: Pick<Deadline, 'remainingMs' | 'check'> = { remainingMs: () => Infinity, check: () => undefined };

const current = new AsyncLocalStorage<Deadline>();

/** Runs `work` with `deadline` as the deadline of every store read it starts, however deep in its promises. */
export function runWithDeadline<T>(deadline: Deadline, work: () => T): T {
  return current.run(deadline, work);
}

/** The deadline of the request this code runs for (one lookup: take it once per traversal, then check it in the loop). */
export function currentDeadline(): Pick<Deadline, 'remainingMs' | 'check'> {
  return current.getStore() ?? NO_DEADLINE;
}

/** Throws QueryDeadlineError when the current request's deadline has passed. */
export function checkDeadline(): void {
  currentDeadline().check();
}
