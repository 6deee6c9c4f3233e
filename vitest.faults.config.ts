import { defineConfig } from 'vitest/config';

// The fault suite (`npm run test:faults`): real child processes killed mid-evaluation on PostgreSQL. One file at a
// time; each scenario waits on real processes, so the limits are generous.
export default defineConfig({
  test: {
    include: ['faults/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    maxWorkers: 1,
  },
});
