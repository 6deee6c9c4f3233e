import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDb, testDriver, type TestDb } from '../test-utils/db.js';

// A PostgreSQL restart, failover or `pg_terminate_backend` ends the pool's idle connections. node-postgres then
// emits 'error' on the pool; with no listener that is an uncaught exception and the process (a replica, a test
// worker) dies. The pool must survive it and serve the next query on a fresh connection.
describe.skipIf(testDriver !== 'postgres')('database pool when the server ends its connections', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => t?.destroy());

  it('outlives terminated backends and reconnects on the next query', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      // Open a few pooled connections and leave them idle.
      await Promise.all([1, 2, 3].map(() => t.query('select pg_sleep(0.05)')));
      const [{ db } = { db: '' }] = await t.query<{ db: string }>('select current_database() as db');
      const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await admin.connect();
      let terminated = 0;
      try {
        const ended = await admin.query<{ n: number }>(
          'select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = $1',
          [db],
        );
        terminated = ended.rows[0]!.n;
        expect(terminated).toBeGreaterThanOrEqual(1);
      } finally {
        await admin.end();
      }
      // Let the pool hear about every terminated connection: each idle client reports its loss on its own, and a
      // query handed a client whose report has not arrived yet fails once with DATABASE_UNAVAILABLE (retryable).
      await vi.waitFor(() =>
        expect(
          stderr.mock.calls.filter(([line]) => String(line).includes('idle connection lost')).length,
        ).toBeGreaterThanOrEqual(terminated),
      );
      expect(await t.query<{ one: number }>('select 1 as one')).toEqual([{ one: 1 }]);
    } finally {
      stderr.mockRestore();
    }
  });
});
