import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, test } from 'vitest';
import { FILTER_MAX_DEPTH, FILTER_MAX_LIST, filterDepth, imageFilterSchema, imageFilterWhere } from './image-filter.js';

/*
 * The filter compiler, field by field and branch by branch, as exact SQL text and bound parameters (the unit tier
 * that mutation testing runs; the semantics against PostgreSQL are in image-queries.int.test.ts and the GraphQL
 * image tests). Reading guide: `coalesce(x, false)` makes a NULL comparison false, so `not` of it keeps rows with
 * no value; an empty `in` list is `false` (matches nothing); absent fields add nothing.
 */
const dialect = new PgDialect();
const compile = (filter: unknown) => {
  const where = imageFilterWhere(imageFilterSchema.parse(filter));
  return where ? dialect.sqlToQuery(where) : undefined;
};

describe('imageFilterWhere compiles each field', () => {
  test.each([
    [
      { width: { gte: 1, gt: 2, lte: 3, lt: 4 } },
      '("images"."width" >= $1 and "images"."width" > $2 and "images"."width" <= $3 and "images"."width" < $4)',
      [1, 2, 3, 4],
    ],
    [
      { stain: { in: [3], slugIn: ['a'] } },
      '"images"."stain_id" in (select "stains"."id" from "stains" where ("stains"."id" in ($1) or "stains"."slug" in ($2)))',
      [3, 'a'],
    ],
    [{ stain: { in: [3, 4] } }, '"images"."stain_id" in ($1, $2)', [3, 4]],
    [{ stain: { notIn: [3] } }, 'not coalesce("images"."stain_id" in ($1), false)', [3]],
    [{ stain: { isNull: true } }, 'not coalesce("images"."stain_id" is not null, false)', []],
    [{ stain: { isNull: false } }, '"images"."stain_id" is not null', []],
    [{ license: { in: [] } }, 'false', []],
    [
      { license: { in: ['x'], notIn: ['y'], isNull: false } },
      '("images"."license" in ($1) and not coalesce("images"."license" in ($2), false) and "images"."license" is not null)',
      ['x', 'y'],
    ],
    [{ license: { isNull: true } }, '"images"."license" is null', []],
    [
      { labelName: { in: ['x'], notIn: ['y'], isNull: true } },
      '("images"."label_names" && array[$1]::text[] and not ("images"."label_names" && array[$2]::text[]) and cardinality("images"."label_names") = 0)',
      ['x', 'y'],
    ],
    [{ labelName: { in: [], isNull: false } }, '(false and cardinality("images"."label_names") > 0)', []],
    [{ ids: [] }, 'false', []],
    [{ ids: [5] }, '"images"."id" in ($1)', [5]],
    [{ sourceImageIds: [] }, 'false', []],
    [{ normalAbnormal: [] }, 'false', []],
    [{ split: [] }, 'false', []],
    [{ split: ['test'] }, '"images"."split" in ($1)', ['test']],
    [{ or: [] }, 'false', []],
    [{ or: [{}] }, 'true', []],
    [{ not: {} }, 'not coalesce(true, false)', []],
    [{ and: [{}, { synthetic: true }] }, '"images"."synthetic" = $1', [true]],
    [{ benchmark: { in: [1] } }, '"images"."benchmark_id" in ($1)', [1]],
    [{ subdomain: { in: [1] } }, '"images"."subdomain_id" in ($1)', [1]],
    [{ submodality: { in: [1] } }, '"images"."submodality_id" in ($1)', [1]],
    [{ organism: { isNull: true } }, 'not coalesce("images"."organism_id" is not null, false)', []],
    [{ scale: { isNull: true } }, 'not coalesce("images"."scale_id" is not null, false)', []],
    [{ sourceDataset: { isNull: true } }, 'not coalesce("images"."source_dataset_id" is not null, false)', []],
    [
      { task: { isNull: true } },
      'not coalesce("images"."source_dataset_id" in (select "source_datasets"."id" from "source_datasets" join "tasks" on "tasks"."id" = "source_datasets"."task_id" where true), false)',
      [],
    ],
    [
      { taxonomyGroup: { isNull: true } },
      'not coalesce("images"."source_dataset_id" in (select "source_datasets"."id" from "source_datasets" join "tasks" on "tasks"."id" = "source_datasets"."task_id" where "tasks"."taxonomy_group_id" is not null), false)',
      [],
    ],
    [
      { imageSet: { isNull: true } },
      'not coalesce("images"."source_dataset_id" in (select "image_set_source_datasets"."source_dataset_id" from "image_set_source_datasets"), false)',
      [],
    ],
    [
      { domain: { isNull: true } },
      'not coalesce(("images"."domain_id" is not null or "images"."subdomain_id" is not null), false)',
      [],
    ],
    [
      { modality: { isNull: true } },
      'not coalesce(("images"."modality_id" is not null or "images"."submodality_id" is not null), false)',
      [],
    ],
    [{ subdomain: { isNull: true } }, 'not coalesce("images"."subdomain_id" is not null, false)', []],
    [{ submodality: { isNull: true } }, 'not coalesce("images"."submodality_id" is not null, false)', []],
    [{ benchmark: { isNull: true } }, 'not coalesce("images"."benchmark_id" is not null, false)', []],
    [{ stain: { in: [] } }, 'false', []],
  ] as [unknown, string, unknown[]][])('%j', (filter, text, params) => {
    const q = compile(filter)!;
    expect(q.sql).toBe(text);
    expect(q.params).toEqual(params);
  });

  test('ANDs every field and nests and/or/not', () => {
    const q = compile({
      width: { lte: 10 },
      synthetic: false,
      or: [{ height: { gt: 5 } }, { not: { split: ['test'] } }],
    })!;
    expect(q.sql).toBe(
      '("images"."width" <= $1 and "images"."synthetic" = $2 and ("images"."height" > $3 or not coalesce("images"."split" in ($4), false)))',
    );
    expect(q.params).toEqual([10, false, 5, 'test']);
  });

  test('empty exclusion lists do not constrain; several array values are separated', () => {
    expect(compile({ stain: { notIn: [], slugNotIn: [] } })).toBeUndefined();
    expect(compile({ license: { notIn: [] } })).toBeUndefined();
    expect(compile({ labelName: { notIn: [] } })).toBeUndefined();
    expect(compile({ labelName: { in: ['x', 'y'] } })!.sql).toBe('"images"."label_names" && array[$1, $2]::text[]');
  });

  test('null and absent fields do not constrain', () => {
    expect(compile({})).toBeUndefined();
    expect(compile({ width: null, stain: null, license: null, synthetic: null, and: [] })).toBeUndefined();
    expect(compile({ width: {} })).toBeUndefined();
    expect(compile({ stain: {} })).toBeUndefined();
    expect(imageFilterWhere(null)).toBeUndefined();
  });
});

