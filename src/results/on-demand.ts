import { embeddingsRuntimeFor } from '../embeddings/runtime.js';
import { ensureEvaluations, type EvaluationCoverage } from '../evaluation/ensure.js';
import type { Runtime } from '../runtime.js';
import { computeResults, resultsScope, type ResultsArgs, type ResultsOutput } from './service.js';

export type ResultsOnDemandArgs = Omit<ResultsArgs, 'pinned'> & {
  /** Compute missing zero-shot predictions first (default true). */
  evaluate?: boolean | null;
};

/**
 * `results` as the API serves it (GraphQL and exports alike): first ensures the zero-shot run of every named model
 * that is a registered ONNX contrastive model over the request's effective scope (inline when small, queued
 * otherwise), then computes the slices with those models pinned to exactly those runs, so a narrower run made for
 * another request never stands in for this one. Models without ONNX files (imported runs) use their newest complete
 * run. Coverage reports each ensured run's progress.
 */
export async function resultsOnDemand(
  runtime: Runtime,
  args: ResultsOnDemandArgs,
): Promise<ResultsOutput & { coverage: EvaluationCoverage[] }> {
  const { evaluate, ...rest } = args;
  let coverage: EvaluationCoverage[] = [];
  if (evaluate !== false && rest.models?.length && !rest.runs?.length) {
    const scope = resultsScope(rest);
    coverage = await ensureEvaluations(await embeddingsRuntimeFor(runtime), {
      models: [...rest.models],
      filter: scope.filter,
      questionTypes: scope.questionTypes,
    });
  }
  const pinned = coverage.flatMap((c) =>
    c.runId === null ? [] : [{ modelSlug: c.model.split('@', 1)[0]!, runId: c.runId }],
  );
  const out = await computeResults(runtime.handle.db, { ...rest, pinned });
  return { ...out, coverage };
}
