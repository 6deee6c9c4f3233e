import { DomainError } from '../errors.js';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { questionTypes, type QuestionType } from '../db/schema/index.js';
import type { ImageFilterSpec } from '../db/queries/image-filter.js';
import {
  pairedCounts,
  questionTypeBit,
  resolveResultRuns,
  sliceChance,
  rollupCanFilter,
  sliceCells,
  type ChosenRun,
  type CountSource,
  type PairedRow,
  type SliceRow,
} from '../db/queries/results.js';
import {
  benjaminiHochberg,
  bootstrapPool,
  drawsOf,
  type BootstrapJob,
  type ClusterInterval,
  competitionRanks,
  mcnemarExact,
  testPairs,
  tieGroups,
  wilson,
  type Interval,
  type RankedPair,
} from '../statistics/index.js';
import { referenceResultsOf } from '../benchmarks/reference.js';
import { axisDef, resultAxes, type ResultAxis } from '../axes/registry.js';
import { presetSpecs, resultPresets, type ResultPreset } from './presets.js';
import { resolveModelRefs, type ResolvedModel } from './models.js';
import { findModelsByIds, type ModelRow } from '../db/queries/models.js';
import type { SliceScope } from '../db/queries/slice-predictions.js';
import { foldSlices } from './slices.js';

export const intervalMethods = ['WILSON', 'BOOTSTRAP', 'CLUSTER_BOOTSTRAP', 'IMAGE_CLUSTER_BOOTSTRAP'] as const;
export type IntervalMethod = (typeof intervalMethods)[number];

/** The cluster unit of each cluster-bootstrap method. */
const clusterUnitOf: Partial<Record<IntervalMethod, 'sourceDataset' | 'image'>> = {
  CLUSTER_BOOTSTRAP: 'sourceDataset',
  IMAGE_CLUSTER_BOOTSTRAP: 'image',
};

/**
 * The interval of one slice's accuracy. `low`/`high`/`plusMinus` are null when no interval exists (a cluster
 * bootstrap over fewer than two clusters), with the reason in `unavailable`; `clusters`/`fewClusters` describe
 * cluster bootstraps (null/false otherwise). See `src/statistics/intervals.ts` for each method's formula.
 */
export type SliceInterval = {
  method: IntervalMethod;
  level: number;
  estimate: number;
  low: number | null;
  high: number | null;
  plusMinus: number | null;
  clipped: boolean;
  clusters: number | null;
  fewClusters: boolean;
  unavailable: string | null;
};

/** Raised for arguments the caller must fix: a BAD_USER_INPUT DomainError naming the argument path. */
export class ResultsInputError extends DomainError {
  declare readonly path: (string | number)[];
  constructor(path: (string | number)[], message: string) {
    super('BAD_USER_INPUT', message, { path });
    this.name = 'ResultsInputError';
  }
}

const axisList = z
  .array(z.enum(resultAxes as [ResultAxis, ...ResultAxis[]]))
  .max(4, 'at most 4 axes')
  .refine((a) => new Set(a).size === a.length, 'axes must be distinct')
  .refine(
    (a) => a.filter((x) => axisDef(x).multiValued).length <= 1,
    `at most one of ${resultAxes.filter((x) => axisDef(x).multiValued).join(' and ')}`,
  );

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
  benchmarkRevisions: z.array(z.number().int().positive()).max(100).nullish(),
});
export type ResultsArgs = z.input<typeof resultsArgsSchema>;

export type AxisValue = { axis: ResultAxis; value: string | null; label: string | null };

export type ResultSlice = {
  /** The model row itself (loaded once per request), so the resolver needs no per-slice lookup. */
  model: ModelRow;
  /** The axes this slice is grouped by (a subset of groupBy: fewer for marginals, none for the overall row). */
  grouping: ResultAxis[];
  group: AxisValue[];
  n: number;
  correct: number;
  accuracy: number | null;
  interval: SliceInterval;
  macroAccuracy: number | null;
  lowSupport: boolean;
  runIds: number[];
  benchmarkRevisions: string[];
  /**
   * Caption templates k its questions were asked in, ascending (empty: VQA questions only). Two or more: the
   * slice pools templates (group by TEMPLATE to see them apart); a preset counts its official template only.
   */
  templates: number[];
  /** The slice's chance level (mean of 1 / options over its scored predictions), computed on first call. */
  chanceAccuracy: () => Promise<number | null>;
  /** What the slice is made of, to list the predictions behind it (`ResultSlice.predictions`). */
  scope: SliceScope;
};

