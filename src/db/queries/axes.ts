import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { axisDef, type AxisId, type ValueTable } from '../../axes/registry.js';
import {
  benchmarks,
  domains,
  images,
  imageSets,
  imageSetSourceDatasets,
  modalities,
  organisms,
  scales,
  sourceDatasets,
  stains,
  subdomains,
  submodalities,
  tasks,
  taxonomyGroups,
} from '../schema/index.js';

/**
 * The SQL of every axis in the registry (src/axes/registry.ts), over a relation aliased `images`: the `images`
 * table itself (facets, image filters) or a results source exposing the same column names (the rollup, or the
 * question-level join, which add `question_type`, `gold`, `template`). A fixed, reviewed table: a client only
 * ever picks an entry, never supplies SQL; keys hold no bound parameters, so the same fragment can appear in
 * GROUP BY GROUPING SETS and in GROUPING().
 */
export type AxisSql = {
  /**
   * The axis value of a row: a value id for taxonomy axes, the literal otherwise. Parent axes roll up their
   * child (`coalesce(own, child's parent)`), so facets, filters and results apply one rule. For multi-valued
   * axes: the value of one expanded row (a column of `expand`).
   */
  value: SQL;
  /** Multi-valued axes: a lateral row source `… as alias(v, ord)`, one row per value, `ord` counting from 1. */
  expand?: SQL;
  /** Ordinal of an expanded row (rows with ord > 1 repeat the same counts). */
  ord?: SQL;
  /**
   * The filter conditions "the value is in (subquery of ids)" and "has a value", where `value in (…)` /
   * `value is not null` would not do: multi-valued axes (some value), or the same rule as a semi-join the planner
   * can run on an index. The per-axis tests (src/results/axes.int.test.ts) hold both forms to the same counts.
   */
  match?: (valueIds: SQL) => SQL;
  present?: SQL;
};

type NamedTable = AnyPgColumn['table'] & { id: AnyPgColumn; slug: AnyPgColumn; name: AnyPgColumn };

/** The table of each taxonomy axis's values (`id`, `slug`, `name`). */
export const valueTables: Record<ValueTable, NamedTable> = {
  benchmarks,
  domains,
  subdomains,
  modalities,
  submodalities,
  stains,
  organisms,
  scales,
  sourceDatasets,
  tasks,
  taxonomyGroups,
  imageSets,
};

/**
 * A parent axis: `coalesce(own, the child's parent)`, so an image with only a child value counts for (and
 * matches) the child's parent. `match` and `present` state the same rule in a form the planner can run as
 * semi-joins on the image columns' indexes.
 */
function rolledUp(own: AnyPgColumn, child: AnyPgColumn, childTable: NamedTable, parentOfChild: AnyPgColumn): AxisSql {
  return {
    value: sql`coalesce(${own}, (select ${parentOfChild} from ${childTable} where ${childTable.id} = ${child}))`,
    match: (v) =>
      sql`(${own} in (${v}) or (${own} is null and ${child} in (select ${childTable.id} from ${childTable} where ${parentOfChild} in (${v}))))`,
    present: sql`(${own} is not null or ${child} is not null)`,
  };
}

/** An axis that is a function of the image's source dataset (`value` of it, as a semi-join for filters). */
function viaSourceDataset(value: SQL, datasetsWith: (v: SQL) => SQL, datasetsWithAny: SQL): AxisSql {
  return {
    value,
    match: (v) => sql`${images.sourceDatasetId} in (${datasetsWith(v)})`,
    present: sql`${images.sourceDatasetId} in (${datasetsWithAny})`,
  };
}

const taskOfImage = sql`(select ${sourceDatasets.taskId} from ${sourceDatasets} where ${sourceDatasets.id} = ${images.sourceDatasetId})`;
const datasetsOfTasks = (tasksWhere: SQL) =>
  sql`select ${sourceDatasets.id} from ${sourceDatasets} join ${tasks} on ${tasks.id} = ${sourceDatasets.taskId} where ${tasksWhere}`;

