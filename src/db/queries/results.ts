import { sql, type SQL } from 'drizzle-orm';
import { axisDef, axisIds, type ResultAxis } from '../../axes/registry.js';
import type { Db } from '../client.js';
import { questionTypes, type QuestionType } from '../schema/index.js';
import { axisSql, expandJoin, valueTableOf } from './axes.js';
import { imageFilterWhere, type ImageFilterSpec } from './image-filter.js';
import { cellColumns, cellSourceColumns, questionCellColumns } from './rollup.js';

/** One rollup row: counts of one run in one stratum cell. */
export type ResultCountRow = {
  runId: number;
  cellKey: string;
  n: number;
  correct: number;
  failed: number;
};

/** Bit of a question type in the per-slice `types` mask (which runs a slice draws on). */
export function questionTypeBit(type: QuestionType): number {
  return 1 << questionTypes.indexOf(type);
}

/** SQL mapping `images.question_type` to its bit (literals from the fixed enum, so the text is parameter-free). */
const questionTypeBitSql = sql.raw(
  `(case images.question_type ${questionTypes.map((t, i) => `when '${t}' then ${1 << i}`).join(' ')} else 0 end)`,
);

/** The rollup as stored, ordered by (run, cell). */
export async function listResultCounts(db: Db, runIds?: number[]): Promise<ResultCountRow[]> {
  const where = runIds ? sql`where run_id = any(${sql.param(runIds)}::int[])` : sql``;
  const res = await db.execute<ResultCountRow>(sql`
    select run_id as "runId", cell_key as "cellKey", n, correct, failed
    from result_counts ${where} order by run_id, cell_key`);
  return rowsOf(res);
}

/** The rollup recomputed from scratch over predictions ⋈ questions ⋈ images (the invariant's other side). */
export async function recountResultCounts(db: Db, runIds?: number[]): Promise<ResultCountRow[]> {
  const where = runIds ? sql`where p.run_id = any(${sql.param(runIds)}::int[])` : sql``;
  const res = await db.execute<ResultCountRow>(sql`
    select p.run_id as "runId", stratum_result_cell_key(${cellSourceColumns}) as "cellKey",
      (count(*) filter (where p.is_correct is not null))::int as n,
      (count(*) filter (where p.is_correct))::int as correct,
      (count(*) filter (where p.is_correct is null))::int as failed
    from predictions p join questions q on q.id = p.question_id join images i on i.id = q.image_id
    ${where}
    group by 1, 2 order by 1, 2`);
  return rowsOf(res);
}

/**
 * Rebuilds the rollup of the given runs (all when omitted) from predictions: a repair tool. The triggers keep
 * it consistent on their own; this exists for data loaded with triggers disabled.
 */
export async function rebuildResultCounts(db: Db, runIds?: number[]): Promise<void> {
  const runFilter = runIds ? sql`where p.run_id = any(${sql.param(runIds)}::int[])` : sql``;
  const delFilter = runIds ? sql`where run_id = any(${sql.param(runIds)}::int[])` : sql``;
  await db.transaction(async (tx) => {
    await tx.execute(sql`delete from result_counts ${delFilter}`);
    await tx.execute(sql`
      insert into result_counts (run_id, cell_key, ${cellColumns}, n, correct, failed)
      select p.run_id, stratum_result_cell_key(${cellSourceColumns}), ${cellSourceColumns},
        (count(*) filter (where p.is_correct is not null))::int,
        (count(*) filter (where p.is_correct))::int,
        (count(*) filter (where p.is_correct is null))::int
      from predictions p join questions q on q.id = p.question_id join images i on i.id = q.image_id
      ${runFilter}
      group by p.run_id, ${cellSourceColumns}`);
  });
}

/** node-postgres returns `{ rows }`, PGlite returns `{ rows }` too; drizzle's execute typing differs per driver. */
export function rowsOf<T>(res: unknown): T[] {
  const r = res as { rows?: T[] } | T[];
  return Array.isArray(r) ? r : (r.rows ?? []);
}

