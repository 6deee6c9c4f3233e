import type { SQL } from 'drizzle-orm';
import type { DbHandle } from '../db/client.js';
import { EmbeddingError } from '../errors.js';
import type { EmbeddingService } from '../embeddings/service.js';
import type { EmbeddingSettings } from '../embeddings/settings.js';
import { findModelVersionById, type ModelVersionRow } from '../db/queries/model-versions.js';
import { canonicalJson, sha256 } from '../hash.js';
import { questionTypes as allQuestionTypes, type QuestionType } from '../db/schema/index.js';
import {
  benchmarksMatching,
  ensureProtocolConfig,
  findEvaluationRun,
  findRun,
  insertEvaluationRun,
  insertFacts,
  missingBuckets,
  nextMissingQuestions,
  refreshRunProgress,
  scopeProgress,
  scopeWhere,
  setRunStatus,
  unfinishedRunsOfFact,
  type EvaluationScope,
  type FactKey,
  type PredictionInsert,
  type RunRow,
} from '../db/queries/evaluation.js';
import { checkedZeroShot, optionTexts } from './zero-shot.js';
import { findAdapter, PROTOCOL_VERSION } from '../benchmarks/registry.js';
import { answerMissing, isEndpointVersion, RetryableCallsError } from '../generative/compute.js';
import { endpointSpecOfVersion, generativeProtocolConfig } from '../generative/endpoint-model.js';
import { GENERATIVE_PROTOCOL_VERSION, PROMPT_TEMPLATE_VERSION } from '../generative/protocol.js';

/** What the evaluation code needs from the process: the database, the embedding cache, a queue, settings. */
export type EvaluationDeps = {
  handle: DbHandle;
  embeddings: EmbeddingService;
  queue: EvaluationQueue;
  settings: EmbeddingSettings;
};

/**
 * One unit of background work: the missing predictions of one fact key (model version × protocol configuration)
 * among the questions with ids in `[bucket × BUCKET_WIDTH, (bucket + 1) × BUCKET_WIDTH)`, for every unfinished run
 * of that key. Its job key is the same in every replica, so each unit is queued at most once cluster-wide.
 */
export type EvaluationUnit = FactKey & { bucket: number };

/** Question ids per unit of work: small enough that a graceful stop finishes its unit in seconds. */
export const BUCKET_WIDTH = 512;

/** The job key of a unit (graphile-worker `job_key`; the in-process queue's dedupe key). */
export const unitJobKey = (u: EvaluationUnit) => `stratum:eval:${u.modelVersionId}:${u.protocolConfigId}:${u.bucket}`;

/** Runs evaluation jobs in the background: graphile-worker on PostgreSQL, an in-process queue on PGlite. */
export interface EvaluationQueue {
  readonly kind: 'graphile-worker' | 'in-process';
  /**
   * Queues one job per unit. `fresh`: a new run defined new work, so a unit whose job is already running gets a
   * successor (the running one may have scanned before the run existed). `repair`: only units with no job at all
   * (a poll or a sweep; never a duplicate).
   */
  enqueue(units: readonly EvaluationUnit[], mode: 'fresh' | 'repair'): Promise<void>;
  /** Resolves when nothing is queued or running — for tests and the CLI. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export type EvaluateInput = {
  version: ModelVersionRow;
  filter: EvaluationScope['filter'];
  /** Default: every caption type (domain … classification); add `cognition` explicitly. */
  questionTypes?: QuestionType[] | null;
  /**
   * Caption template k; null for every template. Default: the template of the benchmark's published totals, as its
   * adapter declares it (`questions.officialTemplate`; μ-Bench: 1).
   */
  template?: number | null;
  /** Endpoint (generative) models only: a stratified sample of the scope instead of all of it. */
  sample?: EvaluationScope['sample'] | null;
};

type EvaluateOptions = {
  /** When the facts already cover the scope, answer without creating a run. */
  skipCovered?: boolean;
  /** Called right before a run is created (a rate limit); throws to refuse. */
  beforeCreate?: () => void;
};