describe('imageFilterSchema and limits', () => {
  test('bounds lists and accepts ids as strings or numbers', () => {
    expect(FILTER_MAX_LIST).toBe(10_000);
    expect(FILTER_MAX_DEPTH).toBe(8);
    expect(imageFilterSchema.parse({ ids: ['1', 2] })).toEqual({ ids: [1, 2] });
    expect(imageFilterSchema.safeParse({ ids: Array.from({ length: 10_001 }, () => 1) }).success).toBe(false);
    expect(imageFilterSchema.safeParse({ ids: Array.from({ length: 10_000 }, () => 1) }).success).toBe(true);
  });
  test('ranges take finite numbers, integer ranges integers', () => {
    expect(imageFilterSchema.safeParse({ micronsPerPixel: { lte: 0.5 } }).success).toBe(true);
    expect(imageFilterSchema.safeParse({ micronsPerPixel: { lte: Number.POSITIVE_INFINITY } }).success).toBe(false);
    expect(imageFilterSchema.safeParse({ width: { gte: 1.5 } }).success).toBe(false);
    expect(imageFilterSchema.safeParse({ height: { lt: 3 } }).success).toBe(true);
    expect(imageFilterSchema.safeParse({ normalAbnormal: ['sideways'] }).success).toBe(false);
  });
  test('depth counts the deepest and/or/not branch', () => {
    expect(filterDepth(null)).toBe(0);
    expect(filterDepth({ width: { gt: 1 } })).toBe(0);
    expect(filterDepth({ and: [{}] })).toBe(1);
    expect(filterDepth({ or: [{}, { not: { not: {} } }] })).toBe(3);
    expect(filterDepth({ not: { and: [{ or: [{}] }] }, and: [{}] })).toBe(3);
  });
});
