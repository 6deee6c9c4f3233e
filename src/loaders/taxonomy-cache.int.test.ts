import { getTableName } from 'drizzle-orm';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createDb, type DbHandle, type ListenEvent } from '../db/client.js';
import { cachedTaxonomyTables, tablesById } from '../db/queries/taxonomy.js';
import { imageSetSourceDatasets } from '../db/schema/index.js';
import { createTestServer } from '../graphql/testing.js';
import { StatementCounter, createTestDb, testDriver, type TestDb } from '../test-utils/db.js';
import { factories } from '../test-utils/factories.js';
import { TaxonomyCache, taxonomyCacheFor } from './taxonomy-cache.js';

let db: TestDb;
/** A second runtime on the same database: its own handle (pool, listening connection) on PostgreSQL. */
let other: DbHandle & { counter: StatementCounter };
let stainId: number;

beforeAll(async () => {
  db = await createTestDb();
  const f = factories(db.db);
  const stain = await f.newStain({ name: 'Stain before' });
  stainId = stain.id;
  await f.newImage({ stainId });
  if (testDriver === 'postgres') {
    const counter = new StatementCounter();
    other = { ...(await createDb({ url: db.url!, logger: counter })), counter };
  } else {
    // PGlite is one process (its data directory is locked): the second runtime shares the handle.
    other = db;
  }
});
afterAll(async () => {
  if (other !== db) await other?.close();
  await db?.destroy();
});

test('every cached table announces its writes (a statement trigger per table, as migration 0008 creates)', async () => {
  const rows = await db.query<{ relname: string }>(
    `select c.relname from pg_trigger t join pg_class c on c.oid = t.tgrelid
     where t.tgname like '%\\_taxonomy\\_notify' order by 1`,
  );
  const expected = [
    ...cachedTaxonomyTables.map((t) => getTableName(tablesById[t])),
    getTableName(imageSetSourceDatasets),
  ];
  expect(rows.map((r) => r.relname)).toEqual(expected.sort());
});

const STAIN_OF_PAGE = `{ images(first: 1) { nodes { stain { id name } } } }`;

test('a write through one runtime reaches a second runtime on the same database within a bounded wait', async () => {
  const reader = await createTestServer(other);
  try {
    await taxonomyCacheFor(other).whenLive();
    const stainName = async () => {
      other.counter.reset();
      const r = await reader.exec(STAIN_OF_PAGE);
      expect(r.errors).toBeUndefined();
      return (r.data as { images: { nodes: { stain: { name: string } }[] } }).images.nodes[0]!.stain.name;
    };
    expect(await stainName()).toBe('Stain before');
    expect(await stainName()).toBe('Stain before');
    expect(other.counter.count).toBe(1); // warm: the page only

    // Raw SQL on the writer's handle: nothing in this process calls invalidate(); only the database tells.
    await db.query(`update stains set name = 'Stain after' where id = $1`, [stainId]);
    const deadline = Date.now() + 10_000;
    let seen = await stainName();
    while (seen !== 'Stain after' && Date.now() < deadline) {
      await sleep(20);
      seen = await stainName();
    }
    expect(seen).toBe('Stain after');
    // Warm again after the reload.
    await stainName();
    expect(other.counter.count).toBe(1);
  } finally {
    await reader.close();
  }
});

test('a snapshot is kept only while the listening connection is live, and never one a notification overtook', async () => {
  let emit: (event: ListenEvent) => void = () => undefined;
  const handle = {
    db: db.db,
    listen: (_channel: string, onEvent: (event: ListenEvent) => void) => {
      emit = onEvent;
      return async () => undefined;
    },
  };
  const cache = new TaxonomyCache(handle);
  // Not live: every call loads its own snapshot.
  await cache.current();
  await cache.current();
  expect(cache.loads).toBe(2);
  emit('ready');
  expect(cache.isLive).toBe(true);
  const first = await cache.current();
  expect(cache.current()).toBe(first); // kept: synchronous, no statement
  expect(cache.loads).toBe(3);
  // A notification drops it.
  emit('notify');
  const reloading = cache.current();
  expect(reloading).toBeInstanceOf(Promise);
  // A notification arriving while that load runs: its result serves the callers but is not kept.
  emit('notify');
  await reloading;
  expect(cache.current()).toBeInstanceOf(Promise);
  expect(cache.loads).toBe(5);
  await sleep(0);
  // Lost: nothing kept until ready again.
  emit('lost');
  await cache.current();
  expect(cache.current()).toBeInstanceOf(Promise);
});
