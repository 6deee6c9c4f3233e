import DataLoader from 'dataloader';
import { and, count, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { imageEmbeddings } from '../db/schema/index.js';
import { findModelVersionsByRefs, type ModelVersionRow } from '../db/queries/model-versions.js';

/**
 * Embedding reads of one request (loaders only batch reads; computing a missing vector is the embedding
 * service's job: `EmbeddingService.imageEmbedding`).
 * - `modelVersionByRef`: a model reference (`slug` or `slug@hash`) → its version, or null.
 * - `embeddedImageCountByVersionId`: stored vectors per version.
 */
export function imageEmbeddingLoaders(db: Db) {
  return {
    modelVersionByRef: new DataLoader<string, ModelVersionRow | null>((refs) => findModelVersionsByRefs(db, refs)),
    embeddedImageCountByVersionId: new DataLoader<number, number>(async (ids) => {
      const rows = await db
        .select({ versionId: imageEmbeddings.modelVersionId, n: count() })
        .from(imageEmbeddings)
        .where(and(inArray(imageEmbeddings.modelVersionId, [...ids])))
        .groupBy(imageEmbeddings.modelVersionId);
      const found = new Map(rows.map((r) => [r.versionId, Number(r.n)]));
      return ids.map((id) => found.get(id) ?? 0);
    }),
  };
}
