import DataLoader from 'dataloader';
import { and, count, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { imageEmbeddings } from '../db/schema/index.js';
import { embeddingsRuntimeFor } from '../embeddings/runtime.js';
import { EmbeddingError } from '../embeddings/errors.js';
import { findModelVersionById, findModelVersionsByRefs, type ModelVersionRow } from '../db/queries/model-versions.js';
import type { Runtime } from '../runtime.js';

export type ImageEmbeddingKey = { imageId: number; modelVersionId: number };

/**
 * Embedding loaders of one request.
 * - `modelVersionByRef`: a model reference (`slug` or `slug@hash`) → its version, or null.
 * - `imageEmbeddingByKey`: (image, version) → the L2-normalised vector. Every `Image.embedding` of the request
 *   lands in one batch per version, which the embedding service cuts into ⌈n / batch size⌉ ONNX calls for the
 *   missing ones; an image that cannot be embedded yields its EmbeddingError (the load rejects).
 * - `embeddedImageCountByVersionId`: stored vectors per version.
 */
export function imageEmbeddingLoaders(db: Db, runtime?: Runtime) {
  return {
    modelVersionByRef: new DataLoader<string, ModelVersionRow | null>((refs) => findModelVersionsByRefs(db, refs)),
    imageEmbeddingByKey: new DataLoader<ImageEmbeddingKey, Float32Array, string>(
      async (keys) => {
        if (!runtime) throw new Error('imageEmbeddingByKey needs the process runtime');
        const { embeddings } = await embeddingsRuntimeFor(runtime);
        const byVersion = new Map<number, number[]>();
        for (const k of keys) byVersion.set(k.modelVersionId, [...(byVersion.get(k.modelVersionId) ?? []), k.imageId]);
        const results = new Map<string, Float32Array | Error>();
        for (const [versionId, imageIds] of byVersion) {
          const version = await findModelVersionById(db, versionId);
          if (!version) {
            for (const id of imageIds)
              results.set(`${versionId}:${id}`, new EmbeddingError('MODEL_NOT_FOUND', `no model version ${versionId}`));
            continue;
          }
          const vectors = await embeddings.imageEmbeddings(version, imageIds);
          imageIds.forEach((id, i) => results.set(`${versionId}:${id}`, vectors[i]!));
        }
        return keys.map((k) => results.get(`${k.modelVersionId}:${k.imageId}`)!);
      },
      { cacheKeyFn: (k) => `${k.modelVersionId}:${k.imageId}` },
    ),
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
