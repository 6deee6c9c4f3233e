import { sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { facetAxes, type FacetAxis } from '../../axes/registry.js';
import { images } from '../schema/index.js';
import { axisSql, expandJoin, valueTableOf } from './axes.js';
import { imageFilterWhere, type ImageFilterSpec } from './image-filter.js';

/** A facet axis (the GraphQL `Axis` enum): the registry's facet axes. */
export type AxisName = FacetAxis;
export const axisNames = facetAxes;

export type FacetCount = { axis: AxisName; key: string | null; count: number };

/**
 * Image counts per value of each axis under `filter`, in one statement (a UNION ALL of one GROUP BY per axis).
 * Keys are text: value ids on taxonomy axes, literal values otherwise (`true`/`false` for SYNTHETIC); a null key
 * counts images without a value (single-valued axes only). Sorted by count descending, then key.
 */
export async function countImagesByAxes(
  db: Db,
  axes: readonly AxisName[],
  filter: ImageFilterSpec | undefined,
): Promise<FacetCount[]> {
  const unique = [...new Set(axes)];
  if (!unique.length) return [];
  const where = imageFilterWhere(filter);
  const branches = unique.map(
    (axis) =>
      sql`(select ${axis}::text as axis, (${axisSql[axis].value})::text as key, count(*)::int as count from ${images}${expandJoin(
        axis,
        'inner',
      )} ${where ? sql`where ${where}` : sql``} group by 2)`,
  );
  const result = await db.execute<{ axis: AxisName; key: string | null; count: number }>(
    sql.join(branches, sql` union all `),
  );
  const rows = (Array.isArray(result) ? result : (result as { rows: FacetCount[] }).rows) as FacetCount[];
  return rows
    .map((r) => ({ axis: r.axis, key: r.key, count: Number(r.count) }))
    .sort(
      (a, b) =>
        unique.indexOf(a.axis) - unique.indexOf(b.axis) ||
        b.count - a.count ||
        (a.key ?? '\uffff').localeCompare(b.key ?? '\uffff', 'en', { numeric: true }),
    );
}

/** Number of images matching `filter`. */
export async function countImages(db: Db, filter: ImageFilterSpec | undefined): Promise<number> {
  const where = imageFilterWhere(filter);
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(images)
    .where(where);
  return Number(row?.count ?? 0);
}

/**
 * Image counts per value of each axis, by display name (`stratum db status`): taxonomy values by name, literals
 * as text, `(none)` for images without a value. One statement; sorted by count descending, then name.
 */
export async function countImagesByValueName(
  db: Db,
  axes: readonly AxisName[],
): Promise<{ axis: AxisName; value: string; n: number }[]> {
  if (!axes.length) return [];
  const branches = axes.map((axis) => {
    const table = valueTableOf(axis);
    const key = axisSql[axis].value;
    const name = table ? sql`v.name` : sql`(${key})::text`;
    return sql`(select ${axis}::text as axis, coalesce(${name}, '(none)') as value, count(*)::int as n from ${images}${expandJoin(
      axis,
      'inner',
    )}${table ? sql` left join ${table} v on v.id = ${key}` : sql``} group by 2)`;
  });
  const res = await db.execute<{ axis: AxisName; value: string; n: number }>(sql.join(branches, sql` union all `));
  const rows = (Array.isArray(res) ? res : (res as { rows: unknown[] }).rows) as {
    axis: AxisName;
    value: string;
    n: number;
  }[];
  return rows
    .map((r) => ({ axis: r.axis, value: r.value, n: Number(r.n) }))
    .sort((a, b) => axes.indexOf(a.axis) - axes.indexOf(b.axis) || b.n - a.n || a.value.localeCompare(b.value));
}
