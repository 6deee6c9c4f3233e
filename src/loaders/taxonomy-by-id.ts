import DataLoader from 'dataloader';
import type { Db } from '../db/client.js';
import { findByIds, type RowOf } from '../db/queries/taxonomy.js';
import { byKey } from './keys.js';

/**
 * Benchmark revisions by id (one batched `id in (…)` query). The taxonomy tables themselves are read from the
 * per-process cache (`taxonomy-cache.ts`), not through loaders.
 */
export function taxonomyByIdLoaders(db: Db) {
  return {
    benchmarkRevisionById: new DataLoader<number, RowOf<'benchmarkRevisions'> | null>(async (ids) =>
      byKey(ids, await findByIds(db, 'benchmarkRevisions', ids), (row) => row.id),
    ),
  };
}
