import { serverAudits, type AuditResult } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type RunningServer } from '../../src/server/http.ts';
import { EmbeddedStore } from '../../src/store/embedded/EmbeddedStore.ts';

/**
 * The GraphQL-over-HTTP conformance audits of graphql-http, run against the real server (our
 * http.ts in front of Apollo), one test per audit. MUST audits fail the run; SHOULD and MAY
 * audits that fail are logged, not failed: some are deliberate (see KNOWN_NON_MUST_FAILURES).
 */

/**
 * Non-MUST audits this server fails on purpose. The MAY audits send GET requests without a
 * content-type or Apollo preflight header, which Apollo's CSRF prevention refuses (it stays on:
 * a GET query from a foreign page must not run). Listed so the log tells expected from new.
 */
const KNOWN_NON_MUST_FAILURES: Record<string, string> = {
  '5A70': 'CSRF prevention: GET needs apollo-require-preflight or x-apollo-operation-name',
  D6D5: 'CSRF prevention: GET needs apollo-require-preflight or x-apollo-operation-name',
  '6A70': 'CSRF prevention: GET needs apollo-require-preflight or x-apollo-operation-name',
};

let running: RunningServer;
const results: AuditResult[] = [];

// The URL is a function: the audits are listed now, while the server starts in beforeAll.
const audits = serverAudits({ url: () => `${running.url}/graphql`, fetchFn: fetch });

describe('GraphQL over HTTP audits (graphql-http)', () => {
  beforeAll(async () => {
    const store = new EmbeddedStore();
    await store.init();
    running = await startHttpServer({ store, port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await running?.close();
    const count = (level: string, ok: boolean) => results.filter((r) => r.name.startsWith(level) && (r.status === 'ok') === ok).length;
    const summary = ['MUST', 'SHOULD', 'MAY']
      .map((level) => `${level} ${count(level, true)} passed / ${count(level, false)} failed`)
      .join(', ');
    console.info(`graphql-http audits: ${summary}`);
  });

  it('lists audits of every requirement level', () => {
    expect(audits.some((audit) => audit.name.startsWith('MUST'))).toBe(true);
    expect(audits.some((audit) => audit.name.startsWith('SHOULD'))).toBe(true);
  });

  for (const audit of audits) {
    it(`${audit.id}: ${audit.name}`, async () => {
      const result = await audit.fn();
      results.push(result);
      if (result.status === 'ok') return;
      const detail = `${audit.id} ${audit.name}: ${result.reason} (HTTP ${result.response.status}, ${result.response.headers.get('content-type') ?? 'no content-type'})`;
      if (audit.name.startsWith('MUST')) expect.fail(`${detail}\n${await bodyOf(result.response)}`);
      const known = KNOWN_NON_MUST_FAILURES[audit.id];
      console.warn(known ? `[audit, expected] ${detail}; ${known}` : `[audit, NEW non-MUST failure] ${detail}`);
    });
  }
});

/** The failed response's body for the failure message, when the audit has not consumed it. */
async function bodyOf(response: Response): Promise<string> {
  try {
    return (await response.clone().text()).slice(0, 2000);
  } catch {
    return '(body already read by the audit)';
  }
}