/** The run chosen for one (model, question type): the newest complete run that answered that type. */
export type ChosenRun = {
  modelId: number;
  modelSlug: string;
  modelName: string;
  questionType: QuestionType;
  runId: number;
  benchmarkRevision: string;
};

/**
 * Resolves which runs stand for each (model, question type): the newest complete run with predictions of that
 * type (read from the rollup, so it is one small scan), optionally limited to question types. A pinned model
 * (a registered model whose predictions are facts) is represented by exactly its pinned runs, every one of them
 * whatever its status: together they hold one canonical prediction per question, so counts over them are the
 * facts of the request's scope, whichever run wrote each one; a pinned model with no run has no slices.
 */
export async function resolveResultRuns(
  db: Db,
  opts: {
    modelIds?: number[];
    runIds?: number[];
    questionTypes?: QuestionType[];
    /** Models whose runs are fixed (the runs holding their facts): only these runs count for them. */
    pinned?: { modelId: number; runIds: number[] }[];
    /** Only runs pinned to these benchmark revisions (ids) count. */
    revisionIds?: number[];
  },
): Promise<ChosenRun[]> {
  const pinnedIds = (opts.pinned ?? []).flatMap((p) => p.runIds);
  const isPinned = sql`r.id = any(${sql.param(pinnedIds)}::int[])`;
  const conds: SQL[] = [opts.pinned?.length ? sql`(r.status = 'complete' or ${isPinned})` : sql`r.status = 'complete'`];
  if (opts.modelIds) conds.push(sql`r.model_id = any(${sql.param(opts.modelIds)}::int[])`);
  if (opts.runIds) conds.push(sql`r.id = any(${sql.param(opts.runIds)}::int[])`);
  if (opts.pinned?.length) {
    const modelIds = opts.pinned.map((p) => p.modelId);
    conds.push(sql`(not (r.model_id = any(${sql.param(modelIds)}::int[])) or ${isPinned})`);
  }
  if (opts.questionTypes) conds.push(sql`rt.question_type = any(${sql.param(opts.questionTypes)}::text[])`);
  if (opts.revisionIds) conds.push(sql`r.benchmark_revision_id = any(${sql.param(opts.revisionIds)}::int[])`);
  // Pinned runs are all kept (the third distinct key is the run itself); others: the newest per (model, type).
  const keep = opts.pinned?.length ? sql`case when ${isPinned} then r.id end` : sql`null::int`;
  const res = await db.execute<ChosenRun>(sql`
    select distinct on (c."modelId", c."questionType", c.rev, c.keep)
      c."modelId", c."modelSlug", c."modelName", c."questionType", c."runId", c."benchmarkRevision"
    from (select r.model_id as "modelId", m.slug as "modelSlug", m.name as "modelName",
        rt.question_type as "questionType", r.id as "runId", br.revision as "benchmarkRevision", br.id as rev, ${keep} as keep
      from (select distinct run_id, question_type from result_counts) rt
      join runs r on r.id = rt.run_id
      join models m on m.id = r.model_id
      join benchmark_revisions br on br.id = r.benchmark_revision_id
      where ${sql.join(conds, sql` and `)}) c
    order by c."modelId", c."questionType", c.rev, c.keep, c."runId" desc`);
  return rowsOf(res);
}

/** Where the counts come from: the rollup, or the question-level join (any image filter works there). */
export type CountSource = 'rollup' | 'predictions';

/** Filter fields the rollup carries (the registry's axes it stores, derives or takes from the run). */
const rollupFilterFields = new Set(
  axisIds.flatMap((axis) => {
    const def = axisDef(axis);
    return def.filter && def.rollup ? [def.filter] : [];
  }),
);

/** The fields a filter sets (non-null), also inside and/or/not. */
export function filterFields(filter: ImageFilterSpec | null | undefined, into = new Set<string>()): Set<string> {
  if (!filter) return into;
  for (const [key, value] of Object.entries(filter)) {
    if (value == null) continue;
    if (key === 'and' || key === 'or') for (const child of value as ImageFilterSpec[]) filterFields(child, into);
    else if (key === 'not') filterFields(value as ImageFilterSpec, into);
    else into.add(key);
  }
  return into;
}

