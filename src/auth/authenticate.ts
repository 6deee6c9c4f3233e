import type { Auth } from '../context.js';
import type { Db } from '../db/client.js';
import { DomainError } from '../errors.js';
import { bearerToken, verifyApiKey, type ApiKeyStore } from './api-keys.js';

/**
 * Resolves a request's `Authorization` header. No header: anonymous (unless `requireKey`). A malformed header,
 * an unknown or a revoked key: UNAUTHENTICATED, even for reads, so a typo in a key never silently downgrades
 * a script to anonymous access. `db`: the database, or any `ApiKeyStore` (unit tests).
 */
export async function authenticate(
  db: Db | ApiKeyStore,
  header: string | undefined,
  requireKey: boolean,
): Promise<Auth> {
  const token = bearerToken(header);
  if (token === null) {
    throw new DomainError('UNAUTHENTICATED', 'Malformed Authorization header: expected `Bearer <key>`');
  }
  if (token === undefined) {
    if (requireKey) {
      throw new DomainError('UNAUTHENTICATED', 'This server requires an API key: send `Authorization: Bearer <key>`');
    }
    return { apiKey: null };
  }
  const apiKey = await verifyApiKey(db, token);
  if (!apiKey) throw new DomainError('UNAUTHENTICATED', 'Unknown or revoked API key');
  return { apiKey };
}
