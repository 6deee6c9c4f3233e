import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.js';
import { images, imageSetSourceDatasets, sourceDatasets, subdomains, submodalities, tasks } from '../schema/index.js';
import { imageFilterWhere, type ImageFilterSpec } from './image-filter.js';

export const axisNames = [
  'BENCHMARK',
  'DOMAIN',
  'SUBDOMAIN',
  'MODALITY',
  'SUBMODALITY',
  'STAIN',
  'ORGANISM',
  'SCALE',
  'SOURCE_DATASET',
  'TASK',
  'TAXONOMY_GROUP',
  'IMAGE_SET',
  'LICENSE',
  'SYNTHETIC',
  'NORMAL_ABNORMAL',
  'LABEL_NAME',
  'INSTITUTION',
  'PMID',
  'SPLIT',
] as const;
/** A facet axis (the GraphQL `Axis` enum). */
export type AxisName = (typeof axisNames)[number];

/**
 * How each axis groups images: `key` is an expression over the unaliased `images` row (and `from` adds a
 * lateral set for multi-valued axes). `taxonomy` axes key by value id; the others by the literal value.
 * A fixed table: the client only ever picks an entry, never supplies SQL.
 */
export const axisColumns: Record<AxisName, { key: SQL; from?: SQL; taxonomy: boolean }> = {
  BENCHMARK: { key: sql`${images.benchmarkId}`, taxonomy: true },
  // Parents roll up: an image with only a subdomain (submodality) still counts for its domain (modality).
  DOMAIN: {
    key: sql`coalesce(${images.domainId}, (select ${subdomains.domainId} from ${subdomains} where ${subdomains.id} = ${images.subdomainId}))`,
    taxonomy: true,
  },
  SUBDOMAIN: { key: sql`${images.subdomainId}`, taxonomy: true },
  MODALITY: {
    key: sql`coalesce(${images.modalityId}, (select ${submodalities.modalityId} from ${submodalities} where ${submodalities.id} = ${images.submodalityId}))`,
    taxonomy: true,
  },
  SUBMODALITY: { key: sql`${images.submodalityId}`, taxonomy: true },
  STAIN: { key: sql`${images.stainId}`, taxonomy: true },
  ORGANISM: { key: sql`${images.organismId}`, taxonomy: true },
  SCALE: { key: sql`${images.scaleId}`, taxonomy: true },
  SOURCE_DATASET: { key: sql`${images.sourceDatasetId}`, taxonomy: true },
  TASK: {
    key: sql`(select ${sourceDatasets.taskId} from ${sourceDatasets} where ${sourceDatasets.id} = ${images.sourceDatasetId})`,
    taxonomy: true,
  },
  TAXONOMY_GROUP: {
    key: sql`(select ${tasks.taxonomyGroupId} from ${sourceDatasets} join ${tasks} on ${tasks.id} = ${sourceDatasets.taskId} where ${sourceDatasets.id} = ${images.sourceDatasetId})`,
    taxonomy: true,
  },
  IMAGE_SET: {
    key: sql`facet_set.image_set_id`,
    from: sql`join (select ${imageSetSourceDatasets.imageSetId} as image_set_id, ${imageSetSourceDatasets.sourceDatasetId} as source_dataset_id from ${imageSetSourceDatasets}) as facet_set on facet_set.source_dataset_id = ${images.sourceDatasetId}`,
    taxonomy: true,
  },
  LICENSE: { key: sql`${images.license}`, taxonomy: false },
  SYNTHETIC: { key: sql`${images.synthetic}`, taxonomy: false },
  NORMAL_ABNORMAL: { key: sql`${images.normalAbnormal}`, taxonomy: false },
  LABEL_NAME: {
    key: sql`facet_label.v`,
    from: sql`cross join unnest(${images.labelNames}) as facet_label(v)`,
    taxonomy: false,
  },
  INSTITUTION: {
    key: sql`facet_inst.v`,
    from: sql`cross join unnest(${images.institutions}) as facet_inst(v)`,
    taxonomy: false,
  },
  PMID: { key: sql`${images.pmid}`, taxonomy: false },
  SPLIT: { key: sql`${images.split}`, taxonomy: false },
};

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
  const branches = unique.map((axis) => {
    const spec = axisColumns[axis];
    return sql`(select ${axis}::text as axis, (${spec.key})::text as key, count(*)::int as count from ${images} ${
      spec.from ?? sql``
    } ${where ? sql`where ${where}` : sql``} group by 2)`;
  });
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
