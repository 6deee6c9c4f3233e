import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, test } from 'vitest';
import { images } from '../schema/index.js';
import { filterDepth, imageFilterSchema, imageFilterWhere } from './image-filter.js';

const dialect = new PgDialect();
const render = (filter: unknown) => {
  const where = imageFilterWhere(imageFilterSchema.parse(filter));
  return where ? dialect.sqlToQuery(sql`select ${images.id} from ${images} where ${where}`) : undefined;
};

describe('imageFilterSchema', () => {
  test('normalises ids to numbers and keeps nesting', () => {
    expect(
      imageFilterSchema.parse({ stain: { in: ['3', 4] }, or: [{ synthetic: true }, { not: { ids: ['9'] } }] }),
    ).toEqual({ stain: { in: [3, 4] }, or: [{ synthetic: true }, { not: { ids: [9] } }] });
  });
  test('rejects non-numeric and out-of-range ids with the path', () => {
    const result = imageFilterSchema.safeParse({ and: [{ domain: { notIn: ['1', '99999999999'] } }] });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => [i.path, i.message])).toEqual([
      [['and', 0, 'domain', 'notIn', 1], 'expected a numeric id'],
    ]);
  });
  test('depth counts and/or/not nesting', () => {
    expect(filterDepth({})).toBe(0);
    expect(filterDepth({ or: [{ synthetic: true }, { and: [{ not: { synthetic: false } }] }] })).toBe(3);
  });
});

describe('imageFilterWhere', () => {
  test('an empty filter selects everything', () => {
    expect(render({})).toBeUndefined();
    expect(imageFilterWhere(undefined)).toBeUndefined();
  });
  test('user values only ever become bound parameters', () => {
    const hostile = `x'); drop table images; --`;
    const query = render({
      stain: { slugIn: [hostile] },
      license: { notIn: [hostile] },
      labelName: { in: [hostile] },
      sourceImageIds: [hostile],
    })!;
    expect(query.sql).not.toContain('drop table');
    expect(query.params).toEqual([hostile, hostile, hostile, hostile]);
  });
  test('the SQL of a filter over every kind of field is reviewable (snapshot)', async () => {
    const query = render({
      domain: { slugIn: ['pathology'], notIn: ['7'] },
      modality: { in: ['1'], isNull: false },
      task: { slugIn: ['white-blood-cell'] },
      taxonomyGroup: { slugNotIn: ['cognition'] },
      imageSet: { slugIn: ['pathology-he'] },
      micronsPerPixel: { gte: 0.25, lt: 1 },
      width: { gte: 224 },
      synthetic: false,
      license: { in: ['CC-BY-4.0'] },
      institution: { notIn: ['hosp_barcelona'] },
      labelName: { in: ['basophil'] },
      normalAbnormal: ['abnormal'],
      or: [{ stain: { slugIn: ['h-e'] } }, { not: { organism: { isNull: true } } }],
    })!;
    await expect(`${query.sql};\n-- params: ${JSON.stringify(query.params)}\n`).toMatchFileSnapshot(
      '__snapshots__/image-filter.sql',
    );
  });
});
