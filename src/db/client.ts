import { mkdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { Logger } from 'drizzle-orm/logger';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { assertParameterCount, classifyDatabaseError, DatabaseError } from './errors.js';
import { lockDataDir } from './lock.js';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
/** The drizzle database, whichever driver is behind it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export type DbHandle = {
  db: Db;
  driver: 'pglite' | 'postgres';
  /** Runs raw SQL with positional parameters; returns plain rows. For hand-written, reviewed SQL only. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /**
   * Runs `fn` while holding a PostgreSQL session-level advisory lock (`pg_advisory_lock`) named by `key`, on one
   * dedicated connection, so that processes starting together (replicas on an empty database) take turns at
   * migrating and seeding. `fn` gets a drizzle database over that connection. On PGlite (one process) it just
   * runs `fn`.
   */
  exclusive<T>(key: string, fn: (db: Db) => Promise<T>): Promise<T>;
  /**
   * Subscribes to `NOTIFY` on `channel` (a constant of ours). `onEvent` hears `'ready'` once the subscription is
   * live (again: after a lost connection it reconnects with backoff), `'notify'` for each notification and `'lost'`
   * when the listening connection dropped (notifications may have been missed until the next `'ready'`).
   * PostgreSQL: one dedicated connection outside the pool per subscription; PGlite: its in-process `listen`.
   * Closed with the handle, or by the returned function.
   */
  listen(channel: string, onEvent: (event: ListenEvent) => void): () => Promise<void>;
  close(): Promise<void>;
};

export type ListenEvent = 'ready' | 'notify' | 'lost';

export type DbOptions = {
  /** PostgreSQL URL; when absent an embedded PGlite is used. */
  url?: string;
  /** PGlite data directory (created if missing, locked against a second process) or `memory://`. */
  pgliteDir?: string;
  logger?: Logger;
  /** node-postgres pool size. */
  poolSize?: number;
  /**
   * PostgreSQL `statement_timeout` in milliseconds for every pooled connection (0: none). A statement running
   * longer is cancelled by the server and the request fails with QUERY_TIMEOUT. Default 30 s.
   */
  statementTimeoutMs?: number;
  /**
   * How long start-up keeps trying to reach PostgreSQL (exponential backoff, 0.2 s doubling to 5 s) before it
   * gives up with DATABASE_UNAVAILABLE. Default 30 s. Errors that waiting cannot fix (bad password, no such
   * database) fail at once.
   */
  connectTimeoutMs?: number;
  /** Told about each failed start-up attempt and about lost idle connections. Default: one line on stderr. */
  onConnectionProblem?: (message: string) => void;
  /**
   * Told about errors of idle pooled connections (a server restart, failover or `pg_terminate_backend`). The pool
   * drops such a connection and opens a new one on the next query; without a listener node-postgres would raise
   * an unhandled 'error' event and end the process. Defaults to `onConnectionProblem`.
   */
  onIdleError?: (error: Error) => void;
};

export const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 30_000;

function reportOnStderr(message: string): void {
  process.stderr.write(`database: ${message}\n`);
}

/** Opens the database: node-postgres when `url` is given, otherwise PGlite with pgvector. */
export async function createDb(options: DbOptions): Promise<DbHandle> {
  if (options.url) return createPostgres(options.url, options);
  const dir = options.pgliteDir ?? 'memory://';
  const inMemory = dir.startsWith('memory://');
  if (!inMemory) mkdirSync(dir, { recursive: true });
  // One process at a time: a second one (the CLI while the server runs) would corrupt the data directory.
  const unlock = inMemory ? async () => undefined : await lockDataDir(dir);
  let client: PGlite;
  try {
    client = await PGlite.create(dir, { extensions: { vector } });
  } catch (error) {
    await unlock();
    throw error;
  }
  const db = drizzlePglite(client, { schema, logger: options.logger }) as unknown as Db;
  // PGlite shares the 65,535-parameter protocol limit; refuse before sending, as on PostgreSQL.
  guardMethod(client, 'query', (args) => assertParameterCount(args[1] as unknown[] | undefined));
  return {
    db,
    driver: 'pglite',
    async query(sql, params) {
      const result = await client.query(sql, params as unknown[]);
      return result.rows as never;
    },
    exclusive: (_key, fn) => fn(db),
    listen(channel, onEvent) {
      const subscribed = client
        .listen(channel, () => onEvent('notify'))
        .then((unlisten) => {
          onEvent('ready');
          return unlisten;
        });
      subscribed.catch(() => onEvent('lost'));
      return async () => {
        if (client.closed) return;
        await (
          await subscribed.catch(() => null)
        )?.();
      };
    },
    async close() {
      try {
        await client.close();
      } finally {
        await unlock();
      }
    },
  };
}

