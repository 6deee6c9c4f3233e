import { run as runWorker, type Runner, type Task } from 'graphile-worker';
import type { EvaluationDeps, EvaluationQueue } from './evaluate.js';
import { runEvaluation } from './evaluate.js';
import { listUnfinishedRuns } from './queries.js';

/** graphile-worker task name of an evaluation job (payload `{ runId }`). */
export const EVALUATE_TASK = 'stratum_evaluate';

type JobDeps = Pick<EvaluationDeps, 'handle' | 'embeddings' | 'settings'>;
type Logger = (message: string) => void;

/**
 * In-process queue for PGlite (graphile-worker needs a real PostgreSQL server: LISTEN/NOTIFY and its own
 * schema). Same job function, one job at a time on the event loop's promise chain; a run id already queued is
 * not queued twice. Work is lost with the process, but the run stays `pending`/`running` and `resume()` (called
 * at start) requeues it, and `runEvaluation` continues after its stored predictions.
 */
export class InProcessQueue implements EvaluationQueue {
  readonly kind = 'in-process' as const;
  private chain: Promise<void> = Promise.resolve();
  private readonly queued = new Set<number>();
  private stopped = false;

  constructor(
    private readonly deps: JobDeps,
    private readonly log: Logger = () => undefined,
  ) {}

  enqueue(runId: number): Promise<void> {
    if (this.stopped || this.queued.has(runId)) return Promise.resolve();
    this.queued.add(runId);
    this.chain = this.chain.then(async () => {
      try {
        if (!this.stopped) await runEvaluation(this.deps, runId);
      } catch (error) {
        this.log(`evaluation run ${runId} failed: ${(error as Error).message}`);
      } finally {
        this.queued.delete(runId);
      }
    });
    return Promise.resolve();
  }

  /** Requeues evaluate runs a previous process left unfinished. */
  async resume(): Promise<number[]> {
    const ids = await listUnfinishedRuns(this.deps.handle.db);
    for (const id of ids) await this.enqueue(id);
    return ids;
  }

  async idle(): Promise<void> {
    let seen: Promise<void>;
    do {
      seen = this.chain;
      await seen;
    } while (seen !== this.chain);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.idle();
  }
}

/**
 * graphile-worker on PostgreSQL: jobs live in the database (`graphile_worker` schema), survive restarts and are
 * retried with backoff; `jobKey` = `evaluate:<runId>` so a run is queued at most once. The worker runs in this
 * process with concurrency 1 (inference already uses every core).
 */
export class GraphileQueue implements EvaluationQueue {
  readonly kind = 'graphile-worker' as const;
  private constructor(
    private readonly runner: Runner,
    private readonly deps: JobDeps,
  ) {}

  static async start(connectionString: string, deps: JobDeps, log: Logger = () => undefined): Promise<GraphileQueue> {
    const task: Task = async (payload) => {
      const { runId } = payload as { runId: number };
      await runEvaluation(deps, runId);
    };
    const runner = await runWorker({
      connectionString,
      concurrency: 1,
      pollInterval: 1000,
      noHandleSignals: true,
      taskList: { [EVALUATE_TASK]: task },
    });
    runner.promise.catch((error: unknown) => log(`graphile-worker stopped: ${(error as Error).message}`));
    return new GraphileQueue(runner, deps);
  }

  async enqueue(runId: number): Promise<void> {
    await this.runner.addJob(EVALUATE_TASK, { runId }, { jobKey: `evaluate:${runId}`, maxAttempts: 5 });
  }

  /** Waits until the queue holds no job for this task (polls the jobs view). */
  async idle(): Promise<void> {
    for (;;) {
      const rows = await this.deps.handle.query<{ n: number }>(
        `select count(*)::int as n from graphile_worker.jobs where task_identifier = $1 and attempts < max_attempts`,
        [EVALUATE_TASK],
      );
      if (!rows[0]?.n) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async stop(): Promise<void> {
    await this.runner.stop();
  }
}
