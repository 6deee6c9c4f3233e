import type { ImageFilterSpec } from '../db/queries/image-filter.js';
import type { QuestionType } from '../db/schema/index.js';
import { findModelVersionByRef } from '../models/queries.js';
import { evaluate, type EvaluationDeps } from './evaluate.js';

/** How far the predictions a `results` request needs are computed, per model. */
export type EvaluationCoverage = {
  model: string;
  runId: number;
  /** `inline`: computed in this call; `queued`: started in the background; `existing`: an earlier identical run. */
  mode: 'inline' | 'queued' | 'existing';
  status: 'pending' | 'running' | 'complete' | 'failed';
  done: number;
  total: number;
  failed: number;
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
  for (const model of input.models) {
    const version = await findModelVersionByRef(deps.handle.db, model);
    if (!version || version.kind !== 'contrastive') continue;
    const { run, mode } = await evaluate(deps, {
      version,
      filter: input.filter,
      questionTypes: input.questionTypes ?? null,
      ...(input.template !== undefined ? { template: input.template } : {}),
    });
    out.push({ model, runId: run.id, mode, status: run.status, done: run.done, total: run.total, failed: run.failed });
  }
  return out;
}