export type EvaluateOutcome = {
  /** Null only with `skipCovered` when every prediction of the scope already exists. */
  run: RunRow | null;
  mode: 'inline' | 'queued' | 'existing' | 'covered';
  /** The fact key the scope's predictions live under. */
  key: FactKey;
  progress: { done: number; failed: number; total: number };
};

/** The facts of a run's scope: progress plus correct predictions (the CLI's summary). */
export async function runSummary(deps: Pick<EvaluationDeps, 'handle'>, run: RunRow) {
  const { key, where } = runScope(run);
  return scopeProgress(deps.handle.db, key, where);
}

export const defaultQuestionTypes: QuestionType[] = allQuestionTypes.filter((t) => t !== 'cognition');

/** The protocol configuration of a zero-shot contrastive evaluation: the protocol and the caption template choice. */
export function contrastiveConfig(template: number | null) {
  return { protocol: 'contrastive' as const, protocolVersion: PROTOCOL_VERSION, config: { template } };
}

/** The caption template of a benchmark's published totals (its adapter's `questions.officialTemplate`). */
function officialTemplate(adapterKey: string): number | null {
  const adapter = findAdapter(adapterKey);
  if (!adapter) throw new EmbeddingError('MODEL_CONFIG_INVALID', `no benchmark adapter "${adapterKey}" is registered`);
  return adapter.questions.officialTemplate;
}

/** Resolves a scope: its benchmark and revision, fact key, canonical parameters and scope key. */
export async function resolveScope(handle: DbHandle, input: EvaluateInput) {
  const endpoint = endpointSpecOfVersion(input.version);
  const filter = input.filter ?? null;
  const benchmarks = await benchmarksMatching(handle.db, filter);
  if (benchmarks.length !== 1) {
    throw new EmbeddingError(
      'MODEL_CONFIG_INVALID',
      benchmarks.length
        ? `the filter matches images of ${benchmarks.length} benchmarks; narrow it to one (filter.benchmark)`
        : 'the filter matches no images',
    );
  }
  // Generative models answer the closed-VQA questions (every type unless narrowed); contrastive ones caption sets.
  const scope: EvaluationScope = endpoint
    ? {
        filter,
        questionTypes: [...new Set(input.questionTypes?.length ? input.questionTypes : allQuestionTypes)].sort(),
        template: null,
        protocol: 'vqa',
        ...(input.sample ? { sample: { ...input.sample, axes: [...input.sample.axes] } } : {}),
      }
    : {
        filter,
        questionTypes: [...new Set(input.questionTypes?.length ? input.questionTypes : defaultQuestionTypes)].sort(),
        template: input.template === undefined ? officialTemplate(benchmarks[0]!.adapter) : input.template,
      };
  const { benchmarkId, revisionId } = benchmarks[0]!;
  if (revisionId == null) {
    throw new EmbeddingError('MODEL_CONFIG_INVALID', `benchmark ${benchmarkId} has no complete revision yet`);
  }
  const protocolConfigId = await ensureProtocolConfig(
    handle.db,
    endpoint ? generativeProtocolConfig(endpoint) : contrastiveConfig(scope.template),
  );
  const key: FactKey = { modelVersionId: input.version.id, protocolConfigId };
  // A run computes facts under one protocol configuration. A contrastive scope fixes it (its template); an
  // endpoint's letter rule is a setting of the version, so it is part of the run's parameters (and scope key):
  // switching a model to EVLLM_EXACT starts a run of its own instead of finding the STANDARD one.
  const parameters = JSON.parse(
    canonicalJson({ benchmarkId, ...scope, ...(endpoint ? { letterRule: endpoint.letterRule } : {}) }),
  ) as Record<string, unknown>;
  const scopeKey = sha256(canonicalJson(parameters));
  return {
    scope,
    benchmarkId,
    revisionId,
    key,
    parameters,
    scopeKey,
    where: scopeWhere(scope, benchmarkId),
    generative: !!endpoint,
  };
}

