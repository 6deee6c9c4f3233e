// Writes the rollup migration rendered from the axis registry (src/db/queries/rollup.ts) into a migration file
// that `npx drizzle-kit generate --custom --name <intent>` created. After adding an axis the rollup carries:
//   npx drizzle-kit generate --name <intent>              # the new result_counts column
//   npx drizzle-kit generate --custom --name <intent>_rollup
//   npx tsx scripts/rollup-migration.ts migrations/NNNN_<intent>_rollup.sql
import { writeFileSync } from 'node:fs';
import { renderRollupMigration } from '../src/db/queries/rollup.js';

const file = process.argv[2];
if (!file?.endsWith('.sql')) throw new Error('usage: rollup-migration.ts migrations/NNNN_<name>.sql');
writeFileSync(file, renderRollupMigration());
console.log(`wrote ${file}`);
