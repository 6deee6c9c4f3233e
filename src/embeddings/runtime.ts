import type { DbHandle } from '../db/client.js';
import type { ImageBlobStore } from '../store/image-store.js';
import { EmbedderPool } from './embedder-pool.js';
import { EmbeddingService } from './service.js';
import { loadEmbeddingSettings, type EmbeddingSettings } from './settings.js';

/**
 * The process-wide embeddings machinery: one embedder pool and one cache service over it. The evaluation queue and
 * job worker that use it are composed on top, in `src/predictions/runtime.ts`.
 */
export type EmbeddingsRuntime = {
  handle: DbHandle;
  embeddings: EmbeddingService;
  settings: EmbeddingSettings;
  pool: EmbedderPool;
  /** Closes the embedder pool. */
  close(): Promise<void>;
};

export type EmbeddingsRuntimeOptions = {
  handle: DbHandle;
  store: ImageBlobStore;
  settings?: EmbeddingSettings;
};

/** Builds an embeddings runtime (one-shot CLI commands; servers and tests share one through `embeddingsRuntimeFor`). */
export function createEmbeddingsRuntime(options: EmbeddingsRuntimeOptions): EmbeddingsRuntime {
  const settings = options.settings ?? loadEmbeddingSettings();
  const pool = new EmbedderPool({
    batchSize: settings.batchSize,
    decodeConcurrency: settings.decodeConcurrency,
    inferenceThread: settings.inferenceThread,
    ...(settings.threads ? { threads: settings.threads } : {}),
  });
  return {
    handle: options.handle,
    embeddings: new EmbeddingService(options.handle, options.store, pool),
    settings,
    pool,
    close: () => pool.close(),
  };
}

const byRuntime = new WeakMap<object, EmbeddingsRuntime>();

/**
 * The embeddings runtime of a process runtime (server, CLI, test): created on first use, then shared, so there is
 * one embedder pool and one cache service per process. The first caller's settings win.
 */
export function embeddingsRuntimeFor(
  runtime: { handle: DbHandle; store: ImageBlobStore },
  options: { settings?: EmbeddingSettings } = {},
): EmbeddingsRuntime {
  let existing = byRuntime.get(runtime);
  if (!existing) {
    existing = createEmbeddingsRuntime({ handle: runtime.handle, store: runtime.store, ...options });
    byRuntime.set(runtime, existing);
  }
  return existing;
}
