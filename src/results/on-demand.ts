import { EmbeddingError, badInput } from '../errors.js';
import { embeddingsRuntimeFor } from '../embeddings/runtime.js';
import { ensureEvaluations, type EvaluationCoverage } from '../predictions/ensure.js';
import { ClientRateLimiter } from '../predictions/rate-limit.js';
import type { Runtime } from '../runtime.js';
import { resolveModelRefs } from './models.js';
import {
  compareModels,
  computeSlices,
  leaderboard,
  listReferenceResults,
  parseResultsRequest,
  type CompareArgs,
  type ReferenceResult,
  type ResultsArgs,
  type ResultsOutput,
} from './service.js';

export type ResultsOnDemandArgs = ResultsArgs & {
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
 * The results service of one request (GraphQL resolvers and exports build one per request). `results` runs one
 * straight path down (docs/architecture.md):
 * 1. parse and plan the arguments, once;
 * 2. resolve the model references to rows and versions, once (one statement); only ids travel further down;
 * 3. ensure the evaluations the request needs, as one explicit step: for every named model that is a registered
 *    ONNX contrastive model, its predictions as facts (keyed by model version and protocol configuration,
 *    whichever run wrote them) over the request's scope, computing what is missing first where EVALUATE_ON_READ
 *    and the per-client rate limit allow (inline when small, queued otherwise); a failure to start is an error,
 *    never a fallback to other runs;
 * 4. compute the slices with those models pinned to the runs holding their facts; models without ONNX files
 *    (imported runs) use their newest complete run.
 * Slices carry their model rows, so the resolver looks nothing up per slice.
 */
export function createResultsService(runtime: Runtime) {
  const db = runtime.handle.db;
  return {
    async results(args: ResultsOnDemandArgs): Promise<ResultsOutput & { coverage: EvaluationCoverage[] }> {
      const { evaluate, client, ...rest } = args;
      const req = parseResultsRequest(rest);
      const refs = req.args.models ?? null;
      const models = refs ? await resolveModelRefs(db, refs) : null;
      let coverage: EvaluationCoverage[] = [];
      if (refs?.length && models && !req.args.runs?.length) {
        const policy = {
          evaluate: (runtime.config.evaluateOnRead ?? true) && evaluate !== false,
          allowStart: () => limiterFor(runtime).take(client ?? 'anonymous'),
        };
        try {
          coverage = await ensureEvaluations(
            await embeddingsRuntimeFor(runtime),
            {
              models: models.map((m, i) => ({ ref: refs[i]!, version: m?.version ?? null })),
              filter: req.plan.filter,
              questionTypes: req.plan.questionTypes,
            },
            policy,
          );
        } catch (error) {
          if (error instanceof EmbeddingError && error.code === 'MODEL_CONFIG_INVALID') {
            throw badInput(['filter'], error.message);
          }
          throw error;
        }
      }
      const pinned = coverage.map((c) => ({ modelId: c.modelId, runIds: c.factRunIds }));
      return { ...(await computeSlices(db, req, models, pinned)), coverage };
    },
    compare: (args: CompareArgs) => compareModels(db, args),
    leaderboard: (args: ResultsArgs) => leaderboard(db, args),
    referenceResults: (split?: ReferenceResult['split'] | null) => listReferenceResults(db, split),
  };
}
export type ResultsService = ReturnType<typeof createResultsService>;

/** `results` as the API serves it (the export route calls this): a results service for one request. */
export function resultsOnDemand(runtime: Runtime, args: ResultsOnDemandArgs) {
  return createResultsService(runtime).results(args);
}
