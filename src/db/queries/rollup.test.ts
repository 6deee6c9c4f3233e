import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderRollupMigration } from './rollup.js';

const migrations = join(import.meta.dirname, '../../../migrations');
const journal = JSON.parse(readFileSync(join(migrations, 'meta/_journal.json'), 'utf8')) as {
  entries: { tag: string }[];
};
const HEADER = '-- Generated from the axis registry';

describe('rollup migration', () => {
  it('the newest generated rollup migration equals the one the registry renders now', () => {
    const generated = journal.entries
      .map((e) => ({ tag: e.tag, sql: readFileSync(join(migrations, `${e.tag}.sql`), 'utf8') }))
      .filter((m) => m.sql.includes(HEADER));
    expect(generated.length).toBeGreaterThan(0);
    // If this fails, an axis changed what the rollup carries: generate a migration (scripts/rollup-migration.ts).
    const newest = generated.at(-1)!.sql;
    expect(newest.slice(newest.indexOf(HEADER))).toBe(renderRollupMigration());
  });
});
