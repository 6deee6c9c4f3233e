import { EmbeddingError, badInput } from '../errors.js';
import { evaluationRuntimeFor } from '../predictions/runtime.js';
import { ensureEvaluations, type EvaluationCoverage } from '../predictions/ensure.js';
import { ClientRateLimiter } from '../predictions/rate-limit.js';
import type { Runtime } from '../runtime.js';
import { resolveModelRefs, type ResolvedModel } from './models.js';
import { listModelVersions } from '../db/queries/model-versions.js';
import { sampleAxes, type SampleSpec } from '../db/queries/evaluation.js';
import { isEndpointVersion } from '../generative/compute.js';
import type { AxisId } from '../axes/registry.js';
import type { SliceMember } from '../db/queries/results.js';
import type { PredictionOutcome, SliceScope } from '../db/queries/slice-predictions.js';
import { countPredictionsOfSlice, slicePredictionPages, slicePredictionsPage } from './slice-predictions.js';
import {
  compareModels,
  computeSlices,
  leaderboard,
  listReferenceResults,
  parseResultsRequest,
  resultRuns,
  type CompareArgs,
  type FactsStep,
  type Plan,
  type ReferenceResult,
  type ResultsArgs,
  type ResultsOutput,
} from './service.js';

export type ResultsOnDemandArgs = ResultsArgs & {
  /** Compute missing zero-shot predictions first (default true; only where EVALUATE_ON_READ allows it). */
  evaluate?: boolean | null;
  /** Who is asking (`key:<id>` or `ip:<address>`): evaluations started from reads are rate-limited per client. */
  client?: string | null;
  /**
   * Generative (endpoint) models: evaluate a stratified sample of the scope, `perCell` questions per cell of
   * `axes` chosen by seeded rank, and report its stratified estimate in `coverage.sample`.
   */
  sample?: { perCell: number; axes?: readonly string[] | null; seed?: number | null } | null;
};

/** The `sample` argument checked: a coded BAD_USER_INPUT naming the field otherwise. */
function parseSample(sample: ResultsOnDemandArgs['sample']): SampleSpec | null {
  if (sample == null) return null;
  if (!Number.isInteger(sample.perCell) || sample.perCell < 1 || sample.perCell > 100_000) {
    throw badInput(['sample', 'perCell'], 'must be an integer from 1 to 100000');
  }
  const allowed = sampleAxes();
  const axes = [...(sample.axes ?? [])];
  axes.forEach((a, i) => {
    if (!allowed.includes(a as AxisId)) {
      throw badInput(['sample', 'axes', i], `cannot stratify by ${a}; one of ${allowed.join(', ')}`);
    }
  });
  if (new Set(axes).size !== axes.length) throw badInput(['sample', 'axes'], 'axes must be distinct');
  if (axes.length > 4) throw badInput(['sample', 'axes'], 'at most 4 axes');
  const seed = sample.seed ?? 0;
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) {
    throw badInput(['sample', 'seed'], 'must be an integer from 0 to 4294967295');
  }
  return { perCell: sample.perCell, axes: axes as AxisId[], seed };
}

const limiters = new WeakMap<Runtime, ClientRateLimiter>();
function limiterFor(runtime: Runtime): ClientRateLimiter {
  let limiter = limiters.get(runtime);
  if (!limiter) limiters.set(runtime, (limiter = new ClientRateLimiter(runtime.config.evaluateOnReadPerMinute ?? 30)));
  return limiter;
}

/**
 * The results service of one request, built once per request (the GraphQL context holds it; the export route
 * builds one). `results` runs one straight path down (docs/architecture.md):
 * 1. parse and plan the arguments, once;
 * 2. resolve the model references to rows and versions, once (one statement); only ids travel further down;
 * 3. the facts step: for every named model that is a registered ONNX contrastive model, its predictions as facts
 *    (keyed by model version and protocol configuration, whichever run wrote them) over the request's scope,
 *    computing what is missing first where EVALUATE_ON_READ and the per-client rate limit allow (inline when
 *    small, queued otherwise); a failure to start is an error, never a fallback to other runs;
 * 4. compute the slices with those models pinned to the runs holding their facts; models without ONNX files
 *    (imported runs) use their newest complete run.
 * `compare` and `leaderboard` take the same facts step read-only (they never start work; a registered model
 * without predictions has none to compare): the same predictions `results` publishes, whatever run wrote them,
 * never a narrower or older run that happens to be newest. A request naming no model pins every registered one.
 * Slices carry their model rows, so the resolver looks nothing up per slice.
 */
