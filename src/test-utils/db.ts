import type { Logger } from 'drizzle-orm/logger';
import type { DbHandle } from '../db/client.js';
import { createScratchDb } from '../db/scratch.js';

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
  const scratch = await createScratchDb({
    driver: adminUrl ? 'postgres' : 'pglite',
    adminUrl,
    prefix: 'test',
    logger: counter,
  });
  counter.reset();
  return { ...scratch.handle, counter, ...(scratch.url ? { url: scratch.url } : {}), destroy: () => scratch.drop() };
}
