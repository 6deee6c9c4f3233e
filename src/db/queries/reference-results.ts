import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { referenceResults, type ReferenceSplit } from '../schema/index.js';

export type ReferenceRow = {
  source: string;
  model: string;
  split: ReferenceSplit;
  accuracy: number;
  plusMinus: number;
  rank: number;
};

/** The versions stored for a reference source (one when in sync; none before the first synchronisation). */
export async function storedReferenceVersions(db: Db, source: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ version: referenceResults.version })
    .from(referenceResults)
    .where(eq(referenceResults.source, source));
  return rows.map((r) => r.version);
}

/**
 * Makes the stored rows of `source` exactly `rows` at `version`, in one transaction: upserts every row (keyed by
 * source, model and split, all stamped with `version`), then deletes the source's rows of any other version
 * (models or splits no longer in the table).
 */
export async function replaceReferenceRows(
  db: Db,
  source: string,
  version: string,
  rows: Omit<ReferenceRow, 'source'>[],
): Promise<void> {
  await db.transaction(async (tx) => {
    if (rows.length) {
      await tx
        .insert(referenceResults)
        .values(rows.map((r) => ({ ...r, source, version })))
        .onConflictDoUpdate({
          target: [referenceResults.source, referenceResults.model, referenceResults.split],
          set: {
            accuracy: sql`excluded.accuracy`,
            plusMinus: sql`excluded.plus_minus`,
            rank: sql`excluded.rank`,
            version: sql`excluded.version`,
          },
        });
    }
    await tx
      .delete(referenceResults)
      .where(and(eq(referenceResults.source, source), ne(referenceResults.version, version)));
  });
}

/** Stored reference figures, optionally of one split, by split then rank. */
export async function listReferenceRows(db: Db, split?: ReferenceSplit | null): Promise<ReferenceRow[]> {
  const rows = await db
    .select({
      source: referenceResults.source,
      model: referenceResults.model,
      split: referenceResults.split,
      accuracy: referenceResults.accuracy,
      plusMinus: referenceResults.plusMinus,
      rank: referenceResults.rank,
    })
    .from(referenceResults)
    .where(split ? eq(referenceResults.split, split) : undefined)
    .orderBy(asc(referenceResults.split), asc(referenceResults.rank), asc(referenceResults.model));
  return rows.map((r) => ({ ...r, accuracy: Number(r.accuracy), plusMinus: Number(r.plusMinus) }));
}
