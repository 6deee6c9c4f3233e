import { randomBytes } from 'node:crypto';
import type { Logger } from 'drizzle-orm/logger';
import pg from 'pg';
import { createDb, type DbHandle } from './client.js';
import { migrate } from './migrate.js';

export type ScratchDb = { handle: DbHandle; driver: 'postgres' | 'pglite'; url?: string; drop(): Promise<void> };

/**
 * A fresh, migrated, throw-away database (for tests and benchmarks): an in-memory PGlite, or a new database
 * created on the PostgreSQL server at `adminUrl` (the user must be allowed to create databases), dropped by `drop`.
 * The database name is generated here from a fixed prefix and random hex: no caller text reaches the identifier.
 */
export async function createScratchDb(options: {
  driver: 'postgres' | 'pglite';
  adminUrl?: string;
  prefix: 'test' | 'bench';
  poolSize?: number;
  logger?: Logger;
}): Promise<ScratchDb> {
  if (options.driver === 'pglite') {
    const handle = await createDb({ pgliteDir: 'memory://', logger: options.logger });
    await migrate(handle);
    return { handle, driver: 'pglite', drop: () => handle.close() };
  }
  const database = await createEmptyDatabase(options.adminUrl ?? DEFAULT_ADMIN_URL, options.prefix);
  const handle = await createDb({ url: database.url, logger: options.logger, poolSize: options.poolSize ?? 4 });
  await migrate(handle);
  return {
    handle,
    driver: 'postgres',
    url: database.url,
    async drop() {
      await handle.close();
      await database.drop();
    },
  };
}

const DEFAULT_ADMIN_URL = 'postgres://root@127.0.0.1:5432/postgres';

/**
 * A new, empty (unmigrated) database on the PostgreSQL server at `adminUrl`, for a process that migrates it itself
 * (a child process under test, a benchmarked server), and `drop` to remove it (`WITH (FORCE)`: connections a killed
 * child left behind are ended). The name is `stratum_<prefix>_<pid>_<random hex>`; `prefix` is a constant of the
 * caller (checked), so no outside text reaches the identifier.
 */
export async function createEmptyDatabase(
  adminUrl: string,
  prefix: string,
): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  if (!/^[a-z][a-z0-9_]*$/.test(prefix))
    throw new Error(`scratch database prefix "${prefix}": lower-case letters, digits, _`);
  const name = `stratum_${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await onServer(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => onServer(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** One statement on its own connection to the server (database DDL cannot run in a pooled transaction). */
async function onServer(adminUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
