import DataLoader from 'dataloader';
import type { Db } from '../db/client.js';
import { countImportIssuesByRevisionIds, findRevisionsByBenchmarkIds } from '../db/queries/taxonomy.js';
import type { benchmarkRevisions } from '../db/schema/index.js';
import { byKey, groupByKey } from './keys.js';

/** Revisions per benchmark id (newest first). */
export function revisionsByBenchmarkId(db: Db) {
  return new DataLoader<number, (typeof benchmarkRevisions.$inferSelect)[]>(async (ids) =>
    groupByKey(ids, await findRevisionsByBenchmarkIds(db, ids), (r) => r.benchmarkId),
  );
}

/** Number of import issues per revision id (0 when none). */
export function issueCountByRevisionId(db: Db) {
  return new DataLoader<number, number>(async (ids) =>
    byKey(ids, await countImportIssuesByRevisionIds(db, ids), (r) => r.revisionId).map((r) => Number(r?.count ?? 0)),
  );
}
