import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { Logger } from 'drizzle-orm/logger';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
/** The drizzle database, whichever driver is behind it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export type DbHandle = {
  db: Db;
  driver: 'pglite' | 'postgres';
  /** Runs raw SQL with positional parameters; returns plain rows. For hand-written, reviewed SQL only. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
};

export type DbOptions = {
  /** PostgreSQL URL; when absent an embedded PGlite is used. */
  url?: string;
  /** PGlite data directory (created if missing) or `memory://`. */
  pgliteDir?: string;
  logger?: Logger;
  /** node-postgres pool size. */
  poolSize?: number;
  /**
   * Told about errors of idle pooled connections (a server restart, failover or `pg_terminate_backend`). The pool
   * drops such a connection and opens a new one on the next query; without a listener node-postgres would raise
   * an unhandled 'error' event and end the process. Defaults to one line on stderr.
   */
  onIdleError?: (error: Error) => void;
};

function reportIdleError(error: Error): void {
  process.stderr.write(`database: idle connection lost (${error.message}); it will be replaced\n`);
}

/** Opens the database: node-postgres when `url` is given, otherwise PGlite with pgvector. */
export async function createDb(options: DbOptions): Promise<DbHandle> {
  if (options.url) {
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
    pool.on('error', options.onIdleError ?? reportIdleError);
    const db = drizzlePg(pool, { schema, logger: options.logger }) as unknown as Db;
    return {
      db,
      driver: 'postgres',
      async query(sql, params) {
        const result = await pool.query(sql, params as unknown[]);
        return result.rows;
      },
      close: () => pool.end(),
    };
  }
  const dir = options.pgliteDir ?? 'memory://';
  if (!dir.startsWith('memory://')) mkdirSync(dir, { recursive: true });
  const client = await PGlite.create(dir, { extensions: { vector } });
  const db = drizzlePglite(client, { schema, logger: options.logger }) as unknown as Db;
  return {
    db,
    driver: 'pglite',
    async query(sql, params) {
      const result = await client.query(sql, params as unknown[]);
      return result.rows as never;
    },
    close: () => client.close(),
  };
}
