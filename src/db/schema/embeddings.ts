import { relations } from 'drizzle-orm';
import { index, integer, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { anyVector } from './columns.js';
import { images } from './images.js';
import { modelVersions } from './models.js';

/** L2-normalised image embedding of one image under one model version (weights + preprocessing). */
export const imageEmbeddings = pgTable(
  'image_embeddings',
  {
    imageId: integer('image_id')
      .notNull()
      .references(() => images.id, { onDelete: 'cascade' }),
    modelVersionId: integer('model_version_id')
      .notNull()
      .references(() => modelVersions.id, { onDelete: 'cascade' }),
    dimensions: integer('dimensions').notNull(),
    embedding: anyVector('embedding').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.imageId, t.modelVersionId] }),
    index('image_embeddings_model_idx').on(t.modelVersionId),
  ],
);

/** L2-normalised text embedding, deduplicated by sha256 of the text (caption options repeat across images). */
export const textEmbeddings = pgTable(
  'text_embeddings',
  {
    id: serial('id').primaryKey(),
    modelVersionId: integer('model_version_id')
      .notNull()
      .references(() => modelVersions.id, { onDelete: 'cascade' }),
    textHash: text('text_hash').notNull(),
    text: text('text').notNull(),
    dimensions: integer('dimensions').notNull(),
    embedding: anyVector('embedding').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('text_embeddings_uq').on(t.modelVersionId, t.textHash)],
);

export const imageEmbeddingsRelations = relations(imageEmbeddings, ({ one }) => ({
  image: one(images, { fields: [imageEmbeddings.imageId], references: [images.id] }),
  modelVersion: one(modelVersions, { fields: [imageEmbeddings.modelVersionId], references: [modelVersions.id] }),
}));
