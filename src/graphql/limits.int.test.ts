import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestDb, type TestDb } from '../test-utils/db.js';
import { createTestServer } from './testing.js';

let db: TestDb;
let t: Awaited<ReturnType<typeof createTestServer>>;

beforeAll(async () => {
  db = await createTestDb();
  t = await createTestServer(db);
});
afterAll(async () => {
  await t?.close();
  await db?.destroy();
});

const PAGE = `query ($first: Int, $after: String) { images(first: $first, after: $after) { nodes { id stain { slug } } } }`;
const cursor = (id: number) => Buffer.from(JSON.stringify({ o: 'ID_ASC', v: null, id })).toString('base64url');
const code = (r: { errors?: Record<string, unknown>[] }) =>
  (r.errors?.[0]?.extensions as { code?: string } | undefined)?.code;

test('the cost cache of a repeated document keys on every variable but cursors', async () => {
  // The same document (one parsed object), alternately cheap and over MAX_COST by `first`, with changing cursors.
  for (let i = 1; i <= 3; i++) {
    expect(code(await t.exec(PAGE, { first: 10, after: cursor(i) }))).toBeUndefined();
    expect(code(await t.exec(PAGE, { first: 100_000, after: cursor(i) }))).toBe('QUERY_TOO_COMPLEX');
  }
  // A variable used as a cursor and elsewhere still counts.
  const both = `query ($n: Int) { images(first: $n) { nodes { id } } } `;
  expect(code(await t.exec(both, { n: 5 }))).toBeUndefined();
  expect(code(await t.exec(both, { n: 1_000_000 }))).toBe('QUERY_TOO_COMPLEX');
});

test('a NUL in a string literal is refused on every request of a repeated document', async () => {
  const q = `{ images(filter: { sourceImageIds: ["a\\u0000b"] }) { totalCount } }`;
  for (let i = 0; i < 2; i++) expect(code(await t.exec(q))).toBe('BAD_USER_INPUT');
});