async function createPostgres(url: string, options: DbOptions): Promise<DbHandle> {
  const report = options.onConnectionProblem ?? reportOnStderr;
  const statementTimeout = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    // A connection that cannot be made in 10 s fails the request (DATABASE_UNAVAILABLE) instead of hanging it.
    connectionTimeoutMillis: 10_000,
    keepAlive: true,
    ...(statementTimeout > 0 ? { statement_timeout: statementTimeout } : {}),
  });
  pool.on('error', options.onIdleError ?? ((e) => report(`idle connection lost (${e.message}); it will be replaced`)));
  guardPool(pool);
  await waitForDatabase(pool, options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS, report);
  const db = drizzlePg(pool, { schema, logger: options.logger }) as unknown as Db;
  const listeners = new Set<() => Promise<void>>();
  return {
    db,
    driver: 'postgres',
    async query(sql, params) {
      const result = await pool.query(sql, params as unknown[]);
      return result.rows;
    },
    async exclusive(key, fn) {
      const client = await pool.connect();
      let healthy = true;
      try {
        // hashtext: a stable 32-bit key from the name; the name is ours (a constant), never user input.
        // Polled with short statements, not one blocking `pg_advisory_lock`: the holder may work for longer than
        // the statement timeout (a replica seeding an empty database for minutes), and a waiting replica must not
        // die of QUERY_TIMEOUT (faults/replicas.test.ts).
        for (;;) {
          const { rows } = await client.query<{ ok: boolean }>('select pg_try_advisory_lock(hashtext($1)) as ok', [
            `stratum:${key}`,
          ]);
          if (rows[0]?.ok) break;
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
        try {
          return await fn(drizzlePg(client, { schema, logger: options.logger }) as unknown as Db);
        } finally {
          await client.query('select pg_advisory_unlock(hashtext($1))', [`stratum:${key}`]).catch(() => {
            healthy = false;
          });
        }
      } catch (error) {
        healthy = healthy && !(error instanceof DatabaseError && error.code === 'DATABASE_UNAVAILABLE');
        throw error;
      } finally {
        // A connection whose unlock failed may still hold the lock: destroy it rather than pool it.
        client.release(healthy ? undefined : true);
      }
    },
    listen(channel, onEvent) {
      const stop = listenPostgres(url, channel, onEvent, report);
      listeners.add(stop);
      return () => {
        listeners.delete(stop);
        return stop();
      };
    },
    async close() {
      await Promise.all([...listeners].map((stop) => stop()));
      await pool.end();
    },
  };
}

/**
 * LISTEN on a dedicated connection, reconnecting with backoff (0.2 s doubling to 5 s) whenever it is lost.
 * The returned function stops it.
 */
