import { z } from 'zod';
import type { DbHandle } from '../db/client.js';
import {
  countImageEmbeddingCoverage,
  findImageSources,
  listImagesMissingEmbedding,
  nearestExact,
  nearestHnsw,
  similarSetWhere,
} from '../db/queries/embeddings.js';
import type { ImageFilterSpec } from '../db/queries/image-filter.js';
import { EmbeddingError } from '../errors.js';
import type { EmbeddingService } from '../embeddings/service.js';
import type { EmbeddingSettings } from '../embeddings/settings.js';
import type { ModelVersionRow } from '../db/queries/model-versions.js';

/** Largest k similarImages accepts. */
export const MAX_K = 200;

/** zod bounds of the numeric search arguments (before anything reaches SQL). */
export const similarArgsSchema = z.object({
  k: z.number().int().min(1).max(MAX_K),
  minScore: z.number().min(-1).max(1).nullish(),
});

export type SimilarTarget = { imageId: number } | { text: string } | { upload: Uint8Array };

export type SimilarInput = {
  version: ModelVersionRow;
  to: SimilarTarget;
  filter?: ImageFilterSpec | null;
  k: number;
  /** Only hits with cosine ≥ minScore. */
  minScore?: number | null;
  /** With an image target: also leave out images of the same source dataset and byte-identical copies. */
  excludeSameSource?: boolean;
};

export type SimilarHit = { imageId: number; score: number };
export type SimilarResult = {
  hits: SimilarHit[];
  /** `exact`: cosine over every vector in the filtered set; `hnsw`: the version's HNSW index (unfiltered only). */
  method: 'exact' | 'hnsw';
  /** Images the filter selects (before exclusions). */
  candidates: number;
  /** Vectors computed during this search (the filtered set's missing ones). */
  embeddedNow: number;
  /** Images of the set that could not be embedded (unreadable) and so were not searched. */
  unembeddable: number;
};

export type SearchDeps = { handle: DbHandle; embeddings: EmbeddingService; settings: EmbeddingSettings };

async function queryVector(deps: SearchDeps, input: SimilarInput): Promise<Float32Array> {
  const { version, to } = input;
  if ('imageId' in to) {
    const [v] = await deps.embeddings.imageEmbeddings(version, [to.imageId]);
    if (v instanceof EmbeddingError) throw v;
    return v!;
  }
  if ('text' in to) return (await deps.embeddings.textEmbeddings(version, [to.text]))[0]!;
  const embedder = await deps.embeddings.pool.get(version);
  const [v] = await embedder.embedImages([to.upload]);
  if (v instanceof EmbeddingError) throw v;
  return v!;
}

/**
 * Nearest images by cosine similarity under one model version; every hit carries its score
 * (score = 1 − cosine distance = cos(q, v), in [−1, 1]; ties broken by ascending image id).
 *
 * Exact by default: the filtered set is scanned in full (ORDER BY the score, which no index can serve), so the
 * top k is correct under any filter and never short. Missing vectors in the set are computed first (up to
 * SEARCH_INLINE_EMBED_LIMIT, else EMBEDDING_UNAVAILABLE naming the count). Only an unfiltered search over at
 * least SEARCH_HNSW_MIN_ROWS vectors uses the version's HNSW index (iterative scan); if it returns fewer than k
 * hits although k vectors exist, the exact scan answers instead.
 */
export async function similarImages(deps: SearchDeps, input: SimilarInput): Promise<SimilarResult> {
  const { version } = input;
  const { k, minScore } = similarArgsSchema.parse({ k: input.k, minScore: input.minScore });
  const dims = version.dimensions;
  if (!dims || !Number.isInteger(dims)) {
    throw new EmbeddingError('EMBEDDING_UNAVAILABLE', `model ${version.slug} has no embedding width recorded`);
  }
  const q = await queryVector(deps, input);
  const db = deps.handle.db;

  let exclude: Parameters<typeof similarSetWhere>[1] = {};
  if ('imageId' in input.to) {
    exclude = { imageId: input.to.imageId };
    if (input.excludeSameSource) {
      const [source] = await findImageSources(db, [input.to.imageId]);
      if (source) exclude = { ...exclude, sourceDatasetId: source.sourceDatasetId, contentHash: source.contentHash };
    }
  }
  const setWhere = similarSetWhere(input.filter, exclude);

  const coverage = await countImageEmbeddingCoverage(db, version.id, setWhere);
  let embeddedNow = 0;
  let unembeddable = 0;
  if (coverage.missing > deps.settings.searchInlineEmbedLimit) {
    throw new EmbeddingError(
      'EMBEDDING_UNAVAILABLE',
      `${coverage.missing} of the ${coverage.total} images in the filter have no ${version.slug} embedding yet ` +
        `(more than ${deps.settings.searchInlineEmbedLimit} to compute in a request); run \`stratum embed --model ${version.slug}\``,
      { missing: coverage.missing, total: coverage.total },
    );
  }
  if (coverage.missing > 0) {
    let afterId = 0;
    for (;;) {
      const ids = await listImagesMissingEmbedding(db, version.id, setWhere, 256, afterId);
      if (!ids.length) break;
      afterId = ids[ids.length - 1]!;
      const results = await deps.embeddings.imageEmbeddings(version, ids);
      for (const r of results) {
        if (r instanceof EmbeddingError) unembeddable++;
        else embeddedNow++;
      }
    }
  }

  const nearest = { modelVersionId: version.id, dimensions: dims, vector: q, k };
  if (!setWhere && minScore == null && coverage.total - unembeddable >= deps.settings.searchHnswMinRows) {
    const hits = await nearestHnsw(db, nearest);
    if (hits.length >= Math.min(k, coverage.total - unembeddable)) {
      return { hits, method: 'hnsw', candidates: coverage.total, embeddedNow, unembeddable };
    }
  }

  const hits = await nearestExact(db, { ...nearest, where: setWhere, minScore });
  return {
    hits,
    method: 'exact',
    candidates: coverage.total,
    embeddedNow,
    unembeddable,
  };
}
