// Mutation testing of the unit-testable core (issue 9): `npm run test:mutation`. Score and survivors: docs/mutation-testing.md.
// Runs the unit tier only (vitest.mutation.config.ts, no database) with one worker: it is CPU-heavy, so it is a
// one-command check, not part of `npm test` or CI.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: [
    'src/statistics/**/*.ts',
    'src/generative/letter-rule.ts',
    'src/auth/**/*.ts',
    'src/db/queries/image-filter.ts',
    'src/db/queries/axes.ts',
    'src/axes/registry.ts',
    'src/ids.ts',
    '!**/*.test.ts',
    '!**/__fixtures__/**',
  ],
  coverageAnalysis: 'perTest',
  concurrency: 1,
  // Static mutants (module-level constants such as zod schemas) re-run every test per mutant: 24 % of the mutants,
  // 93 % of the time on this suite. They are reported as ignored, not killed (docs/mutation-testing.md).
  ignoreStatic: true,
  timeoutMS: 20000,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 95, low: 90, break: 90 },
  ignorePatterns: ['/.venv', '/data', '/models', '/fixtures', '/bench', '/web', '/dist'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