/** Whether the rollup can answer a filter (every set field is a cell attribute, also inside and/or/not). */
export function rollupCanFilter(filter: ImageFilterSpec | null | undefined): boolean {
  return [...filterFields(filter)].every((f) => rollupFilterFields.has(f));
}

/**
 * The rollup, or the question-level join, as a relation aliased `images` with the columns the filter compiler
 * (`imageFilterWhere`) and the axis SQL (src/db/queries/axes.ts) read, plus run_id, gold, n and correct.
 */
function countSource(source: CountSource, filter?: ImageFilterSpec | null): SQL {
  if (source === 'rollup') {
    // The benchmark is the run's; join for it only when the filter asks (it never changes a count otherwise).
    const benchmark = filterFields(filter).has(axisDef('BENCHMARK').filter!);
    return benchmark
      ? sql`(select rc.*, br.benchmark_id from result_counts rc join runs r on r.id = rc.run_id
        join benchmark_revisions br on br.id = r.benchmark_revision_id) as images`
      : sql`(select rc.* from result_counts rc) as images`;
  }
  return sql`(select p.run_id, ${questionCellColumns}, (p.is_correct is not null)::int as n,
      (p.is_correct is true)::int as correct, i.*
      from predictions p join questions q on q.id = p.question_id join images i on i.id = q.image_id) as images`;
}

const comma = (parts: SQL[]) => sql.join(parts, sql`, `);

/**
 * The rows of a results source (aliased `images`) that the chosen runs stand for: each run only for the question
 * types it was chosen for. `run_id = any(...)` first (selective, well estimated), then the (run, type) pair.
 */
export function chosenRunsWhere(runs: ChosenRun[]): SQL {
  const runIds = runs.map((r) => r.runId);
  return sql`images.run_id = any(${sql.param(runIds)}::int[])
      and (images.run_id, images.question_type) in (select * from unnest(${sql.param(runIds)}::int[], ${sql.param(runs.map((r) => r.questionType))}::text[]))`;
}

/** One axis value of a slice, as slices report it (`values`): a slug on taxonomy axes, the literal as text otherwise. */
export type SliceMember = { axis: ResultAxis; value: string | null };

/**
 * The rows of a results source (aliased `images`) that belong to the slice with these axis values: the inverse of
 * how `sliceCells` and `foldSlices` name a slice (`axisOutput`: the value table's slug, else the value cast to text; null for
 * rows without a value). A multi-valued axis matches when some expanded value does; its null slice holds the rows
 * whose expansion yields a null value (none at all, or a null element), as the left lateral join counts them.
 * Axes not named are not constrained (each row once, as `foldSlices` counts them outside their own sets).
 */
export function sliceMemberWhere(group: readonly SliceMember[]): SQL | null {
  if (!group.length) return null;
  const conds = group.map(({ axis, value }) => {
    const s = axisSql[axis];
    const table = valueTableOf(axis);
    const test = (v: SQL) =>
      value === null
        ? sql`${v} is null`
        : table
          ? sql`${v} in (select ${table.id} from ${table} where ${table.slug} = ${value})`
          : sql`${v}::text = ${value}`;
    if (!s.expand) return test(s.value);
    return value === null
      ? sql`(not exists (select 1 from ${s.expand}) or exists (select 1 from ${s.expand} where ${test(s.value)}))`
      : sql`exists (select 1 from ${s.expand} where ${test(s.value)})`;
  });
  return sql.join(conds, sql` and `);
}

/** Per axis, its key, the name-resolving join after aggregation, and its value / label over column `col`. */
function axisOutput(axes: ResultAxis[], from: string) {
  const col = (i: number) => sql.raw(`${from}.k${i}`);
  const alias = (i: number) => sql.identifier(`r${i}`);
  const value = (i: number) => (valueTableOf(axes[i]!) ? sql`${alias(i)}.slug` : sql`${col(i)}::text`);
  const label = (i: number) => (valueTableOf(axes[i]!) ? sql`${alias(i)}.name` : sql`${col(i)}::text`);
  return {
    value,
    label,
    values: comma(axes.map((_, i) => value(i))),
    labels: comma(axes.map((_, i) => label(i))),
    joins: sql.join(
      axes.map((a, i) => {
        const table = valueTableOf(a);
        return table ? sql` left join ${table} ${alias(i)} on ${alias(i)}.id = ${col(i)}` : sql``;
      }),
    ),
    order: sql.join(axes.map((_, i) => sql.raw(`, s."values"[${i + 1}] nulls last`))),
  };
}

