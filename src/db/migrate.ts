import { fileURLToPath } from 'node:url';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { DbHandle } from './client.js';

export const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));

/**
 * Applies the drizzle-kit migrations in `migrations/` with drizzle's own migrator for the active driver. On
 * PostgreSQL under an advisory lock, so replicas starting together on an empty database migrate one at a time
 * (the others then find every migration applied).
 */
export async function migrate(handle: DbHandle): Promise<void> {
  if (handle.driver === 'pglite') {
    await migratePglite(handle.db as unknown as PgliteDatabase, { migrationsFolder });
  } else {
    await handle.exclusive('migrate', (db) => migratePg(db as unknown as NodePgDatabase, { migrationsFolder }));
  }
}

/**
 * How many migrations in `migrations/` this database has not applied yet (drizzle's rule: a migration is applied
 * when the newest recorded `created_at` is at least its folder timestamp). 0 means the schema is current.
 */
export async function pendingMigrations(handle: DbHandle): Promise<number> {
  const files = readMigrationFiles({ migrationsFolder });
  let newest: number;
  try {
    const [row] = await handle.query<{ newest: string | null }>(
      'select max(created_at)::text as newest from drizzle.__drizzle_migrations',
    );
    newest = row?.newest == null ? -1 : Number(row.newest);
  } catch (error) {
    // No migrations table yet (42P01 undefined_table, 3F000 invalid_schema_name): nothing applied.
    const code = (error as { code?: string }).code;
    if (code === '42P01' || code === '3F000') return files.length;
    throw error;
  }
  return files.filter((m) => m.folderMillis > newest).length;
}
