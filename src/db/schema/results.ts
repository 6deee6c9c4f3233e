import { boolean, index, integer, pgTable, primaryKey, real, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { runs } from './runs.js';
import { normalAbnormalValues, questionTypes } from './images.js';

/**
 * The results rollup: prediction counts per (run, stratum cell). A cell is one combination of every
 * stratification attribute of a question (its type, caption template and gold class) and of its image (taxonomy
 * ids, label set, normal/abnormal, synthetic, license, source dataset): the axis registry's rollup columns
 * (src/axes/registry.ts); `cell_key` is md5 of that tuple (`stratum_result_cell_key`, rendered by
 * src/db/queries/rollup.ts into the newest rollup migration). Task, taxonomy group and image sets are functions
 * of the source dataset and are joined at query time, so editing that mapping never invalidates a row.
 *
 * Maintained only by statement-level triggers (migrations/0002_results_rollup.sql, redefined by each rollup
 * migration since) in the writer's
 * transaction: inserts/updates/deletes of `predictions`, and updates of the cell attributes on `images`
 * and `questions` (a label edit moves the image's predictions from the old cell to the new one).
 * Invariant: for every run and cell, n/correct/failed equal a recount over `predictions`.
 */
export const resultCounts = pgTable(
  'result_counts',
  {
    runId: integer('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    cellKey: text('cell_key').notNull(),
    questionType: text('question_type', { enum: questionTypes }).notNull(),
    /** Caption template k of the question (`<type>_<k>`); null for VQA questions. */
    template: integer('template'),
    /** Gold answer (the class for macro accuracy; a class is (question type, gold)). */
    gold: text('gold'),
    domainId: integer('domain_id'),
    subdomainId: integer('subdomain_id'),
    modalityId: integer('modality_id'),
    submodalityId: integer('submodality_id'),
    stainId: integer('stain_id'),
    organismId: integer('organism_id'),
    scaleId: integer('scale_id'),
    sourceDatasetId: integer('source_dataset_id'),
    labelNames: text('label_names').array().notNull(),
    normalAbnormal: text('normal_abnormal', { enum: normalAbnormalValues }),
    synthetic: boolean('synthetic').notNull(),
    license: text('license'),
    /** Scored predictions (is_correct not null). */
    n: integer('n').notNull(),
    correct: integer('correct').notNull(),
    /** Predictions with no score (is_correct null: failed). Not part of n. */
    failed: integer('failed').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.runId, t.cellKey] }), index('result_counts_cell_idx').on(t.cellKey)],
);

export const referenceSplits = ['coarse', 'fine', 'cognition'] as const;
export type ReferenceSplit = (typeof referenceSplits)[number];

/** Published reference figures (the paper's Table 1), shown beside a user's own runs. */
export const referenceResults = pgTable(
  'reference_results',
  {
    id: serial('id').primaryKey(),
    /** Where the figure comes from, e.g. `ubench-paper-table1`. */
    source: text('source').notNull(),
    model: text('model').notNull(),
    split: text('split', { enum: referenceSplits }).notNull(),
    /** Accuracy in percent, as printed. */
    accuracy: real('accuracy').notNull(),
    /** The printed ± (|CI_high − mean|, percent points). */
    plusMinus: real('plus_minus').notNull(),
    rank: integer('rank').notNull(),
    /** Content hash of the reference table these rows were synchronised from (changes whenever a figure does). */
    version: text('version').notNull().default(''),
  },
  (t) => [uniqueIndex('reference_results_uq').on(t.source, t.model, t.split)],
);
