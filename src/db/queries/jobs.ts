import { eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { jobWorkers } from '../schema/index.js';

/**
 * The job queue's own statements: graphile-worker's queue (`graphile_worker.jobs`, created by its migrations) and
 * the liveness table `job_workers` that `JobWorker` beats in (`src/predictions/jobs.ts`).
 */

/** Live jobs (attempts left) of one task: 0 when the queue has drained. */
export async function countLiveJobs(db: Db, taskIdentifier: string): Promise<number> {
  const result = await db.execute(
    sql`select count(*)::int as n from graphile_worker.jobs
        where task_identifier = ${taskIdentifier} and attempts < max_attempts`,
  );
  const rows = ((result as { rows?: unknown[] }).rows ?? result) as { n: number }[];
  return Number(rows[0]?.n ?? 0);
}

/** The worker's heartbeat: its row, created on the first beat (host and pid for operators). */
export async function beatJobWorker(db: Db, worker: { workerId: string; host: string; pid: number }): Promise<void> {
  await db
    .insert(jobWorkers)
    .values(worker)
    .onConflictDoUpdate({ target: jobWorkers.workerId, set: { heartbeatAt: sql`now()` } });
}

/** Forgets workers silent for longer than the lease (dead: killed, lost, partitioned). */
export async function deleteSilentJobWorkers(db: Db, leaseSeconds: number): Promise<void> {
  await db.delete(jobWorkers).where(lt(jobWorkers.heartbeatAt, sql`now() - make_interval(secs => ${leaseSeconds})`));
}

/** Unlocks the jobs locked longer than the lease by a worker with no row in `job_workers` (dead). */
export async function unlockJobsOfDeadWorkers(db: Db, leaseSeconds: number): Promise<void> {
  await db.execute(
    sql`select graphile_worker.force_unlock_workers(coalesce(array(
          select distinct locked_by from graphile_worker.jobs
          where locked_by is not null and locked_at < now() - make_interval(secs => ${leaseSeconds})
            and locked_by not in (select worker_id from job_workers)), '{}'))`,
  );
}

/** A stopping worker's goodbye: its locks released and its row gone. */
export async function releaseJobWorker(db: Db, workerId: string): Promise<void> {
  await db.execute(sql`select graphile_worker.force_unlock_workers(array[${workerId}])`);
  await db.delete(jobWorkers).where(eq(jobWorkers.workerId, workerId));
}
