import { z } from 'zod';

const schema = z.object({
  /** Inputs per ONNX inference call. */
  EMBED_BATCH_SIZE: z.coerce.number().int().min(1).max(1024).default(32),
  /** ONNX Runtime intra-op threads (0: ORT's default). */
  EMBED_THREADS: z.coerce.number().int().min(0).max(256).default(0),
  /** Where ONNX inference runs: `worker` (a worker thread; the event loop stays free) or `main`. */
  EMBED_INFERENCE_THREAD: z.enum(['worker', 'main']).default('worker'),
  /** Images decoded concurrently on sharp's threadpool. */
  EMBED_DECODE_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  /** An evaluation with at most this many questions runs inline in the request; larger ones run as jobs. */
  EVAL_INLINE_THRESHOLD: z.coerce.number().int().min(0).default(500),
  /** Questions scored per evaluation chunk (one transaction of predictions each). */
  EVAL_CHUNK_SIZE: z.coerce.number().int().min(1).max(10_000).default(256),
  /** similarImages computes at most this many missing image vectors in the request before refusing. */
  SEARCH_INLINE_EMBED_LIMIT: z.coerce.number().int().min(0).default(2000),
  /** Unfiltered searches over at least this many vectors use the HNSW index (approximate). */
  SEARCH_HNSW_MIN_ROWS: z.coerce.number().int().min(1).default(50_000),
  /** `hnsw.ef_search` of index searches (at least 2k is used): higher is slower and closer to exact. */
  SEARCH_HNSW_EF_SEARCH: z.coerce.number().int().min(1).max(1000).default(100),
});

export type EmbeddingSettings = {
  batchSize: number;
  threads: number;
  inferenceThread: 'worker' | 'main';
  decodeConcurrency: number;
  evalInlineThreshold: number;
  evalChunkSize: number;
  searchInlineEmbedLimit: number;
  searchHnswMinRows: number;
  searchHnswEfSearch: number;
};

/** Embedding, evaluation and search settings from the environment (zod-checked; defaults suit 2 cores). */
export function loadEmbeddingSettings(env: NodeJS.ProcessEnv = process.env): EmbeddingSettings {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid embedding settings: ${problems}`);
  }
  const e = parsed.data;
  return {
    batchSize: e.EMBED_BATCH_SIZE,
    threads: e.EMBED_THREADS,
    inferenceThread: e.EMBED_INFERENCE_THREAD,
    decodeConcurrency: e.EMBED_DECODE_CONCURRENCY,
    evalInlineThreshold: e.EVAL_INLINE_THRESHOLD,
    evalChunkSize: e.EVAL_CHUNK_SIZE,
    searchInlineEmbedLimit: e.SEARCH_INLINE_EMBED_LIMIT,
    searchHnswMinRows: e.SEARCH_HNSW_MIN_ROWS,
    searchHnswEfSearch: e.SEARCH_HNSW_EF_SEARCH,
  };
}