export type ResultsOutput = {
  slices: ResultSlice[];
  groupBy: ResultAxis[];
  questionTypes: QuestionType[] | null;
  source: CountSource;
  runs: ChosenRun[];
};

export type Plan = {
  filter: ImageFilterSpec | null;
  questionTypes: QuestionType[] | null;
  /** Caption template k counted (a preset's official one); null: every template (slices name what they pool). */
  template: number | null;
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
  return { filter, questionTypes: types, template: preset?.template ?? null, groupBy, sets };
}

function parseArgs(args: ResultsArgs) {
  const parsed = resultsArgsSchema.safeParse(args);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ResultsInputError(issue.path as (string | number)[], issue.message);
  }
  return parsed.data;
}

/** A results request parsed and planned once: its arguments and what they ask for after the preset. */
export type ResultsRequest = { args: z.output<typeof resultsArgsSchema>; plan: Plan };

/** Parses and plans a results request (the one place its arguments are read). */
export function parseResultsRequest(rawArgs: ResultsArgs): ResultsRequest {
  const args = parseArgs(rawArgs);
  return { args, plan: plan(args, { marginals: false, overall: false }) };
}

/**
 * Stratified results: one slice per model and combination of values of the requested axes, plus marginals and
 * the overall figure on request, each with n, correct, accuracy, a 95% interval (Wilson by default; the
 * paper's basic bootstrap, seeded; or a cluster bootstrap over source datasets or images), macro accuracy over
 * classes, a lowSupport flag (n < minSupport, default 30) and the runs and benchmark revisions behind it.
 *
 * `models` are the request's model references already resolved (`resolveModelRefs`, null for unknown ones);
 * `pinned` fixes a model to the runs holding its facts (predictions keyed by model version and protocol
 * configuration, whichever run wrote them). Cost: two SQL statements
 * whatever the number of models and axes (runs, then slices), plus one for the model rows when the request
 * names runs only; counts come from the rollup unless the filter needs image columns it does not carry.
 */
export async function computeSlices(
  db: Db,
  req: ResultsRequest,
  models: (ResolvedModel | null)[] | null,
  pinned: { modelId: number; runIds: number[] }[] = [],
): Promise<ResultsOutput> {
  const { args, plan: p } = req;
  const method = (args.interval ?? 'WILSON') as IntervalMethod;
  const clusterBy = clusterUnitOf[method] ?? null;
  const source = pickSource(args.source ?? 'AUTO', p.filter, clusterBy === 'image');
  const known = models?.flatMap((m) => (m ? [m.model] : [])) ?? null;
  const runs = await resultRuns(db, req, models, pinned);
  const rowsById = new Map(
    (known ?? (await findModelsByIds(db, [...new Set(runs.map((r) => r.modelId))]))).map((m) => [m.id, m]),
  );
  const o = { method, seed: args.seed ?? 0, resamples: args.resamples ?? 9999, minSupport: args.minSupport ?? 30 };
  // Several benchmark revisions (two benchmarks, or two revisions of one) are never pooled: the slices are
  // answered per revision, in revision order, each slice naming its revision.
  const found: { row: SliceRow; runs: ChosenRun[]; chance: ResultSlice['chanceAccuracy'] }[] = [];
  for (const revisionRuns of byRevision(runs)) {
    const cells = await sliceCells(db, {
      source,
      runs: revisionRuns,
      filter: p.filter,
      template: p.template,
      sets: p.sets,
      axes: p.groupBy,
      clusterBy,
    });
    const rows = foldSlices(cells, p.groupBy, p.sets, clusterBy !== null);
    // One statement for every slice of this revision, only when a client reads a chance level.
    let chance: Promise<Map<string, number | null>> | null = null;
    const chanceOf = (row: SliceRow) => async () => {
      const q = { runs: revisionRuns, filter: p.filter, template: p.template, sets: p.sets, axes: p.groupBy };
      chance ??= sliceChance(db, q).then((cs) => new Map(cs.map((c) => [sliceKey(c), c.chance])));
      return (await chance).get(sliceKey(row)) ?? null;
    };
    for (const row of rows) found.push({ row, runs: revisionRuns, chance: chanceOf(row) });
  }
  const intervals = await sliceIntervals(
    found.map((f) => f.row),
    o,
  );
  // The lazy chance level and the scope ride on each slice as non-enumerable properties, so slices stay plain
  // data: two answers to the same request compare equal and serialise alike (a fresh closure per slice would not).
  // Runs per (revision, model, question types) and per (revision, model): a few distinct keys for hundreds of slices.
  const runsMemo = new Map<ChosenRun[], Map<string, ReturnType<typeof runsOf>>>();
  const runsFor = (runs: ChosenRun[], modelId: number, types: number) => {
    let memo = runsMemo.get(runs);
    if (!memo) runsMemo.set(runs, (memo = new Map()));
    const key = `${modelId}|${types}`;
    let hit = memo.get(key);
    if (!hit) memo.set(key, (hit = runsOf(runs, modelId, types)));
    return hit;
  };
  const scopeRuns = new Map<ChosenRun[], Map<number, ChosenRun[]>>();
  const scopeRunsFor = (runs: ChosenRun[], modelId: number) => {
    let memo = scopeRuns.get(runs);
    if (!memo) scopeRuns.set(runs, (memo = new Map()));
    let hit = memo.get(modelId);
    if (!hit) memo.set(modelId, (hit = runs.filter((r) => r.modelId === modelId)));
    return hit;
  };
  const slices = found.map((f, i) => {
    const slice = toSlice(f.row, p.groupBy, runsFor(f.runs, f.row.modelId, f.row.types), rowsById, o, intervals[i]!);
    const scope: SliceScope = {
      runs: scopeRunsFor(f.runs, f.row.modelId),
      filter: p.filter,
      template: p.template,
      group: slice.group,
    };
    return Object.defineProperties(slice, {
      chanceAccuracy: { value: f.chance, enumerable: false },
      scope: { value: scope, enumerable: false },
    }) as ResultSlice;
  });
  return { slices, groupBy: p.groupBy, questionTypes: p.questionTypes, source, runs };
}

