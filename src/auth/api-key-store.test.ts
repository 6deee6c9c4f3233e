import { beforeEach, describe, expect, it, vi } from 'vitest';

// The database adapter of the key functions: each store method forwards to its query with the same db (the
// queries themselves run on PGlite/PostgreSQL in api-keys.int.test.ts).
const queries = vi.hoisted(() => ({
  insertApiKey: vi.fn(),
  findActiveKeyByHash: vi.fn(),
  touchApiKey: vi.fn(),
}));
vi.mock('../db/queries/api-keys.js', () => queries);

const { apiKeyStore, createApiKey, hashApiKey, verifyApiKey } = await import('./api-keys.js');
const { authenticate } = await import('./authenticate.js');
type Db = Parameters<typeof apiKeyStore>[0];

const db = { tag: 'db' } as unknown as Db;
const info = { id: 7, name: 'k', prefix: 'strat_abcdef', createdAt: new Date(0), lastUsedAt: null, revokedAt: null };

describe('apiKeyStore (database adapter)', () => {
  beforeEach(() => {
    vi.clearAllMocks();
    queries.insertApiKey.mockResolvedValue(info);
    queries.findActiveKeyByHash.mockResolvedValue(info);
    queries.touchApiKey.mockResolvedValue(undefined);
  });

  it('forwards each method to its query with the db', async () => {
    const store = apiKeyStore(db);
    const row = { name: 'k', prefix: 'strat_abcdef', keyHash: 'h' };
    expect(await store.insert(row)).toBe(info);
    expect(queries.insertApiKey).toHaveBeenCalledWith(db, row);
    expect(await store.findActiveByHash('h')).toBe(info);
    expect(queries.findActiveKeyByHash).toHaveBeenCalledWith(db, 'h');
    await store.touch(7);
    expect(queries.touchApiKey).toHaveBeenCalledWith(db, 7);
  });

  it('is what createApiKey, verifyApiKey and authenticate use when given a db', async () => {
    const { key, secret } = await createApiKey(db, 'k');
    expect(key).toBe(info);
    expect(queries.insertApiKey).toHaveBeenCalledWith(db, {
      name: 'k',
      prefix: secret.slice(0, 12),
      keyHash: hashApiKey(secret),
    });
    expect(await verifyApiKey(db, secret)).toBe(info);
    expect(queries.findActiveKeyByHash).toHaveBeenCalledWith(db, hashApiKey(secret));
    expect(queries.touchApiKey).toHaveBeenCalledWith(db, 7);
    expect(await authenticate(db, `Bearer ${secret}`, true)).toEqual({ apiKey: info });
  });
});
