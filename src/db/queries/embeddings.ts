import { and, count, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.js';
import { imageEmbeddings, images, textEmbeddings } from '../schema/index.js';

/** Stored image vectors of one model version for the given images (misses are simply absent). */
export async function findImageEmbeddings(
  db: Db,
  modelVersionId: number,
  imageIds: readonly number[],
): Promise<{ imageId: number; embedding: number[] }[]> {
  if (!imageIds.length) return [];
  return db
    .select({ imageId: imageEmbeddings.imageId, embedding: imageEmbeddings.embedding })
    .from(imageEmbeddings)
    .where(and(eq(imageEmbeddings.modelVersionId, modelVersionId), inArray(imageEmbeddings.imageId, [...imageIds])));
}

/** Stored image vectors per model version, one count per id in order (0 where none). */
export async function countImageEmbeddingsByVersion(db: Db, modelVersionIds: readonly number[]): Promise<number[]> {
  if (!modelVersionIds.length) return [];
  const rows = await db
    .select({ versionId: imageEmbeddings.modelVersionId, n: count() })
    .from(imageEmbeddings)
    .where(inArray(imageEmbeddings.modelVersionId, [...modelVersionIds]))
    .groupBy(imageEmbeddings.modelVersionId);
  const found = new Map(rows.map((r) => [r.versionId, Number(r.n)]));
  return modelVersionIds.map((id) => found.get(id) ?? 0);
}

/** Stores image vectors; an existing (image, version) row wins (concurrent writers compute the same vector). */
export async function insertImageEmbeddings(
  db: Db,
  modelVersionId: number,
  rows: readonly { imageId: number; embedding: ArrayLike<number> }[],
): Promise<void> {
  if (!rows.length) return;
  await db
    .insert(imageEmbeddings)
    .values(
      rows.map((r) => ({
        imageId: r.imageId,
        modelVersionId,
        dimensions: r.embedding.length,
        embedding: Array.from(r.embedding),
      })),
    )
    .onConflictDoNothing({ target: [imageEmbeddings.imageId, imageEmbeddings.modelVersionId] });
}

/** Stored text vectors of one model version by sha256 of the text. */
export async function findTextEmbeddings(
  db: Db,
  modelVersionId: number,
  textHashes: readonly string[],
): Promise<{ textHash: string; embedding: number[] }[]> {
  if (!textHashes.length) return [];
  return db
    .select({ textHash: textEmbeddings.textHash, embedding: textEmbeddings.embedding })
    .from(textEmbeddings)
    .where(and(eq(textEmbeddings.modelVersionId, modelVersionId), inArray(textEmbeddings.textHash, [...textHashes])));
}

export async function insertTextEmbeddings(
  db: Db,
  modelVersionId: number,
  rows: readonly { textHash: string; text: string; embedding: ArrayLike<number> }[],
): Promise<void> {
  if (!rows.length) return;
  await db
    .insert(textEmbeddings)
    .values(
      rows.map((r) => ({
        modelVersionId,
        textHash: r.textHash,
        text: r.text,
        dimensions: r.embedding.length,
        embedding: Array.from(r.embedding),
      })),
    )
    .onConflictDoNothing({ target: [textEmbeddings.modelVersionId, textEmbeddings.textHash] });
}

/** Where each image's bytes live (content hash) and which source dataset it came from. */
export async function findImageSources(
  db: Db,
  imageIds: readonly number[],
): Promise<{ id: number; contentHash: string; sourceDatasetId: number | null }[]> {
  if (!imageIds.length) return [];
  return db
    .select({ id: images.id, contentHash: images.contentHash, sourceDatasetId: images.sourceDatasetId })
    .from(images)
    .where(inArray(images.id, [...imageIds]));
}

const missingFor = (modelVersionId: number) =>
  sql`not exists (select 1 from ${imageEmbeddings} where ${imageEmbeddings.imageId} = ${images.id} and ${imageEmbeddings.modelVersionId} = ${modelVersionId})`;

/** How many images match `where` in total and how many of them have no vector for the version yet. */
export async function countImageEmbeddingCoverage(
  db: Db,
  modelVersionId: number,
  where: SQL | undefined,
): Promise<{ total: number; missing: number }> {
  const [row] = await db
    .select({
      total: sql<number>`count(*)::int`,
      missing: sql<number>`count(*) filter (where ${missingFor(modelVersionId)})::int`,
    })
    .from(images)
    .where(where);
  return { total: row?.total ?? 0, missing: row?.missing ?? 0 };
}

/** Ids of images matching `where` without a vector for the version, ascending, after `afterId` (keyset page). */
export async function listImagesMissingEmbedding(
  db: Db,
  modelVersionId: number,
  where: SQL | undefined,
  limit: number,
  afterId = 0,
): Promise<number[]> {
  const rows = await db
    .select({ id: images.id })
    .from(images)
    .where(and(where, sql`${images.id} > ${afterId}`, missingFor(modelVersionId)))
    .orderBy(images.id)
    .limit(limit);
  return rows.map((r) => r.id);
}
