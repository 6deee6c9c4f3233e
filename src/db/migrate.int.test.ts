import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, testDriver, type TestDb } from '../test-utils/db.js';

describe(`migrations (${testDriver})`, () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => t?.destroy());

  it('creates every table and the vector extension', async () => {
    const tables = await t.query<{ table_name: string }>(
      `select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    );
    expect(tables.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(['images', 'questions', 'runs', 'predictions', 'image_embeddings', 'text_embeddings']),
    );
    const ext = await t.query<{ extname: string }>(`select extname from pg_extension where extname = 'vector'`);
    expect(ext).toEqual([{ extname: 'vector' }]);
  });

  it('computes cosine distance on an untyped vector column', async () => {
    const rows = await t.query<{ d: number }>(`select ('[1,0]'::vector <=> '[0,1]'::vector) as d`);
    expect(Number(rows[0]!.d)).toBeCloseTo(1, 6);
  });
});
