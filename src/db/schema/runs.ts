import { relations, sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { timestamps } from './columns.js';
import { benchmarkRevisions } from './benchmarks.js';
import { modelVersions, models } from './models.js';
import { questions } from './images.js';

export const runProtocols = ['contrastive', 'generative', 'choice', 'scores'] as const;
export type RunProtocol = (typeof runProtocols)[number];
export const runStatuses = ['pending', 'running', 'complete', 'failed'] as const;

/**
 * A protocol configuration: everything besides the model version and the question that decides a prediction
 * (protocol, protocol version, caption template selection, prompt template, generation parameters). One row per
 * canonical configuration (`hash` = sha256 of its canonical JSON), so predictions can be keyed by a small id.
 */
export const protocolConfigs = pgTable('protocol_configs', {
  id: serial('id').primaryKey(),
  protocol: text('protocol', { enum: runProtocols }).notNull(),
  protocolVersion: text('protocol_version').notNull(),
  config: jsonb('config').$type<Record<string, unknown>>().notNull().default({}),
  hash: text('hash').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A model run over a benchmark revision: provenance (who asked for which scope, when, how far it got). The
 * predictions it computed are facts keyed by (model version, protocol configuration, question), shared by every
 * run of the same key; an evaluate run is unique per (model version, revision, scope).
 */
export const runs = pgTable(
  'runs',
  {
    id: serial('id').primaryKey(),
    modelId: integer('model_id')
      .notNull()
      .references(() => models.id),
    modelVersionId: integer('model_version_id').references(() => modelVersions.id),
    benchmarkRevisionId: integer('benchmark_revision_id')
      .notNull()
      .references(() => benchmarkRevisions.id),
    /** contrastive (zero-shot caption argmax), generative (letter rule), choice (given index), scores (argmax). */
    protocol: text('protocol', { enum: runProtocols }).notNull(),
    /** Protocol version string, e.g. `ubench-evllm-2024`. */
    protocolVersion: text('protocol_version').notNull(),
    /** Caption template k for contrastive runs. */
    template: integer('template'),
    promptTemplate: text('prompt_template'),
    parameters: jsonb('parameters').$type<Record<string, unknown>>().notNull().default({}),
    /** The protocol configuration of the predictions this run computes (evaluate runs). */
    protocolConfigId: integer('protocol_config_id').references(() => protocolConfigs.id),
    /** sha256 of the canonical scope (evaluate runs): one run per (model version, revision, scope). */
    scopeKey: text('scope_key'),
    status: text('status', { enum: runStatuses }).notNull().default('pending'),
    total: integer('total').notNull().default(0),
    done: integer('done').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    source: text('source', { enum: ['evaluate', 'import'] }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    index('runs_model_idx').on(t.modelId),
    index('runs_revision_idx').on(t.benchmarkRevisionId),
    uniqueIndex('runs_evaluate_scope_uq')
      .on(t.modelVersionId, t.benchmarkRevisionId, t.scopeKey)
      .where(sql`${t.scopeKey} is not null`),
    index('runs_fact_key_idx').on(t.modelVersionId, t.protocolConfigId),
  ],
);

/**
 * One prediction, unique per (run, question). Computed predictions are facts: `model_version_id` and
 * `protocol_config_id` are set, and one canonical row exists per (model version, protocol configuration,
 * question) whichever run wrote it (`run_id` is the provenance). Imported predictions leave them null.
 * Raw output and per-option scores are kept as produced.
 */
export const predictions = pgTable(
  'predictions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    runId: integer('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    questionId: integer('question_id')
      .notNull()
      .references(() => questions.id),
    modelVersionId: integer('model_version_id').references(() => modelVersions.id),
    protocolConfigId: integer('protocol_config_id').references(() => protocolConfigs.id),
    chosenIndex: integer('chosen_index'),
    rawOutput: text('raw_output'),
    /** Per-option scores in released option order (softmax probabilities for contrastive runs). */
    scores: real('scores').array(),
    /** Null when the prediction failed. */
    isCorrect: boolean('is_correct'),
    status: text('status', { enum: ['ok', 'failed'] })
      .notNull()
      .default('ok'),
    error: text('error'),
    /**
     * A failed prediction that may succeed if asked again (a rate limit, a timeout, a 5xx, an unreadable image):
     * it is listed with its error, and counts as missing, so the next job asks again and replaces it.
     */
    retryable: boolean('retryable').notNull().default(false),
    /** Audit of a generative call: the endpoint's request id (`x-request-id`, else the completion id). */
    requestId: text('request_id'),
    /** Usage the endpoint reported for the call. */
    promptTokens: integer('prompt_tokens'),
    completionTokens: integer('completion_tokens'),
    /** Wall time of the call including retries and rate-limit waits, ms (null when answered from the cache). */
    latencyMs: integer('latency_ms'),
    /** True when the answer came from the response cache (no call was made for this prediction). */
    cached: boolean('cached'),
  },
  (t) => [
    uniqueIndex('predictions_run_question_uq').on(t.runId, t.questionId),
    index('predictions_question_idx').on(t.questionId),
    uniqueIndex('predictions_fact_uq').on(t.modelVersionId, t.protocolConfigId, t.questionId),
  ],
);

export const runsRelations = relations(runs, ({ one, many }) => ({
  model: one(models, { fields: [runs.modelId], references: [models.id] }),
  modelVersion: one(modelVersions, { fields: [runs.modelVersionId], references: [modelVersions.id] }),
  benchmarkRevision: one(benchmarkRevisions, {
    fields: [runs.benchmarkRevisionId],
    references: [benchmarkRevisions.id],
  }),
  predictions: many(predictions),
}));
export const predictionsRelations = relations(predictions, ({ one }) => ({
  run: one(runs, { fields: [predictions.runId], references: [runs.id] }),
  question: one(questions, { fields: [predictions.questionId], references: [questions.id] }),
}));

/**
 * The response cache of generative endpoints: one stored answer per exact request, so a re-run (or the same
 * question asked through another scope or run) costs no call. `key` is `responseCacheKey` (sha256 over the
 * endpoint's base URL and remote model and the request body with the image replaced by the sha256 of its encoded
 * bytes); the parts it is made of are kept beside it for inspection: the endpoint model version, the hash of the
 * sampling parameters, of the prompt text and of the encoded image.
 */
export const generativeResponses = pgTable(
  'generative_responses',
  {
    key: text('key').primaryKey(),
    modelVersionId: integer('model_version_id').references(() => modelVersions.id, { onDelete: 'cascade' }),
    parametersHash: text('parameters_hash').notNull(),
    promptHash: text('prompt_hash').notNull(),
    imageSha256: text('image_sha256').notNull(),
    text: text('text').notNull(),
    finishReason: text('finish_reason'),
    requestId: text('request_id'),
    promptTokens: integer('prompt_tokens'),
    completionTokens: integer('completion_tokens'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('generative_responses_version_idx').on(t.modelVersionId)],
);

/**
 * Liveness of job workers (graphile-worker runners and in-process queues): each beats every few seconds; a
 * worker silent for longer than the lease has its jobs unlocked by any other worker, so a killed process's work is
 * picked up in seconds instead of graphile-worker's 4-hour stale-lock window.
 */
export const jobWorkers = pgTable('job_workers', {
  workerId: text('worker_id').primaryKey(),
  host: text('host').notNull(),
  pid: integer('pid').notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }).notNull().defaultNow(),
});
