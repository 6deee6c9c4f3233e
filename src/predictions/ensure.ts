import { DomainError } from '../errors.js';
import type { ImageFilterSpec } from '../db/queries/image-filter.js';
import type { QuestionType } from '../db/schema/index.js';
import type { ModelVersionRow } from '../db/queries/model-versions.js';
import { evaluateForRead, resolveScope, type EvaluationDeps } from './evaluate.js';
import {
  benchmarksMatching,
  runIdsOfFact,
  sampleCells,
  scopeProgress,
  type SampleSpec,
} from '../db/queries/evaluation.js';
import { isEndpointVersion } from '../generative/compute.js';
import { stratifiedAccuracy } from '../generative/sample.js';

/**
 * The stratified estimate of a sampled scope (generative models with `sample`): accuracy weighted by each cell's
 * population with the finite-population correction, and a 95 % normal interval reflecting the sample's size
 * (`stratifiedAccuracy`); per cell, its population, answered sample and correct answers.
 */
export type SampleEstimate = {
  perCell: number;
  axes: string[];
  seed: number;
  estimate: number | null;
  low: number | null;
  high: number | null;
  /** Questions in the scope (every cell). */
  population: number;
  /** Population of the cells with at least one answered sampled question (what the estimate covers). */
  coveredPopulation: number;
  /** Sampled questions answered and scored so far. */
  answered: number;
  cells: { cell: string; population: number; n: number; correct: number }[];
};

/** How far the predictions a `results` request needs are computed, per model. */
export type EvaluationCoverage = {
  model: string;
  /** The model the reference names. */
  modelId: number;
  /** The run started or found for this request's scope; null when the facts already covered it or none was started. */
  runId: number | null;
  /**
   * `inline`: computed in this call; `queued`: started in the background; `existing`: an earlier run of the same
   * scope; `covered`: earlier runs had already predicted every question; null: evaluation on read is off.
   */
  mode: 'inline' | 'queued' | 'existing' | 'covered' | null;
  status: 'pending' | 'running' | 'complete' | 'failed' | null;
  done: number;
  total: number;
  failed: number;
  /** Kept for the API's shape; failures to start work are thrown, never reported here. Always null. */
  error: string | null;
  /** Every run that wrote predictions under this model's fact key: what results draw on, whichever run it was. */
  factRunIds: number[];
  /** The sample's stratified estimate, when the request asked for a sample of an endpoint model; else null. */
  sample: SampleEstimate | null;
};

/** Why a read may not start an evaluation (the API answers it as a coded error, never with other numbers). */
export class EvaluationRefused extends DomainError {
  constructor(message: string) {
    super('RATE_LIMITED', message);
    this.name = 'EvaluationRefused';
  }
}

export type ReadPolicy = {
  /** EVALUATE_ON_READ: may this read create runs? When false it only reports coverage from existing predictions. */
  evaluate: boolean;
  /** Called before a read creates a run (the per-client rate limit); false refuses with RATE_LIMITED. */
  allowStart?: () => boolean;
};

/**
 * For `results` over registered ONNX contrastive models: the coverage of the request's scope by the model's
 * predictions (facts keyed by model version and protocol configuration, whoever wrote them), and — when the
 * policy allows — the evaluation of what is missing (inline when small, as background jobs otherwise, never a
 * duplicate run, no run at all when nothing is missing). References that are not registered ONNX models
 * (imported generative runs, baselines) are skipped: there is nothing to compute for them.
 * A scope over several benchmarks is evaluated per benchmark (one coverage entry each), so results answer per
 * benchmark revision.
 * @throws EmbeddingError MODEL_CONFIG_INVALID when the scope matches no images (callers answer it as an input
 * error: there is no silent fallback to other runs)
 * @throws EvaluationRefused RATE_LIMITED when the client started too many evaluations in the last minute
 */
export async function ensureEvaluations(
  deps: EvaluationDeps,
  input: {
    /** Model references with the version each names (resolved once by the caller; null: no ONNX version). */
    models: { ref: string; version: ModelVersionRow | null }[];
    filter: ImageFilterSpec | null;
    questionTypes?: QuestionType[] | null;
    template?: number | null;
    /** A stratified sample of the scope, for endpoint (generative) models; contrastive models compute it all. */
    sample?: SampleSpec | null;
  },
  policy: ReadPolicy = { evaluate: true },
): Promise<EvaluationCoverage[]> {
  const out: EvaluationCoverage[] = [];
  const versions = input.models.map((m) => m.version);
  // A scope over several benchmarks is evaluated per benchmark (one run each), so results answer per revision.
  const computable = (v: ModelVersionRow | null): v is ModelVersionRow =>
    !!v && (v.kind === 'contrastive' || isEndpointVersion(v));
  const benchmarks = versions.some(computable) ? await benchmarksMatching(deps.handle.db, input.filter) : [];
  const scopes: (ImageFilterSpec | null)[] =
    benchmarks.length <= 1
      ? [input.filter]
      : benchmarks.map((b) => {
          const one: ImageFilterSpec = { benchmark: { in: [b.benchmarkId] } };
          return input.filter ? { and: [input.filter, one] } : one;
        });
  for (const { ref: model, version } of input.models) {
    if (!computable(version)) continue;
    const sampled = isEndpointVersion(version) && input.sample ? input.sample : null;
    for (const filter of scopes) {
      const scopeInput = {
        version,
        filter,
        questionTypes: input.questionTypes ?? null,
        ...(input.template !== undefined ? { template: input.template } : {}),
        ...(sampled ? { sample: sampled } : {}),
      };
      const estimate = async () => {
        if (!sampled) return null;
        const r = await resolveScope(deps.handle, scopeInput);
        const cells = await sampleCells(deps.handle.db, r.key, r.scope, r.benchmarkId);
        const est = stratifiedAccuracy(cells);
        return {
          ...sampled,
          estimate: est.estimate,
          low: est.low,
          high: est.high,
          population: cells.reduce((a, c) => a + c.population, 0),
          coveredPopulation: est.coveredPopulation,
          answered: cells.reduce((a, c) => a + c.n, 0),
          cells,
        } satisfies SampleEstimate;
      };
      if (!policy.evaluate) {
        const { key, where } = await resolveScope(deps.handle, scopeInput);
        const p = await scopeProgress(deps.handle.db, key, where);
        out.push({
          model,
          modelId: version.modelId,
          runId: null,
          mode: null,
          status: p.done >= p.total ? 'complete' : null,
          ...p,
          error: null,
          factRunIds: await runIdsOfFact(deps.handle.db, key),
          sample: await estimate(),
        });
        continue;
      }
      const outcome = await evaluateForRead(deps, scopeInput, () => {
        if (policy.allowStart && !policy.allowStart()) {
          throw new EvaluationRefused(
            'too many evaluations started from reads by this client in the last minute; retry later',
          );
        }
      });
      const { run, mode, key, progress } = outcome;
      out.push({
        model,
        modelId: version.modelId,
        runId: run?.id ?? null,
        mode,
        status: run?.status ?? 'complete',
        done: progress.done,
        total: progress.total,
        failed: progress.failed,
        error: null,
        factRunIds: await runIdsOfFact(deps.handle.db, key),
        sample: await estimate(),
      });
    }
  }
  return out;
}
