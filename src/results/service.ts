import { DomainError } from '../errors.js';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { questionTypes, type QuestionType } from '../db/schema/index.js';
import type { ImageFilterSpec } from '../db/queries/image-filter.js';
import {
  pairedCounts,
  resolveResultRuns,
  rollupCanFilter,
  sliceCounts,
  type ChosenRun,
  type CountSource,
  type SliceRow,
} from '../db/queries/results.js';
import {
  basicBootstrap,
  benjaminiHochberg,
  clusterBootstrap,
  mcnemarExact,
  pairedBootstrapDifference,
  wilson,
  type Interval,
} from '../scoring/index.js';
import { referenceResultsOf } from '../benchmarks/reference.js';
import { axisSql, questionTypeBit, resultAxes, type ResultAxis } from './axes.js';
import { presetSpecs, resultPresets, type ResultPreset } from './presets.js';

export const intervalMethods = ['WILSON', 'BOOTSTRAP', 'CLUSTER_BOOTSTRAP'] as const;
export type IntervalMethod = (typeof intervalMethods)[number];

/** Raised for arguments the caller must fix: a BAD_USER_INPUT DomainError naming the argument path. */
export class ResultsInputError extends DomainError {
  declare readonly path: (string | number)[];
  constructor(path: (string | number)[], message: string) {
    super('BAD_USER_INPUT', message, { path });
    this.name = 'ResultsInputError';
  }
}

const axisList = z
  .array(z.enum(resultAxes))
  .max(4, 'at most 4 axes')
  .refine((a) => new Set(a).size === a.length, 'axes must be distinct')
  .refine((a) => a.filter((x) => axisSql[x].ord).length <= 1, 'at most one of LABEL_NAME and IMAGE_SET');

export const resultsArgsSchema = z.object({
  models: z.array(z.string().min(1).max(200)).max(100).nullish(),
  runs: z.array(z.number().int().positive()).max(500).nullish(),
  filter: z.custom<ImageFilterSpec>().nullish(),
  questionTypes: z.array(z.enum(questionTypes)).max(questionTypes.length).nullish(),
  groupBy: axisList.nullish(),
  preset: z.enum(resultPresets).nullish(),
  marginals: z.boolean().nullish(),
  overall: z.boolean().nullish(),
  interval: z.enum(intervalMethods).nullish(),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .nullish(),
  resamples: z.number().int().min(100).max(100_000).nullish(),
  minSupport: z.number().int().min(0).max(1_000_000).nullish(),
  source: z.enum(['AUTO', 'ROLLUP', 'PREDICTIONS']).nullish(),
  /** Runs fixed per model (the zero-shot runs the API just ensured); other runs of those models are ignored. */
  pinned: z.array(z.object({ modelSlug: z.string(), runId: z.number().int().positive() })).nullish(),
});
export type ResultsArgs = z.input<typeof resultsArgsSchema>;

export type AxisValue = { axis: ResultAxis; value: string | null; label: string | null };

export type ResultSlice = {
  model: { id: number; slug: string; name: string };
  /** The axes this slice is grouped by (a subset of groupBy: fewer for marginals, none for the overall row). */
  grouping: ResultAxis[];
  group: AxisValue[];
  n: number;
  correct: number;
  accuracy: number | null;
  interval: Interval & { method: IntervalMethod; level: number };
  macroAccuracy: number | null;
  lowSupport: boolean;
  runIds: number[];
  benchmarkRevisions: string[];
};

export type ResultsOutput = {
  slices: ResultSlice[];
  groupBy: ResultAxis[];
  questionTypes: QuestionType[] | null;
  source: CountSource;
  runs: ChosenRun[];
};

type Plan = {
  filter: ImageFilterSpec | null;
  questionTypes: QuestionType[] | null;
  groupBy: ResultAxis[];
  sets: ResultAxis[][];
};

