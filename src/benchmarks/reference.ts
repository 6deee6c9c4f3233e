import { sha256 } from '../hash.js';
import type { Db } from '../db/client.js';
import {
  listReferenceRows,
  replaceReferenceRows,
  storedReferenceVersions,
  type ReferenceRow,
} from '../db/queries/reference-results.js';
import { referenceSplits, type ReferenceSplit } from '../db/schema/index.js';
import { competitionRanks } from '../statistics/index.js';
import { adapters } from './registry.js';
import type { ReferenceTable } from './types.js';

export type { ReferenceRow } from '../db/queries/reference-results.js';

/**
 * A reference table as stored rows: one per model and split, ranked within its split by that split's own
 * accuracy (descending; equal accuracies share the better rank, as in "1, 2, 2, 4").
 */
export function referenceRows(table: ReferenceTable): Omit<ReferenceRow, 'source'>[] {
  return referenceSplits.flatMap((split) => {
    const figures = table.rows.map((r) => ({
      model: r.model,
      accuracy: r.figures[split][0],
      plusMinus: r.figures[split][1],
    }));
    const ranks = competitionRanks(figures.map((f) => f.accuracy));
    return figures.map((f, i) => ({
      ...f,
      split,
      rank: ranks[i]!,
    }));
  });
}

/** The table's version: a hash of its rows as stored, so any edit of a figure, model or rank changes it. */
export function referenceVersion(table: ReferenceTable): string {
  return sha256(JSON.stringify(referenceRows(table))).slice(0, 16);
}

const synced = new WeakMap<object, Promise<void>>();

/**
 * Brings `reference_results` in line with every adapter's reference table: a table whose stored version differs
 * from its current one (never stored, or edited since) is upserted and its stale rows removed. Checked once per
 * database handle and process.
 */
export function syncReferenceTables(db: Db): Promise<void> {
  let done = synced.get(db);
  if (!done) {
    done = (async () => {
      for (const adapter of adapters) {
        const table = adapter.reference;
        if (!table) continue;
        const version = referenceVersion(table);
        const stored = await storedReferenceVersions(db, table.source);
        if (stored.length === 1 && stored[0] === version) continue;
        await replaceReferenceRows(db, table.source, version, referenceRows(table));
      }
    })();
    done.catch(() => synced.delete(db));
    synced.set(db, done);
  }
  return done;
}

/** Published reference figures of every adapter (synchronised first), optionally one split. */
export async function referenceResultsOf(db: Db, split?: ReferenceSplit | null): Promise<ReferenceRow[]> {
  await syncReferenceTables(db);
  return listReferenceRows(db, split);
}
