import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'seeds/**/*.test.ts', 'scripts/**/*.test.ts'],
    // PGlite start-up (WASM initdb) takes seconds; each test file gets its own database.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // 2-core machines: more workers only thrash.
    maxWorkers: 2,
  },
});
