import type { DbHandle } from '../db/client.js';
import type { EvaluationDeps, EvaluationQueue } from '../evaluation/evaluate.js';
import { GraphileQueue, InProcessQueue } from '../evaluation/jobs.js';
import type { ImageStore } from '../store/image-store.js';
import { EmbedderPool } from './embedder-pool.js';
import { EmbeddingService } from './service.js';
import { loadEmbeddingSettings, type EmbeddingSettings } from './settings.js';

/** The process-wide embeddings machinery: one embedder pool, one cache service, one evaluation queue. */
export type EmbeddingsRuntime = EvaluationDeps & {
  pool: EmbedderPool;
  close(): Promise<void>;
};

export type EmbeddingsRuntimeOptions = {
  handle: DbHandle;
  store: ImageStore;
  /** PostgreSQL URL: evaluation jobs go to graphile-worker. Absent (PGlite): the in-process queue. */
  databaseUrl?: string;
  settings?: EmbeddingSettings;
  /** Start a job worker (server: yes; one-shot CLI commands and tests: usually not). Default true. */
  worker?: boolean;
  log?: (message: string) => void;
};

/**
 * Builds the embeddings runtime. With a worker on PostgreSQL it starts graphile-worker in this process; on
 * PGlite (or without a worker) jobs go to an in-process queue, which first requeues runs a previous process
 * left unfinished when `worker` is true.
 */
export async function createEmbeddingsRuntime(options: EmbeddingsRuntimeOptions): Promise<EmbeddingsRuntime> {
  const settings = options.settings ?? loadEmbeddingSettings();
  const pool = new EmbedderPool({
    batchSize: settings.batchSize,
    decodeConcurrency: settings.decodeConcurrency,
    inferenceThread: settings.inferenceThread,
    ...(settings.threads ? { threads: settings.threads } : {}),
  });
  const embeddings = new EmbeddingService(options.handle, options.store, pool);
  const jobDeps = { handle: options.handle, embeddings, settings };
  const worker = options.worker ?? true;
  let queue: EvaluationQueue;
  if (worker && options.databaseUrl && options.handle.driver === 'postgres') {
    queue = await GraphileQueue.start(options.databaseUrl, jobDeps, options.log);
  } else {
    const local = new InProcessQueue(jobDeps, options.log);
    if (worker) await local.resume();
    queue = local;
  }
  return {
    ...jobDeps,
    queue,
    pool,
    async close() {
      await queue.stop();
      await pool.close();
    },
  };
}

const byRuntime = new WeakMap<object, Promise<EmbeddingsRuntime>>();

/**
 * The embeddings runtime of a process runtime (server, CLI, test): created on first use, then shared, so there is
 * one embedder pool, one cache service and one job queue per process. The first caller's options win.
 */
export function embeddingsRuntimeFor(
  runtime: { handle: DbHandle; store: ImageStore; config: { databaseUrl?: string | undefined } },
  options: Omit<EmbeddingsRuntimeOptions, 'handle' | 'store'> = {},
): Promise<EmbeddingsRuntime> {
  let existing = byRuntime.get(runtime);
  if (!existing) {
    existing = createEmbeddingsRuntime({
      handle: runtime.handle,
      store: runtime.store,
      ...(runtime.config.databaseUrl ? { databaseUrl: runtime.config.databaseUrl } : {}),
      ...options,
    });
    byRuntime.set(runtime, existing);
    existing.catch(() => byRuntime.delete(runtime));
  }
  return existing;
}
