import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../client.js';
import { imageSets, imageSetSourceDatasets, sourceDatasets } from '../schema/index.js';

export type ImageSetRow = typeof imageSets.$inferSelect;

export async function findImageSetBySlug(db: Db, slug: string): Promise<ImageSetRow | null> {
  const [row] = await db.select().from(imageSets).where(eq(imageSets.slug, slug));
  return row ?? null;
}

/** Source dataset ids by slug (unknown slugs are absent). */
export function findSourceDatasetIdsBySlugs(db: Db, slugs: readonly string[]) {
  if (!slugs.length) return Promise.resolve([]);
  return db
    .select({ id: sourceDatasets.id, slug: sourceDatasets.slug })
    .from(sourceDatasets)
    .where(inArray(sourceDatasets.slug, [...slugs]));
}

/** Inserts an image set and its source dataset links in one transaction. */
export function insertImageSet(
  db: Db,
  set: { slug: string; name: string; description: string | null },
  sourceDatasetIds: readonly number[],
): Promise<ImageSetRow> {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(imageSets).values(set).returning();
    await tx
      .insert(imageSetSourceDatasets)
      .values(sourceDatasetIds.map((sourceDatasetId) => ({ imageSetId: row!.id, sourceDatasetId })));
    return row!;
  });
}
