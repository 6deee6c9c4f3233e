import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Layering (house style §3, §6): SQL and database drivers only in src/db/, GraphQL only at the edges. Tests and
// test helpers may reach across. src/layers.test.ts checks the same rules (plus SQL text) with its allowlist.
const tests = ['src/**/*.test.ts', 'src/test-utils/**'];
/** Files that still build SQL outside src/db/, owned by other work packages (see src/layers.test.ts). */
const sqlOwnedElsewhere = [];
const driversOnlyInDb = {
  group: ['drizzle-orm', 'drizzle-orm/*', 'pg', '@electric-sql/*'],
  allowTypeImports: true,
  message: 'SQL lives in src/db/queries/: add a data-access function there and call it.',
};
const queriesNotAtTheEdge = {
  group: ['**/db/queries/*'],
  allowTypeImports: true,
  message: 'Resolvers and routes call services or loaders: add (or use) a service function that calls src/db/queries.',
};

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'migrations',
      'src/graphql/__generated__',
      'data',
      'training',
      'models',
      '.models',
      '.venv',
      'fixtures',
      'web/dist',
      'web/src/gql',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/db/**', ...tests, ...sqlOwnedElsewhere],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [driversOnlyInDb] }] },
  },
  {
    // The same rule for the edges, plus: no calls into src/db/queries (a later block replaces the rule's options).
    files: ['src/graphql/**/*.ts', 'src/http/**/*.ts'],
    ignores: tests,
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [driversOnlyInDb, queriesNotAtTheEdge] }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/graphql/**', 'src/http/**', 'src/server.ts', ...tests],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['graphql', 'graphql/*', '@apollo/*', '@graphql-tools/*', '@as-integrations/*'],
              message: 'GraphQL stays at the edge: raise a DomainError (src/errors.ts); src/graphql maps it.',
            },
          ],
        },
      ],
    },
  },
);
