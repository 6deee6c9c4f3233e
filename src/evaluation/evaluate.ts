import type { DbHandle } from '../db/client.js';
import { EmbeddingError } from '../embeddings/errors.js';
import type { EmbeddingService } from '../embeddings/service.js';
import type { EmbeddingSettings } from '../embeddings/settings.js';
import { findModelVersionById, type ModelVersionRow } from '../models/queries.js';
import { canonicalJson } from '../models/layout.js';
import { questionTypes as allQuestionTypes, type QuestionType } from '../db/schema/index.js';
import {
  benchmarksMatching,
  countScope,
  findEvaluationRun,
  findRun,
  insertPredictions,
  insertRun,
  nextUnscoredQuestions,
  refreshRunProgress,
  scopeWhere,
  setRunStatus,
  type EvaluationScope,
  type PredictionInsert,
  type RunRow,
} from './queries.js';
import { checkedZeroShot, optionTexts } from './zero-shot.js';

/** What the evaluation code needs from the process: the database, the embedding cache, a queue, settings. */
export type EvaluationDeps = {
  handle: DbHandle;
  embeddings: EmbeddingService;
  queue: EvaluationQueue;
  settings: EmbeddingSettings;
};

/** Runs evaluation jobs in the background: graphile-worker on PostgreSQL, an in-process queue on PGlite. */
export interface EvaluationQueue {
  readonly kind: 'graphile-worker' | 'in-process';
  enqueue(runId: number): Promise<void>;
  /** Resolves when nothing is queued or running (in-process) — for tests and the CLI. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export type EvaluateInput = {
  version: ModelVersionRow;
  filter: EvaluationScope['filter'];
  /** Default: every caption type (domain … classification); add `cognition` explicitly. */
  questionTypes?: QuestionType[] | null;
  /** Caption template k; default 1 (the official coarse and fine totals use `*_1`); null for every template. */
  template?: number | null;
};

export type EvaluateOutcome = { run: RunRow; mode: 'inline' | 'queued' | 'existing' };

export const defaultQuestionTypes: QuestionType[] = allQuestionTypes.filter((t) => t !== 'cognition');

/**
 * Creates (or finds) the contrastive run of a model version over a scope and starts it: inline when the scope
 * has at most `EVAL_INLINE_THRESHOLD` questions (the run is complete on return), else as a background job (the
 * run is returned at once; clients poll its done / total / failed). An identical earlier run is returned as is
 * when complete, and resumed when not.
 * @throws EmbeddingError MODEL_CONFIG_INVALID when the filter spans several benchmarks or none
 */
export async function evaluate(deps: EvaluationDeps, input: EvaluateInput): Promise<EvaluateOutcome> {
  const { handle } = deps;
  const scope: EvaluationScope = {
    filter: input.filter ?? null,
    questionTypes: [...new Set(input.questionTypes?.length ? input.questionTypes : defaultQuestionTypes)].sort(),
    template: input.template === undefined ? 1 : input.template,
  };
  const benchmarks = await benchmarksMatching(handle.db, scope.filter);
  if (benchmarks.length !== 1) {
    throw new EmbeddingError(
      'MODEL_CONFIG_INVALID',
      benchmarks.length
        ? `the filter matches images of ${benchmarks.length} benchmarks; narrow it to one (filter.benchmark)`
        : 'the filter matches no images',
    );
  }
  const { benchmarkId, revisionId } = benchmarks[0]!;
  if (revisionId == null) {
    throw new EmbeddingError('MODEL_CONFIG_INVALID', `benchmark ${benchmarkId} has no complete revision yet`);
  }
  const parameters = JSON.parse(canonicalJson({ benchmarkId, ...scope })) as Record<string, unknown>;
  const key = `${input.version.id}:${revisionId}:${canonicalJson(parameters)}`;
  const inFlight = starting.get(key);
  if (inFlight) {
    const { run } = await inFlight;
    return { run: (await findRun(handle.db, run.id))!, mode: 'existing' };
  }
  const started = startRun(deps, input.version, revisionId, benchmarkId, scope, parameters);
  starting.set(key, started);
  try {
    return await started;
  } finally {
    starting.delete(key);
  }
}

/**
 * Evaluations being created in this process, by (version, revision, scope): a second identical `evaluate` while
 * the first is still creating (or computing inline) joins it instead of creating a duplicate run.
 */
const starting = new Map<string, Promise<EvaluateOutcome>>();

