import { defineConfig } from 'vitest/config';

// The fault suite (`npm run test:faults`): real `stratum` processes killed, raced and loaded on PostgreSQL. One
// file at a time; each scenario waits on real processes, so the limits are generous. `faults/setup.ts` seeds the
// template database the scenarios copy.
export default defineConfig({
  test: {
    include: ['faults/**/*.test.ts'],
    globalSetup: ['faults/setup.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    maxWorkers: 1,
  },
});
