import type { ImageFilterSpec } from '../db/queries/image-filter.js';
import type { QuestionType } from '../db/schema/index.js';
import { findModelVersionsByRefs } from '../models/queries.js';
import { EmbeddingError } from '../embeddings/errors.js';
import { evaluate, type EvaluationDeps } from './evaluate.js';

/** How far the predictions a `results` request needs are computed, per model. */
export type EvaluationCoverage = {
  model: string;
  /** Null when no run could be started (see `error`). */
  runId: number | null;
  /** `inline`: computed in this call; `queued`: started in the background; `existing`: an earlier identical run. */
  mode: 'inline' | 'queued' | 'existing' | null;
  status: 'pending' | 'running' | 'complete' | 'failed' | null;
  done: number;
  total: number;
  failed: number;
  /** Why no run was started (e.g. the scope spans several benchmarks); the other models are still evaluated. */
  error: string | null;
};

/**
 * For `results` over models with missing predictions: starts (or finds) the zero-shot run of every model reference
 * that names a registered ONNX contrastive model, inline when its scope is small and as a background job otherwise
 * (EVAL_INLINE_THRESHOLD), and reports coverage. References that are not registered ONNX models (imported
 * generative runs, baselines) are skipped: there is nothing to compute for them.
 */
export async function ensureEvaluations(
  deps: EvaluationDeps,
  input: {
    models: string[];
    filter: ImageFilterSpec | null;
    questionTypes?: QuestionType[] | null;
    template?: number | null;
  },
): Promise<EvaluationCoverage[]> {
  const out: EvaluationCoverage[] = [];
  const versions = await findModelVersionsByRefs(deps.handle.db, input.models);
  for (const [i, model] of input.models.entries()) {
    const version = versions[i];
    if (!version || version.kind !== 'contrastive') continue;
    try {
      const { run, mode } = await evaluate(deps, {
        version,
        filter: input.filter,
        questionTypes: input.questionTypes ?? null,
        ...(input.template !== undefined ? { template: input.template } : {}),
      });
      const { status, done, total, failed } = run;
      out.push({ model, runId: run.id, mode, status, done, total, failed, error: null });
    } catch (error) {
      if (!(error instanceof EmbeddingError)) throw error;
      const empty = { runId: null, mode: null, status: null, done: 0, total: 0, failed: 0 };
      out.push({ model, ...empty, error: error.message });
    }
  }
  return out;
}
