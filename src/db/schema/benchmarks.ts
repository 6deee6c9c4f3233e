import { relations } from 'drizzle-orm';
import { integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex, index } from 'drizzle-orm/pg-core';
import { timestamps } from './columns.js';

/** A benchmark corpus, e.g. μ-Bench (`ubench`) or the generated demo corpus (`ubench-demo`). */
export const benchmarks = pgTable('benchmarks', {
  id: serial('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  /** Where it comes from: a Hub dataset id (`jnirschl/uBench`) or `generated`. */
  source: text('source').notNull(),
  description: text('description'),
  /** Key of the benchmark adapter its releases are read with (`src/benchmarks/registry.ts`). */
  adapter: text('adapter').notNull().default('ubench'),
  ...timestamps,
});

/** One imported revision of a benchmark: the Hub commit (or demo seed) every run is pinned to. */
export const benchmarkRevisions = pgTable(
  'benchmark_revisions',
  {
    id: serial('id').primaryKey(),
    benchmarkId: integer('benchmark_id')
      .notNull()
      .references(() => benchmarks.id),
    /** Hub commit sha, or another stable id such as `demo-seed-1`. */
    revision: text('revision').notNull(),
    /** Release config folder, e.g. `perception/0.1.0`. */
    config: text('config'),
    /** Where the files were read from (folder, file list or Hub URL). */
    location: text('location'),
    status: text('status', { enum: ['importing', 'complete'] })
      .notNull()
      .default('importing'),
    rowsRead: integer('rows_read').notNull().default(0),
    rowsImported: integer('rows_imported').notNull().default(0),
    rowsSkipped: integer('rows_skipped').notNull().default(0),
    /** Counts of corrections made on ingest, by code (e.g. `{ "LABEL_NAME_WINS": 1 }`). */
    corrections: jsonb('corrections').$type<Record<string, number>>().notNull().default({}),
    importedAt: timestamp('imported_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [uniqueIndex('benchmark_revisions_benchmark_revision_uq').on(t.benchmarkId, t.revision)],
);

/**
 * Resume bookkeeping: which record batch / row group of which file has been committed for a revision.
 * Written in the same transaction as the batch's rows, so a kill -9 never leaves a batch half-counted.
 */
export const importBatches = pgTable(
  'import_batches',
  {
    revisionId: integer('revision_id')
      .notNull()
      .references(() => benchmarkRevisions.id, { onDelete: 'cascade' }),
    file: text('file').notNull(),
    batchIndex: integer('batch_index').notNull(),
    rowsRead: integer('rows_read').notNull(),
    rowsImported: integer('rows_imported').notNull(),
    rowsSkipped: integer('rows_skipped').notNull(),
    committedAt: timestamp('committed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('import_batches_uq').on(t.revisionId, t.file, t.batchIndex)],
);

/** Every skipped row and every correction made on ingest, with the file and row it concerns. */
export const importIssues = pgTable(
  'import_issues',
  {
    id: serial('id').primaryKey(),
    revisionId: integer('revision_id')
      .notNull()
      .references(() => benchmarkRevisions.id, { onDelete: 'cascade' }),
    file: text('file').notNull(),
    /** 0-based row index within the file. */
    row: integer('row').notNull(),
    sourceImageId: text('source_image_id'),
    /** `skipped` rows did not land; `corrected` rows landed after the named normalisation. */
    severity: text('severity', { enum: ['skipped', 'corrected'] }).notNull(),
    code: text('code').notNull(),
    field: text('field'),
    message: text('message').notNull(),
  },
  (t) => [
    uniqueIndex('import_issues_uq').on(t.revisionId, t.file, t.row, t.code),
    index('import_issues_revision_idx').on(t.revisionId),
  ],
);

export const benchmarksRelations = relations(benchmarks, ({ many }) => ({ revisions: many(benchmarkRevisions) }));
export const benchmarkRevisionsRelations = relations(benchmarkRevisions, ({ one, many }) => ({
  benchmark: one(benchmarks, { fields: [benchmarkRevisions.benchmarkId], references: [benchmarks.id] }),
  issues: many(importIssues),
}));
export const importIssuesRelations = relations(importIssues, ({ one }) => ({
  revision: one(benchmarkRevisions, { fields: [importIssues.revisionId], references: [benchmarkRevisions.id] }),
}));