/** The multi-valued axis among `axes` (at most one): its index, its bit in the GROUPING mask, "first expansion". */
function multiValued(axes: ResultAxis[]) {
  const index = axes.findIndex((a) => axisDef(a).multiValued);
  if (index < 0) return null;
  const axis = axes[index]!;
  return {
    axis,
    bit: 1 << (axes.length - 1 - index),
    first: sql`coalesce(${axisSql[axis].ord!}, 1) = 1`,
  };
}

export type SliceQuery = {
  source: CountSource;
  runs: ChosenRun[];
  filter?: ImageFilterSpec | null;
  /** Count caption questions of this template k only (VQA questions, which have none, always count). */
  template?: number | null;
  /** Grouping sets, each a list of axes (all drawn from `axes`); `[]` is the overall figure. */
  sets: ResultAxis[][];
  /** Every axis that appears in a set, in output order. At most one multi-valued axis (LABEL_NAME, IMAGE_SET). */
  axes: ResultAxis[];
  /**
   * Also return counts per cluster for the cluster bootstrap: per source dataset, or per image (the image id is
   * only in the question-level source; the rollup has no image granularity).
   */
  clusterBy: 'sourceDataset' | 'image' | null;
};

export type SliceRow = {
  modelId: number;
  /** GROUPING() bitmask over `axes` (bit set = axis aggregated away), first axis most significant. */
  gid: number;
  values: (string | null)[];
  labels: (string | null)[];
  n: number;
  correct: number;
  /** Mean over classes (question type, gold) of per-class accuracy; null when n = 0. */
  macroAccuracy: number | null;
  /** Bitmask of question types in the slice (see questionTypeBit). */
  types: number;
  /** Caption templates k of the slice's scored questions, ascending (empty: VQA questions only). */
  templates: number[];
  /** Per cluster counts (when asked, see `clusterBy`): parallel arrays. */
  dsIds: (number | null)[] | null;
  dsN: number[] | null;
  dsCorrect: number[] | null;
};

/**
 * One cell of a results request: the counts of one model at one combination of values of every requested axis
 * (the finest grouping), for one class (question type bit, gold answer) or, when clusters are asked for, one
 * cluster (`cluster` set, `typeBit` and `gold` null). `foldSlices` (src/results/slices.ts) sums cells into the
 * slices of every grouping set. Per axis: the value as slices report it, its label, and its rank among the
 * request's values of that axis (text order, nulls last), so slices sort as the database sorts their values.
 */
export type SliceCell = {
  modelId: number;
  values: (string | null)[];
  labels: (string | null)[];
  ranks: number[];
  typeBit: number | null;
  gold: string | null;
  cluster: number | null;
  isCluster: boolean;
  n: number;
  correct: number;
  /** Multi-valued axis: counts of the first expansion only (what sets without that axis count); else null. */
  nFirst: number | null;
  correctFirst: number | null;
  templateMask: string | null;
  templateMin: number | null;
  templateMax: number | null;
};

/**
 * The cells of a results request (`SliceCell`), in ONE statement: one hash aggregate over the source to the
 * finest grouping (every requested axis) refined by class and, on request, by cluster (source dataset or image);
 * labels joined after aggregation. Every grouping set (marginals, overall) is a sum of these cells, done in
 * `foldSlices`, so the database aggregates once whatever the number of sets. A multi-valued axis expands rows
 * through a lateral join; the cells also carry the counts of the first expansion, which sets without that axis
 * count, so nothing is counted twice.
 */
