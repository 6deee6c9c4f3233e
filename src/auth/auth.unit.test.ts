import { describe, expect, it } from 'vitest';
import type { ApiKeyInfo } from '../db/queries/api-keys.js';
import { DomainError } from '../errors.js';
import {
  createApiKey,
  hashApiKey,
  newApiKeySecret,
  PREFIX_LENGTH,
  verifyApiKey,
  type ApiKeyStore,
} from './api-keys.js';
import { authenticate } from './authenticate.js';

/**
 * The key rules without a database: a map store keyed by hash stands in for src/db/queries/api-keys.ts (whose
 * SQL, the revocation filter and `lastUsedAt` are tested on PGlite/PostgreSQL in api-keys.int.test.ts).
 */
function mapStore() {
  const rows = new Map<string, ApiKeyInfo & { keyHash: string }>();
  const touched: number[] = [];
  const inserted: { name: string; prefix: string; keyHash: string }[] = [];
  const store: ApiKeyStore = {
    async insert(key) {
      inserted.push(key);
      const row = {
        id: rows.size + 1,
        name: key.name,
        prefix: key.prefix,
        createdAt: new Date(0),
        lastUsedAt: null,
        revokedAt: null,
      };
      rows.set(key.keyHash, { ...row, keyHash: key.keyHash });
      return row;
    },
    async findActiveByHash(keyHash) {
      const row = rows.get(keyHash);
      if (!row || row.revokedAt) return null;
      const { keyHash: _, ...info } = row;
      return info;
    },
    async touch(id) {
      touched.push(id);
    },
  };
  return { store, rows, touched, inserted };
}

describe('newApiKeySecret', () => {
  it('is strat_ and 43 base64url characters (256 bits), different every time', () => {
    const a = newApiKeySecret();
    expect(a).toMatch(/^strat_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a.slice(6), 'base64url')).toHaveLength(32);
    expect(newApiKeySecret()).not.toBe(a);
  });
});

describe('createApiKey and verifyApiKey (map store)', () => {
  it('stores the hash of the whole secret and its 12-character prefix, never the secret', async () => {
    const { store, inserted } = mapStore();
    const { key, secret } = await createApiKey(store, 'laptop');
    expect(PREFIX_LENGTH).toBe(12);
    expect(inserted).toEqual([{ name: 'laptop', prefix: secret.slice(0, 12), keyHash: hashApiKey(secret) }]);
    expect(key).toMatchObject({ id: 1, name: 'laptop', prefix: secret.slice(0, 12) });
    expect(JSON.stringify(inserted)).not.toContain(secret);
  });

  it('accepts the whole secret only: not its 12-character prefix, nor a near miss, and records the use', async () => {
    const { store, touched } = mapStore();
    const { key, secret } = await createApiKey(store, 'ci');
    const last = secret.at(-1) === 'A' ? 'B' : 'A';
    for (const wrong of [
      secret.slice(0, 12),
      secret.slice(0, -1),
      secret.slice(0, -1) + last,
      secret + 'x',
      secret.toUpperCase(),
      '',
    ]) {
      expect([wrong, await verifyApiKey(store, wrong)]).toEqual([wrong, null]);
    }
    expect(touched).toEqual([]);
    expect(await verifyApiKey(store, secret)).toEqual(key);
    expect(touched).toEqual([key.id]);
  });

  it('refuses a key the store reports revoked, without recording a use', async () => {
    const { store, rows, touched } = mapStore();
    const { secret } = await createApiKey(store, 'old');
    rows.get(hashApiKey(secret))!.revokedAt = new Date(1);
    expect(await verifyApiKey(store, secret)).toBeNull();
    expect(touched).toEqual([]);
  });
});

describe('authenticate (map store)', () => {
  const failure = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      return [(e as DomainError).code, (e as DomainError).message];
    }
    throw new Error('expected a DomainError');
  };

  it('is anonymous without a header (absent or empty) unless a key is required', async () => {
    const { store } = mapStore();
    expect(await authenticate(store, undefined, false)).toEqual({ apiKey: null });
    expect(await authenticate(store, '', false)).toEqual({ apiKey: null });
    for (const header of [undefined, '']) {
      expect(await failure(authenticate(store, header, true))).toEqual([
        'UNAUTHENTICATED',
        'This server requires an API key: send `Authorization: Bearer <key>`',
      ]);
    }
  });

  it('refuses a malformed header even for reads, and an unknown key or a bare prefix', async () => {
    const { store } = mapStore();
    const { secret } = await createApiKey(store, 'script');
    for (const requireKey of [false, true]) {
      expect(await failure(authenticate(store, 'Basic abc', requireKey))).toEqual([
        'UNAUTHENTICATED',
        'Malformed Authorization header: expected `Bearer <key>`',
      ]);
      for (const token of [secret.slice(0, 12), 'strat_unknown']) {
        expect(await failure(authenticate(store, `Bearer ${token}`, requireKey))).toEqual([
          'UNAUTHENTICATED',
          'Unknown or revoked API key',
        ]);
      }
    }
  });

  it('accepts a valid key whether or not one is required', async () => {
    const { store } = mapStore();
    const { key, secret } = await createApiKey(store, 'script');
    expect(await authenticate(store, `Bearer ${secret}`, false)).toEqual({ apiKey: key });
    expect(await authenticate(store, `bearer  ${secret} `, true)).toEqual({ apiKey: key });
  });
});
