import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createDb, type DbHandle } from '../db/client.js';
import { testDriver } from './db.js';

/**
 * Where a child process (a CLI entry point run with tsx, killed by kill -9 tests) keeps its data: a file-backed
 * PGlite under a fresh DATA_DIR, or a fresh database on the PostgreSQL server of TEST_DATABASE_URL. `env` is what
 * the child needs; `open` reads the same database from the test (on PGlite only while no child holds it).
 */
export type ChildTarget = { env: Record<string, string>; open(): Promise<DbHandle>; cleanup(): Promise<void> };

export async function makeChildTarget(prefix: string): Promise<ChildTarget> {
  const dataDir = mkdtempSync(join(tmpdir(), `stratum-${prefix}-`));
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (testDriver === 'pglite' || !adminUrl) {
    return {
      env: { DATA_DIR: dataDir },
      open: () => createDb({ pgliteDir: join(dataDir, 'pglite') }),
      cleanup: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `stratum_${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATA_DIR: dataDir, DATABASE_URL: url.toString() },
    open: () => createDb({ url: url.toString() }),
    async cleanup() {
      rmSync(dataDir, { recursive: true, force: true });
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}

/** The environment of a child process: the test's, with the target's database (DATABASE_URL only if it has one). */
export function childEnv(target: ChildTarget, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...target.env, ...extra };
  if (!target.env.DATABASE_URL) delete env.DATABASE_URL;
  return env;
}
