import { randomBytes } from 'node:crypto';
import type { Db } from '../db/client.js';
import { sha256 } from '../hash.js';
import { findActiveKeyByHash, insertApiKey, touchApiKey, type ApiKeyInfo } from '../db/queries/api-keys.js';

/** Secrets look like `strat_<43 base64url chars>` (256 random bits); the first 12 characters are the prefix. */
export const KEY_PREFIX = 'strat_';
export const PREFIX_LENGTH = 12;

export function hashApiKey(secret: string): string {
  return sha256(secret);
}

/**
 * What the key functions need from storage: the database (`apiKeyStore`, src/db/queries/api-keys.ts) or, in
 * unit tests, a map. The rules (what is stored, what a secret must match) live here, not in the store.
 */
export type ApiKeyStore = {
  insert(key: { name: string; prefix: string; keyHash: string }): Promise<ApiKeyInfo>;
  /** The active (not revoked) key with exactly this hash, or null. */
  findActiveByHash(keyHash: string): Promise<ApiKeyInfo | null>;
  /** Records a use of the key. */
  touch(id: number): Promise<void>;
};

/** The database as an `ApiKeyStore`. */
export function apiKeyStore(db: Db): ApiKeyStore {
  return {
    insert: (key) => insertApiKey(db, key),
    findActiveByHash: (keyHash) => findActiveKeyByHash(db, keyHash),
    touch: (id) => touchApiKey(db, id),
  };
}

/** A new secret: `strat_` and 256 random bits in base64url (43 characters). */
export function newApiKeySecret(): string {
  return KEY_PREFIX + randomBytes(32).toString('base64url');
}

/** Creates a key: stores its sha256 and prefix, returns the secret (shown once, never stored). */
export async function createApiKey(db: Db | ApiKeyStore, name: string): Promise<{ key: ApiKeyInfo; secret: string }> {
  const secret = newApiKeySecret();
  const key = await storeOf(db).insert({ name, prefix: secret.slice(0, PREFIX_LENGTH), keyHash: hashApiKey(secret) });
  return { key, secret };
}

/**
 * The active key a secret belongs to (recording its use), or null for unknown and revoked secrets. The whole
 * secret is hashed and must match a stored hash exactly: its 12-character prefix (stored in clear) is no key.
 */
export async function verifyApiKey(db: Db | ApiKeyStore, secret: string): Promise<ApiKeyInfo | null> {
  const store = storeOf(db);
  const key = await store.findActiveByHash(hashApiKey(secret));
  if (key) await store.touch(key.id);
  return key;
}

function storeOf(db: Db | ApiKeyStore): ApiKeyStore {
  return 'findActiveByHash' in db ? db : apiKeyStore(db);
}

/** The bearer token of an `Authorization` header; undefined when absent; null when malformed. */
export function bearerToken(header: string | undefined): string | null | undefined {
  if (header === undefined || header === '') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}
