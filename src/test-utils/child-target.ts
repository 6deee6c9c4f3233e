import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb, type DbHandle } from '../db/client.js';
import { createEmptyDatabase } from '../db/scratch.js';
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
  const database = await createEmptyDatabase(adminUrl, prefix.replace(/-/g, '_'));
  return {
    env: { DATA_DIR: dataDir, DATABASE_URL: database.url },
    open: () => createDb({ url: database.url }),
    async cleanup() {
      rmSync(dataDir, { recursive: true, force: true });
      await database.drop();
    },
  };
}

/** The environment of a child process: the test's, with the target's database (DATABASE_URL only if it has one). */
export function childEnv(target: ChildTarget, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...target.env, ...extra };
  if (!target.env.DATABASE_URL) delete env.DATABASE_URL;
  return env;
}
