import type { Db } from './db/client.js';
import type { ApiKeyInfo } from './db/queries/api-keys.js';
import { DomainError } from './errors.js';
import { createLoaders, type Loaders } from './loaders/index.js';
import { taxonomyCacheFor } from './loaders/taxonomy-cache.js';
import type { Runtime } from './runtime.js';
import { createResultsService, type ResultsService } from './results/on-demand.js';

/**
 * Who is calling: the verified API key, or null for anonymous requests; `client` identifies the caller for
 * per-client limits (`key:<id>`, else `ip:<address>`).
 */
export type Auth = { apiKey: ApiKeyInfo | null; client?: string };

/** What every resolver gets; built once per request (fresh loaders, so no cache outlives a request). */
export type Context = {
  runtime: Runtime;
  db: Db;
  loaders: Loaders;
  auth: Auth;
  /** The results service of this request (results, compare, leaderboard), built once here, not per resolver. */
  results: ResultsService;
};

export function createContext({ runtime, auth }: { runtime: Runtime; auth: Auth }): Context {
  const db = runtime.handle.db;
  return {
    runtime,
    db,
    loaders: createLoaders(db, taxonomyCacheFor(runtime.handle)),
    auth,
    results: createResultsService(runtime, { client: auth.client ?? null }),
  };
}

/** Every mutation calls this first: writes need an API key (`Authorization: Bearer …`). */
export function requireWriteAccess(ctx: Context): ApiKeyInfo {
  if (!ctx.auth.apiKey) {
    throw new DomainError(
      'UNAUTHENTICATED',
      'This operation writes data: send an API key as `Authorization: Bearer <key>`',
    );
  }
  return ctx.auth.apiKey;
}
