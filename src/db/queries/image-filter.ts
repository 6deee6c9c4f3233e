import { and, gt, gte, inArray, isNotNull, isNull, lt, lte, not, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { axisDef, axisIds, type AxisId, type axisRegistry } from '../../axes/registry.js';
import { isFloat4 } from '../schema/columns.js';
import { idSchema } from '../../ids.js';
import { images, normalAbnormalValues } from '../schema/index.js';
import { axisMatches, axisPresent, valueTableOf } from './axes.js';

/** Largest list accepted anywhere in a filter, and deepest `and`/`or`/`not` nesting. */
export const FILTER_MAX_LIST = 10_000;
export const FILTER_MAX_DEPTH = 8;

const id = idSchema;
const list = <T extends z.ZodType>(item: T) => z.array(item).max(FILTER_MAX_LIST).nullish();
const flag = z.boolean().nullish();

const valueRefs = z
  .object({ in: list(id), notIn: list(id), slugIn: list(z.string()), slugNotIn: list(z.string()), isNull: flag })
  .nullish();
const stringValues = z.object({ in: list(z.string()), notIn: list(z.string()), isNull: flag }).nullish();
// Compared with `real` columns: a bound beyond float4's range would be a driver error, not an empty result.
const finite = z.number().finite().refine(isFloat4, 'out of range for a float4 (real) column').nullish();
const floatRange = z.object({ gte: finite, gt: finite, lte: finite, lt: finite }).nullish();
const int = z.number().int().nullish();
const intRange = z.object({ gte: int, gt: int, lte: int, lt: int }).nullish();

export type ValueRefs = z.infer<typeof valueRefs>;
export type StringValues = z.infer<typeof stringValues>;
type Range = { gte?: number | null; gt?: number | null; lte?: number | null; lt?: number | null } | null | undefined;

/** The filter fields that select taxonomy values by id or slug (the registry's taxonomy axes with a filter field). */
export const filterAxes = axisIds.flatMap((axis) => {
  const def = axisDef(axis);
  return def.values && def.filter ? [{ axis, field: def.filter as FilterAxis }] : [];
});
export type FilterAxis = {
  [K in AxisId]: (typeof axisRegistry)[K]['values'] extends null ? never : (typeof axisRegistry)[K]['filter'];
}[AxisId] &
  string;

/** A validated image filter (the GraphQL `ImageFilter` after zod): ids are numbers, lists bounded. */
export type ImageFilterSpec = { [K in FilterAxis]?: ValueRefs } & {
  ids?: number[] | null;
  sourceImageIds?: string[] | null;
  micronsPerPixel?: Range;
  width?: Range;
  height?: Range;
  synthetic?: boolean | null;
  license?: StringValues;
  institution?: StringValues;
  pmid?: StringValues;
  labelName?: StringValues;
  normalAbnormal?: ('normal' | 'abnormal')[] | null;
  split?: string[] | null;
  and?: ImageFilterSpec[] | null;
  or?: ImageFilterSpec[] | null;
  not?: ImageFilterSpec | null;
};

/**
 * zod schema of `ImageFilter` (GraphQL input → `ImageFilterSpec`). Issue paths are relative to the filter, so
 * callers prefix the argument name (`filter.modality.in.0: expected a numeric id`).
 */
export const imageFilterSchema: z.ZodType<ImageFilterSpec, unknown> = z.lazy(() =>
  z.object({
    ids: list(id),
    sourceImageIds: list(z.string()),
    ...(Object.fromEntries(filterAxes.map(({ field }) => [field, valueRefs])) as Record<FilterAxis, typeof valueRefs>),
    micronsPerPixel: floatRange,
    width: intRange,
    height: intRange,
    synthetic: flag,
    license: stringValues,
    institution: stringValues,
    pmid: stringValues,
    labelName: stringValues,
    normalAbnormal: list(z.enum(normalAbnormalValues)),
    split: list(z.string()),
    and: list(imageFilterSchema),
    or: list(imageFilterSchema),
    not: imageFilterSchema.nullish(),
  }),
);

/** Depth of `and`/`or`/`not` nesting (0 for a flat filter). */
export function filterDepth(filter: ImageFilterSpec | null | undefined): number {
  if (!filter) return 0;
  const children = [...(filter.and ?? []), ...(filter.or ?? []), ...(filter.not ? [filter.not] : [])];
  return children.length ? 1 + Math.max(...children.map(filterDepth)) : 0;
}

type ValueTable = { id: AnyPgColumn; slug: AnyPgColumn };

const nonEmpty = <T>(values: T[] | null | undefined): values is T[] => !!values && values.length > 0;
const isTrue = (condition: SQL) => sql`coalesce(${condition}, false)`;

/**
 * The values named by ids and/or slugs, as the right-hand side of `in (…)`: the ids themselves when no slug is
 * named (bound parameters the planner estimates from the column's statistics), else a subquery of the value table.
 * Undefined when nothing is named (an empty list: matches nothing).
 */
function valueIds(
  table: ValueTable,
  ids: number[] | null | undefined,
  slugs: string[] | null | undefined,
): SQL | undefined {
  if (!nonEmpty(slugs)) {
    return nonEmpty(ids)
      ? sql.join(
          ids.map((id) => sql`${id}`),
          sql`, `,
        )
      : undefined;
  }
  const named = or(nonEmpty(ids) ? inArray(table.id, ids) : undefined, inArray(table.slug, slugs));
  return sql`select ${table.id} from ${table} where ${named}`;
}

/**
 * Selects images by the values of a taxonomy axis: the axis value as facets and results group it (src/db/queries/
 * axes.ts), so a parent matches images that only carry one of its children. Positive conditions are left bare
 * (`x in (…)`, a NULL comparison filters the row out just as false does, and the planner can estimate them); only a
 * negated one needs `coalesce(…, false)` so that `not` keeps the rows whose comparison is NULL. Every `not` of the
 * compiler coalesces its operand, so a bare condition under it means the same.
 */
function axisWhere(axis: AxisId, refs: NonNullable<ValueRefs>): SQL | undefined {
  const table = valueTableOf(axis)!;
  const present = axisPresent(axis);
  const parts: (SQL | undefined)[] = [];
  if (refs.in || refs.slugIn) {
    const named = valueIds(table, refs.in, refs.slugIn);
    parts.push(named ? axisMatches(axis, named) : sql`false`);
  }
  const excluded = valueIds(table, refs.notIn, refs.slugNotIn);
  if (excluded) parts.push(not(isTrue(axisMatches(axis, excluded))));
  if (refs.isNull != null) parts.push(refs.isNull ? not(isTrue(present)) : present);
  return and(...parts);
}

function rangeWhere(column: AnyPgColumn, range: Range): SQL | undefined {
  if (!range) return undefined;
  return and(
    range.gte != null ? gte(column, range.gte) : undefined,
    range.gt != null ? gt(column, range.gt) : undefined,
    range.lte != null ? lte(column, range.lte) : undefined,
    range.lt != null ? lt(column, range.lt) : undefined,
  );
}

function scalarWhere(column: AnyPgColumn, values: StringValues): SQL | undefined {
  if (!values) return undefined;
  return and(
    values.in ? (values.in.length ? inArray(column, values.in) : sql`false`) : undefined,
    nonEmpty(values.notIn) ? not(isTrue(inArray(column, values.notIn))) : undefined,
    values.isNull != null ? (values.isNull ? isNull(column) : isNotNull(column)) : undefined,
  );
}

const textArray = (values: string[]) =>
  sql`array[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`;

/** Values in a `text[]` column: `in` matches when the arrays overlap. */
function arrayWhere(column: AnyPgColumn, values: StringValues): SQL | undefined {
  if (!values) return undefined;
  return and(
    values.in ? (values.in.length ? sql`${column} && ${textArray(values.in)}` : sql`false`) : undefined,
    nonEmpty(values.notIn) ? sql`not (${column} && ${textArray(values.notIn)})` : undefined,
    values.isNull != null ? sql`cardinality(${column}) ${values.isNull ? sql`=` : sql`>`} 0` : undefined,
  );
}

/**
 * Compiles an image filter to a condition over the `images` table (other tables only in subqueries), or
 * undefined when it selects every image. Use it as `.where(imageFilterWhere(filter))` on a query whose FROM is
 * the unaliased `images` table. Null / absent fields do not constrain; an empty `in` list matches nothing.
 */
export function imageFilterWhere(filter: ImageFilterSpec | null | undefined): SQL | undefined {
  if (!filter) return undefined;
  const parts: (SQL | undefined)[] = [];
  if (filter.ids) parts.push(filter.ids.length ? inArray(images.id, filter.ids) : sql`false`);
  if (filter.sourceImageIds)
    parts.push(filter.sourceImageIds.length ? inArray(images.sourceImageId, filter.sourceImageIds) : sql`false`);
  for (const { axis, field } of filterAxes) {
    const refs = filter[field];
    if (refs) parts.push(axisWhere(axis, refs));
  }
  parts.push(rangeWhere(images.micronsPerPixel, filter.micronsPerPixel));
  parts.push(rangeWhere(images.width, filter.width));
  parts.push(rangeWhere(images.height, filter.height));
  if (filter.synthetic != null) parts.push(sql`${images.synthetic} = ${filter.synthetic}`);
  parts.push(scalarWhere(images.license, filter.license));
  parts.push(scalarWhere(images.pmid, filter.pmid));
  parts.push(arrayWhere(images.institutions, filter.institution));
  parts.push(arrayWhere(images.labelNames, filter.labelName));
  if (filter.normalAbnormal)
    parts.push(filter.normalAbnormal.length ? inArray(images.normalAbnormal, filter.normalAbnormal) : sql`false`);
  if (filter.split) parts.push(filter.split.length ? inArray(images.split, filter.split) : sql`false`);
  for (const child of filter.and ?? []) parts.push(imageFilterWhere(child));
  if (filter.or) parts.push(or(...filter.or.map((child) => imageFilterWhere(child) ?? sql`true`)) ?? sql`false`);
  if (filter.not) parts.push(not(isTrue(imageFilterWhere(filter.not) ?? sql`true`)));
  return and(...parts);
}
