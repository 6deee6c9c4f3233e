import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import {
  Logger as GraphileLogger,
  makeWorkerUtils,
  run as runWorker,
  type Runner,
  type Task,
  type WorkerEvents,
  type WorkerUtils,
} from 'graphile-worker';
import type { DbHandle } from '../db/client.js';
import { EmbeddingError } from '../errors.js';
import type { EvaluationDeps, EvaluationQueue, EvaluationUnit } from './evaluate.js';
import { failUnit, runUnit, unfinishedUnits, unitJobKey } from './evaluate.js';
import { listUnfinishedRuns } from '../db/queries/evaluation.js';
import {
  beatJobWorker,
  countLiveJobs,
  deleteSilentJobWorkers,
  releaseJobWorker,
  unlockJobsOfDeadWorkers,
} from '../db/queries/jobs.js';

/** graphile-worker's own log lines: warnings and errors only, through our logger (no per-job chatter). */
function graphileLogger(log: Logger = () => undefined): GraphileLogger {
  return new GraphileLogger(() => (level, message) => {
    if (level === 'error' || level === 'warning') log(`graphile-worker: ${message}`);
  });
}

/** graphile-worker task name of an evaluation job (payload: an `EvaluationUnit`). */
export const EVALUATE_TASK = 'stratum_evaluate_unit';
/** Attempts per job before its runs are marked failed (graphile-worker backs off exponentially: e^attempt s). */
export const MAX_ATTEMPTS = 8;
/** How long a graceful stop waits for graphile-worker's runner (its current chunk included) before letting go. */
export const STOP_GRACE_MS = 20_000;

type JobDeps = Pick<EvaluationDeps, 'handle' | 'embeddings' | 'settings'>;
type Logger = (message: string) => void;

/**
 * In-process queue for PGlite (graphile-worker needs a real PostgreSQL server: LISTEN/NOTIFY and its own
 * schema). Same job function, one unit at a time; a unit is queued once by its job key (a `fresh` enqueue of the
 * unit that is running queues it once more, to run after). Failed units are retried with backoff, then their runs
 * marked failed. Work is lost with the process, but the runs stay `pending`/`running` and `resume()` (called at
 * start) requeues their units; predictions already stored are never recomputed.
 */
export class InProcessQueue implements EvaluationQueue {
  readonly kind = 'in-process' as const;
  private chain: Promise<void> = Promise.resolve();
  private readonly queued = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private running: string | null = null;
  private stopping = false;

  constructor(
    private readonly deps: JobDeps,
    private readonly log: Logger = () => undefined,
    private readonly retryDelayMs = (attempt: number) => Math.min(60_000, 1000 * 2 ** attempt),
  ) {}

  enqueue(units: readonly EvaluationUnit[], mode: 'fresh' | 'repair'): Promise<void> {
    for (const unit of units) {
      const key = unitJobKey(unit);
      if (this.queued.has(key) && !(mode === 'fresh' && this.running === key)) continue;
      this.schedule(unit, 1);
    }
    return Promise.resolve();
  }

  private schedule(unit: EvaluationUnit, attempt: number): void {
    if (this.stopping) return;
    const key = unitJobKey(unit);
    this.queued.add(key);
    this.chain = this.chain.then(async () => {
      if (this.stopping) return;
      this.running = key;
      this.queued.delete(key);
      try {
        await runUnit(this.deps, unit, () => this.stopping);
      } catch (error) {
        this.log(`evaluation unit ${key} failed (attempt ${attempt}): ${(error as Error).message}`);
        if (attempt >= MAX_ATTEMPTS) await failUnit(this.deps, unit).catch(() => undefined);
        else if (!this.stopping) this.retryLater(unit, attempt + 1);
      } finally {
        this.running = null;
      }
    });
  }

  private retryLater(unit: EvaluationUnit, attempt: number): void {
    this.queued.add(unitJobKey(unit));
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.queued.delete(unitJobKey(unit));
      this.schedule(unit, attempt);
    }, this.retryDelayMs(attempt));
    this.timers.add(timer);
  }

  /** Requeues the units of evaluate runs a previous process left unfinished; returns those runs. */
  async resume(): Promise<number[]> {
    const ids = await listUnfinishedRuns(this.deps.handle.db);
    await this.enqueue(await unfinishedUnits(this.deps, ids), 'repair');
    return ids;
  }

  /** Resolves when nothing is queued, waiting for a retry or running. */
  async idle(): Promise<void> {
    for (;;) {
      const seen = this.chain;
      await seen;
      if (seen !== this.chain) continue;
      if (!this.timers.size) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Graceful: the running unit stops after its current chunk; nothing new starts. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await this.chain;
  }
}

/**
 * The producer side on PostgreSQL: adds jobs to graphile-worker's queue (`graphile_worker` schema), one per unit
 * with its stable job key, so any replica asking for the same work finds the same job. API replicas that run no
 * worker use only this.
 */
export class GraphileQueue implements EvaluationQueue {
  readonly kind = 'graphile-worker' as const;
  private constructor(
    private readonly utils: WorkerUtils,
    private readonly handle: DbHandle,
  ) {}

  static async create(connectionString: string, handle: DbHandle): Promise<GraphileQueue> {
    const utils = await makeWorkerUtils({ connectionString, logger: graphileLogger() });
    await utils.migrate();
    return new GraphileQueue(utils, handle);
  }

  async enqueue(units: readonly EvaluationUnit[], mode: 'fresh' | 'repair'): Promise<void> {
    for (const unit of units) {
      await this.utils.addJob(EVALUATE_TASK, unit, {
        jobKey: unitJobKey(unit),
        // replace: a running job keeps running and a successor is queued; unsafe_dedupe: nothing if one exists.
        jobKeyMode: mode === 'fresh' ? 'replace' : 'unsafe_dedupe',
        maxAttempts: MAX_ATTEMPTS,
      });
    }
  }

