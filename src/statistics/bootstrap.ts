import {
  basicBootstrap,
  clusterBootstrap,
  type BootstrapOptions,
  type ClusterCounts,
  type ClusterInterval,
  type Interval,
} from './intervals.js';
import { pairedBootstrapDifference, type PairedCounts } from './paired.js';

/** One bootstrap of a request: what `runBootstrapJob` computes, in this thread or in a worker (same code, same bits). */
export type BootstrapJob =
  | { kind: 'basic'; n: number; k: number; options: BootstrapOptions }
  | { kind: 'cluster'; clusters: ClusterCounts[]; options: BootstrapOptions }
  | { kind: 'paired'; counts: PairedCounts; options: BootstrapOptions };

export type BootstrapResult<J extends BootstrapJob> = J extends { kind: 'cluster' } ? ClusterInterval : Interval;

/** Runs one job with the in-thread functions (`intervals.ts`, `paired.ts`): the worker calls exactly this. */
export function runBootstrapJob(job: BootstrapJob): Interval | ClusterInterval {
  switch (job.kind) {
    case 'basic':
      return basicBootstrap(job.n, job.k, job.options);
    case 'cluster':
      return clusterBootstrap(job.clusters, job.options);
    case 'paired':
      return pairedBootstrapDifference(job.counts, job.options);
  }
}

/** Resamples a job draws: what a request's budget counts (resamples × slices, as the cost model does). */
export function drawsOf(job: BootstrapJob): number {
  return job.options.resamples ?? 9999;
}

/** A batch of jobs as a worker thread receives it (`pool.ts`), and its answer. */
export type BootstrapBatch = { id: number; jobs: BootstrapJob[] };
export type BootstrapAnswer = { id: number; results?: (Interval | ClusterInterval)[]; error?: string };

/** A worker thread's answer to a batch: every job's result in order, or the first job's error message. */
export function answerBatch(batch: BootstrapBatch): BootstrapAnswer {
  try {
    return { id: batch.id, results: batch.jobs.map(runBootstrapJob) };
  } catch (error) {
    return { id: batch.id, error: error instanceof Error ? error.message : String(error) };
  }
}
