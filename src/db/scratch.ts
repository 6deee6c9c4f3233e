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
  const adminUrl = options.adminUrl ?? 'postgres://root@127.0.0.1:5432/postgres';
  const name = `stratum_${options.prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await createDb({ url: url.toString(), logger: options.logger, poolSize: options.poolSize ?? 4 });
  await migrate(handle);
  return {
    handle,
    driver: 'postgres',
    url: url.toString(),
    async drop() {
      await handle.close();
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}