export function createResultsService(runtime: Runtime, who: { client?: string | null } = {}) {
  const db = runtime.handle.db;

  /** Step 3 for `models` (null: every registered ONNX model), evaluating only when asked. */
  async function facts(
    models: (ResolvedModel | null)[] | null,
    plan: Plan,
    evaluate: boolean,
    client: string | null = who.client ?? null,
    sample: SampleSpec | null = null,
  ): Promise<EvaluationCoverage[]> {
    const named = models
      ? models.map((m, i) => ({ ref: m?.ref ?? String(i), version: m?.version ?? null }))
      : (await listModelVersions(db))
          .filter((v, i, all) => all.findIndex((w) => w.modelId === v.modelId) === i)
          .map((v) => ({ ref: v.slug, version: v }));
    if (!named.some((m) => m.version && (m.version.kind === 'contrastive' || isEndpointVersion(m.version)))) return [];
    const policy = {
      evaluate: evaluate && (runtime.config.evaluateOnRead ?? true),
      allowStart: () => limiterFor(runtime).take(client ?? 'anonymous'),
    };
    try {
      return await ensureEvaluations(
        await evaluationRuntimeFor(runtime),
        { models: named, filter: plan.filter, questionTypes: plan.questionTypes, sample },
        policy,
      );
    } catch (error) {
      if (error instanceof EmbeddingError && error.code === 'MODEL_CONFIG_INVALID') {
        throw badInput(['filter'], error.message);
      }
      throw error;
    }
  }
  const pinnedOf = (coverage: EvaluationCoverage[]) =>
    coverage.map((c) => ({ modelId: c.modelId, runIds: c.factRunIds }));
  const readFacts: FactsStep = async (models, plan) => pinnedOf(await facts(models, plan, false));

  return {
    async results(args: ResultsOnDemandArgs): Promise<ResultsOutput & { coverage: EvaluationCoverage[] }> {
      const { evaluate, client, sample: sampleArg, ...rest } = args;
      const sample = parseSample(sampleArg);
      const req = parseResultsRequest(rest);
      const refs = req.args.models ?? null;
      const models = refs ? await resolveModelRefs(db, refs) : null;
      // Runs named explicitly are the request's own choice: no facts step.
      const coverage = req.args.runs?.length
        ? []
        : await facts(models, req.plan, refs !== null && evaluate !== false, client ?? who.client ?? null, sample);
      return { ...(await computeSlices(db, req, models, pinnedOf(coverage))), coverage: refs ? coverage : [] };
    },
    /**
     * The scope of the slice `slice` (its axis values, `parseSliceSelection`) of the `results` request `args`: the
     * runs its figures stand on (the same facts step, read-only: it never starts work), its filter and values.
     * Its scored predictions are exactly the slice's n. Statements: model refs, the facts step, runs.
     */
    async sliceScope(args: ResultsArgs, slice: SliceMember[]): Promise<SliceScope> {
      const req = parseResultsRequest(args);
      const models = req.args.models ? await resolveModelRefs(db, req.args.models) : null;
      const pinned = req.args.runs?.length ? [] : await readFacts(models, req.plan);
      const runs = await resultRuns(db, req, models, pinned);
      return { runs, filter: req.plan.filter, template: req.plan.template, group: slice };
    },
    slicePredictionsPage: (scope: SliceScope, page: Parameters<typeof slicePredictionsPage>[2]) =>
      slicePredictionsPage(db, scope, page),
    countSlicePredictions: (scope: SliceScope, outcome: PredictionOutcome) =>
      countPredictionsOfSlice(db, scope, outcome),
    slicePredictionPages: (scope: SliceScope, outcome: PredictionOutcome, pageSize?: number) =>
      slicePredictionPages(db, scope, outcome, pageSize),
    compare: (args: CompareArgs) => compareModels(db, args, readFacts),
    leaderboard: (args: ResultsArgs) => leaderboard(db, args, readFacts),
    referenceResults: (split?: ReferenceResult['split'] | null) => listReferenceResults(db, split),
  };
}
export type ResultsService = ReturnType<typeof createResultsService>;

/** `results` as the API serves it, for callers without a GraphQL context (the export route). */
export function resultsOnDemand(runtime: Runtime, args: ResultsOnDemandArgs) {
  return createResultsService(runtime, { client: args.client ?? null }).results(args);
}
