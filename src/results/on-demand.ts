import { EmbeddingError } from '../embeddings/errors.js';
import { embeddingsRuntimeFor } from '../embeddings/runtime.js';
import { ensureEvaluations, type EvaluationCoverage } from '../evaluation/ensure.js';
import { ClientRateLimiter } from '../evaluation/rate-limit.js';
import type { Runtime } from '../runtime.js';
import { badInput } from '../errors.js';
import { computeResults, resultsScope, type ResultsArgs, type ResultsOutput } from './service.js';

export type ResultsOnDemandArgs = Omit<ResultsArgs, 'pinned'> & {
  /** Compute missing zero-shot predictions first (default true; only where EVALUATE_ON_READ allows it). */
  evaluate?: boolean | null;
  /** Who is asking (`key:<id>` or `ip:<address>`): evaluations started from reads are rate-limited per client. */
  client?: string | null;
};

const limiters = new WeakMap<Runtime, ClientRateLimiter>();
function limiterFor(runtime: Runtime): ClientRateLimiter {
  let limiter = limiters.get(runtime);
  if (!limiter) limiters.set(runtime, (limiter = new ClientRateLimiter(runtime.config.evaluateOnReadPerMinute ?? 30)));
  return limiter;
}

/**
 * `results` as the API serves it (GraphQL and exports alike). For every named model that is a registered ONNX
 * contrastive model, its numbers come from its predictions as facts (keyed by model version and protocol
 * configuration, whichever run wrote them) over the request's scope, so they depend only on the data and the
 * request, never on which requests came first. Where EVALUATE_ON_READ allows (and the per-client rate limit), the
 * missing predictions are computed first (inline when small, queued otherwise); a failure to start is an error,
 * never a fallback to other runs. Models without ONNX files (imported runs) use their newest complete run.
 * Coverage reports how far each model's facts cover the scope.
 */
export async function resultsOnDemand(
  runtime: Runtime,
  args: ResultsOnDemandArgs,
): Promise<ResultsOutput & { coverage: EvaluationCoverage[] }> {
  const { evaluate, client, ...rest } = args;
  let coverage: EvaluationCoverage[] = [];
  if (rest.models?.length && !rest.runs?.length) {
    const scope = resultsScope(rest);
    const policy = {
      evaluate: (runtime.config.evaluateOnRead ?? true) && evaluate !== false,
      allowStart: () => limiterFor(runtime).take(client ?? 'anonymous'),
    };
    try {
      coverage = await ensureEvaluations(
        await embeddingsRuntimeFor(runtime),
        { models: [...rest.models], filter: scope.filter, questionTypes: scope.questionTypes },
        policy,
      );
    } catch (error) {
      if (error instanceof EmbeddingError && error.code === 'MODEL_CONFIG_INVALID') {
        throw badInput(['filter'], error.message);
      }
      throw error;
    }
  }
  const pinned = coverage.map((c) => ({ modelSlug: c.model.split('@', 1)[0]!, runIds: c.factRunIds }));
  const out = await computeResults(runtime.handle.db, { ...rest, pinned });
  return { ...out, coverage };
}
