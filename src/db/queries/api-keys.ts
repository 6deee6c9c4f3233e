import { and, asc, eq, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { apiKeys } from '../schema/index.js';

export type ApiKeyRow = typeof apiKeys.$inferSelect;

const publicColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
};
export type ApiKeyInfo = Omit<ApiKeyRow, 'keyHash'>;

export async function insertApiKey(
  db: Db,
  key: { name: string; prefix: string; keyHash: string },
): Promise<ApiKeyInfo> {
  const [row] = await db.insert(apiKeys).values(key).returning(publicColumns);
  return row!;
}

export function listApiKeys(db: Db): Promise<ApiKeyInfo[]> {
  return db.select(publicColumns).from(apiKeys).orderBy(asc(apiKeys.id));
}

/** The active (not revoked) key with this hash, or null. */
export async function findActiveKeyByHash(db: Db, keyHash: string): Promise<ApiKeyInfo | null> {
  const [row] = await db
    .select(publicColumns)
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)));
  return row ?? null;
}

export async function touchApiKey(db: Db, id: number): Promise<void> {
  await db
    .update(apiKeys)
    .set({ lastUsedAt: sql`now()` })
    .where(eq(apiKeys.id, id));
}

/** Revokes the active keys whose id is `idOrPrefix` (digits) or whose prefix is it; returns what was revoked. */
export function revokeApiKeys(db: Db, idOrPrefix: string): Promise<ApiKeyInfo[]> {
  const byId = /^[0-9]{1,9}$/.test(idOrPrefix) ? eq(apiKeys.id, Number(idOrPrefix)) : undefined;
  return db
    .update(apiKeys)
    .set({ revokedAt: sql`now()` })
    .where(and(isNull(apiKeys.revokedAt), or(byId, eq(apiKeys.prefix, idOrPrefix))))
    .returning(publicColumns);
}
