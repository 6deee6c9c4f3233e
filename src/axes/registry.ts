/**
 * The axis registry: one entry per axis a user can facet images by, filter images by, or group results by.
 * Everything else derives from it: the GraphQL enums `Axis` and `ResultAxis` (checked by
 * src/graphql/axes-sdl.test.ts), the image filter fields, the facet and results SQL and the rollup's cell columns
 * (src/db/queries/axes.ts holds each axis's SQL, typed `Record<AxisId, …>` so an entry cannot be left out), the
 * rollup trigger (rendered by src/db/queries/rollup.ts, checked against the newest generated rollup migration), `db status`,
 * and the names of facet values.
 *
 * This module is the bottom layer: plain data, no imports. Adding an axis: docs/architecture.md.
 */

/** Tables whose rows are axis values (ids as keys, named by slug and name). */
export type ValueTable =
  | 'benchmarks'
  | 'domains'
  | 'subdomains'
  | 'modalities'
  | 'submodalities'
  | 'stains'
  | 'organisms'
  | 'scales'
  | 'sourceDatasets'
  | 'tasks'
  | 'taxonomyGroups'
  | 'imageSets';

/** How the results rollup (`result_counts`) carries an axis. */
export type RollupCarriage =
  /** A cell column of `result_counts`, copied from the question (`q`) or image (`i`) column `source`. */
  | { column: string; from: 'question' | 'image'; source: string }
  /** Computed at query time from other cell columns (task, taxonomy group, image sets: from the source dataset). */
  | 'derived'
  /** A property of the run (the benchmark of its revision). */
  | 'run'
  /** Not in the rollup: filtering on it reads the question-level join instead. */
  | null;

export type AxisDef = {
  /** A value of the GraphQL enum `Axis`: images can be faceted by it. */
  facet: boolean;
  /** A value of the GraphQL enum `ResultAxis`: results can be grouped by it. */
  result: boolean;
  /** The `ImageFilter` field that selects by it (null: none). */
  filter: string | null;
  /** Taxonomy axes: the table of values and their GraphQL type. Null: the value is a literal (text, boolean, int). */
  values: { table: ValueTable; type: string } | null;
  /**
   * The child axis that rolls up into this one: an item with only a child value counts for (and matches) the
   * child's parent. One rule on every path: facets, filters and results.
   */
  rollsUp: string | null;
  /** An item can carry several values (rows are expanded; totals still count each item once). */
  multiValued: boolean;
  /** Whether the item is an image (facets count images) or a question (only results see it). */
  of: 'image' | 'question';
  rollup: RollupCarriage;
  /** Listed by `stratum db status` (image counts per value name), under its filter field's name. */
  status: boolean;
};

const image = { of: 'image', rollsUp: null, multiValued: false, status: true } as const;
const both = { facet: true, result: true } as const;