async function startRun(
  deps: EvaluationDeps,
  version: ModelVersionRow,
  revisionId: number,
  benchmarkId: number,
  scope: EvaluationScope,
  parameters: Record<string, unknown>,
): Promise<EvaluateOutcome> {
  const { handle } = deps;
  const existing = await findEvaluationRun(handle.db, version.id, revisionId, parameters);
  if (existing) {
    if (existing.status !== 'complete') await deps.queue.enqueue(existing.id);
    return { run: existing, mode: 'existing' };
  }
  const total = await countScope(handle.db, scopeWhere(scope, benchmarkId));
  const run = await insertRun(handle.db, {
    modelId: version.modelId,
    modelVersionId: version.id,
    benchmarkRevisionId: revisionId,
    template: scope.template,
    parameters,
    total,
  });
  if (total <= deps.settings.evalInlineThreshold) {
    await runEvaluation(deps, run.id);
    return { run: (await findRun(handle.db, run.id))!, mode: 'inline' };
  }
  await deps.queue.enqueue(run.id);
  return { run, mode: 'queued' };
}

/** Progress callback of `runEvaluation` (the CLI's progress bar). */
export type EvaluationProgress = (progress: { done: number; failed: number; total: number }) => void;

/**
 * The job function (the same one graphile-worker and the in-process queue call): scores every question of the
 * run's scope that has no prediction yet, chunk by chunk, so a crash or restart resumes where the stored
 * predictions end and recomputes nothing. Per chunk: image vectors and option-text vectors come from the
 * embedding cache (computed once if missing), each question is scored with `zeroShot`, predictions are inserted
 * and the run's counts refreshed. An image that cannot be read marks its questions failed (with the reason) and
 * the run goes on.
 */
export async function runEvaluation(
  deps: Pick<EvaluationDeps, 'handle' | 'embeddings' | 'settings'>,
  runId: number,
  onProgress?: EvaluationProgress,
): Promise<RunRow> {
  const db = deps.handle.db;
  const run = await findRun(db, runId);
  if (!run) throw new EmbeddingError('MODEL_NOT_FOUND', `run ${runId} does not exist`);
  if (run.status === 'complete') return run;
  const version = run.modelVersionId ? await findModelVersionById(db, run.modelVersionId) : null;
  if (!version) throw new EmbeddingError('MODEL_NOT_FOUND', `run ${runId} has no registered model version`);
  const params = run.parameters as EvaluationScope & { benchmarkId: number };
  const where = scopeWhere(params, params.benchmarkId);
  const total = await countScope(db, where);
  await setRunStatus(db, runId, 'running', { total });
  try {
    const embedder = await deps.embeddings.pool.get(version);
    let afterId = 0;
    let progress = await refreshRunProgress(db, runId);
    onProgress?.({ ...progress, total });
    for (;;) {
      const chunk = await nextUnscoredQuestions(db, runId, where, deps.settings.evalChunkSize, afterId);
      if (!chunk.length) break;
      afterId = chunk[chunk.length - 1]!.id;
      const imageIds = [...new Set(chunk.map((q) => q.imageId))];
      const vectors = await deps.embeddings.imageEmbeddings(version, imageIds);
      const imageVector = new Map(imageIds.map((id, i) => [id, vectors[i]!]));
      const texts = chunk.map(optionTexts);
      const textVectors = await deps.embeddings.textEmbeddings(version, texts.flat());
      let offset = 0;
      const rows: PredictionInsert[] = chunk.map((q, i) => {
        const options = textVectors.slice(offset, offset + texts[i]!.length);
        offset += texts[i]!.length;
        const image = imageVector.get(q.imageId)!;
        const result = image instanceof EmbeddingError ? image : checkedZeroShot(image, options, embedder.logitScale);
        if (result instanceof EmbeddingError) {
          return {
            questionId: q.id,
            chosenIndex: null,
            scores: null,
            isCorrect: null,
            status: 'failed',
            error: `${result.code}: ${result.message}`,
          };
        }
        const { scores, chosenIndex } = result;
        return {
          questionId: q.id,
          chosenIndex,
          scores,
          isCorrect: chosenIndex === q.answerIndex,
          status: 'ok',
          error: null,
        };
      });
      await insertPredictions(db, runId, rows);
      progress = await refreshRunProgress(db, runId);
      onProgress?.({ ...progress, total });
    }
    await setRunStatus(db, runId, 'complete', { finishedAt: new Date() });
  } catch (error) {
    await setRunStatus(db, runId, 'failed');
    throw error;
  }
  return (await findRun(db, runId))!;
}
