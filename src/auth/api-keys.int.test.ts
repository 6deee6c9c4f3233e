import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, testDriver, type TestDb } from '../test-utils/db.js';
import { listApiKeys, revokeApiKeys } from '../db/queries/api-keys.js';
import { eq } from 'drizzle-orm';
import { apiKeys } from '../db/schema/index.js';
import { DomainError } from '../errors.js';
import { createApiKey, hashApiKey, verifyApiKey } from './api-keys.js';
import { authenticate } from './authenticate.js';

describe(`API keys (${testDriver})`, () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => t?.destroy());

  it('creates a 256-bit secret, stores only its hash and 12-character prefix, and verifies it', async () => {
    const { key, secret } = await createApiKey(t.db, 'laptop');
    expect(secret).toMatch(/^strat_[A-Za-z0-9_-]{43}$/);
    expect(key).toMatchObject({ name: 'laptop', prefix: secret.slice(0, 12), revokedAt: null, lastUsedAt: null });
    expect(key).not.toHaveProperty('keyHash');
    const stored = await t.db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(stored).toMatchObject([{ keyHash: hashApiKey(secret), prefix: secret.slice(0, 12) }]);
    expect(JSON.stringify(stored)).not.toContain(secret);
    const found = await verifyApiKey(t.db, secret);
    expect(found).toMatchObject({ id: key.id, name: 'laptop' });
    const [listed] = (await listApiKeys(t.db)).filter((k) => k.id === key.id);
    expect(listed!.lastUsedAt).not.toBeNull();
  });

  it('accepts the whole secret only: not its prefix, nor a near miss', async () => {
    const { secret } = await createApiKey(t.db, 'ci');
    const last = secret.at(-1) === 'A' ? 'B' : 'A';
    for (const wrong of [
      secret.slice(0, 12),
      secret.slice(0, -1),
      secret.slice(0, -1) + last,
      secret + 'x',
      secret.toUpperCase(),
      '',
    ]) {
      expect([wrong, await verifyApiKey(t.db, wrong)]).toEqual([wrong, null]);
    }
    expect(await verifyApiKey(t.db, secret)).not.toBeNull();
  });

  it('refuses a revoked key', async () => {
    const { key, secret } = await createApiKey(t.db, 'old');
    expect((await revokeApiKeys(t.db, String(key.id))).map((k) => k.id)).toEqual([key.id]);
    expect(await verifyApiKey(t.db, secret)).toBeNull();
  });

  describe('authenticate', () => {
    const code = async (p: Promise<unknown>) => {
      try {
        await p;
      } catch (e) {
        expect(e).toBeInstanceOf(DomainError);
        return [(e as DomainError).code, (e as DomainError).message];
      }
      throw new Error('expected a DomainError');
    };
    it('is anonymous without a header unless a key is required', async () => {
      expect(await authenticate(t.db, undefined, false)).toEqual({ apiKey: null });
      expect(await code(authenticate(t.db, undefined, true))).toEqual([
        'UNAUTHENTICATED',
        'This server requires an API key: send `Authorization: Bearer <key>`',
      ]);
    });
    it('refuses malformed headers and unknown keys even for reads, and accepts a valid key', async () => {
      expect(await code(authenticate(t.db, 'Basic abc', false))).toEqual([
        'UNAUTHENTICATED',
        'Malformed Authorization header: expected `Bearer <key>`',
      ]);
      const { key, secret } = await createApiKey(t.db, 'script');
      expect(await code(authenticate(t.db, `Bearer ${secret.slice(0, 12)}`, false))).toEqual([
        'UNAUTHENTICATED',
        'Unknown or revoked API key',
      ]);
      expect(await authenticate(t.db, `Bearer ${secret}`, true)).toMatchObject({ apiKey: { id: key.id } });
    });
  });
});
