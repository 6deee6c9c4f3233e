import { defineConfig } from 'drizzle-kit';

// drizzle-kit is used to *generate* migrations only; they are applied at start-up by drizzle's migrator
// (src/db/migrate.ts) on PGlite or PostgreSQL, because `drizzle-kit migrate` cannot load pgvector into PGlite.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema/index.ts',
  out: './migrations',
  strict: true,
  verbose: true,
});