/**
 * Creates (or finds) the contrastive run of a model version over a scope and starts it: inline when the scope
 * has at most `EVAL_INLINE_THRESHOLD` questions (the run is complete on return), else as background jobs, one
 * per unit of work (the run is returned at once; clients poll its done / total / failed). An identical earlier
 * run is returned as is (its missing units requeued if a job was lost; never twice). Predictions are facts: a
 * question already predicted under the same model version and protocol configuration, by any run, is not
 * computed again, and the run's progress counts it.
 * @throws EmbeddingError MODEL_CONFIG_INVALID when the filter spans several benchmarks or none
 */
export async function evaluate(
  deps: EvaluationDeps,
  input: EvaluateInput,
): Promise<EvaluateOutcome & { run: RunRow; mode: 'inline' | 'queued' | 'existing' }> {
  return (await evaluateScope(deps, input, {})) as EvaluateOutcome & { run: RunRow; mode: 'inline' };
}

/**
 * `evaluate` for reads (`results`): when the facts already cover the scope it creates no run (`mode: 'covered'`,
 * `run: null`): a covered scope needs no provenance of its own, so repeated reads never pile up runs.
 */
export function evaluateForRead(
  deps: EvaluationDeps,
  input: EvaluateInput,
  beforeCreate?: () => void,
): Promise<EvaluateOutcome> {
  return evaluateScope(deps, input, { skipCovered: true, ...(beforeCreate ? { beforeCreate } : {}) });
}

async function evaluateScope(
  deps: EvaluationDeps,
  input: EvaluateInput,
  options: EvaluateOptions,
): Promise<EvaluateOutcome> {
  const resolved = await resolveScope(deps.handle, input);
  const flightKey = `${input.version.id}:${resolved.revisionId}:${resolved.scopeKey}:${!!options.skipCovered}`;
  const inFlight = starting.get(flightKey);
  if (inFlight) {
    const joined = await inFlight;
    const run = joined.run && (await findRun(deps.handle.db, joined.run.id));
    return { ...joined, run, mode: joined.mode === 'covered' ? 'covered' : 'existing' };
  }
  const started = startRun(deps, input.version, resolved, options);
  starting.set(flightKey, started);
  try {
    return await started;
  } finally {
    starting.delete(flightKey);
  }
}

/**
 * Evaluations being created in this process, by (version, revision, scope): a second identical `evaluate` while
 * the first is still creating (or computing inline) joins it. Across processes the unique scope index does it.
 */
const starting = new Map<string, Promise<EvaluateOutcome>>();

async function startRun(
  deps: EvaluationDeps,
  version: ModelVersionRow,
  r: Awaited<ReturnType<typeof resolveScope>>,
  options: EvaluateOptions,
): Promise<EvaluateOutcome> {
  const db = deps.handle.db;
  const existing = await findEvaluationRun(db, version.id, r.revisionId, r.scopeKey);
  if (existing) return continueExisting(deps, existing, r.key, r.where);
  const progress = await scopeProgress(db, r.key, r.where);
  if (options.skipCovered && progress.done >= progress.total) {
    return { run: null, mode: 'covered', key: r.key, progress };
  }
  options.beforeCreate?.();
  const { run, created } = await insertEvaluationRun(db, {
    modelId: version.modelId,
    modelVersionId: version.id,
    benchmarkRevisionId: r.revisionId,
    protocolConfigId: r.key.protocolConfigId,
    scopeKey: r.scopeKey,
    template: r.scope.template,
    parameters: r.parameters,
    total: progress.total,
    protocolVersion: PROTOCOL_VERSION,
    ...(r.generative
      ? {
          protocol: 'generative' as const,
          protocolVersion: GENERATIVE_PROTOCOL_VERSION,
          promptTemplate: PROMPT_TEMPLATE_VERSION,
        }
      : {}),
  });
  if (!created) return continueExisting(deps, run, r.key, r.where);
  // Generations are network calls: always background jobs, never inline in a request.
  if (!r.generative && progress.total - progress.done <= deps.settings.evalInlineThreshold) {
    try {
      const done = await runEvaluation(deps, run.id);
      return { run: done, mode: 'inline', key: r.key, progress: done };
    } catch (error) {
      // Image bytes not (yet) in the store: the run stays open and the workers retry it.
      if (!(error instanceof EmbeddingError && error.code === 'IMAGE_MISSING')) throw error;
      await deps.queue.enqueue(await unitsOf(deps, r.key, r.where), 'fresh');
      const now = (await findRun(db, run.id))!;
      return { run: now, mode: 'queued', key: r.key, progress: now };
    }
  }
  await deps.queue.enqueue(await unitsOf(deps, r.key, r.where), 'fresh');
  return { run, mode: 'queued', key: r.key, progress: { ...progress } };
}

