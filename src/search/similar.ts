import { z } from 'zod';
import type { DbHandle } from '../db/client.js';
import type { SQL } from 'drizzle-orm';
import { listImagesMissingEmbedding } from '../db/queries/embeddings.js';
import {
  exactSearch,
  isWholeCorpus,
  similarSetWhere,
  wholeCorpusSearch,
  type SearchSet,
} from '../db/queries/search.js';
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

/** `hnsw.ef_search` of an index search for k hits: the configured floor, at least 2k. */
export const efSearchFor = (settings: EmbeddingSettings, k: number) => Math.max(settings.searchHnswEfSearch, 2 * k);

/**
 * Nearest images by cosine similarity under one model version; every hit carries its score
 * (score = 1 − cosine distance = cos(q, v), in [−1, 1]; ties broken by ascending image id).
 *
 * The query vector comes from the embedding service (stored, else computed); the search itself is then ONE
 * statement (src/db/queries/search.ts) that selects the set, counts its missing vectors and ranks the top k.
 * Exact under a filter: the filtered set is scanned in full (ORDER BY the score, which no index can serve), so the
 * top k is correct and never short. Only a search over the whole corpus (no filter, no same-source exclusion,
 * no minScore) of at least SEARCH_HNSW_MIN_ROWS vectors uses the version's HNSW index (iterative scan); if that
 * returns fewer than k hits although k vectors exist, the exact ranking answers instead. When vectors of the set
 * are missing, the service computes them (up to SEARCH_INLINE_EMBED_LIMIT, else EMBEDDING_UNAVAILABLE naming the
 * count) and the statement runs again.
 */
export async function similarImages(deps: SearchDeps, input: SimilarInput): Promise<SimilarResult> {
  const { version } = input;
  const { k, minScore } = similarArgsSchema.parse({ k: input.k, minScore: input.minScore });
  const dims = version.dimensions;
  if (!dims || !Number.isInteger(dims)) {
    throw new EmbeddingError('EMBEDDING_UNAVAILABLE', `model ${version.slug} has no embedding width recorded`);
  }
  const vector = await queryVector(deps, input);
  const db = deps.handle.db;

  const set: SearchSet = { filter: input.filter };
  if ('imageId' in input.to) {
    set.excludeImageId = input.to.imageId;
    if (input.excludeSameSource) set.excludeSourceOf = input.to.imageId;
  }
  const nearest = { modelVersionId: version.id, dimensions: dims, vector, k };
  const wholeCorpus = isWholeCorpus(set) && minScore == null;
  const where = similarSetWhere(set);
  const exact = () => exactSearch(db, { ...nearest, where, minScore });
  const search = () =>
    wholeCorpus
      ? wholeCorpusSearch(db, {
          ...nearest,
          excludeImageId: set.excludeImageId,
          minIndexed: deps.settings.searchHnswMinRows,
          efSearch: efSearchFor(deps.settings, k),
        })
      : exact();

  let found = await search();
  let embeddedNow = 0;
  let unembeddable = 0;
  if (found.missing > 0) {
    ({ embeddedNow, unembeddable } = await embedMissing(deps, input.version, where, found));
    if (embeddedNow > 0) found = await search();
  }
  // Whole-corpus counts include the target image itself; the filtered set already leaves it out.
  const candidates = found.total - (wholeCorpus && set.excludeImageId !== undefined ? 1 : 0);
  if (found.indexed) {
    const searchable = candidates - found.missing;
    if (found.hits.length >= Math.min(k, searchable)) {
      return { hits: found.hits, method: 'hnsw', candidates, embeddedNow, unembeddable };
    }
    found = await exact();
  }
  return { hits: found.hits, method: 'exact', candidates, embeddedNow, unembeddable };
}

/** Computes the set's missing vectors through the embedding service (bounded per request). */
async function embedMissing(
  deps: SearchDeps,
  version: ModelVersionRow,
  where: SQL | undefined,
  coverage: { total: number; missing: number },
): Promise<{ embeddedNow: number; unembeddable: number }> {
  if (coverage.missing > deps.settings.searchInlineEmbedLimit) {
    throw new EmbeddingError(
      'EMBEDDING_UNAVAILABLE',
      `${coverage.missing} of the ${coverage.total} images in the filter have no ${version.slug} embedding yet ` +
        `(more than ${deps.settings.searchInlineEmbedLimit} to compute in a request); run \`stratum embed --model ${version.slug}\``,
      { missing: coverage.missing, total: coverage.total },
    );
  }
  let embeddedNow = 0;
  let unembeddable = 0;
  let afterId = 0;
  for (;;) {
    const ids = await listImagesMissingEmbedding(deps.handle.db, version.id, where, 256, afterId);
    if (!ids.length) break;
    afterId = ids[ids.length - 1]!;
    for (const r of await deps.embeddings.imageEmbeddings(version, ids)) {
      if (r instanceof EmbeddingError) unembeddable++;
      else embeddedNow++;
    }
  }
  return { embeddedNow, unembeddable };
}
