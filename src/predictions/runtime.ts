import type { DbHandle } from '../db/client.js';
import {
  createEmbeddingsRuntime,
  embeddingsRuntimeFor,
  type EmbeddingsRuntime,
  type EmbeddingsRuntimeOptions,
} from '../embeddings/runtime.js';
import type { EmbedderPool } from '../embeddings/embedder-pool.js';
import type { ImageBlobStore } from '../store/image-store.js';
import type { EvaluationDeps, EvaluationQueue } from './evaluate.js';
import { GraphileQueue, InProcessQueue, JobWorker } from './jobs.js';

/**
 * What evaluations run on in a process: the embeddings runtime (pool and cache service), one evaluation queue
 * (the producer), and with `worker` a job worker (the consumer). It owns the queue and the worker and stops them
 * on `close`, then closes the embeddings runtime.
 */
export type EvaluationRuntime = EvaluationDeps & {
  pool: EmbedderPool;
  /** The graphile-worker runner on PostgreSQL when this process runs jobs (null on PGlite or without a worker). */
  worker: JobWorker | null;
  /** Graceful: the worker finishes its current chunk and releases its locks, then the queue and the pool close. */
  close(): Promise<void>;
};

export type QueueOptions = {
  /** PostgreSQL URL: evaluation jobs go to graphile-worker. Absent (PGlite): the in-process queue. */
  databaseUrl?: string;
  /** Start a job worker (server: yes; one-shot CLI commands and tests: usually not). Default true. */
  worker?: boolean;
  /** Seconds after which a silent worker's jobs are unlocked for others (default 20). */
  leaseSeconds?: number;
  log?: (message: string) => void;
};

export type EvaluationRuntimeOptions = EmbeddingsRuntimeOptions & QueueOptions;

/**
 * Puts the evaluation queue (and with `worker` a job worker) on top of an embeddings runtime. On PostgreSQL jobs go
 * to graphile-worker (any process can take them), and with `worker` this process runs a job worker too (which
 * requeues what dead processes left unfinished); on PGlite jobs go to an in-process queue, which first requeues the
 * runs a previous process left unfinished when `worker` is true.
 */
async function withQueue(emb: EmbeddingsRuntime, options: QueueOptions): Promise<EvaluationRuntime> {
  const jobDeps = { handle: emb.handle, embeddings: emb.embeddings, settings: emb.settings };
  const worker = options.worker ?? true;
  let queue: EvaluationQueue;
  let jobWorker: JobWorker | null = null;
  if (options.databaseUrl && emb.handle.driver === 'postgres') {
    queue = await GraphileQueue.create(options.databaseUrl, emb.handle);
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
    pool: emb.pool,
    worker: jobWorker,
    async close() {
      await jobWorker?.stop();
      await queue.stop();
      await emb.close();
    },
  };
}

/** Builds an evaluation runtime over embeddings of its own (one-shot CLI commands). */
export function createEvaluationRuntime(options: EvaluationRuntimeOptions): Promise<EvaluationRuntime> {
  const { handle, store, settings, ...queue } = options;
  return withQueue(createEmbeddingsRuntime({ handle, store, ...(settings ? { settings } : {}) }), queue);
}

const byRuntime = new WeakMap<object, Promise<EvaluationRuntime>>();

/**
 * The evaluation runtime of a process runtime (server, CLI, test): created on first use over the process's shared
 * embeddings runtime (`embeddingsRuntimeFor`), then shared, so there is one job queue per process. The first
 * caller's options win.
 */
export function evaluationRuntimeFor(
  runtime: { handle: DbHandle; store: ImageBlobStore; config: { databaseUrl?: string | undefined } },
  options: Omit<EvaluationRuntimeOptions, 'handle' | 'store'> = {},
): Promise<EvaluationRuntime> {
  let existing = byRuntime.get(runtime);
  if (!existing) {
    const { settings, ...queue } = options;
    existing = withQueue(embeddingsRuntimeFor(runtime, settings ? { settings } : {}), {
      ...(runtime.config.databaseUrl ? { databaseUrl: runtime.config.databaseUrl } : {}),
      ...queue,
    });
    byRuntime.set(runtime, existing);
    existing.catch(() => byRuntime.delete(runtime));
  }
  return existing;
}
