import { describe, expect, it } from 'vitest';
import { bootstrapPool } from '../statistics/index.js';
import { BOOTSTRAP_BUDGET, ResultsInputError, runBootstraps } from './service.js';

describe('bootstrap budget per request', () => {
  it('refuses resamples × slices over the budget as BAD_USER_INPUT on resamples, before any resampling', async () => {
    const before = bootstrapPool().jobsRun;
    const job = { kind: 'basic' as const, n: 100, k: 50, options: { resamples: 100_000 } };
    const slices = BOOTSTRAP_BUDGET / 100_000 + 1;
    const err = await runBootstraps(Array.from({ length: slices }, () => job)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResultsInputError);
    expect(err).toMatchObject({ code: 'BAD_USER_INPUT', path: ['resamples'] });
    expect(bootstrapPool().jobsRun).toBe(before);
    // At the budget exactly, it runs (in the worker threads).
    const ok = await runBootstraps(Array.from({ length: 2 }, () => ({ ...job, options: { resamples: 100 } })));
    expect(ok).toHaveLength(2);
    expect(bootstrapPool().jobsRun).toBe(before + 2);
    await bootstrapPool().close();
  }, 60_000);
});