/** Merges a preset with the request's own arguments and lists the grouping sets to compute. */
function plan(args: z.output<typeof resultsArgsSchema>, defaults: { marginals: boolean; overall: boolean }): Plan {
  const preset = args.preset ? presetSpecs[args.preset as ResultPreset] : null;
  const filters = [preset?.filter, args.filter ?? undefined].filter((f): f is ImageFilterSpec => !!f);
  const filter = filters.length === 0 ? null : filters.length === 1 ? filters[0]! : { and: filters };
  let types: QuestionType[] | null = args.questionTypes ?? null;
  if (preset) types = types ? preset.questionTypes.filter((t) => types!.includes(t)) : preset.questionTypes;
  const groupBy = args.groupBy?.length ? [...args.groupBy] : [...(preset?.groupBy ?? [])];
  const marginals = args.marginals ?? defaults.marginals;
  const overall = args.overall ?? defaults.overall;
  const sets: ResultAxis[][] = [groupBy];
  if (marginals && groupBy.length > 1) {
    // every proper, non-empty subset of groupBy, larger ones first, in groupBy order
    const subsets: ResultAxis[][] = [];
    for (let mask = (1 << groupBy.length) - 2; mask > 0; mask--) {
      subsets.push(groupBy.filter((_, i) => mask & (1 << (groupBy.length - 1 - i))));
    }
    subsets.sort((a, b) => b.length - a.length);
    sets.push(...subsets);
  }
  if (overall && groupBy.length > 0) sets.push([]);
  return { filter, questionTypes: types, groupBy, sets };
}

function parseArgs(args: ResultsArgs) {
  const parsed = resultsArgsSchema.safeParse(args);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ResultsInputError(issue.path as (string | number)[], issue.message);
  }
  return parsed.data;
}

/**
 * Stratified results: one slice per model and combination of values of the requested axes, plus marginals and
 * the overall figure on request, each with n, correct, accuracy, a 95% interval (Wilson by default; the
 * paper's basic bootstrap, seeded; or a cluster bootstrap over source datasets), macro accuracy over classes,
 * a lowSupport flag (n < minSupport, default 30) and the runs and benchmark revisions behind it.
 *
 * Cost: two SQL statements whatever the number of models and axes (runs, then slices); counts come from the
 * rollup unless the filter needs image columns the rollup does not carry (then from the question-level join).
 */
/**
 * The questions a results request covers once its preset is applied: the effective image filter and question
 * types (what an on-demand evaluation must compute for the request to be complete).
 */
export function resultsScope(rawArgs: ResultsArgs): {
  filter: ImageFilterSpec | null;
  questionTypes: QuestionType[] | null;
} {
  const p = plan(parseArgs(rawArgs), { marginals: false, overall: false });
  return { filter: p.filter, questionTypes: p.questionTypes };
}

export async function computeResults(db: Db, rawArgs: ResultsArgs): Promise<ResultsOutput> {
  const args = parseArgs(rawArgs);
  const p = plan(args, { marginals: false, overall: false });
  const source = pickSource(args.source ?? 'AUTO', p.filter);
  const runs = await resolveResultRuns(db, {
    modelSlugs: args.models ?? undefined,
    runIds: args.runs ?? undefined,
    questionTypes: p.questionTypes ?? undefined,
    pinned: args.pinned ?? undefined,
  });
  if (args.models) {
    // A pinned model still being computed has no complete run yet: that is coverage, not an input error.
    const found = new Set([...runs.map((r) => r.modelSlug), ...(args.pinned ?? []).map((p) => p.modelSlug)]);
    const missing = args.models.findIndex((m) => !found.has(m));
    if (missing >= 0 && runs.length === 0 && !p.questionTypes) {
      throw new ResultsInputError(['models', missing], `no complete run of model "${args.models[missing]}"`);
    }
  }
  const method = (args.interval ?? 'WILSON') as IntervalMethod;
  const rows = await sliceCounts(db, {
    source,
    runs,
    filter: p.filter,
    sets: p.sets,
    axes: p.groupBy,
    perSourceDataset: method === 'CLUSTER_BOOTSTRAP',
  });
  const minSupport = args.minSupport ?? 30;
  const models = new Map(runs.map((r) => [r.modelId, { id: r.modelId, slug: r.modelSlug, name: r.modelName }]));
  const slices = rows.map((row) =>
    toSlice(row, p.groupBy, runs, models, {
      method,
      seed: args.seed ?? 0,
      resamples: args.resamples ?? 9999,
      minSupport,
    }),
  );
  return { slices, groupBy: p.groupBy, questionTypes: p.questionTypes, source, runs };
}

function pickSource(requested: 'AUTO' | 'ROLLUP' | 'PREDICTIONS', filter: ImageFilterSpec | null): CountSource {
  const can = rollupCanFilter(filter);
  if (requested === 'ROLLUP' && !can) {
    throw new ResultsInputError(['source'], 'the filter uses image fields the rollup does not carry; use AUTO');
  }
  if (requested === 'PREDICTIONS') return 'predictions';
  return can ? 'rollup' : 'predictions';
}

