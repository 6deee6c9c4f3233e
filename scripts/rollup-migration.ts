// Appends the rollup SQL rendered from the axis registry (src/db/queries/rollup.ts) to a migration file, so the
// migration that adds an axis's result_counts column also redefines the rollup trigger over it. After adding an
// axis the rollup carries (docs/architecture.md, "Adding an axis"):
//   npx drizzle-kit generate --name <intent>                 # ALTER TABLE result_counts ADD COLUMN …
//   npx tsx scripts/rollup-migration.ts migrations/NNNN_<intent>.sql
// (For a migration of its own: `npx drizzle-kit generate --custom --name <intent>` first.)
import { readFileSync, writeFileSync } from 'node:fs';
import { renderRollupMigration } from '../src/db/queries/rollup.js';

const file = process.argv[2];
if (!file?.endsWith('.sql')) throw new Error('usage: rollup-migration.ts migrations/NNNN_<name>.sql');
const before = readFileSync(file, 'utf8').trimEnd();
if (before.includes('-- Generated from the axis registry')) throw new Error(`${file} already holds the rollup`);
writeFileSync(
  file,
  before ? `${before}\n--> statement-breakpoint\n${renderRollupMigration()}` : renderRollupMigration(),
);
console.log(`wrote the rollup into ${file}`);
