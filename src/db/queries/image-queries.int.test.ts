import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDb, testDriver, type TestDb } from '../../test-utils/db.js';
import { factories } from '../../test-utils/factories.js';
import type { ImageFilterSpec } from './image-filter.js';
import { cursorOf, imageOrders, listImages, type ImageRow } from './images.js';

/*
 * The filter compiler's ranges and every image ordering against real PostgreSQL semantics, with expectations
 * computed here in plain TypeScript from the rows (never from SQL). The data put rows on every boundary value,
 * ties and nulls, so an inclusive bound compiled as an exclusive one (`lte` as `<`), or a descending order
 * compiled ascending, changes an answer.
 */

type Dims = { micronsPerPixel: number | null; width: number; height: number; sourceImageId: string };
const specs: Dims[] = [
  { micronsPerPixel: 0.5, width: 224, height: 224, sourceImageId: 'e' },
  { micronsPerPixel: 0.25, width: 512, height: 224, sourceImageId: 'b' },
  { micronsPerPixel: null, width: 100, height: 224, sourceImageId: 'a' },
  { micronsPerPixel: 2, width: 224, height: 768, sourceImageId: 'd' },
  { micronsPerPixel: 0.5, width: 224, height: 100, sourceImageId: 'c' },
  { micronsPerPixel: 1, width: 1024, height: 300, sourceImageId: 'f' },
];

describe(`image filter ranges and orderings (${testDriver})`, () => {
  let t: TestDb;
  let rows: ImageRow[];
  beforeAll(async () => {
    t = await createTestDb();
    const f = factories(t.db);
    for (const s of specs) await f.newImage({ ...s, labelNames: [] });
    rows = await listImages(t.db, { order: 'ID_ASC', limit: 100 });
    expect(rows).toHaveLength(specs.length);
  });
  afterAll(async () => t?.destroy());

  const ops = {
    gte: (a: number, b: number) => a >= b,
    gt: (a: number, b: number) => a > b,
    lte: (a: number, b: number) => a <= b,
    lt: (a: number, b: number) => a < b,
  };
  const fields = ['micronsPerPixel', 'width', 'height'] as const;

  test.each(fields.flatMap((field) => (Object.keys(ops) as (keyof typeof ops)[]).map((op) => [field, op] as const)))(
    '%s %s includes or excludes the boundary as its name says',
    async (field, op) => {
      const values = [...new Set(specs.map((s) => s[field]).filter((v): v is number => v !== null))];
      for (const bound of [...values, Math.min(...values) - 1, Math.max(...values) + 1]) {
        const filter: ImageFilterSpec = { [field]: { [op]: bound } };
        const got = (await listImages(t.db, { filter, order: 'ID_ASC', limit: 100 })).map((r) => r.id);
        const want = rows.filter((r) => r[field] !== null && ops[op](r[field], bound)).map((r) => r.id);
        expect([field, op, bound, got]).toEqual([field, op, bound, want]);
      }
    },
  );

  test('bounds combine (a closed interval keeps both ends)', async () => {
    const got = await listImages(t.db, { filter: { width: { gte: 224, lte: 512 } }, order: 'ID_ASC', limit: 100 });
    expect(got.map((r) => r.width)).toEqual([224, 512, 224, 224]);
  });

  /**
   * The ordering's specification, read from its name (not from the code under test): key in the named
   * direction, nulls last either way, ties by id in the same direction.
   */
  const keyOfName = {
    ID: null,
    MICRONS_PER_PIXEL: 'micronsPerPixel',
    WIDTH: 'width',
    HEIGHT: 'height',
    SOURCE_IMAGE_ID: 'sourceImageId',
  } as const;
  const expectedOrder = (order: (typeof imageOrders)[number]) => {
    const key = keyOfName[order.replace(/_(ASC|DESC)$/, '') as keyof typeof keyOfName];
    const sign = order.endsWith('_DESC') ? -1 : 1;
    return [...rows]
      .sort((a, b) => {
        if (key) {
          const [x, y] = [a[key], b[key]];
          if (x === null && y !== null) return 1;
          if (y === null && x !== null) return -1;
          if (x !== null && y !== null && x !== y) return sign * (x < y ? -1 : 1);
        }
        return sign * (a.id - b.id);
      })
      .map((r) => r.id);
  };

  test.each(imageOrders)('%s lists every image in its order, also page by page through cursors', async (order) => {
    const all = (await listImages(t.db, { order, limit: 100 })).map((r) => r.id);
    expect(all).toEqual(expectedOrder(order));
    for (const size of [1, 2, 4]) {
      const walked: number[] = [];
      let after: ReturnType<typeof cursorOf> | undefined;
      for (let page = 0; page < 10; page++) {
        const got = await listImages(t.db, { order, after, limit: size });
        walked.push(...got.map((r) => r.id));
        if (got.length < size) break;
        after = cursorOf(got.at(-1)!, order);
      }
      expect([size, walked]).toEqual([size, all]);
    }
  });

  test('descending orderings really descend', () => {
    // Guards the expectation itself: HEIGHT_DESC starts at the tallest image (768), ID_DESC at the newest row.
    expect(rows.find((r) => r.id === expectedOrder('HEIGHT_DESC')[0])!.height).toBe(768);
    expect(expectedOrder('ID_DESC')[0]).toBe(Math.max(...rows.map((r) => r.id)));
  });
});
