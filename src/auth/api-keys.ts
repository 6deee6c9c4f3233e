import { randomBytes } from 'node:crypto';
import type { Db } from '../db/client.js';
import { sha256 } from '../hash.js';
import { findActiveKeyByHash, insertApiKey, touchApiKey, type ApiKeyInfo } from '../db/queries/api-keys.js';

/** Secrets look like `strat_<43 base64url chars>` (256 random bits); the first 12 characters are the prefix. */
export const KEY_PREFIX = 'strat_';
const PREFIX_LENGTH = 12;

export function hashApiKey(secret: string): string {
  return sha256(secret);
}

/** Creates a key: stores its sha256 and prefix, returns the secret (shown once, never stored). */
export async function createApiKey(db: Db, name: string): Promise<{ key: ApiKeyInfo; secret: string }> {
  const secret = KEY_PREFIX + randomBytes(32).toString('base64url');
  const key = await insertApiKey(db, { name, prefix: secret.slice(0, PREFIX_LENGTH), keyHash: hashApiKey(secret) });
  return { key, secret };
}

/** The active key a secret belongs to (recording its use), or null for unknown and revoked secrets. */
export async function verifyApiKey(db: Db, secret: string): Promise<ApiKeyInfo | null> {
  const key = await findActiveKeyByHash(db, hashApiKey(secret));
  if (key) await touchApiKey(db, key.id);
  return key;
}

/** The bearer token of an `Authorization` header; undefined when absent; null when malformed. */
export function bearerToken(header: string | undefined): string | null | undefined {
  if (header === undefined || header === '') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}