/**
 * The runs a results request's figures stand on, per (model, question type) (`resolveResultRuns`): pinned models
 * by the runs holding their facts, others by their newest complete run. The one place both the slices and the
 * predictions behind them choose runs.
 * @throws ResultsInputError when a named model has no run at all
 */
export async function resultRuns(
  db: Db,
  req: ResultsRequest,
  models: (ResolvedModel | null)[] | null,
  pinned: Pinned,
): Promise<ChosenRun[]> {
  const { args, plan: p } = req;
  const known = models?.flatMap((m) => (m ? [m.model] : [])) ?? null;
  const runs = await resolveResultRuns(db, {
    ...(known ? { modelIds: known.map((m) => m.id) } : {}),
    runIds: args.runs ?? undefined,
    questionTypes: p.questionTypes ?? undefined,
    pinned,
    revisionIds: args.benchmarkRevisions ?? undefined,
  });
  if (models) {
    // A pinned model still being computed has no complete run yet: that is coverage, not an input error.
    const found = new Set([...runs.map((r) => r.modelId), ...pinned.map((x) => x.modelId)]);
    const missing = models.findIndex((m) => !m || !found.has(m.model.id));
    if (missing >= 0 && runs.length === 0 && !p.questionTypes) {
      throw new ResultsInputError(['models', missing], `no complete run of model "${args.models![missing]}"`);
    }
  }
  return runs;
}

/** `results` without the on-demand step (tests, benchmarks, imported runs): parse, resolve models, slices. */
export async function computeResults(db: Db, rawArgs: ResultsArgs): Promise<ResultsOutput> {
  const req = parseResultsRequest(rawArgs);
  const models = req.args.models ? await resolveModelRefs(db, req.args.models) : null;
  return computeSlices(db, req, models);
}

/** Identifies a slice among one statement's rows: model, GROUPING mask and values. */
function sliceKey(row: { modelId: number; gid: number; values: (string | null)[] }): string {
  return JSON.stringify([row.modelId, row.gid, row.values]);
}

/** The runs grouped by benchmark revision, in revision order (one group, possibly empty, when there is one). */
function byRevision(runs: ChosenRun[]): ChosenRun[][] {
  const revisions = [...new Set(runs.map((r) => r.benchmarkRevision))].sort();
  if (revisions.length <= 1) return [runs];
  return revisions.map((rev) => runs.filter((r) => r.benchmarkRevision === rev));
}