async function continueExisting(deps: EvaluationDeps, run: RunRow, key: FactKey, where: SQL): Promise<EvaluateOutcome> {
  if (run.status !== 'complete') {
    // A failed run is retried when asked again; an open one only gets the jobs it lost (a poll adds nothing).
    if (run.status === 'failed') await setRunStatus(deps.handle.db, run.id, 'pending');
    await deps.queue.enqueue(await unitsOf(deps, key, where), run.status === 'failed' ? 'fresh' : 'repair');
  }
  const now = (await findRun(deps.handle.db, run.id))!;
  return { run: now, mode: 'existing', key, progress: now };
}

/** The units of work holding missing predictions of a scope. */
export async function unitsOf(
  deps: Pick<EvaluationDeps, 'handle'>,
  key: FactKey,
  where: SQL,
): Promise<EvaluationUnit[]> {
  const buckets = await missingBuckets(deps.handle.db, key, where, BUCKET_WIDTH);
  return buckets.map((bucket) => ({ ...key, bucket }));
}

/** Progress callback of `runEvaluation` (the CLI's progress bar). */
export type EvaluationProgress = (progress: { done: number; failed: number; total: number }) => void;

type ComputeDeps = Pick<EvaluationDeps, 'handle' | 'embeddings' | 'settings'>;

/** The run's fact key and scope condition, from what the run stored. */
function runScope(run: RunRow): { key: FactKey; where: SQL } {
  if (run.modelVersionId == null || run.protocolConfigId == null) {
    throw new EmbeddingError('MODEL_NOT_FOUND', `run ${run.id} is not a zero-shot evaluation of a registered model`);
  }
  const params = run.parameters as EvaluationScope & { benchmarkId: number };
  if (!Array.isArray(params.questionTypes) || typeof params.benchmarkId !== 'number') {
    throw new EmbeddingError('MODEL_CONFIG_INVALID', `run ${run.id} has no stored evaluation scope`);
  }
  return {
    key: { modelVersionId: run.modelVersionId, protocolConfigId: run.protocolConfigId },
    where: scopeWhere(params, params.benchmarkId),
  };
}

/**
 * Computes the missing predictions among the questions matching `where` (ids in `[from, to)` when given), chunk
 * by chunk (`EVAL_CHUNK_SIZE` questions, one insert statement each), attributed to `runId`. Per chunk: image
 * vectors and option-text vectors come from the embedding cache (computed once if missing), each question is
 * scored with `zeroShot`, and the predictions are inserted `on conflict do nothing`, so a concurrent worker or a
 * resumed job never duplicates one. An image that cannot be decoded gives a failed prediction (a fact about that
 * image); an image whose bytes are missing from the store gives none, and `IMAGE_MISSING` is thrown at the end
 * (retryable: a completed run never hides it). `shouldStop` is checked between chunks.
 * @returns 'stopped' when `shouldStop` said so before the range was done
 */
