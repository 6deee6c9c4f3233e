import { and, gt, gte, inArray, isNotNull, isNull, lt, lte, not, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import {
  benchmarks,
  domains,
  images,
  imageSets,
  imageSetSourceDatasets,
  modalities,
  normalAbnormalValues,
  organisms,
  scales,
  sourceDatasets,
  stains,
  subdomains,
  submodalities,
  tasks,
  taxonomyGroups,
} from '../schema/index.js';
import { idSchema } from '../../ids.js';

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
const finite = z.number().finite().nullish();
const floatRange = z.object({ gte: finite, gt: finite, lte: finite, lt: finite }).nullish();
const int = z.number().int().nullish();
const intRange = z.object({ gte: int, gt: int, lte: int, lt: int }).nullish();

export type ValueRefs = z.infer<typeof valueRefs>;
export type StringValues = z.infer<typeof stringValues>;
type Range = { gte?: number | null; gt?: number | null; lte?: number | null; lt?: number | null } | null | undefined;

/** The taxonomy axes a filter can select by id or slug. */
export const filterAxes = [
  'benchmark',
  'domain',
  'subdomain',
  'modality',
  'submodality',
  'stain',
  'organism',
  'scale',
  'sourceDataset',
  'task',
  'taxonomyGroup',
  'imageSet',
] as const;
export type FilterAxis = (typeof filterAxes)[number];

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
    ...(Object.fromEntries(filterAxes.map((axis) => [axis, valueRefs])) as Record<FilterAxis, typeof valueRefs>),
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

/**
 * How each axis selects images, given a subquery of matching value ids: a fixed, reviewed table, so user input
 * only ever becomes bound parameters. `present` says the image has some value on the axis.
 */
const axisSpecs: Record<FilterAxis, { table: ValueTable; match(valueIds: SQL): SQL; present: SQL }> = {
  benchmark: {
    table: benchmarks,
    match: (v) => sql`${images.benchmarkId} in (${v})`,
    present: sql`true`,
  },
  domain: {
    table: domains,
    // A domain matches its subdomains' images even where the image's own domain_id is unset.
    match: (v) =>
      sql`(${images.domainId} in (${v}) or ${images.subdomainId} in (select ${subdomains.id} from ${subdomains} where ${subdomains.domainId} in (${v})))`,
    present: sql`(${images.domainId} is not null or ${images.subdomainId} is not null)`,
  },
  subdomain: {
    table: subdomains,
    match: (v) => sql`${images.subdomainId} in (${v})`,
    present: sql`${images.subdomainId} is not null`,
  },
  modality: {
    table: modalities,
    match: (v) =>
      sql`(${images.modalityId} in (${v}) or ${images.submodalityId} in (select ${submodalities.id} from ${submodalities} where ${submodalities.modalityId} in (${v})))`,
    present: sql`(${images.modalityId} is not null or ${images.submodalityId} is not null)`,
  },
  submodality: {
    table: submodalities,
    match: (v) => sql`${images.submodalityId} in (${v})`,
    present: sql`${images.submodalityId} is not null`,
  },
  stain: { table: stains, match: (v) => sql`${images.stainId} in (${v})`, present: sql`${images.stainId} is not null` },
  organism: {
    table: organisms,
    match: (v) => sql`${images.organismId} in (${v})`,
    present: sql`${images.organismId} is not null`,
  },
  scale: { table: scales, match: (v) => sql`${images.scaleId} in (${v})`, present: sql`${images.scaleId} is not null` },
  sourceDataset: {
    table: sourceDatasets,
    match: (v) => sql`${images.sourceDatasetId} in (${v})`,
    present: sql`${images.sourceDatasetId} is not null`,
  },
  task: {
    table: tasks,
    match: (v) =>
      sql`${images.sourceDatasetId} in (select ${sourceDatasets.id} from ${sourceDatasets} where ${sourceDatasets.taskId} in (${v}))`,
    present: sql`${images.sourceDatasetId} in (select ${sourceDatasets.id} from ${sourceDatasets} where ${sourceDatasets.taskId} is not null)`,
  },
  taxonomyGroup: {
    table: taxonomyGroups,
    match: (v) =>
      sql`${images.sourceDatasetId} in (select ${sourceDatasets.id} from ${sourceDatasets} join ${tasks} on ${tasks.id} = ${sourceDatasets.taskId} where ${tasks.taxonomyGroupId} in (${v}))`,
    present: sql`${images.sourceDatasetId} in (select ${sourceDatasets.id} from ${sourceDatasets} join ${tasks} on ${tasks.id} = ${sourceDatasets.taskId} where ${tasks.taxonomyGroupId} is not null)`,
  },
  imageSet: {
    table: imageSets,
    match: (v) =>
      sql`${images.sourceDatasetId} in (select ${imageSetSourceDatasets.sourceDatasetId} from ${imageSetSourceDatasets} where ${imageSetSourceDatasets.imageSetId} in (${v}))`,
    present: sql`${images.sourceDatasetId} in (select ${imageSetSourceDatasets.sourceDatasetId} from ${imageSetSourceDatasets})`,
  },
};

const nonEmpty = <T>(values: T[] | null | undefined): values is T[] => !!values && values.length > 0;
const isTrue = (condition: SQL) => sql`coalesce(${condition}, false)`;

/** Subquery of the ids of `table` rows named by ids and/or slugs. */
function valueIds(table: ValueTable, ids: number[] | null | undefined, slugs: string[] | null | undefined): SQL {
  const named = or(
    nonEmpty(ids) ? inArray(table.id, ids) : undefined,
    nonEmpty(slugs) ? inArray(table.slug, slugs) : undefined,
  );
  return sql`select ${table.id} from ${table} where ${named ?? sql`false`}`;
}

function axisWhere(axis: FilterAxis, refs: NonNullable<ValueRefs>): SQL | undefined {
  const spec = axisSpecs[axis];
  const parts: (SQL | undefined)[] = [];
  if (refs.in || refs.slugIn) parts.push(isTrue(spec.match(valueIds(spec.table, refs.in, refs.slugIn))));
  if (nonEmpty(refs.notIn) || nonEmpty(refs.slugNotIn))
    parts.push(not(isTrue(spec.match(valueIds(spec.table, refs.notIn, refs.slugNotIn)))));
  if (refs.isNull != null) parts.push(refs.isNull ? not(isTrue(spec.present)) : isTrue(spec.present));
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
  for (const axis of filterAxes) {
    const refs = filter[axis];
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
