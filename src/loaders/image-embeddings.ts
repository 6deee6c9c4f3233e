import DataLoader from 'dataloader';
import type { Db } from '../db/client.js';
import { countImageEmbeddingsByVersion } from '../db/queries/embeddings.js';
import { findModelVersionsByRefs, type ModelVersionRow } from '../db/queries/model-versions.js';

/**
 * Embedding reads of one request. Loaders only batch reads: computing a missing vector (ONNX inference and
 * writing it) is the embedding service's job (`EmbeddingService.imageEmbedding`, which batches per tick itself),
 * called explicitly by the resolver or service that needs the vector.
 * - `modelVersionByRef`: a model reference (`slug` or `slug@hash`) → its version, or null.
 * - `embeddedImageCountByVersionId`: stored vectors per version.
 */
export function imageEmbeddingLoaders(db: Db) {
  return {
    modelVersionByRef: new DataLoader<string, ModelVersionRow | null>((refs) => findModelVersionsByRefs(db, refs)),
    embeddedImageCountByVersionId: new DataLoader<number, number>((ids) => countImageEmbeddingsByVersion(db, ids)),
  };
}