export async function sliceCells(db: Db, q: SliceQuery): Promise<SliceCell[]> {
  if (!q.runs.length) return [];
  const axes = q.axes;
  type Raw = Record<string, unknown>;
  const res = await db.execute<Raw>(sliceCellsQuery(q));
  const num = (v: unknown) => (v == null ? null : Number(v));
  const [vs, ls, os] = ['v', 'l', 'o'].map((c) => axes.map((_, i) => `${c}${i}`)) as [string[], string[], string[]];
  return rowsOf<Raw>(res).map((r) => ({
    modelId: Number(r.m),
    values: vs.map((k) => r[k] as string | null),
    labels: ls.map((k) => r[k] as string | null),
    ranks: os.map((k) => Number(r[k])),
    typeBit: num(r.tb),
    gold: (r.gold as string | null) ?? null,
    cluster: num(r.ds),
    isCluster: Number(r.gc) === 1,
    n: Number(r.n),
    correct: Number(r.k),
    nFirst: num(r.nf),
    correctFirst: num(r.kf),
    templateMask: r.tmask == null ? null : String(r.tmask),
    templateMin: num(r.tmin),
    templateMax: num(r.tmax),
  }));
}

/** Largest template k with its own bit in the per-slice template mask (a signed int8). */
const MASK_TEMPLATES = 62;

/** SQL: the bit of a question's caption template in the per-slice mask (0 for VQA questions and k > 62). */
const templateBitSql = sql.raw(
  `(case when images.template between 0 and ${MASK_TEMPLATES} then 1::int8 << images.template else 0::int8 end)`,
);

/**
 * The templates of a slice from its mask (k ≤ 62, exact) and its lowest and highest k (which name templates beyond
 * the mask, so a pool of templates is never hidden; only a third template above 62 would go unnamed).
 */
export function templatesOf(mask: string | null, min: unknown, max: unknown): number[] {
  const out = new Set<number>();
  const bits = BigInt(mask ?? '0');
  for (let k = 0; k <= MASK_TEMPLATES; k++) if ((bits >> BigInt(k)) & 1n) out.add(k);
  for (const v of [min, max]) if (v != null) out.add(Number(v));
  return [...out].sort((a, b) => a - b);
}

/** The condition of a request's template (a preset's official one): caption questions of k, and VQA questions. */
function templateWhere(template: number | null | undefined): SQL | null {
  return template == null ? null : sql`(images.template is null or images.template = ${template})`;
}

/** The image filter and the template condition together (null when neither applies). */
export function countedWhere(
  filter: ImageFilterSpec | null | undefined,
  template: number | null | undefined,
): SQL | null {
  const parts = [imageFilterWhere(filter), templateWhere(template)].filter((w): w is SQL => !!w);
  return parts.length ? sql.join(parts, sql` and `) : null;
}

/** The statement `sliceCells` runs (exported for its SQL snapshot). */
export function sliceCellsQuery(q: SliceQuery): SQL {
  const axes = q.axes;
  const keys = axes.map((a) => axisSql[a].value);
  const multi = multiValued(axes);
  if (q.clusterBy === 'image' && q.source !== 'predictions')
    throw new Error('image clusters need the predictions source');
  const perCluster = q.clusterBy !== null;
  const ds = q.clusterBy === 'image' ? sql`images.id` : sql`images.source_dataset_id`;
  const finest = comma([sql`ch.model_id`, ...keys]);
  // The class's question type enters as its bit, an expression distinct from the QUESTION_TYPE axis key.
  const byClass = sql`${finest}, ${questionTypeBitSql}, images.gold`;
  const groupBy = perCluster ? sql`grouping sets ((${byClass}), (${finest}, ${ds}))` : byClass;
  const out = axisOutput(axes, 'c');
  const where = countedWhere(q.filter, q.template);
  const chosen = chosenRunsWhere(q.runs);
  const perAxis = axes.map(
    (a, i) =>
      sql`, ${out.value(i)} as ${sql.raw(`v${i}`)}, ${out.label(i)} as ${sql.raw(`l${i}`)}, dense_rank() over (order by ${out.value(i)} nulls last) as ${sql.raw(`o${i}`)}`,
  );
  return sql`
    select c.model_id as m, c.tb, c.gold, c.ds, c.gc, c.n, c.k, c.nf, c.kf, c.tmask::text as tmask, c.tmin, c.tmax${sql.join(perAxis)}
    from (
      select ch.model_id, ${sql.join(keys.map((k, i) => sql`${k} as ${sql.raw(`k${i}`)}, `))}${questionTypeBitSql} as tb, images.gold,
        ${perCluster ? sql`${ds} as ds, grouping(images.gold) as gc` : sql`null::int as ds, 0 as gc`},
        sum(images.n)::int as n, sum(images.correct)::int as k,
        ${multi ? sql`(sum(images.n) filter (where ${multi.first}))::int` : sql`null::int`} as nf,
        ${multi ? sql`(sum(images.correct) filter (where ${multi.first}))::int` : sql`null::int`} as kf,
        bit_or(${templateBitSql}) filter (where images.n > 0) as tmask,
        min(images.template) filter (where images.n > 0) as tmin,
        max(images.template) filter (where images.n > 0) as tmax
      from ${countSource(q.source, q.filter)}
      join runs ch on ch.id = images.run_id${multi ? expandJoin(multi.axis, 'left') : sql``}
      where ${chosen}${where ? sql` and ${where}` : sql``}
      group by ${groupBy}
    ) c${out.joins}`;
}

