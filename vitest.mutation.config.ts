import { defineConfig } from 'vitest/config';

/**
 * The unit tier that mutation testing runs (`npm run test:mutation`, stryker.config.mjs): pure tests of the
 * mutated modules, no database. The integration tests (`*.int.test.ts`, PGlite/PostgreSQL) are not part of it.
 */
export default defineConfig({
  test: {
    include: [
      'src/statistics/**/*.test.ts',
      'src/generative/letter-rule.test.ts',
      'src/auth/**/*.test.ts',
      'src/db/queries/image-filter*.test.ts',
      'src/db/queries/axes.test.ts',
      'src/ids*.test.ts',
    ],
    // large-sample.test.ts: the statistics checks that draw millions of variates (B = 99,999 exact limits, Table 1,
    // n = 80,000 moments); statistics.test.ts holds the same properties on cheap cases. `npm test` runs both.
    exclude: ['**/*.int.test.ts', '**/node_modules/**', 'src/statistics/large-sample.test.ts'],
    pool: 'forks',
    maxWorkers: 1,
    // Instrumented code runs several times slower than plain code.
    testTimeout: 120_000,
  },
});
