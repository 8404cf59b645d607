import type * as NodeCrypto from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';

// Records every comparison auth.ts makes, to show they all go through timingSafeEqual on
// equal-length inputs, whatever the key presented.
const comparisons: [Buffer, Buffer][] = [];
vi.mock('node:crypto', async (importOriginal) => {
  const crypto = await importOriginal<typeof NodeCrypto>();
  return {
    ...crypto,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      comparisons.push([Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength)]);
      return crypto.timingSafeEqual(a, b);
    },
  };
});

const { authenticate, requireApiKey } = await import('../../src/server/auth.ts');

const KEY = 'correct-horse-battery-staple-42';

afterEach(() => {
  comparisons.length = 0;
});

describe('the API key', () => {
  it('authorizes exactly "Bearer <key>" (scheme in any case, surrounding spaces tolerated)', () => {
    for (const header of [`Bearer ${KEY}`, `bearer ${KEY}`, `BEARER ${KEY}`, `  Bearer   ${KEY}  `]) {
      expect(authenticate(KEY, header), header).toEqual({ mutationsEnabled: true, authorized: true });
    }
  });

  it('refuses everything else: no header, other schemes, a prefix, a longer key, another case, the key alone', () => {
    const refused = [
      undefined,
      '',
      'Bearer',
      'Bearer ',
      `Basic ${KEY}`,
      `Token ${KEY}`,
      KEY,
      `Bearer ${KEY.slice(0, -1)}`,
      `Bearer ${KEY}x`,
      `Bearer ${KEY.toUpperCase()}`,
      `Bearer ${KEY} ${KEY}`,
      `Bearer\u0000${KEY}`,
    ];
    for (const header of refused) expect(authenticate(KEY, header).authorized, String(header)).toBe(false);
  });

  it('compares in constant time: timingSafeEqual over fixed-length digests, whatever the length presented', () => {
    for (const presented of ['x', KEY.slice(0, 5), KEY, `${KEY}${'y'.repeat(1000)}`]) authenticate(KEY, `Bearer ${presented}`);
    expect(comparisons).toHaveLength(4);
    for (const [a, b] of comparisons) {
      expect(a.length).toBe(32); // SHA-256
      expect(b.length).toBe(32);
    }
    // The digest of the server's key is compared, never the key itself.
    for (const [, b] of comparisons) expect(b.toString('utf8')).not.toContain(KEY);
  });

  it('turns mutations off when the server has no key, even for a request that sends one', () => {
    expect(authenticate(null, `Bearer ${KEY}`)).toEqual({ mutationsEnabled: false, authorized: false });
    expect(comparisons).toEqual([]);
  });

  it('explains the refusal without echoing any key', () => {
    const errorOf = (auth: ReturnType<typeof authenticate>) => {
      try {
        requireApiKey(auth);
        return null;
      } catch (error) {
        return error as { message: string; extensions: { code: string; http: { status: number } } };
      }
    };
    const off = errorOf(authenticate(null, `Bearer ${KEY}`))!;
    expect(off.extensions).toMatchObject({ code: 'FORBIDDEN', http: { status: 403 } });
    expect(off.message).toMatch(/PAPERGRAPH_API_KEY/);
    const wrong = errorOf(authenticate(KEY, 'Bearer not-the-key-at-all-000'))!;
    expect(wrong.extensions).toMatchObject({ code: 'UNAUTHENTICATED', http: { status: 401 } });
    expect(wrong.message).not.toContain(KEY);
    expect(wrong.message).not.toContain('not-the-key-at-all-000');
    expect(errorOf(authenticate(KEY, `Bearer ${KEY}`))).toBeNull();
  });
});
