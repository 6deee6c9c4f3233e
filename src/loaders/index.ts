import type { Db } from '../db/client.js';
import { imageCountsByAxis, imageTotalByFilter } from './image-counts.js';
import { imageById, questionById, questionsByImageId } from './images.js';
import { imageEmbeddingLoaders } from './image-embeddings.js';
import { modelLoaders } from './models.js';
import { issueCountByRevisionId, revisionsByBenchmarkId } from './revisions-by-benchmark-id.js';
import { taxonomyByIdLoaders } from './taxonomy-by-id.js';
import { taxonomyChildrenLoaders } from './taxonomy-children.js';
import { requestTaxonomy, type TaxonomyCache } from './taxonomy-cache.js';

/**
 * Per-request DataLoaders (never at module scope: their caches must not outlive a request). Each batch
 * function returns one value per key, in key order. Add a loader with one line here. `taxonomy` is the request's
 * view of the per-process taxonomy cache (one snapshot per request).
 */
export function createLoaders(db: Db, taxonomy: TaxonomyCache) {
  return {
    taxonomy: requestTaxonomy(taxonomy),
    ...imageEmbeddingLoaders(db),
    ...taxonomyByIdLoaders(db),
    ...taxonomyChildrenLoaders(db),
    ...modelLoaders(db),
    revisionsByBenchmarkId: revisionsByBenchmarkId(db),
    issueCountByRevisionId: issueCountByRevisionId(db),
    imageById: imageById(db),
    questionById: questionById(db),
    questionsByImageId: questionsByImageId(db),
    imageCountsByAxis: imageCountsByAxis(db),
    imageTotalByFilter: imageTotalByFilter(db),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
