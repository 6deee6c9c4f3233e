import { relations } from 'drizzle-orm';
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

/** A model run over a benchmark revision: how every prediction in it was produced. */
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
    status: text('status', { enum: runStatuses }).notNull().default('pending'),
    total: integer('total').notNull().default(0),
    done: integer('done').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    source: text('source', { enum: ['evaluate', 'import'] }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [index('runs_model_idx').on(t.modelId), index('runs_revision_idx').on(t.benchmarkRevisionId)],
);

/** One prediction, unique per (run, question). Raw output and per-option scores are kept as produced. */
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
  },
  (t) => [
    uniqueIndex('predictions_run_question_uq').on(t.runId, t.questionId),
    index('predictions_question_idx').on(t.questionId),
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
