import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestServer } from '../graphql/testing.js';
import { createTestDb, type TestDb } from '../test-utils/db.js';
import { factories } from '../test-utils/factories.js';

// `image(sourceImageId:)`: released ids are unique per benchmark only (the rule lives in src/catalog/images.ts).
let db: TestDb;
let t: Awaited<ReturnType<typeof createTestServer>>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  db = await createTestDb();
  t = await createTestServer(db);
  const f = factories(db.db);
  for (const slug of ['first', 'second']) {
    const revision = await f.newRevision({ benchmarkId: (await f.newBenchmark({ slug })).id });
    ids[slug] = String((await f.newImage({ revisionId: revision.id, sourceImageId: 'shared' })).id);
  }
  ids.only = String((await f.newImage({ sourceImageId: 'only-here' })).id);
});
afterAll(async () => {
  await t?.close();
  await db?.destroy();
});

const IMAGE = `query ($s: String!, $b: String) { image(sourceImageId: $s, benchmark: $b) { id benchmark { slug } } }`;

test('an id two benchmarks released is BAD_USER_INPUT on benchmark until one is named', async () => {
  const ambiguous = await t.exec(IMAGE, { s: 'shared' });
  expect(ambiguous.data).toEqual({ image: null });
  expect(ambiguous.errors).toMatchObject([
    { message: 'benchmark: 2 benchmarks have image shared: name one', extensions: { code: 'BAD_USER_INPUT' } },
  ]);
  expect(await t.exec(IMAGE, { s: 'shared', b: 'second' })).toEqual({
    data: { image: { id: ids.second, benchmark: { slug: 'second' } } },
  });
  expect((await t.exec(IMAGE, { s: 'only-here' })).data).toMatchObject({ image: { id: ids.only } });
  expect(await t.exec(IMAGE, { s: 'shared', b: 'nope' })).toEqual({ data: { image: null } });
  expect(await t.exec(IMAGE, { s: 'never-released' })).toEqual({ data: { image: null } });
});