async function computeMissing(
  deps: ComputeDeps,
  version: ModelVersionRow,
  key: FactKey,
  runId: number,
  where: SQL,
  range: { from?: number; to?: number },
  onChunk?: () => Promise<void>,
  shouldStop?: () => boolean,
): Promise<'done' | 'stopped'> {
  const db = deps.handle.db;
  if (isEndpointVersion(version)) {
    return answerMissing({
      db,
      version,
      key,
      runId,
      where,
      range,
      readImage: (imageId) => deps.embeddings.imageBytes(imageId),
      ...(onChunk ? { onChunk } : {}),
      ...(shouldStop ? { shouldStop } : {}),
    });
  }
  const embedder = await deps.embeddings.pool.get(version);
  let afterId = (range.from ?? 0) - 1;
  let waiting = 0;
  for (;;) {
    if (shouldStop?.()) return 'stopped';
    const chunk = await nextMissingQuestions(db, key, where, deps.settings.evalChunkSize, afterId, range.to);
    if (!chunk.length) break;
    afterId = chunk[chunk.length - 1]!.id;
    const imageIds = [...new Set(chunk.map((q) => q.imageId))];
    const vectors = await deps.embeddings.imageEmbeddings(version, imageIds);
    const imageVector = new Map(imageIds.map((id, i) => [id, vectors[i]!]));
    const texts = chunk.map(optionTexts);
    const textVectors = await deps.embeddings.textEmbeddings(version, texts.flat());
    let offset = 0;
    const rows: PredictionInsert[] = [];
    for (const [i, q] of chunk.entries()) {
      const options = textVectors.slice(offset, offset + texts[i]!.length);
      offset += texts[i]!.length;
      const image = imageVector.get(q.imageId)!;
      if (image instanceof EmbeddingError) {
        if (image.code === 'IMAGE_MISSING') {
          waiting++;
          continue;
        }
        rows.push({ ...failedRow(q.id), error: `${image.code}: ${image.message}` });
        continue;
      }
      const result = checkedZeroShot(image, options, embedder.logitScale);
      if (result instanceof EmbeddingError) {
        rows.push({ ...failedRow(q.id), error: `${result.code}: ${result.message}` });
        continue;
      }
      const { scores, chosenIndex } = result;
      rows.push({
        questionId: q.id,
        chosenIndex,
        scores,
        isCorrect: chosenIndex === q.answerIndex,
        status: 'ok',
        error: null,
      });
    }
    await insertFacts(db, runId, key, rows);
    await onChunk?.();
  }
  if (waiting) {
    throw new EmbeddingError('IMAGE_MISSING', `${waiting} question(s) wait for image bytes missing from the store`);
  }
  return 'done';
}

const failedRow = (questionId: number): PredictionInsert => ({
  questionId,
  chosenIndex: null,
  scores: null,
  isCorrect: null,
  status: 'failed',
  error: null,
});

/** Marks a run complete when every question of its scope has a prediction, else running; returns it. */
async function settleRun(deps: Pick<EvaluationDeps, 'handle'>, run: RunRow): Promise<RunRow> {
  const { key, where } = runScope(run);
  const p = await refreshRunProgress(deps.handle.db, run.id, key, where);
  if (p.done >= p.total) await setRunStatus(deps.handle.db, run.id, 'complete', { finishedAt: new Date() });
  else if (run.status === 'pending') await setRunStatus(deps.handle.db, run.id, 'running');
  return (await findRun(deps.handle.db, run.id))!;
}

/**
 * Computes every missing prediction of a run's scope in this process (inline requests, the CLI), resuming after
 * whatever is stored, then settles the run (complete when its whole scope is covered). `shouldStop` (a signal)
 * is checked between chunks: the run is then left open, to be resumed.
 */
export async function runEvaluation(
  deps: ComputeDeps,
  runId: number,
  onProgress?: EvaluationProgress,
  shouldStop?: () => boolean,
): Promise<RunRow> {
  const db = deps.handle.db;
  const run = await findRun(db, runId);
  if (!run) throw new EmbeddingError('MODEL_NOT_FOUND', `run ${runId} does not exist`);
  if (run.status === 'complete') return run;
  const { key, where } = runScope(run);
  const version = await findModelVersionById(db, key.modelVersionId);
  if (!version) throw new EmbeddingError('MODEL_NOT_FOUND', `run ${runId} has no registered model version`);
  await setRunStatus(db, runId, 'running');
  const report = async () => {
    const progress = await refreshRunProgress(db, runId, key, where);
    onProgress?.(progress);
  };
  try {
    await report();
    const outcome = await computeMissing(deps, version, key, runId, where, {}, report, shouldStop);
    if (outcome === 'stopped') return (await findRun(db, runId))!;
  } catch (error) {
    if (!isRetryLater(error)) await setRunStatus(db, runId, 'failed');
    throw error;
  }
  return settleRun(deps, run);
}