function groupOf(row: { gid: number; values: (string | null)[]; labels: (string | null)[] }, axes: ResultAxis[]) {
  const grouping: ResultAxis[] = [];
  const group: AxisValue[] = [];
  axes.forEach((axis, i) => {
    if ((row.gid & (1 << (axes.length - 1 - i))) === 0) {
      grouping.push(axis);
      group.push({ axis, value: row.values[i] ?? null, label: row.labels[i] ?? null });
    }
  });
  return { grouping, group };
}

function runsOf(runs: ChosenRun[], modelId: number, types: number) {
  const mine = runs.filter((r) => r.modelId === modelId && (types & questionTypeBit(r.questionType)) !== 0);
  return {
    runIds: [...new Set(mine.map((r) => r.runId))].sort((a, b) => a - b),
    benchmarkRevisions: [...new Set(mine.map((r) => r.benchmarkRevision))].sort(),
  };
}

function toSlice(
  row: SliceRow,
  axes: ResultAxis[],
  runs: ChosenRun[],
  models: Map<number, ResultSlice['model']>,
  o: { method: IntervalMethod; seed: number; resamples: number; minSupport: number },
): ResultSlice {
  const { grouping, group } = groupOf(row, axes);
  const level = 0.95;
  let interval: Interval;
  if (o.method === 'WILSON') interval = wilson(row.n, row.correct);
  else if (o.method === 'BOOTSTRAP')
    interval = basicBootstrap(row.n, row.correct, { seed: o.seed, resamples: o.resamples, level });
  else {
    const clusters = (row.dsN ?? []).map((n, i) => ({ n, k: row.dsCorrect![i]! }));
    interval = clusterBootstrap(clusters, { seed: o.seed, resamples: o.resamples, level });
  }
  return {
    model: models.get(row.modelId)!,
    grouping,
    group,
    n: row.n,
    correct: row.correct,
    accuracy: row.n > 0 ? row.correct / row.n : null,
    interval: { ...interval, method: o.method, level },
    macroAccuracy: row.macroAccuracy,
    lowSupport: row.n < o.minSupport,
    ...runsOf(runs, row.modelId, row.types),
  };
}

export const compareArgsSchema = z.object({
  modelA: z.string().min(1).max(200),
  modelB: z.string().min(1).max(200),
  filter: z.custom<ImageFilterSpec>().nullish(),
  questionTypes: z.array(z.enum(questionTypes)).max(questionTypes.length).nullish(),
  groupBy: axisList.nullish(),
  preset: z.enum(resultPresets).nullish(),
  marginals: z.boolean().nullish(),
  overall: z.boolean().nullish(),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .nullish(),
  resamples: z.number().int().min(100).max(100_000).nullish(),
  minSupport: z.number().int().min(0).max(1_000_000).nullish(),
});
export type CompareArgs = z.input<typeof compareArgsSchema>;

export type CompareSlice = {
  grouping: ResultAxis[];
  group: AxisValue[];
  /** Questions both models answered (scored) in this slice. */
  n: number;
  accuracyA: number | null;
  accuracyB: number | null;
  /** accuracy(A) − accuracy(B) on the paired questions, with a paired basic-bootstrap 95% interval. */
  difference: Interval & { level: number };
  n11: number;
  n10: number;
  n01: number;
  n00: number;
  /** Exact McNemar p-value (two-sided). */
  pValue: number;
  /** Benjamini–Hochberg adjusted p-value across the slices returned. */
  adjustedPValue: number;
  lowSupport: boolean;
  runIdsA: number[];
  runIdsB: number[];
  benchmarkRevisions: string[];
};

/**
 * Paired comparison of two models on the questions both answered, per slice: difference in accuracy with a
 * paired bootstrap interval, exact McNemar p, and BH-adjusted p across the returned slices. Two statements.
 */
