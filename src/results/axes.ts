import { questionTypes, type QuestionType } from '../db/schema/index.js';

/**
 * The axes results can be grouped by (GraphQL `ResultAxis`). Each maps to a fixed, reviewed SQL expression
 * over a source aliased `images` (the rollup or the question-level join, which expose the same columns), so a
 * user string never becomes SQL.
 */
export const resultAxes = [
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
  'QUESTION_TYPE',
  'LABEL_NAME',
  'NORMAL_ABNORMAL',
  'SYNTHETIC',
  'LICENSE',
] as const;
export type ResultAxis = (typeof resultAxes)[number];

type JoinName = 'd' | 'sd' | 'm' | 'sm' | 'st' | 'o' | 'sc' | 'ds' | 't' | 'tg' | 'lbl' | 'set';

/** Joins the axis expressions need, in dependency order. `lbl` and `set` expand rows (multi-valued axes). */
export const axisJoins: Record<JoinName, { sql: string; needs?: JoinName[] }> = {
  d: { sql: 'left join domains ax_d on ax_d.id = images.domain_id' },
  sd: { sql: 'left join subdomains ax_sd on ax_sd.id = images.subdomain_id' },
  m: { sql: 'left join modalities ax_m on ax_m.id = images.modality_id' },
  sm: { sql: 'left join submodalities ax_sm on ax_sm.id = images.submodality_id' },
  st: { sql: 'left join stains ax_st on ax_st.id = images.stain_id' },
  o: { sql: 'left join organisms ax_o on ax_o.id = images.organism_id' },
  sc: { sql: 'left join scales ax_sc on ax_sc.id = images.scale_id' },
  ds: { sql: 'left join source_datasets ax_ds on ax_ds.id = images.source_dataset_id' },
  t: { sql: 'left join tasks ax_t on ax_t.id = ax_ds.task_id', needs: ['ds'] },
  tg: { sql: 'left join taxonomy_groups ax_tg on ax_tg.id = ax_t.taxonomy_group_id', needs: ['t'] },
  lbl: {
    sql: `left join lateral unnest(images.label_names) with ordinality as ax_lbl(v, ord) on true`,
  },
  set: {
    sql: `left join lateral (select s.id, row_number() over (order by s.slug) as ord
      from image_set_source_datasets x join image_sets s on s.id = x.image_set_id
      where x.source_dataset_id = images.source_dataset_id) ax_set on true`,
  },
};

export type AxisSql = {
  /** Grouping key over the source (an id for taxonomy axes, the literal value otherwise). */
  key: string;
  /** Table whose `slug` / `name` the key resolves to (after aggregation); absent for literal axes. */
  resolve?: string;
  join?: JoinName;
  /** Ordinal of the expanded row for multi-valued axes: rows with ord > 1 are copies of the same counts. */
  ord?: string;
};

export const axisSql: Record<ResultAxis, AxisSql> = {
  DOMAIN: { key: 'images.domain_id', resolve: 'domains' },
  SUBDOMAIN: { key: 'images.subdomain_id', resolve: 'subdomains' },
  MODALITY: { key: 'images.modality_id', resolve: 'modalities' },
  SUBMODALITY: { key: 'images.submodality_id', resolve: 'submodalities' },
  STAIN: { key: 'images.stain_id', resolve: 'stains' },
  ORGANISM: { key: 'images.organism_id', resolve: 'organisms' },
  SCALE: { key: 'images.scale_id', resolve: 'scales' },
  SOURCE_DATASET: { key: 'images.source_dataset_id', resolve: 'source_datasets' },
  TASK: { key: 'ax_ds.task_id', resolve: 'tasks', join: 'ds' },
  TAXONOMY_GROUP: { key: 'ax_t.taxonomy_group_id', resolve: 'taxonomy_groups', join: 't' },
  IMAGE_SET: { key: 'ax_set.id', resolve: 'image_sets', join: 'set', ord: 'ax_set.ord' },
  QUESTION_TYPE: { key: 'images.question_type' },
  LABEL_NAME: { key: 'ax_lbl.v', join: 'lbl', ord: 'ax_lbl.ord' },
  NORMAL_ABNORMAL: { key: 'images.normal_abnormal' },
  SYNTHETIC: { key: 'images.synthetic' },
  LICENSE: { key: 'images.license' },
};

/** LEFT JOIN resolving an aggregated key column `col` to its taxonomy row, aliased `alias` (none for literals). */
export function resolveJoin(axis: ResultAxis, col: string, alias: string): string {
  const t = axisSql[axis].resolve;
  return t ? `left join ${t} ${alias} on ${alias}.id = ${col}` : '';
}

/** SQL for the stable value (slug, or the literal as text) of an aggregated key column. */
export function valueOf(axis: ResultAxis, col: string, alias: string): string {
  return axisSql[axis].resolve ? `${alias}.slug` : `${col}::text`;
}

/** SQL for the display name of an aggregated key column. */
export function labelOf(axis: ResultAxis, col: string, alias: string): string {
  return axisSql[axis].resolve ? `${alias}.name` : `${col}::text`;
}

/** The joins for a set of axes, each once, dependencies first. */
export function joinsFor(axes: readonly ResultAxis[]): string[] {
  const out: JoinName[] = [];
  const add = (j: JoinName) => {
    if (out.includes(j)) return;
    for (const dep of axisJoins[j].needs ?? []) add(dep);
    out.push(j);
  };
  for (const a of axes) {
    const j = axisSql[a].join;
    if (j) add(j);
  }
  return out.map((j) => axisJoins[j].sql);
}

/** Bit of a question type in the per-slice `types` mask (which runs a slice draws on). */
export function questionTypeBit(type: QuestionType): number {
  return 1 << questionTypes.indexOf(type);
}

/** SQL mapping `images.question_type` to its bit. */
export const questionTypeBitSql = `(case images.question_type ${questionTypes
  .map((t, i) => `when '${t}' then ${1 << i}`)
  .join(' ')} else 0 end)`;
