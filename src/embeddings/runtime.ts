import type { DbHandle } from '../db/client.js';
import type { EvaluationDeps, EvaluationQueue } from '../predictions/evaluate.js';
import { GraphileQueue, InProcessQueue, JobWorker } from '../predictions/jobs.js';
import type { ImageBlobStore } from '../store/image-store.js';
import { EmbedderPool } from './embedder-pool.js';
import { EmbeddingService } from './service.js';
import { loadEmbeddingSettings, type EmbeddingSettings } from './settings.js';

/**
 * The process-wide embeddings machinery: one embedder pool, one cache service, one evaluation queue (the
 * producer), and with `worker` a job worker (the consumer) — it owns the queue and stops it on `close`.
 */
export type EmbeddingsRuntime = EvaluationDeps & {
  pool: EmbedderPool;
  /** The graphile-worker runner on PostgreSQL when this process runs jobs (null on PGlite or without a worker). */
  worker: JobWorker | null;
  /** Graceful: the worker finishes its current chunk and releases its locks, then the queue and the pool close. */
  close(): Promise<void>;
};

export type EmbeddingsRuntimeOptions = {
  handle: DbHandle;
  store: ImageBlobStore;
  /** PostgreSQL URL: evaluation jobs go to graphile-worker. Absent (PGlite): the in-process queue. */
  databaseUrl?: string;
  settings?: EmbeddingSettings;
  /** Start a job worker (server: yes; one-shot CLI commands and tests: usually not). Default true. */
  worker?: boolean;
  /** Seconds after which a silent worker's jobs are unlocked for others (default 20). */
  leaseSeconds?: number;
  log?: (message: string) => void;
};

/**
 * Builds the embeddings runtime. On PostgreSQL jobs go to graphile-worker (any process can take them), and with
 * `worker` this process runs a job worker too (which requeues what dead processes left unfinished); on PGlite
 * jobs go to an in-process queue, which first requeues the runs a previous process left unfinished when `worker`
 * is true.
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
  let jobWorker: JobWorker | null = null;
  if (options.databaseUrl && options.handle.driver === 'postgres') {
    queue = await GraphileQueue.create(options.databaseUrl, options.handle);
    if (worker) {
      jobWorker = await JobWorker.start(options.databaseUrl, jobDeps, queue, {
        leaseSeconds: options.leaseSeconds ?? 20,
        ...(options.log ? { log: options.log } : {}),
      });
    }
  } else {
    const local = new InProcessQueue(jobDeps, options.log);
    if (worker) await local.resume();
    queue = local;
  }
  return {
    ...jobDeps,
    queue,
    pool,
    worker: jobWorker,
    async close() {
      await jobWorker?.stop();
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
  runtime: { handle: DbHandle; store: ImageBlobStore; config: { databaseUrl?: string | undefined } },
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