function pickSource(
  requested: 'AUTO' | 'ROLLUP' | 'PREDICTIONS',
  filter: ImageFilterSpec | null,
  perImage: boolean,
): CountSource {
  const can = rollupCanFilter(filter) && !perImage;
  if (requested === 'ROLLUP' && !can) {
    throw new ResultsInputError(
      ['source'],
      perImage
        ? 'IMAGE_CLUSTER_BOOTSTRAP needs per-image counts, which the rollup does not carry; use AUTO'
        : 'the filter uses image fields the rollup does not carry; use AUTO',
    );
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
  runs: ReturnType<typeof runsOf>,
  models: Map<number, ModelRow>,
  o: { method: IntervalMethod; seed: number; resamples: number; minSupport: number },
  interval: SliceInterval,
): Omit<ResultSlice, 'chanceAccuracy' | 'scope'> {
  const { grouping, group } = groupOf(row, axes);
  return {
    model: models.get(row.modelId)!,
    grouping,
    group,
    n: row.n,
    correct: row.correct,
    accuracy: row.n > 0 ? row.correct / row.n : null,
    interval,
    macroAccuracy: row.macroAccuracy,
    lowSupport: row.n < o.minSupport,
    templates: row.templates,
    runIds: runs.runIds,
    benchmarkRevisions: runs.benchmarkRevisions,
  };
}

/**
 * Resample × slice draws one request may ask for (`resamples` × bootstrapped slices, the unit the GraphQL cost
 * model counts): 1,000 slices at the default 9,999 resamples, or 100 slices at 100,000. Over it the request is
 * refused (BAD_USER_INPUT on `resamples`) before any resampling starts.
 */
export const BOOTSTRAP_BUDGET = 10_000_000;

/** Checks the budget, then runs the bootstraps in worker threads (`bootstrapPool`), results in job order. */
export async function runBootstraps(jobs: BootstrapJob[]): Promise<(Interval | ClusterInterval)[]> {
  const draws = jobs.reduce((sum, j) => sum + drawsOf(j), 0);
  if (draws > BOOTSTRAP_BUDGET) {
    throw new ResultsInputError(
      ['resamples'],
      `${draws} bootstrap draws (resamples × ${jobs.length} slices) exceed the budget of ${BOOTSTRAP_BUDGET} per ` +
        'request; ask for fewer resamples, axes or models',
    );
  }
  return bootstrapPool().run(jobs);
}

/**
 * Every slice's interval by the requested method (formulas: `src/statistics/intervals.ts`, docs/statistics.md):
 * Wilson in this thread, bootstraps in worker threads within the request's budget (same code, same intervals).
 */
async function sliceIntervals(
  rows: SliceRow[],
  o: { method: IntervalMethod; seed: number; resamples: number },
): Promise<SliceInterval[]> {
  const level = 0.95;
  const options = { seed: o.seed, resamples: o.resamples, level };
  const plain = (i: Interval): SliceInterval => ({
    method: o.method,
    level,
    ...i,
    clusters: null,
    fewClusters: false,
    unavailable: null,
  });
  if (o.method === 'WILSON') return rows.map((row) => plain(wilson(row.n, row.correct)));
  if (o.method === 'BOOTSTRAP') {
    const out = await runBootstraps(rows.map((row) => ({ kind: 'basic' as const, n: row.n, k: row.correct, options })));
    return out.map((i) => plain(i as Interval));
  }
  const out = await runBootstraps(
    rows.map((row) => ({
      kind: 'cluster' as const,
      clusters: (row.dsN ?? []).map((n, i) => ({ n, k: row.dsCorrect![i]! })),
      options,
    })),
  );
  return out.map((r) => {
    const c = r as ClusterInterval;
    return {
      method: o.method,
      level,
      estimate: c.estimate,
      low: c.interval?.low ?? null,
      high: c.interval?.high ?? null,
      plusMinus: c.interval?.plusMinus ?? null,
      clipped: c.interval?.clipped ?? false,
      clusters: c.clusters,
      fewClusters: c.fewClusters,
      unavailable: c.unavailable,
    };
  });
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

/** Model ids pinned to the runs holding their facts (see `computeSlices`). */
export type Pinned = { modelId: number; runIds: number[] }[];

/**
 * The facts step of a request (the results service supplies it, `src/results/on-demand.ts`): for the request's
 * models (null: every registered model), the runs holding each registered model's facts over the request's scope.
 * Without it (tests, benchmarks over imported runs) nothing is pinned.
 */
export type FactsStep = (models: (ResolvedModel | null)[] | null, plan: Plan) => Promise<Pinned>;
const noFacts: FactsStep = async () => [];

/** Parses and plans a compare request (the one place its arguments are read). */
export function parseCompareRequest(rawArgs: CompareArgs) {
  const parsed = compareArgsSchema.safeParse(rawArgs);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ResultsInputError(issue.path as (string | number)[], issue.message);
  }
  const args = parsed.data;
  if (args.modelA === args.modelB) throw new ResultsInputError(['modelB'], 'compare two different models');
  return { args, plan: plan(args, { marginals: false, overall: false }) };
}

/**
 * Paired comparison of two models on the questions both answered, per slice: difference in accuracy with a
 * paired bootstrap interval, exact McNemar p, and BH-adjusted p across the returned slices. Both models draw on
 * the same facts `results` does (registered models pinned to the runs holding their facts over the scope,
 * whichever run wrote each; imported models: their newest complete run per question type), and revisions are
 * never pooled: pairs are formed within one benchmark revision, the slices answered per revision in revision
 * order. Statements: models, (facts), runs, then one paired count per revision.
 */
export async function compareModels(
  db: Db,
  rawArgs: CompareArgs,
  facts: FactsStep = noFacts,
): Promise<{
  slices: CompareSlice[];
  modelA: ModelRow;
  modelB: ModelRow;
  groupBy: ResultAxis[];
}> {
  const { args, plan: p } = parseCompareRequest(rawArgs);
  const models = await resolveModelRefs(db, [args.modelA, args.modelB]);
  const [a, b] = models;
  const pinned = await facts(models, p);
  const runs = await resolveResultRuns(db, {
    modelIds: [a, b].flatMap((m) => (m ? [m.model.id] : [])),
    questionTypes: p.questionTypes ?? undefined,
    pinned,
  });
  const runsA = a ? runs.filter((r) => r.modelId === a.model.id) : [];
  const runsB = b ? runs.filter((r) => r.modelId === b.model.id) : [];
  if (!runsA.length) throw new ResultsInputError(['modelA'], `no complete run of model "${args.modelA}"`);
  if (!runsB.length) throw new ResultsInputError(['modelB'], `no complete run of model "${args.modelB}"`);
  const rows: (PairedRow & { runsA: ChosenRun[]; runsB: ChosenRun[] })[] = [];
  for (const revisionRuns of byRevision(runs)) {
    const ra = revisionRuns.filter((r) => r.modelId === a!.model.id);
    const rb = revisionRuns.filter((r) => r.modelId === b!.model.id);
    if (!ra.length || !rb.length) continue;
    const counts = await pairedCounts(db, {
      runsA: ra,
      runsB: rb,
      filter: p.filter,
      template: p.template,
      sets: p.sets,
      axes: p.groupBy,
    });
    for (const row of counts) rows.push({ ...row, runsA: ra, runsB: rb });
  }
  const seed = args.seed ?? 0;
  const resamples = args.resamples ?? 9999;
  const minSupport = args.minSupport ?? 30;
  const differences = (await runBootstraps(
    rows.map((r) => ({
      kind: 'paired' as const,
      counts: { n11: r.n11, n10: r.n10, n01: r.n01, n00: r.n00 },
      options: { seed, resamples },
    })),
  )) as Interval[];
  const pValues = rows.map((r) => mcnemarExact(r.n10, r.n01));
  const adjusted = benjaminiHochberg(pValues);
  const slices = rows.map((r, i): CompareSlice => {
    const n = r.n11 + r.n10 + r.n01 + r.n00;
    const ra = runsOf(r.runsA, a!.model.id, r.types);
    const rb = runsOf(r.runsB, b!.model.id, r.types);
    return {
      ...groupOf(r, p.groupBy),
      n,
      accuracyA: n ? (r.n11 + r.n10) / n : null,
      accuracyB: n ? (r.n11 + r.n01) / n : null,
      difference: { ...differences[i]!, level: 0.95 },
      n11: r.n11,
      n10: r.n10,
      n01: r.n01,
      n00: r.n00,
      pValue: pValues[i]!,
      adjustedPValue: adjusted[i]!,
      lowSupport: n < minSupport,
      runIdsA: ra.runIds,
      runIdsB: rb.runIds,
      benchmarkRevisions: [...new Set([...ra.benchmarkRevisions, ...rb.benchmarkRevisions])].sort(),
    };
  });
  return { slices, modelA: a!.model, modelB: b!.model, groupBy: p.groupBy };
}

export type LeaderboardEntry = {
  /** Competition rank by accuracy (ties share the best rank: 1, 2, 2, 4). */
  rank: number;
  /** Tie group from paired tests (`tieGroups`): contiguous in rank order, 1 = the leader's. */
  tieGroup: number;
  tiedWithLeader: boolean;
  slice: ResultSlice;
};
export type LeaderboardSlice = { grouping: ResultAxis[]; group: AxisValue[]; entries: LeaderboardEntry[] };

/**
 * Ranks models per slice by accuracy (competition ranks; order among equal accuracy: larger n, then slug) and
 * groups them into tie groups from paired tests on the questions both answered: exact McNemar for every pair of
 * ranked models in every slice, Benjamini–Hochberg across all those comparisons of the request, then
 * `tieGroups` (a model joins the group of the head above it while its adjusted p against the head is > 0.05).
 *
 * Cost: the results statements plus one paired-count statement per pair of models (all slices at once).
 */
export async function leaderboard(
  db: Db,
  rawArgs: ResultsArgs,
  facts: FactsStep = noFacts,
): Promise<LeaderboardSlice[]> {
  const req = parseResultsRequest(rawArgs);
  const p = req.plan;
  const models = req.args.models ? await resolveModelRefs(db, req.args.models) : null;
  const out = await computeSlices(db, req, models, await facts(models, p));
  // A slice is one revision's: two revisions (or benchmarks) are ranked apart, never pooled.
  const sliceKey = (revision: string, grouping: ResultAxis[], group: AxisValue[]) =>
    JSON.stringify([revision, grouping, group.map((g) => g.value)]);
  const bySlice = new Map<string, { grouping: ResultAxis[]; group: AxisValue[]; list: ResultSlice[] }>();
  for (const s of out.slices) {
    if (s.n === 0) continue;
    const key = sliceKey(s.benchmarkRevisions.join(' '), s.grouping, s.group);
    let entry = bySlice.get(key);
    if (!entry) bySlice.set(key, (entry = { grouping: s.grouping, group: s.group, list: [] }));
    entry.list.push(s);
  }
  for (const e of bySlice.values()) {
    e.list.sort((a, b) => b.accuracy! - a.accuracy! || b.n - a.n || a.model.slug.localeCompare(b.model.slug));
  }
  // Paired counts of every pair of models, for every slice at once (one statement per pair and revision).
  const pairs: (RankedPair & { key: string })[] = [];
  for (const revisionRuns of byRevision(out.runs)) {
    const revision = revisionRuns[0]?.benchmarkRevision ?? '';
    const runsByModel = new Map<number, ChosenRun[]>();
    for (const r of revisionRuns) runsByModel.set(r.modelId, [...(runsByModel.get(r.modelId) ?? []), r]);
    const modelIds = [...runsByModel.keys()].sort((a, b) => a - b);
    for (let i = 0; i < modelIds.length; i++) {
      for (let j = i + 1; j < modelIds.length; j++) {
        const [x, y] = [modelIds[i]!, modelIds[j]!];
        const rows = await pairedCounts(db, {
          runsA: runsByModel.get(x)!,
          runsB: runsByModel.get(y)!,
          filter: p.filter,
          template: p.template,
          sets: p.sets,
          axes: p.groupBy,
        });
        for (const row of rows) {
          const { grouping, group } = groupOf(row, p.groupBy);
          const key = sliceKey(revision, grouping, group);
          const list = bySlice.get(key)?.list;
          const a = list?.findIndex((s) => s.model.id === x) ?? -1;
          const b = list?.findIndex((s) => s.model.id === y) ?? -1;
          if (a < 0 || b < 0) continue;
          // counts oriented from the higher-ranked model's side
          const counts = a < b ? row : { ...row, n10: row.n01, n01: row.n10 };
          pairs.push({ key, a: Math.min(a, b), b: Math.max(a, b), counts });
        }
      }
    }
  }
  const tested = testPairs(pairs);
  return [...bySlice.entries()].map(([key, { grouping, group, list }]) => {
    const ranks = competitionRanks(list.map((s) => s.accuracy!));
    const groups = tieGroups(
      list.length,
      tested.filter((t) => t.key === key),
    );
    return {
      grouping,
      group,
      entries: list.map((slice, i) => ({
        rank: ranks[i]!,
        tieGroup: groups[i]!,
        tiedWithLeader: groups[i] === 1,
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
