import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ClusterInterval, Interval } from './intervals.js';
import type { BootstrapAnswer, BootstrapJob } from './bootstrap.js';

type Pending = { resolve: (r: (Interval | ClusterInterval)[]) => void; reject: (e: Error) => void };
type Slot = { worker: Worker; busy: number; pending: Map<number, Pending> };

/**
 * A small pool of worker threads for bootstrap resampling (issue 13: one request's 100,000-resample bootstraps
 * must not freeze the event loop). A request's jobs are split into one batch per thread; each thread runs
 * `runBootstrapJob`, the very code the in-thread functions are, so seeded intervals are bit-identical. Threads
 * start on first use, are unref'd (they never keep the process alive) and are replaced if one dies.
 */
export class BootstrapPool {
  private slots: Slot[] = [];
  private nextId = 1;
  /** Jobs run by worker threads since start (tests check the event loop ran none). */
  jobsRun = 0;

  constructor(readonly size = Math.max(1, Math.min(4, availableParallelism() - 1))) {}

  private spawn(): Slot {
    const url = new URL(`./bootstrap-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
    // Under tsx/vitest the source is TypeScript: the thread registers tsx's loader first, as the main thread has.
    const worker = url.pathname.endsWith('.ts')
      ? new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })`, {
          eval: true,
        })
      : new Worker(url);
    worker.unref();
    const slot: Slot = { worker, busy: 0, pending: new Map() };
    worker.on('message', (msg: BootstrapAnswer) => {
      const p = slot.pending.get(msg.id);
      if (!p) return;
      slot.pending.delete(msg.id);
      slot.busy--;
      if (msg.error !== undefined) p.reject(new RangeError(msg.error));
      else p.resolve(msg.results!);
    });
    const fail = (error: Error) => {
      for (const p of slot.pending.values()) p.reject(error);
      slot.pending.clear();
      this.slots = this.slots.filter((s) => s !== slot);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`bootstrap worker exited (${code})`)));
    return slot;
  }

  private pick(): Slot {
    if (this.slots.length < this.size) {
      const slot = this.spawn();
      this.slots.push(slot);
      return slot;
    }
    return this.slots.reduce((a, b) => (b.busy < a.busy ? b : a));
  }

  private send(jobs: BootstrapJob[]): Promise<(Interval | ClusterInterval)[]> {
    const slot = this.pick();
    const id = this.nextId++;
    slot.busy++;
    return new Promise((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ id, jobs });
    });
  }

  /** Runs the jobs in worker threads (split evenly over the pool), results in job order. */
  async run(jobs: BootstrapJob[]): Promise<(Interval | ClusterInterval)[]> {
    if (!jobs.length) return [];
    const parts = Math.min(this.size, jobs.length);
    const per = Math.ceil(jobs.length / parts);
    const batches: BootstrapJob[][] = [];
    for (let i = 0; i < jobs.length; i += per) batches.push(jobs.slice(i, i + per));
    const results = await Promise.all(batches.map((b) => this.send(b)));
    this.jobsRun += jobs.length;
    return results.flat();
  }

  async close(): Promise<void> {
    const slots = this.slots;
    this.slots = [];
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}

let shared: BootstrapPool | null = null;
/** The process's bootstrap pool (created on first use). */
export function bootstrapPool(): BootstrapPool {
  return (shared ??= new BootstrapPool());
}