export const axisSql: Record<AxisId, AxisSql> = {
  BENCHMARK: { value: sql`${images.benchmarkId}` },
  DOMAIN: rolledUp(images.domainId, images.subdomainId, subdomains, subdomains.domainId),
  SUBDOMAIN: { value: sql`${images.subdomainId}` },
  MODALITY: rolledUp(images.modalityId, images.submodalityId, submodalities, submodalities.modalityId),
  SUBMODALITY: { value: sql`${images.submodalityId}` },
  STAIN: { value: sql`${images.stainId}` },
  ORGANISM: { value: sql`${images.organismId}` },
  SCALE: { value: sql`${images.scaleId}` },
  SOURCE_DATASET: { value: sql`${images.sourceDatasetId}` },
  TASK: viaSourceDataset(taskOfImage, (v) => datasetsOfTasks(sql`${tasks.id} in (${v})`), datasetsOfTasks(sql`true`)),
  TAXONOMY_GROUP: viaSourceDataset(
    sql`(select ${tasks.taxonomyGroupId} from ${tasks} where ${tasks.id} = ${taskOfImage})`,
    (v) => datasetsOfTasks(sql`${tasks.taxonomyGroupId} in (${v})`),
    datasetsOfTasks(sql`${tasks.taxonomyGroupId} is not null`),
  ),
  IMAGE_SET: {
    value: sql`ax_image_set.v`,
    expand: sql`(select ${imageSets.id} as v, row_number() over (order by ${imageSets.slug}) as ord
      from ${imageSetSourceDatasets} join ${imageSets} on ${imageSets.id} = ${imageSetSourceDatasets.imageSetId}
      where ${imageSetSourceDatasets.sourceDatasetId} = ${images.sourceDatasetId}) as ax_image_set`,
    ord: sql`ax_image_set.ord`,
    match: (v) =>
      sql`${images.sourceDatasetId} in (select ${imageSetSourceDatasets.sourceDatasetId} from ${imageSetSourceDatasets} where ${imageSetSourceDatasets.imageSetId} in (${v}))`,
    present: sql`${images.sourceDatasetId} in (select ${imageSetSourceDatasets.sourceDatasetId} from ${imageSetSourceDatasets})`,
  },
  QUESTION_TYPE: { value: sql`images.question_type` },
  TEMPLATE: { value: sql`images.template` },
  LICENSE: { value: sql`${images.license}` },
  SYNTHETIC: { value: sql`${images.synthetic}` },
  NORMAL_ABNORMAL: { value: sql`${images.normalAbnormal}` },
  LABEL_NAME: {
    value: sql`ax_label_name.v`,
    expand: sql`unnest(${images.labelNames}) with ordinality as ax_label_name(v, ord)`,
    ord: sql`ax_label_name.ord`,
  },
  INSTITUTION: {
    value: sql`ax_institution.v`,
    expand: sql`unnest(${images.institutions}) with ordinality as ax_institution(v, ord)`,
    ord: sql`ax_institution.ord`,
  },
  PMID: { value: sql`${images.pmid}` },
  SPLIT: { value: sql`${images.split}` },
};

/** The value table of a taxonomy axis, or null for literal axes. */
export function valueTableOf(axis: AxisId): NamedTable | null {
  const values = axisDef(axis).values;
  return values ? valueTables[values.table] : null;
}

/**
 * Filter condition "the axis value is one of the ids `valueIds` selects" (taxonomy axes): the axis value, or
 * for multi-valued axes some value. Parents match their children's items (the value rolls up).
 */
export function axisMatches(axis: AxisId, valueIds: SQL): SQL {
  const s = axisSql[axis];
  return s.match ? s.match(valueIds) : sql`${s.value} in (${valueIds})`;
}

/** Filter condition "the item has a value on the axis". */
export function axisPresent(axis: AxisId): SQL {
  const s = axisSql[axis];
  return s.present ?? sql`${s.value} is not null`;
}

/** LATERAL joins expanding the rows of multi-valued axes among `axes` (inner: items without a value drop out). */
export function expandJoin(axis: AxisId, kind: 'inner' | 'left'): SQL {
  const e = axisSql[axis].expand;
  if (!e) return sql``;
  return kind === 'inner' ? sql` cross join lateral ${e}` : sql` left join lateral ${e} on true`;
}