function listenPostgres(
  url: string,
  channel: string,
  onEvent: (event: ListenEvent) => void,
  report: (message: string) => void,
): () => Promise<void> {
  let stopped = false;
  let current: pg.Client | null = null;
  let attempt = 0;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const connect = async () => {
    if (stopped) return;
    const client = new pg.Client({ connectionString: url, keepAlive: true, connectionTimeoutMillis: 10_000 });
    current = client;
    let lost = false;
    const onLost = (why: string) => {
      if (lost || stopped) return;
      lost = true;
      current = null;
      client.end().catch(() => undefined);
      onEvent('lost');
      const wait = Math.min(5_000, 200 * 2 ** attempt++);
      report(`listening connection lost (${why}); reconnecting in ${wait} ms`);
      retry = setTimeout(() => void connect(), wait);
      retry.unref();
    };
    client.on('error', (e) => onLost(e.message));
    client.on('end', () => onLost('ended'));
    client.on('notification', (n) => {
      if (n.channel === channel) onEvent('notify');
    });
    try {
      await client.connect();
      // The channel is a constant of ours, never user input.
      await client.query(`LISTEN ${channel}`);
      if (stopped || lost) return;
      attempt = 0;
      onEvent('ready');
    } catch (error) {
      onLost((error as Error).message);
    }
  };
  void connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    const client = current;
    current = null;
    await client?.end().catch(() => undefined);
  };
}

/**
 * Start-up: retries `select 1` with exponential backoff (0.2 s doubling to 5 s) while the database is unreachable
 * (starting, restarting, failing over), up to `timeoutMs`; then throws the last DATABASE_UNAVAILABLE error.
 */
async function waitForDatabase(pool: pg.Pool, timeoutMs: number, report: (message: string) => void): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    try {
      await pool.query('select 1');
      if (attempt > 1) report(`connected after ${attempt} attempts`);
      return;
    } catch (error) {
      if (!(error instanceof DatabaseError) || error.code !== 'DATABASE_UNAVAILABLE') throw error;
      const wait = Math.min(5_000, 200 * 2 ** (attempt - 1));
      const cause = (error.cause as Error | undefined)?.message ?? error.message;
      if (Date.now() + wait > deadline) {
        throw new DatabaseError(
          'DATABASE_UNAVAILABLE',
          `cannot reach the database after ${attempt} attempts: ${cause}`,
          {
            cause: error.cause,
          },
        );
      }
      report(`not reachable (${cause}); retrying in ${wait} ms`);
      await sleep(wait);
    }
  }
}

const guarded = Symbol('stratum.guarded');

/**
 * Routes every query of the pool (and of clients it hands out, as drizzle's transactions use) through the
 * parameter-count check and the error classification, so a lost connection surfaces as DATABASE_UNAVAILABLE
 * and a NUL byte as INVALID_VALUE, whatever code path issued the statement.
 */
function guardPool(pool: pg.Pool): void {
  guardMethod(pool, 'query', (args) => assertParameterCount(queryParams(args)));
  const connect = pool.connect.bind(pool) as (...args: unknown[]) => unknown;
  (pool as unknown as { connect: (...args: unknown[]) => unknown }).connect = (...args: unknown[]) => {
    // node-postgres' own `pool.query` connects with a callback: leave that path as it is.
    if (typeof args[0] === 'function') return connect(...args);
    return (connect() as Promise<pg.PoolClient>).then(
      (client) => {
        guardMethod(client, 'query', (qargs) => assertParameterCount(queryParams(qargs)));
        return client;
      },
      (error: unknown) => {
        throw classifyDatabaseError(error) ?? error;
      },
    );
  };
}

function queryParams(args: unknown[]): unknown[] | undefined {
  if (Array.isArray(args[1])) return args[1];
  const config = args[0] as { values?: unknown[] } | undefined;
  return config && typeof config === 'object' ? config.values : undefined;
}

/** Wraps a promise-returning `query` method once: a check before, classification of the rejection after. */
function guardMethod(target: object, name: 'query', before: (args: unknown[]) => void): void {
  const t = target as Record<string | symbol, unknown>;
  if (t[guarded]) return;
  t[guarded] = true;
  const original = (t[name] as (...args: unknown[]) => unknown).bind(target);
  t[name] = (...args: unknown[]) => {
    if (typeof args[args.length - 1] === 'function') return original(...args);
    before(args);
    const result = original(...args);
    if (!(result instanceof Promise)) return result;
    return result.catch((error: unknown) => {
      throw classifyDatabaseError(error) ?? error;
    });
  };
}
