import { createServer as createTcpServer, connect, type Socket } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../db/client.js';
import { DatabaseError } from '../db/errors.js';
import { memoryLogger } from '../graphql/testing.js';
import { createServer, type StratumServer } from '../server.js';
import { createTestDb, testDriver, type TestDb } from '../test-utils/db.js';
import { factories, testRuntime } from '../test-utils/factories.js';

// Item 1 of the fault suite: what a PostgreSQL restart, failover or network hiccup does to a replica. Requests
// that meet a dropped connection fail with DATABASE_UNAVAILABLE (503, retryable) and the next ones succeed; the
// process never dies; start-up waits for a database that is not up yet; /readyz and /livez tell an orchestrator.

let db: TestDb;
let server: StratumServer;
let base: string;
const log = memoryLogger();

beforeAll(async () => {
  db = await createTestDb();
  const f = factories(db.db);
  for (let i = 0; i < 5; i++) await f.newImage();
  server = await createServer(testRuntime(db), { log });
  base = (await server.listen(0, '127.0.0.1')).url;
});
afterAll(async () => {
  await server?.close();
  await db?.destroy();
});

const query = '{ images(first: 5) { totalCount nodes { id } } }';
async function ask(): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('health probes', () => {
  it('/livez is 200 without touching the database; /readyz is 200 with the database and migrations ok', async () => {
    const live = await fetch(`${base}/livez`);
    expect([live.status, await live.json()]).toEqual([200, { status: 'ok' }]);
    const ready = await fetch(`${base}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([
      200,
      { status: 'ready', checks: { database: 'ok', migrations: 'ok' } },
    ]);
  });
});

describe.skipIf(testDriver !== 'postgres')('PostgreSQL blips under load', () => {
  async function terminateBackends(): Promise<number> {
    const [{ name } = { name: '' }] = await db.query<{ name: string }>('select current_database() as name');
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    try {
      const r = await admin.query<{ n: number }>(
        'select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
        [name],
      );
      return r.rows[0]!.n;
    } finally {
      await admin.end();
    }
  }

  it('terminating every backend during concurrent requests: coded 503s, never a 500 or a crash, then success', async () => {
    const outcomes: { status: number; code?: unknown; retryable?: unknown; retryAfter?: string | null }[] = [];
    let stop = false;
    // Long-running statements (pg_sleep) so that terminations hit queries in flight, not only idle connections.
    const slow = async () => {
      while (!stop) {
        const res = await fetch(`${base}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query }),
        });
        const body = (await res.json()) as { errors?: { extensions?: { code?: unknown; retryable?: unknown } }[] };
        const e = body.errors?.[0]?.extensions;
        outcomes.push({
          status: res.status,
          ...(e ? { code: e.code, retryable: e.retryable, retryAfter: res.headers.get('retry-after') } : {}),
        });
      }
    };
    const inFlight = async () => {
      while (!stop) {
        const outcome = await db.query('select pg_sleep(0.2)').then(
          () => 'ok',
          (e: unknown) => (e instanceof DatabaseError ? e.code : `unclassified: ${String(e)}`),
        );
        outcomes.push({ status: outcome === 'ok' ? 200 : 503, code: outcome === 'ok' ? undefined : outcome });
      }
    };
    const load = [...Array.from({ length: 6 }, slow), inFlight(), inFlight()];
    let terminated = 0;
    for (let round = 0; round < 4; round++) {
      await new Promise((r) => setTimeout(r, 150));
      terminated += await terminateBackends();
    }
    stop = true;
    await Promise.all(load);
    expect(terminated).toBeGreaterThan(0);
    // Every failure is the coded, retryable one: no 500, no unclassified driver error.
    const failures = outcomes.filter((o) => o.status !== 200);
    expect(failures.length).toBeGreaterThan(0);
    for (const f of failures) {
      expect(f.status).toBe(503);
      expect(f.code).toBe('DATABASE_UNAVAILABLE');
    }
    // Over HTTP: retryable and Retry-After (the direct pool queries in `inFlight` carry only the code).
    const http = failures.filter((f) => f.retryAfter !== undefined);
    expect(http.length).toBeGreaterThan(0);
    for (const f of http) expect(f).toMatchObject({ retryable: true, retryAfter: '1' });
    expect(log.lines.filter((l) => l.level === 'error')).toEqual([]);
    // And then it works again, without a restart.
    for (let i = 0; i < 5; i++) {
      const after = await ask();
      expect(after.status).toBe(200);
      expect(after.body).toEqual({ data: { images: { totalCount: 5, nodes: expect.any(Array) } } });
    }
  }, 60_000);

  it('start-up waits for a database that comes up late (backoff), and gives up with a coded error', async () => {
    // A TCP proxy in front of the test server that starts listening only after a while.
    const target = new URL(process.env.TEST_DATABASE_URL!);
    const probe = createTcpServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const sockets: Socket[] = [];
    const proxy = createTcpServer((client) => {
      const upstream = connect(Number(target.port || 5432), target.hostname);
      sockets.push(client, upstream);
      client.pipe(upstream).pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    const url = new URL(db.url!);
    url.port = String(port);
    url.hostname = '127.0.0.1';
    const problems: string[] = [];
    setTimeout(() => proxy.listen(port, '127.0.0.1'), 700);
    const late = await createDb({
      url: url.toString(),
      connectTimeoutMs: 20_000,
      onConnectionProblem: (m) => problems.push(m),
    });
    try {
      expect(problems.length).toBeGreaterThanOrEqual(2);
      expect(problems[0]).toMatch(/^not reachable \(.*ECONNREFUSED.*\); retrying in 200 ms$/);
      expect(problems.at(-1)).toMatch(/^connected after \d+ attempts$/);
      expect(await late.query('select 1 as one')).toEqual([{ one: 1 }]);
      // The network drops every connection: the next query fails coded, the one after reconnects.
      for (const s of sockets) s.destroy();
      await new Promise((r) => setTimeout(r, 50));
      const outcome = await late.query('select 1 as one').then(
        (rows) => rows,
        (e: unknown) => (e as DatabaseError).code,
      );
      expect([[{ one: 1 }], 'DATABASE_UNAVAILABLE']).toContainEqual(outcome);
      expect(await late.query('select 1 as one')).toEqual([{ one: 1 }]);
    } finally {
      await late.close();
      await new Promise<void>((r) => proxy.close(() => r()));
      for (const s of sockets) s.destroy();
    }
    // Nothing listens at all: a coded error after the (short) start-up budget, not a hang or a raw ECONNREFUSED.
    const error = await createDb({ url: url.toString(), connectTimeoutMs: 500, onConnectionProblem: () => {} }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DatabaseError);
    expect(error).toMatchObject({ code: 'DATABASE_UNAVAILABLE', status: 503, retryable: true });
    expect((error as Error).message).toMatch(/^cannot reach the database after \d+ attempts: .*ECONNREFUSED/);
  }, 60_000);

  it('statement timeout: a statement running past DB_STATEMENT_TIMEOUT_MS is cancelled as QUERY_TIMEOUT', async () => {
    const short = await createDb({ url: db.url!, statementTimeoutMs: 100 });
    try {
      await expect(short.query('select pg_sleep(2)')).rejects.toMatchObject({ code: 'QUERY_TIMEOUT', status: 503 });
      expect(await short.query('select 1 as one')).toEqual([{ one: 1 }]);
    } finally {
      await short.close();
    }
  });

  it('/readyz is 503 naming the check when a migration is missing', async () => {
    const [row] = await db.query<{ created_at: string }>(
      'select created_at::text from drizzle.__drizzle_migrations order by created_at desc limit 1',
    );
    await db.query('delete from drizzle.__drizzle_migrations where created_at = $1', [row!.created_at]);
    const ready = await fetch(`${base}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([
      503,
      { status: 'not ready', checks: { database: 'ok', migrations: '1 pending' } },
    ]);
  });
});