/**
 * The job function (graphile-worker and the in-process queue alike): computes a unit's missing predictions for
 * each unfinished run of its fact key, oldest run first (a question in several scopes is computed once, for the
 * first), then settles those runs. Idempotent: running a unit twice, or two workers at once, stores each
 * prediction once. `shouldStop` (graceful shutdown) is honoured between chunks.
 */
export async function runUnit(
  deps: ComputeDeps,
  unit: EvaluationUnit,
  shouldStop?: () => boolean,
): Promise<'done' | 'stopped'> {
  const db = deps.handle.db;
  const open = await unfinishedRunsOfFact(db, unit);
  if (!open.length) return 'done';
  const version = await findModelVersionById(db, unit.modelVersionId);
  if (!version) throw new EmbeddingError('MODEL_NOT_FOUND', `model version ${unit.modelVersionId} is not registered`);
  const range = { from: unit.bucket * BUCKET_WIDTH, to: (unit.bucket + 1) * BUCKET_WIDTH };
  let waiting: Error | null = null;
  for (const run of open) {
    if (run.status === 'pending') await setRunStatus(db, run.id, 'running');
    try {
      const outcome = await computeMissing(
        deps,
        version,
        unit,
        run.id,
        runScope(run).where,
        range,
        undefined,
        shouldStop,
      );
      if (outcome === 'stopped') return 'stopped';
    } catch (error) {
      if (!isRetryLater(error)) throw error;
      waiting = error as Error;
    }
  }
  for (const run of open) await settleRun(deps, run);
  if (waiting) throw waiting;
  return 'done';
}

/**
 * A failure that leaves the run open for a later attempt: image bytes not in the store yet, or endpoint calls
 * that failed retryably (stored as retryable failures, asked again by the job's next attempt).
 */
export function isRetryLater(error: unknown): boolean {
  return (error instanceof EmbeddingError && error.code === 'IMAGE_MISSING') || error instanceof RetryableCallsError;
}

/** Marks failed the unfinished runs of a unit's key that still miss predictions in it (its job gave up). */
export async function failUnit(deps: Pick<EvaluationDeps, 'handle'>, unit: EvaluationUnit): Promise<number[]> {
  const failed: number[] = [];
  for (const run of await unfinishedRunsOfFact(deps.handle.db, unit)) {
    const { where } = runScope(run);
    const buckets = await missingBuckets(deps.handle.db, unit, where, BUCKET_WIDTH);
    if (buckets.includes(unit.bucket)) {
      await setRunStatus(deps.handle.db, run.id, 'failed');
      failed.push(run.id);
    }
  }
  return failed;
}

/** The units of every unfinished run (resume at start, and the workers' periodic sweep). */
export async function unfinishedUnits(deps: Pick<EvaluationDeps, 'handle'>, runIds: readonly number[]) {
  const units = new Map<string, EvaluationUnit>();
  for (const id of runIds) {
    const run = await findRun(deps.handle.db, id);
    if (!run || run.protocolConfigId == null) continue;
    let scope: ReturnType<typeof runScope>;
    try {
      scope = runScope(run);
    } catch {
      continue; // not an evaluation this code can resume (nothing to requeue)
    }
    const { key, where } = scope;
    const mine = await unitsOf(deps, key, where);
    // A run whose facts are all there (its last job died before settling it) is settled now.
    if (!mine.length) await settleRun(deps, run);
    for (const u of mine) units.set(unitJobKey(u), u);
  }
  return [...units.values()];
}
