import { relations } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { timestamps } from './columns.js';

export const modelKinds = ['contrastive', 'generative', 'baseline'] as const;
export type ModelKind = (typeof modelKinds)[number];

/** A model as people name it (`CLIP ViT-B/32`, `GPT-4o`), independent of any particular weights. */
export const models = pgTable('models', {
  id: serial('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  kind: text('kind', { enum: modelKinds }).notNull(),
  description: text('description'),
  ...timestamps,
});

/**
 * One concrete version of a model: its weights hash and preprocessing. Embeddings and runs reference a
 * version, so a changed model never serves stale vectors.
 */
export const modelVersions = pgTable(
  'model_versions',
  {
    id: serial('id').primaryKey(),
    modelId: integer('model_id')
      .notNull()
      .references(() => models.id),
    /** sha256 over the weight files (ONNX models) or a caller-given version string (imported predictions). */
    weightsHash: text('weights_hash').notNull(),
    /** sha256 of the canonical preprocessing JSON; part of the embedding cache key. */
    preprocessingHash: text('preprocessing_hash').notNull().default(''),
    preprocessing: jsonb('preprocessing').$type<Record<string, unknown>>(),
    dimensions: integer('dimensions'),
    /** Local directory the ONNX files were registered from. */
    path: text('path'),
    config: jsonb('config').$type<Record<string, unknown>>(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('model_versions_uq').on(t.modelId, t.weightsHash, t.preprocessingHash),
    index('model_versions_model_idx').on(t.modelId),
  ],
);

export const modelsRelations = relations(models, ({ many }) => ({ versions: many(modelVersions) }));
export const modelVersionsRelations = relations(modelVersions, ({ one }) => ({
  model: one(models, { fields: [modelVersions.modelId], references: [models.id] }),
}));
