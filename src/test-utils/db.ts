import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Logger } from 'drizzle-orm/logger';
import { createDb, type DbHandle } from '../db/client.js';
import { migrate } from '../db/migrate.js';

/** Counts SQL statements issued through drizzle (the N+1 guard in tests). */
export class StatementCounter implements Logger {
  statements: string[] = [];
  logQuery(query: string): void {
    this.statements.push(query);
  }
  reset(): void {
    this.statements = [];
  }
  get count(): number {
    return this.statements.length;
  }
}

export type TestDb = DbHandle & {
  counter: StatementCounter;
  /** The per-file PostgreSQL database's URL (graphile-worker needs one); undefined on PGlite. */
  url?: string;
  /** Closes the connection and drops the per-file PostgreSQL database. */
  destroy(): Promise<void>;
};

/** Which database the integration suite runs on: PostgreSQL when TEST_DATABASE_URL is set, else PGlite. */
export const testDriver: 'postgres' | 'pglite' = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';

/**
 * A fresh, migrated database for one test file: an in-memory PGlite, or a new database on the
 * PostgreSQL server named by TEST_DATABASE_URL (created here, dropped by `destroy`).
 */
export async function createTestDb(): Promise<TestDb> {
  const counter = new StatementCounter();
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const handle = await createDb({ pgliteDir: 'memory://', logger: counter });
    await migrate(handle);
    counter.reset();
    return { ...handle, counter, destroy: () => handle.close() };
  }
  const name = `stratum_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await createDb({ url: url.toString(), logger: counter, poolSize: 4 });
  await migrate(handle);
  counter.reset();
  return {
    ...handle,
    counter,
    url: url.toString(),
    async destroy() {
      await handle.close();
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}