export type ChanceRow = { modelId: number; gid: number; values: (string | null)[]; chance: number | null };

/**
 * The chance level of each slice of `foldSlices`: the mean over its scored predictions of 1 / (number of options
 * of the question), the accuracy expected from guessing uniformly. Same runs, filter and grouping sets as
 * the slices, keyed the same way (model, GROUPING mask, values); always the question-level join (the rollup
 * carries no option counts). One statement, run only when a client asks for `ResultSlice.chanceAccuracy`.
 */
export async function sliceChance(db: Db, q: Omit<SliceQuery, 'source' | 'clusterBy'>): Promise<ChanceRow[]> {
  if (!q.runs.length) return [];
  const res = await db.execute<ChanceRow>(sliceChanceQuery(q));
  return rowsOf<ChanceRow>(res).map((r) => ({
    ...r,
    gid: Number(r.gid),
    chance: r.chance == null ? null : Number(r.chance),
  }));
}

/** The statement `sliceChance` runs (exported for its SQL snapshot). */
export function sliceChanceQuery(q: Omit<SliceQuery, 'source' | 'clusterBy'>): SQL {
  const axes = q.axes;
  const keys = axes.map((a) => axisSql[a].value);
  const multi = multiValued(axes);
  const gid = axes.length ? sql`grouping(${comma(keys)})` : sql`0`;
  const inverse = sql`1.0 / nullif(images.option_count, 0)`;
  // In sets without the multi-valued axis only its first expansion counts (as foldSlices does).
  const chance = multi
    ? sql`(case when (${gid} & ${sql.raw(String(multi.bit))}) = 0 then avg(${inverse}) else avg(${inverse}) filter (where ${multi.first}) end)::float8`
    : sql`avg(${inverse})::float8`;
  const sets = q.sets.map((set) => sql`(${comma([sql`ch.model_id`, ...set.map((a) => axisSql[a].value)])})`);
  const where = countedWhere(q.filter, q.template);
  const chosen = chosenRunsWhere(q.runs);
  const out = axisOutput(axes, 'c');
  return sql`select * from (select c.model_id as "modelId", c.gid, array[${out.values}]::text[] as "values", c.chance
      from (select ch.model_id, ${gid} as gid, ${sql.join(keys.map((k, i) => sql`${k} as ${sql.raw(`k${i}`)}, `))}${chance} as chance
        from (select p.run_id, ${questionCellColumns}, cardinality(q.options) as option_count, i.*
          from predictions p join questions q on q.id = p.question_id join images i on i.id = q.image_id
          where p.is_correct is not null) as images
        join runs ch on ch.id = images.run_id${multi ? expandJoin(multi.axis, 'left') : sql``}
        where ${chosen}${where ? sql` and ${where}` : sql``}
        group by grouping sets (${comma(sets)})) c${out.joins}) s
    order by 1, 2${out.order}`;
}

