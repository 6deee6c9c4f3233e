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
      'src/ids*.test.ts',
    ],
    exclude: ['**/*.int.test.ts', '**/node_modules/**'],
    pool: 'forks',
    maxWorkers: 1,
    // Instrumented code runs several times slower than plain code.
    testTimeout: 120_000,
  },
});
