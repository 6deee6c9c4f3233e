import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.js';
import type { QuestionType } from '../schema/index.js';
import { imageFilterWhere, type ImageFilterSpec } from './image-filter.js';
import {
  axisSql,
  joinsFor,
  labelOf,
  questionTypeBitSql,
  resolveJoin,
  valueOf,
  type ResultAxis,
} from '../../results/axes.js';

/** One rollup row: counts of one run in one stratum cell. */
export type ResultCountRow = {
  runId: number;
  cellKey: string;
  n: number;
  correct: number;
  failed: number;
};

const cellColumns = sql.raw(`q.type, coalesce(q.answer, q.options[q.answer_index + 1]),
  i.domain_id, i.subdomain_id, i.modality_id, i.submodality_id, i.stain_id, i.organism_id, i.scale_id,
  i.source_dataset_id, i.label_names, i.normal_abnormal, i.synthetic, i.license`);

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
    select p.run_id as "runId", stratum_result_cell_key(${cellColumns}) as "cellKey",
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
      insert into result_counts (run_id, cell_key, question_type, gold, domain_id, subdomain_id, modality_id,
        submodality_id, stain_id, organism_id, scale_id, source_dataset_id, label_names, normal_abnormal,
        synthetic, license, n, correct, failed)
      select p.run_id, stratum_result_cell_key(${cellColumns}), ${cellColumns},
        (count(*) filter (where p.is_correct is not null))::int,
        (count(*) filter (where p.is_correct))::int,
        (count(*) filter (where p.is_correct is null))::int
      from predictions p join questions q on q.id = p.question_id join images i on i.id = q.image_id
      ${runFilter}
      group by p.run_id, ${cellColumns}`);
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
 * Resolves which run stands for each (model, question type): the newest complete run with predictions of that
 * type (read from the rollup, so it is one small scan), optionally limited to pinned runs and question types.
 */
export async function resolveResultRuns(
  db: Db,
  opts: {
    modelSlugs?: string[];
    runIds?: number[];
    questionTypes?: QuestionType[];
    /** Models whose runs are fixed (the zero-shot runs `results` just ensured): only these runs count for them. */
    pinned?: { modelSlug: string; runId: number }[];
  },
): Promise<ChosenRun[]> {
  const conds: SQL[] = [sql`r.status = 'complete'`];
  if (opts.modelSlugs) conds.push(sql`m.slug = any(${sql.param(opts.modelSlugs)}::text[])`);
  if (opts.runIds) conds.push(sql`r.id = any(${sql.param(opts.runIds)}::int[])`);
  if (opts.pinned?.length) {
    const slugs = opts.pinned.map((p) => p.modelSlug);
    const ids = opts.pinned.map((p) => p.runId);
    conds.push(sql`(not (m.slug = any(${sql.param(slugs)}::text[])) or r.id = any(${sql.param(ids)}::int[]))`);
  }
  if (opts.questionTypes) conds.push(sql`rt.question_type = any(${sql.param(opts.questionTypes)}::text[])`);
  const res = await db.execute<ChosenRun>(sql`
    select distinct on (r.model_id, rt.question_type)
      r.model_id as "modelId", m.slug as "modelSlug", m.name as "modelName", rt.question_type as "questionType",
      r.id as "runId", br.revision as "benchmarkRevision"
    from (select distinct run_id, question_type from result_counts) rt
    join runs r on r.id = rt.run_id
    join models m on m.id = r.model_id
    join benchmark_revisions br on br.id = r.benchmark_revision_id
    where ${sql.join(conds, sql` and `)}
    order by r.model_id, rt.question_type, r.id desc`);
  return rowsOf(res);
}

/** Where the counts come from: the rollup, or the question-level join (any image filter works there). */
export type CountSource = 'rollup' | 'predictions';

/** Filter fields the rollup carries; any other field set in a filter needs the question-level source. */
const rollupFilterFields = new Set([
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
  'synthetic',
  'license',
  'labelName',
  'normalAbnormal',
]);

/** Whether the rollup can answer a filter (every set field is a cell attribute, also inside and/or/not). */
export function rollupCanFilter(filter: ImageFilterSpec | null | undefined): boolean {
  if (!filter) return true;
  for (const [key, value] of Object.entries(filter)) {
    if (value == null) continue;
    if (key === 'and' || key === 'or') {
      if (!(value as ImageFilterSpec[]).every(rollupCanFilter)) return false;
    } else if (key === 'not') {
      if (!rollupCanFilter(value as ImageFilterSpec)) return false;
    } else if (!rollupFilterFields.has(key)) return false;
  }
  return true;
}

/**
 * The rollup, or the question-level join, as a relation aliased `images` with the image columns the filter
 * compiler (`imageFilterWhere`) and the axis expressions read, plus run_id, question_type, gold, n, correct.
 */
function countSource(source: CountSource, filter?: ImageFilterSpec | null): SQL {
  if (source === 'rollup') {
    // The benchmark is the run's; join for it only when the filter asks (it never changes a count otherwise).
    const benchmark = JSON.stringify(filter ?? {}).includes('"benchmark"');
    return sql.raw(`(select rc.run_id, rc.question_type, rc.gold, rc.domain_id, rc.subdomain_id, rc.modality_id,
      rc.submodality_id, rc.stain_id, rc.organism_id, rc.scale_id, rc.source_dataset_id, rc.label_names,
      rc.normal_abnormal, rc.synthetic, rc.license, rc.n, rc.correct${
        benchmark
          ? `, br.benchmark_id
      from result_counts rc join runs r on r.id = rc.run_id
      join benchmark_revisions br on br.id = r.benchmark_revision_id) as images`
          : ` from result_counts rc) as images`
      }`);
  }
  return sql.raw(`(select p.run_id, q.type as question_type,
      coalesce(q.answer, q.options[q.answer_index + 1]) as gold,
      (p.is_correct is not null)::int as n, (p.is_correct is true)::int as correct, i.*
      from predictions p join questions q on q.id = p.question_id join images i on i.id = q.image_id) as images`);
}

export type SliceQuery = {
  source: CountSource;
  runs: ChosenRun[];
  filter?: ImageFilterSpec | null;
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
  /** Per cluster counts (when asked, see `clusterBy`): parallel arrays. */
  dsIds: (number | null)[] | null;
  dsN: number[] | null;
  dsCorrect: number[] | null;
};

/**
 * Counts per slice for every grouping set, in ONE statement: GROUPING SETS over the source, each set
 * refined by class (for macro accuracy) and, on request, by cluster (source dataset or image, for the cluster bootstrap); an
 * outer aggregate folds those refinements back into one row per slice. Multi-valued axes expand rows through
 * a lateral join; in sets without that axis only the first expansion counts, so nothing is counted twice.
 */
export async function sliceCounts(db: Db, q: SliceQuery): Promise<SliceRow[]> {
  if (!q.runs.length) return [];
  const axes = q.axes;
  const keys = axes.map((a) => axisSql[a].key);
  const multi = axes.findIndex((a) => axisSql[a].ord);
  const firstCond = multi >= 0 ? `coalesce(${axisSql[axes[multi]!].ord!}, 1) = 1` : 'true';
  if (q.clusterBy === 'image' && q.source !== 'predictions')
    throw new Error('image clusters need the predictions source');
  const perCluster = q.clusterBy !== null;
  const ds = q.clusterBy === 'image' ? 'images.id' : 'images.source_dataset_id';
  const setCols = (set: ResultAxis[]) => ['ch.model_id', ...set.map((a) => axisSql[a].key)].join(', ');
  // Each set is refined by class (question type, gold) for macro accuracy, and on request by source dataset.
  const groupingSets = q.sets.flatMap((set) => [
    // The class's question type enters as its bit, an expression distinct from the QUESTION_TYPE axis key.
    `(${setCols(set)}, ${questionTypeBitSql}, images.gold)`,
    ...(perCluster ? [`(${setCols(set)}, ${ds})`] : []),
  ]);
  const gidExpr = axes.length ? `grouping(${keys.join(', ')})` : '0';
  // Does this row's set include the multi-valued axis (its GROUPING bit is 0)?
  const bit = multi >= 0 ? 1 << (axes.length - 1 - multi) : 0;
  const sel = (all: string, first: string) =>
    multi >= 0 ? `(case when (l1.gid & ${bit}) = 0 then ${all} else ${first} end)` : all;
  const nSel = sel('l1.n', 'l1.n_first');
  const kSel = sel('l1.k', 'l1.k_first');
  const kCols = axes.map((_, i) => `l1.k${i}`);
  const text = `
    with l1 as (
      select ch.model_id, ${gidExpr} as gid, grouping(images.gold) as gc,
        ${keys.map((k, i) => `${k} as k${i}, `).join('')}${perCluster ? ds : 'null::int'} as ds,
        sum(images.n)::int as n, sum(images.correct)::int as k,
        ${multi >= 0 ? `(sum(images.n) filter (where ${firstCond}))::int` : 'null::int'} as n_first,
        ${multi >= 0 ? `(sum(images.correct) filter (where ${firstCond}))::int` : 'null::int'} as k_first,
        bit_or(${questionTypeBitSql}) as types
      from SOURCE
      join runs ch on ch.id = images.run_id
      ${joinsFor(axes).join('\n      ')}
      WHERE
      group by grouping sets (${groupingSets.join(', ')})
    ),
    l2 as (
      select l1.model_id, l1.gid${kCols.map((c) => `, ${c}`).join('')},
        coalesce(sum(${nSel}) filter (where l1.gc = 0), 0)::int as n,
        coalesce(sum(${kSel}) filter (where l1.gc = 0), 0)::int as correct,
        avg(${kSel}::float8 / nullif(${nSel}, 0)) filter (where l1.gc = 0 and ${nSel} > 0) as macro,
        bit_or(l1.types) filter (where l1.gc = 0) as types${
          perCluster
            ? `,
        array_agg(l1.ds order by l1.ds) filter (where l1.gc = 1) as ds_ids,
        array_agg(${nSel} order by l1.ds) filter (where l1.gc = 1) as ds_n,
        array_agg(${kSel} order by l1.ds) filter (where l1.gc = 1) as ds_k`
            : ''
        }
      from l1
      group by l1.model_id, l1.gid${kCols.map((c) => `, ${c}`).join('')}
    )
    select * from (select l2.model_id as "modelId", l2.gid,
      array[${axes.map((a, i) => valueOf(a, `l2.k${i}`, `r${i}`)).join(', ')}]::text[] as "values",
      array[${axes.map((a, i) => labelOf(a, `l2.k${i}`, `r${i}`)).join(', ')}]::text[] as "labels",
      l2.n, l2.correct, l2.macro as "macroAccuracy", l2.types,
      ${perCluster ? 'l2.ds_ids as "dsIds", l2.ds_n as "dsN", l2.ds_k as "dsCorrect"' : 'null::int[] as "dsIds", null::int[] as "dsN", null::int[] as "dsCorrect"'}
    from l2 ${axes.map((a, i) => resolveJoin(a, `l2.k${i}`, `r${i}`)).join(' ')}) s
    order by 1, 2${axes.map((_, i) => `, s."values"[${i + 1}] nulls last`).join('')}`;
  const where = imageFilterWhere(q.filter);
  const [before, rest] = text.split('SOURCE') as [string, string];
  const [mid, after] = rest.split('WHERE') as [string, string];
  // The chosen (run, question type) pairs: `run_id = any(...)` first (selective, well estimated), then the pair.
  const chosen = sql`images.run_id = any(${sql.param(q.runs.map((r) => r.runId))}::int[])
      and (images.run_id, images.question_type) in (select * from unnest(${sql.param(q.runs.map((r) => r.runId))}::int[], ${sql.param(q.runs.map((r) => r.questionType))}::text[]))`;
  const query = sql.join(
    [
      sql.raw(before),
      countSource(q.source, q.filter),
      sql.raw(mid),
      sql`where ${chosen}`,
      where ? sql` and ${where}` : sql``,
      sql.raw(after),
    ],
    sql``,
  );
  const res = await db.execute<SliceRow>(query);
  return rowsOf<SliceRow>(res).map((r) => ({
    ...r,
    gid: Number(r.gid),
    types: Number(r.types ?? 0),
    macroAccuracy: r.macroAccuracy == null ? null : Number(r.macroAccuracy),
  }));
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
export async function pairedCounts(
  db: Db,
  q: {
    runsA: ChosenRun[];
    runsB: ChosenRun[];
    filter?: ImageFilterSpec | null;
    sets: ResultAxis[][];
    axes: ResultAxis[];
  },
): Promise<PairedRow[]> {
  if (!q.runsA.length || !q.runsB.length) return [];
  const axes = q.axes;
  const keys = axes.map((a) => axisSql[a].key);
  const multi = axes.findIndex((a) => axisSql[a].ord);
  const bit = multi >= 0 ? 1 << (axes.length - 1 - multi) : 0;
  const firstCond = multi >= 0 ? `coalesce(${axisSql[axes[multi]!].ord!}, 1) = 1` : 'true';
  const gidExpr = axes.length ? `grouping(${keys.join(', ')})` : '0';
  const count = (cond: string) =>
    multi >= 0
      ? `(case when (${gidExpr} & ${bit}) = 0 then count(*) filter (where ${cond}) else count(*) filter (where ${cond} and ${firstCond}) end)::int`
      : `(count(*) filter (where ${cond}))::int`;
  const sets = q.sets.map((set) => `(${set.map((a) => axisSql[a].key).join(', ')})`);
  // Index-friendly: each side is `run_id = any(...)` on the (run_id, question_id) unique index; the chosen
  // (run, question type) pairs are then checked against the question's type.
  const pairs = (runs: ChosenRun[]) =>
    sql`(select * from unnest(${sql.param(runs.map((r) => r.runId))}::int[], ${sql.param(runs.map((r) => r.questionType))}::text[]))`;
  const where = imageFilterWhere(q.filter);
  const query = sql.join(
    [
      sql.raw(`select * from (select p.gid,
        array[${axes.map((a, i) => valueOf(a, `p.k${i}`, `r${i}`)).join(', ')}]::text[] as "values",
        array[${axes.map((a, i) => labelOf(a, `p.k${i}`, `r${i}`)).join(', ')}]::text[] as "labels",
        p.n11, p.n10, p.n01, p.n00, p.types
      from (select ${gidExpr} as gid, ${keys.map((k, i) => `${k} as k${i}, `).join('')}
        ${count('images.ca and images.cb')} as n11, ${count('images.ca and not images.cb')} as n10,
        ${count('not images.ca and images.cb')} as n01, ${count('not images.ca and not images.cb')} as n00,
        bit_or(${questionTypeBitSql}) as types
      from (select q.type as question_type, a.is_correct as ca, b.is_correct as cb, i.*
        from predictions a
        join predictions b on b.question_id = a.question_id and b.run_id `),
      runMatch(q.runsB),
      sql.raw(`
        join questions q on q.id = a.question_id
        join images i on i.id = q.image_id
        where a.run_id `),
      runMatch(q.runsA),
      sql.raw(` and a.is_correct is not null and b.is_correct is not null
          and (a.run_id, q.type) in `),
      pairs(q.runsA),
      sql.raw(` and (b.run_id, q.type) in `),
      pairs(q.runsB),
      sql.raw(`) as images
      ${joinsFor(axes).join('\n      ')} `),
      where ? sql`where ${where}` : sql``,
      sql.raw(` group by grouping sets (${sets.join(', ')})) p
      ${axes.map((a, i) => resolveJoin(a, `p.k${i}`, `r${i}`)).join(' ')}) s
      order by 1${axes.map((_, i) => `, s."values"[${i + 1}] nulls last`).join('')}`),
    ],
    sql``,
  );
  const res = await db.execute<PairedRow>(query);
  return rowsOf<PairedRow>(res).map((r) => ({ ...r, gid: Number(r.gid), types: Number(r.types ?? 0) }));
}