/** `= $1` for a single run (the planner then uses the (run_id, question_id) index), else `= any($1)`. */
function runMatch(runs: ChosenRun[]): SQL {
  const ids = [...new Set(runs.map((r) => r.runId))];
  return ids.length === 1 ? sql`= ${ids[0]!}` : sql`= any(${sql.param(ids)}::int[])`;
}

export type PairedRow = {
  gid: number;
  values: (string | null)[];
  labels: (string | null)[];
  n11: number;
  n10: number;
  n01: number;
  n00: number;
  types: number;
};

/**
 * Paired outcome counts of model A and model B on the questions both answered (scored), per slice of every
 * grouping set, in one statement. This needs the question-level join (pairs are per question).
 */
export async function pairedCounts(db: Db, q: PairedQuery): Promise<PairedRow[]> {
  if (!q.runsA.length || !q.runsB.length) return [];
  const res = await db.execute<PairedRow>(pairedCountsQuery(q));
  return rowsOf<PairedRow>(res).map((r) => ({ ...r, gid: Number(r.gid), types: Number(r.types ?? 0) }));
}

export type PairedQuery = {
  runsA: ChosenRun[];
  runsB: ChosenRun[];
  filter?: ImageFilterSpec | null;
  /** As `SliceQuery.template`. */
  template?: number | null;
  sets: ResultAxis[][];
  axes: ResultAxis[];
};

/** The statement `pairedCounts` runs (exported for its SQL snapshot). */
export function pairedCountsQuery(q: PairedQuery): SQL {
  const axes = q.axes;
  const keys = axes.map((a) => axisSql[a].value);
  const multi = multiValued(axes);
  const gid = axes.length ? sql`grouping(${comma(keys)})` : sql`0`;
  const count = (cond: SQL) =>
    multi
      ? sql`(case when (${gid} & ${sql.raw(String(multi.bit))}) = 0 then count(*) filter (where ${cond}) else count(*) filter (where ${cond} and ${multi.first}) end)::int`
      : sql`(count(*) filter (where ${cond}))::int`;
  const sets = q.sets.map((set) => sql`(${comma(set.map((a) => axisSql[a].value))})`);
  // Index-friendly: each side is `run_id = any(...)` on the (run_id, question_id) unique index; the chosen
  // (run, question type) pairs are then checked against the question's type.
  const pairs = (runs: ChosenRun[]) =>
    sql`(select * from unnest(${sql.param(runs.map((r) => r.runId))}::int[], ${sql.param(runs.map((r) => r.questionType))}::text[]))`;
  const where = countedWhere(q.filter, q.template);
  const out = axisOutput(axes, 'p');
  return sql`select * from (select p.gid,
        array[${out.values}]::text[] as "values",
        array[${out.labels}]::text[] as "labels",
        p.n11, p.n10, p.n01, p.n00, p.types
      from (select ${gid} as gid, ${sql.join(keys.map((k, i) => sql`${k} as ${sql.raw(`k${i}`)}, `))}
        ${count(sql`images.ca and images.cb`)} as n11, ${count(sql`images.ca and not images.cb`)} as n10,
        ${count(sql`not images.ca and images.cb`)} as n01, ${count(sql`not images.ca and not images.cb`)} as n00,
        bit_or(${questionTypeBitSql}) as types
      from (select ${questionCellColumns}, a.is_correct as ca, b.is_correct as cb, i.*
        from predictions a
        join predictions b on b.question_id = a.question_id and b.run_id ${runMatch(q.runsB)}
        join questions q on q.id = a.question_id
        join images i on i.id = q.image_id
        where a.run_id ${runMatch(q.runsA)} and a.is_correct is not null and b.is_correct is not null
          and (a.run_id, q.type) in ${pairs(q.runsA)} and (b.run_id, q.type) in ${pairs(q.runsB)}) as images${
            multi ? expandJoin(multi.axis, 'left') : sql``
          }
      ${where ? sql`where ${where}` : sql``}
      group by grouping sets (${comma(sets)})) p${out.joins}) s
      order by 1${out.order}`;
}
