import { relations } from 'drizzle-orm';
import { index, integer, pgTable, primaryKey, serial, text } from 'drizzle-orm/pg-core';

/**
 * Taxonomy tables. Every row has a stable `slug` (lower-case, URL-safe, derived from the released value)
 * and the released `name` verbatim (Unicode kept: `GalT–EGFP` has an en dash).
 */

export const domains = pgTable('domains', {
  id: serial('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
});

export const subdomains = pgTable(
  'subdomains',
  {
    id: serial('id').primaryKey(),
    domainId: integer('domain_id')
      .notNull()
      .references(() => domains.id),
    slug: text('slug').notNull().unique(),
    name: text('name').notNull(),
  },
  (t) => [index('subdomains_domain_idx').on(t.domainId)],
);

export const modalities = pgTable('modalities', {
  id: serial('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
});

export const submodalities = pgTable(
  'submodalities',
  {
    id: serial('id').primaryKey(),
    modalityId: integer('modality_id')
      .notNull()
      .references(() => modalities.id),
    slug: text('slug').notNull().unique(),
    name: text('name').notNull(),
  },
  (t) => [index('submodalities_modality_idx').on(t.modalityId)],
);

export const stains = pgTable('stains', {
  id: serial('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
});

/** NCBITaxon organisms, including the pseudo-taxon `NCBITaxon_synthetic`. */
export const organisms = pgTable('organisms', {
  id: serial('id').primaryKey(),
  /** e.g. `NCBITaxon_9606`. */
  ncbitaxonId: text('ncbitaxon_id').notNull().unique(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
});

/** Physical scale (derived, not released): subcellular / cellular / tissue, or nano / micro / macro for cognition. */
export const scales = pgTable('scales', {
  id: serial('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  /** Sort order from small to large. */
  rank: integer('rank').notNull(),
});

/** The 7 taxonomy groups of the eVLLM `tasks_metadata` table. */
export const taxonomyGroups = pgTable('taxonomy_groups', {
  id: serial('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
});

export const taskKinds = ['coarse', 'fine_classification', 'detection', 'cognition'] as const;
export type TaskKind = (typeof taskKinds)[number];

export const tasks = pgTable(
  'tasks',
  {
    id: serial('id').primaryKey(),
    slug: text('slug').notNull().unique(),
    name: text('name').notNull(),
    kind: text('kind', { enum: taskKinds }).notNull(),
    taxonomyGroupId: integer('taxonomy_group_id').references(() => taxonomyGroups.id),
    /** Class names of a classification task (its label vocabulary). */
    classes: text('classes').array().notNull().default([]),
  },
  (t) => [index('tasks_group_idx').on(t.taxonomyGroupId)],
);

/** A source dataset of the corpus (`kather_et_al_2018`, …), with its attribution. */
export const sourceDatasets = pgTable(
  'source_datasets',
  {
    id: serial('id').primaryKey(),
    slug: text('slug').notNull().unique(),
    name: text('name').notNull(),
    pmid: text('pmid'),
    institutions: text('institutions').array().notNull().default([]),
    license: text('license'),
    taskId: integer('task_id').references(() => tasks.id),
    scaleId: integer('scale_id').references(() => scales.id),
  },
  (t) => [index('source_datasets_task_idx').on(t.taskId)],
);

/** Named image sets defined by source datasets, e.g. the paper's `pathology` and `pathology-he` slices. */
export const imageSets = pgTable('image_sets', {
  id: serial('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  description: text('description'),
});

export const imageSetSourceDatasets = pgTable(
  'image_set_source_datasets',
  {
    imageSetId: integer('image_set_id')
      .notNull()
      .references(() => imageSets.id, { onDelete: 'cascade' }),
    sourceDatasetId: integer('source_dataset_id')
      .notNull()
      .references(() => sourceDatasets.id),
  },
  (t) => [primaryKey({ columns: [t.imageSetId, t.sourceDatasetId] })],
);

export const domainsRelations = relations(domains, ({ many }) => ({ subdomains: many(subdomains) }));
export const subdomainsRelations = relations(subdomains, ({ one }) => ({
  domain: one(domains, { fields: [subdomains.domainId], references: [domains.id] }),
}));
export const modalitiesRelations = relations(modalities, ({ many }) => ({ submodalities: many(submodalities) }));
export const submodalitiesRelations = relations(submodalities, ({ one }) => ({
  modality: one(modalities, { fields: [submodalities.modalityId], references: [modalities.id] }),
}));
export const tasksRelations = relations(tasks, ({ one, many }) => ({
  taxonomyGroup: one(taxonomyGroups, { fields: [tasks.taxonomyGroupId], references: [taxonomyGroups.id] }),
  sourceDatasets: many(sourceDatasets),
}));
export const sourceDatasetsRelations = relations(sourceDatasets, ({ one }) => ({
  task: one(tasks, { fields: [sourceDatasets.taskId], references: [tasks.id] }),
  scale: one(scales, { fields: [sourceDatasets.scaleId], references: [scales.id] }),
}));
export const imageSetSourceDatasetsRelations = relations(imageSetSourceDatasets, ({ one }) => ({
  imageSet: one(imageSets, { fields: [imageSetSourceDatasets.imageSetId], references: [imageSets.id] }),
  sourceDataset: one(sourceDatasets, {
    fields: [imageSetSourceDatasets.sourceDatasetId],
    references: [sourceDatasets.id],
  }),
}));
