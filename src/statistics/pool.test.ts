import { afterAll, describe, expect, it } from 'vitest';
import { basicBootstrap, clusterBootstrap } from './intervals.js';
import { pairedBootstrapDifference } from './paired.js';
import { BootstrapPool } from './pool.js';

// Well above a thread's start (tsx's loader: about a second) yet below Stryker's per-mutant timeout, so a mutant
// that leaves a job pending fails here instead of costing a restart of the test runner.
const TIMEOUT = 15_000;

/** Bootstraps run in worker threads (issue 13) and give exactly the intervals the in-thread functions give. */
describe('bootstrap worker pool', () => {
  const pool = new BootstrapPool(2);
  afterAll(() => pool.close());

  it(
    'same seed, same interval as in this thread, exactly, for every kind and in job order',
    async () => {
      const clusters = [
        { n: 40, k: 31 },
        { n: 12, k: 3 },
        { n: 25, k: 20 },
        { n: 7, k: 7 },
      ];
      const counts = { n11: 50, n10: 17, n01: 6, n00: 27 };
      const jobs = [
        { kind: 'basic' as const, n: 230, k: 97, options: { seed: 7, resamples: 2000 } },
        { kind: 'cluster' as const, clusters, options: { seed: 11, resamples: 999 } },
        { kind: 'paired' as const, counts, options: { seed: 3, resamples: 1500 } },
        { kind: 'basic' as const, n: 19, k: 4, options: { seed: 0, resamples: 100 } },
      ];
      const out = await pool.run(jobs);
      expect(out).toStrictEqual([
        basicBootstrap(230, 97, { seed: 7, resamples: 2000 }),
        clusterBootstrap(clusters, { seed: 11, resamples: 999 }),
        pairedBootstrapDifference(counts, { seed: 3, resamples: 1500 }),
        basicBootstrap(19, 4, { seed: 0, resamples: 100 }),
      ]);
      // An asymmetric case (basic ≠ percentile), so a seed that were ignored or a method swapped would show.
      expect(out[0]).not.toStrictEqual(basicBootstrap(230, 97, { seed: 8, resamples: 2000 }));
      expect(pool.jobsRun).toBe(4);
    },
    TIMEOUT,
  );

  it(
    'runs nothing for no jobs, and splits jobs evenly over the threads, in order',
    async () => {
      expect(await pool.run([])).toEqual([]);
      expect(pool.jobsRun).toBe(4);
      const jobs = [5, 6, 7, 8, 9].map((k) => ({ kind: 'basic' as const, n: 10, k, options: { resamples: 50 } }));
      expect(await pool.run(jobs)).toStrictEqual(jobs.map((j) => basicBootstrap(j.n, j.k, j.options)));
      expect(pool.jobsRun).toBe(9);
    },
    TIMEOUT,
  );

  it(
    'rejects the pending jobs of a thread that dies, replaces it, and closes',
    async () => {
      const slots = (pool as unknown as { slots: { worker: { terminate(): Promise<number> } }[] }).slots;
      expect(slots).toHaveLength(2);
      const pending = pool.run([{ kind: 'basic', n: 1000, k: 500, options: { resamples: 200_000 } }]);
      await slots[0]!.worker.terminate();
      await expect(pending).rejects.toThrow(/bootstrap worker exited/);
      expect((pool as unknown as { slots: unknown[] }).slots).toHaveLength(1);
      expect(await pool.run([{ kind: 'basic', n: 10, k: 5, options: { resamples: 100 } }])).toStrictEqual([
        basicBootstrap(10, 5, { resamples: 100 }),
      ]);
      await pool.close();
      expect((pool as unknown as { slots: unknown[] }).slots).toHaveLength(0);
    },
    TIMEOUT,
  );

  it(
    'reports a job error as a rejection, and keeps serving',
    async () => {
      await expect(pool.run([{ kind: 'basic', n: 3, k: 5, options: {} }])).rejects.toThrow();
      expect(await pool.run([{ kind: 'basic', n: 10, k: 5, options: { resamples: 100 } }])).toStrictEqual([
        basicBootstrap(10, 5, { resamples: 100 }),
      ]);
    },
    TIMEOUT,
  );
});