/** The axes, in the order of the GraphQL enums. */
export const axisRegistry = {
  BENCHMARK: {
    ...image,
    status: false,
    facet: true,
    result: false,
    filter: 'benchmark',
    values: { table: 'benchmarks', type: 'Benchmark' },
    rollup: 'run',
  },
  DOMAIN: {
    ...image,
    ...both,
    filter: 'domain',
    values: { table: 'domains', type: 'Domain' },
    rollsUp: 'SUBDOMAIN',
    rollup: { column: 'domain_id', from: 'image', source: 'domain_id' },
  },
  SUBDOMAIN: {
    ...image,
    ...both,
    filter: 'subdomain',
    values: { table: 'subdomains', type: 'Subdomain' },
    rollup: { column: 'subdomain_id', from: 'image', source: 'subdomain_id' },
  },
  MODALITY: {
    ...image,
    ...both,
    filter: 'modality',
    values: { table: 'modalities', type: 'Modality' },
    rollsUp: 'SUBMODALITY',
    rollup: { column: 'modality_id', from: 'image', source: 'modality_id' },
  },
  SUBMODALITY: {
    ...image,
    ...both,
    filter: 'submodality',
    values: { table: 'submodalities', type: 'Submodality' },
    rollup: { column: 'submodality_id', from: 'image', source: 'submodality_id' },
  },
  STAIN: {
    ...image,
    ...both,
    filter: 'stain',
    values: { table: 'stains', type: 'Stain' },
    rollup: { column: 'stain_id', from: 'image', source: 'stain_id' },
  },
  ORGANISM: {
    ...image,
    ...both,
    filter: 'organism',
    values: { table: 'organisms', type: 'Organism' },
    rollup: { column: 'organism_id', from: 'image', source: 'organism_id' },
  },
  SCALE: {
    ...image,
    ...both,
    filter: 'scale',
    values: { table: 'scales', type: 'Scale' },
    rollup: { column: 'scale_id', from: 'image', source: 'scale_id' },
  },
  SOURCE_DATASET: {
    ...image,
    ...both,
    filter: 'sourceDataset',
    values: { table: 'sourceDatasets', type: 'SourceDataset' },
    rollup: { column: 'source_dataset_id', from: 'image', source: 'source_dataset_id' },
  },
  TASK: {
    ...image,
    ...both,
    filter: 'task',
    values: { table: 'tasks', type: 'Task' },
    rollup: 'derived',
  },
  TAXONOMY_GROUP: {
    ...image,
    ...both,
    filter: 'taxonomyGroup',
    values: { table: 'taxonomyGroups', type: 'TaxonomyGroup' },
    rollup: 'derived',
  },
  IMAGE_SET: {
    ...image,
    status: false,
    ...both,
    filter: 'imageSet',
    values: { table: 'imageSets', type: 'ImageSet' },
    multiValued: true,
    rollup: 'derived',
  },
  QUESTION_TYPE: {
    of: 'question',
    rollsUp: null,
    multiValued: false,
    status: false,
    facet: false,
    result: true,
    filter: null,
    values: null,
    rollup: { column: 'question_type', from: 'question', source: 'type' },
  },
  TEMPLATE: {
    of: 'question',
    rollsUp: null,
    multiValued: false,
    status: false,
    facet: false,
    result: true,
    filter: null,
    values: null,
    rollup: { column: 'template', from: 'question', source: 'template' },
  },
  LICENSE: {
    ...image,
    ...both,
    filter: 'license',
    values: null,
    rollup: { column: 'license', from: 'image', source: 'license' },
  },
  SYNTHETIC: {
    ...image,
    ...both,
    filter: 'synthetic',
    values: null,
    rollup: { column: 'synthetic', from: 'image', source: 'synthetic' },
  },
  NORMAL_ABNORMAL: {
    ...image,
    ...both,
    filter: 'normalAbnormal',
    values: null,
    rollup: { column: 'normal_abnormal', from: 'image', source: 'normal_abnormal' },
  },
  LABEL_NAME: {
    ...image,
    status: false,
    ...both,
    filter: 'labelName',
    values: null,
    multiValued: true,
    rollup: { column: 'label_names', from: 'image', source: 'label_names' },
  },
  INSTITUTION: {
    ...image,
    status: false,
    facet: true,
    result: false,
    filter: 'institution',
    values: null,
    multiValued: true,
    rollup: null,
  },
  PMID: { ...image, status: false, facet: true, result: false, filter: 'pmid', values: null, rollup: null },
  SPLIT: { ...image, status: false, facet: true, result: false, filter: 'split', values: null, rollup: null },
} as const satisfies Record<string, AxisDef>;

export type AxisId = keyof typeof axisRegistry;
type Registry = typeof axisRegistry;

/** Every axis id, in registry order. */
export const axisIds = Object.keys(axisRegistry) as AxisId[];

/** A facet axis (the GraphQL `Axis` enum). */
export type FacetAxis = { [K in AxisId]: Registry[K]['facet'] extends true ? K : never }[AxisId];
/** A result axis (the GraphQL `ResultAxis` enum). */
export type ResultAxis = { [K in AxisId]: Registry[K]['result'] extends true ? K : never }[AxisId];
/** An `ImageFilter` field that selects by an axis. */
export type AxisFilterField = { [K in AxisId]: Registry[K]['filter'] }[AxisId] & string;
/** Axes whose values are rows of a taxonomy table. */
export type TaxonomyAxis = { [K in AxisId]: Registry[K]['values'] extends null ? never : K }[AxisId];

export const facetAxes = axisIds.filter((a): a is FacetAxis => axisRegistry[a].facet);
export const resultAxes = axisIds.filter((a): a is ResultAxis => axisRegistry[a].result);

/** The definition of one axis, widened (for code that treats every axis alike). */
export function axisDef(axis: AxisId): AxisDef {
  return axisRegistry[axis];
}

/** Rollup cell columns in registry order (the rollup trigger, the rollup source and `rebuild` read them). */
export function rollupColumns(): { axis: AxisId; column: string; from: 'question' | 'image'; source: string }[] {
  return axisIds.flatMap((axis) => {
    const r = axisDef(axis).rollup;
    return r && typeof r === 'object' ? [{ axis, ...r }] : [];
  });
}