export async function compareModels(
  db: Db,
  rawArgs: CompareArgs,
): Promise<{
  slices: CompareSlice[];
  modelA: ResultSlice['model'];
  modelB: ResultSlice['model'];
  groupBy: ResultAxis[];
}> {
  const parsed = compareArgsSchema.safeParse(rawArgs);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ResultsInputError(issue.path as (string | number)[], issue.message);
  }
  const args = parsed.data;
  if (args.modelA === args.modelB) throw new ResultsInputError(['modelB'], 'compare two different models');
  const p = plan(args, { marginals: false, overall: false });
  const runs = await resolveResultRuns(db, {
    modelSlugs: [args.modelA, args.modelB],
    questionTypes: p.questionTypes ?? undefined,
  });
  const runsA = runs.filter((r) => r.modelSlug === args.modelA);
  const runsB = runs.filter((r) => r.modelSlug === args.modelB);
  if (!runsA.length) throw new ResultsInputError(['modelA'], `no complete run of model "${args.modelA}"`);
  if (!runsB.length) throw new ResultsInputError(['modelB'], `no complete run of model "${args.modelB}"`);
  const rows = await pairedCounts(db, { runsA, runsB, filter: p.filter, sets: p.sets, axes: p.groupBy });
  const seed = args.seed ?? 0;
  const resamples = args.resamples ?? 9999;
  const minSupport = args.minSupport ?? 30;
  const pValues = rows.map((r) => mcnemarExact(r.n10, r.n01));
  const adjusted = benjaminiHochberg(pValues);
  const slices = rows.map((r, i): CompareSlice => {
    const n = r.n11 + r.n10 + r.n01 + r.n00;
    const a = runsOf(runsA, runsA[0]!.modelId, r.types);
    const b = runsOf(runsB, runsB[0]!.modelId, r.types);
    return {
      ...groupOf(r, p.groupBy),
      n,
      accuracyA: n ? (r.n11 + r.n10) / n : null,
      accuracyB: n ? (r.n11 + r.n01) / n : null,
      difference: { ...pairedBootstrapDifference(r, { seed, resamples }), level: 0.95 },
      n11: r.n11,
      n10: r.n10,
      n01: r.n01,
      n00: r.n00,
      pValue: pValues[i]!,
      adjustedPValue: adjusted[i]!,
      lowSupport: n < minSupport,
      runIdsA: a.runIds,
      runIdsB: b.runIds,
      benchmarkRevisions: [...new Set([...a.benchmarkRevisions, ...b.benchmarkRevisions])].sort(),
    };
  });
  const model = (r: ChosenRun) => ({ id: r.modelId, slug: r.modelSlug, name: r.modelName });
  return { slices, modelA: model(runsA[0]!), modelB: model(runsB[0]!), groupBy: p.groupBy };
}

export type LeaderboardEntry = {
  rank: number;
  /** 1 for the leader and every model whose interval overlaps the leader's; then 2, 3, … likewise. */
  tieGroup: number;
  tiedWithLeader: boolean;
  slice: ResultSlice;
};
export type LeaderboardSlice = { grouping: ResultAxis[]; group: AxisValue[]; entries: LeaderboardEntry[] };

/**
 * Ranks models per slice by accuracy. Tie groups: the leader's group holds every model whose 95% interval
 * overlaps the leader's (not separable from it); the best model left starts the next group, and so on.
 */
export async function leaderboard(db: Db, rawArgs: ResultsArgs): Promise<LeaderboardSlice[]> {
  const out = await computeResults(db, rawArgs);
  const bySlice = new Map<string, LeaderboardSlice & { list: ResultSlice[] }>();
  for (const s of out.slices) {
    const key = JSON.stringify([s.grouping, s.group.map((g) => g.value)]);
    let entry = bySlice.get(key);
    if (!entry) bySlice.set(key, (entry = { grouping: s.grouping, group: s.group, entries: [], list: [] }));
    entry.list.push(s);
  }
  return [...bySlice.values()].map(({ grouping, group, list }) => {
    const sorted = list
      .filter((s) => s.n > 0)
      .sort((a, b) => b.accuracy! - a.accuracy! || b.n - a.n || a.model.slug.localeCompare(b.model.slug));
    const groupOfModel = new Map<number, number>();
    let next = 1;
    for (const head of sorted) {
      if (groupOfModel.has(head.model.id)) continue;
      const g = next++;
      groupOfModel.set(head.model.id, g);
      for (const other of sorted) {
        if (!groupOfModel.has(other.model.id) && other.interval.high >= head.interval.low)
          groupOfModel.set(other.model.id, g);
      }
    }
    return {
      grouping,
      group,
      entries: sorted.map((slice, i) => ({
        rank: i + 1,
        tieGroup: groupOfModel.get(slice.model.id)!,
        tiedWithLeader: groupOfModel.get(slice.model.id) === 1,
        slice,
      })),
    };
  });
}

export type ReferenceResult = {
  source: string;
  model: string;
  split: 'coarse' | 'fine' | 'cognition';
  accuracy: number;
  plusMinus: number;
  rank: number;
};

/** The published reference tables of the benchmark adapters (`src/benchmarks/reference.ts`), optionally one split. */
export async function listReferenceResults(
  db: Db,
  split?: ReferenceResult['split'] | null,
): Promise<ReferenceResult[]> {
  return referenceResultsOf(db, split);
}