  /** Waits until the queue holds no live job for this task (polls the jobs view). */
  async idle(): Promise<void> {
    for (;;) {
      if (!(await countLiveJobs(this.handle.db, EVALUATE_TASK))) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async stop(): Promise<void> {
    await this.utils.release();
  }
}

export type WorkerOptions = {
  /** A worker silent for this long is presumed dead and its jobs are unlocked (seconds). */
  leaseSeconds: number;
  log?: Logger;
};

/**
 * A graphile-worker runner for evaluation units (the consumer side; `stratum serve` and `stratum worker` start
 * one). Liveness: it beats in `job_workers` every lease/4 seconds; every beat it also unlocks the jobs of workers
 * silent for longer than the lease (a kill -9, a lost machine), so their units run again within seconds instead of
 * after graphile-worker's 4-hour stale-lock window, and requeues (`repair`, never a duplicate) the units of
 * unfinished runs that have no job. Graceful stop (SIGTERM): the running unit stops after its chunk, requeues its
 * rest, the runner stops and the worker's row and locks are released.
 */
export class JobWorker {
  /** graphile-worker's id of this process's worker pool (the `locked_by` of its jobs). */
  workerId = '';
  private stopping = false;
  private beat: NodeJS.Timeout | null = null;
  private beating: Promise<void> = Promise.resolve();
  private beats = 0;

  private constructor(
    private readonly handle: DbHandle,
    private readonly deps: JobDeps,
    private readonly queue: EvaluationQueue,
    private readonly options: WorkerOptions,
    private runner: Runner | null = null,
  ) {}

  static async start(
    connectionString: string,
    deps: JobDeps,
    queue: EvaluationQueue,
    options: WorkerOptions,
  ): Promise<JobWorker> {
    const worker = new JobWorker(deps.handle, deps, queue, options);
    const log = options.log ?? (() => undefined);
    const task: Task = async (payload, helpers) => {
      const unit = payload as EvaluationUnit;
      try {
        const outcome = await runUnit(deps, unit, () => worker.stopping);
        // Graceful stop mid-unit: the job fails on purpose, so graphile-worker unlocks it and any worker takes the
        // rest after the first backoff (~3 s); what this one stored stays.
        if (outcome === 'stopped') throw new Error('worker stopping: the rest of the unit runs again');
      } catch (error) {
        if (worker.stopping) throw error;
        const lastAttempt = helpers.job.attempts >= helpers.job.max_attempts;
        const retry = error instanceof EmbeddingError && error.code === 'IMAGE_MISSING' && !lastAttempt;
        log(
          `evaluation unit ${unitJobKey(unit)} failed (${retry ? 'will retry' : 'giving up'}): ${(error as Error).message}`,
        );
        if (lastAttempt) await failUnit(deps, unit);
        throw error;
      }
    };
    const events: WorkerEvents = new EventEmitter();
    // Jobs are locked by the pool's id (graphile-worker 0.17 fetches for its workers as a pool).
    events.on('pool:create', ({ workerPool }) => {
      worker.workerId = workerPool.id;
    });
    worker.runner = await runWorker({
      connectionString,
      events,
      logger: graphileLogger(log),
      crontab: '',
      concurrency: 1,
      pollInterval: 1000,
      noHandleSignals: true,
      taskList: { [EVALUATE_TASK]: task },
    });
    worker.runner.promise.catch((error: unknown) => log(`graphile-worker stopped: ${(error as Error).message}`));
    const every = Math.max(250, (options.leaseSeconds * 1000) / 4);
    worker.beat = setInterval(() => {
      worker.beating = worker.tick().catch((error: unknown) => log(`worker heartbeat: ${(error as Error).message}`));
    }, every);
    await worker.tick();
    return worker;
  }

  private async heartbeat(): Promise<void> {
    if (!this.workerId) return;
    await beatJobWorker(this.handle.db, { workerId: this.workerId, host: hostname(), pid: process.pid });
  }

  /** One beat: heartbeat, unlock dead workers' jobs, and (every few beats) requeue units nobody holds. */
  private async tick(): Promise<void> {
    if (this.stopping) return;
    await this.heartbeat();
    // Dead: silent past the lease, or never seen beating (killed before its first beat); their locks go.
    await deleteSilentJobWorkers(this.handle.db, this.options.leaseSeconds);
    await unlockJobsOfDeadWorkers(this.handle.db, this.options.leaseSeconds);
    if (this.beats++ % 8 === 0) {
      const runs = await listUnfinishedRuns(this.handle.db);
      if (runs.length) await this.queue.enqueue(await unfinishedUnits(this.deps, runs), 'repair');
    }
  }

  /** Graceful shutdown: finish the current chunk, requeue the rest, stop the runner, release row and locks. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.beat) clearInterval(this.beat);
    await this.beating;
    // graphile-worker's stop can wait forever once its LISTEN client was lost to a terminated backend (seen in
    // faults/blips.test.ts: SIGTERM after a PostgreSQL blip never exited). Bounded: after the grace period this
    // worker's locks are released through our own pool below, and the process may exit; a unit it was still
    // running is then picked up like a killed worker's (its stored predictions stay).
    const stopped = this.runner?.stop().then(
      () => true,
      () => true,
    );
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), STOP_GRACE_MS);
    });
    if (!(await Promise.race([stopped ?? true, graceOver])))
      (this.options.log ?? (() => undefined))(
        `graphile-worker did not stop within ${STOP_GRACE_MS / 1000} s; releasing this worker's jobs directly`,
      );
    clearTimeout(timer);
    if (!this.workerId) return;
    await releaseJobWorker(this.handle.db, this.workerId);
  }
}
