import { relations } from 'drizzle-orm';
import {
  boolean,
  customType,
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
import { benchmarkRevisions, benchmarks } from './benchmarks.js';
import {
  domains,
  modalities,
  organisms,
  scales,
  sourceDatasets,
  stains,
  subdomains,
  submodalities,
} from './taxonomy.js';

export const normalAbnormalValues = ['normal', 'abnormal'] as const;
export type NormalAbnormal = (typeof normalAbnormalValues)[number];

/**
 * One image of a benchmark. The bytes live once in the content-addressed image store under `contentHash`
 * (sha256 of the released bytes); everything here is metadata. Unique per (benchmark, released `image_id`).
 */
export const images = pgTable(
  'images',
  {
    id: serial('id').primaryKey(),
    benchmarkId: integer('benchmark_id')
      .notNull()
      .references(() => benchmarks.id),
    /** The revision whose import wrote this row. */
    revisionId: integer('revision_id')
      .notNull()
      .references(() => benchmarkRevisions.id),
    /** Released `image_id` (UUID4 in μ-Bench). */
    sourceImageId: text('source_image_id').notNull(),
    /** sha256 (hex) of the image bytes as released. */
    contentHash: text('content_hash').notNull(),
    byteSize: integer('byte_size').notNull(),
    /** `image/png`, `image/jpeg`, `image/tiff`, … as sniffed from the bytes. */
    mimeType: text('mime_type').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    channels: integer('channels').notNull(),
    bitDepth: integer('bit_depth').notNull(),
    micronsPerPixel: real('microns_per_pixel'),
    /** Label names as a set (one per row in μ-Bench; several in multi-label corpora). */
    labelNames: text('label_names').array().notNull(),
    /** The released `label` integer, kept for traceability even where `label_name` won. */
    labelIndex: integer('label_index'),
    normalAbnormal: text('normal_abnormal', { enum: normalAbnormalValues }),
    synthetic: boolean('synthetic').notNull(),
    license: text('license'),
    institutions: text('institutions').array().notNull().default([]),
    pmid: text('pmid'),
    split: text('split').notNull(),
    domainId: integer('domain_id').references(() => domains.id),
    subdomainId: integer('subdomain_id').references(() => subdomains.id),
    modalityId: integer('modality_id').references(() => modalities.id),
    submodalityId: integer('submodality_id').references(() => submodalities.id),
    stainId: integer('stain_id').references(() => stains.id),
    organismId: integer('organism_id').references(() => organisms.id),
    scaleId: integer('scale_id').references(() => scales.id),
    sourceDatasetId: integer('source_dataset_id').references(() => sourceDatasets.id),
    /** Localization annotations as released (`bbox`: list of [x, y, w, h]-like lists; `polygon`: lists of points). */
    bbox: jsonb('bbox').$type<number[][] | null>(),
    polygon: jsonb('polygon').$type<unknown[] | null>(),
    /** Provenance: the file and 0-based row the metadata came from. */
    sourceFile: text('source_file').notNull(),
    sourceRow: integer('source_row').notNull(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('images_benchmark_source_uq').on(t.benchmarkId, t.sourceImageId),
    index('images_content_hash_idx').on(t.contentHash),
    index('images_domain_idx').on(t.domainId),
    index('images_subdomain_idx').on(t.subdomainId),
    index('images_modality_idx').on(t.modalityId),
    index('images_submodality_idx').on(t.submodalityId),
    index('images_stain_idx').on(t.stainId),
    index('images_organism_idx').on(t.organismId),
    index('images_scale_idx').on(t.scaleId),
    index('images_source_dataset_idx').on(t.sourceDatasetId),
  ],
);

export const questionTypes = [
  'domain',
  'subdomain',
  'modality',
  'submodality',
  'stain',
  'classification',
  'cognition',
] as const;
export type QuestionType = (typeof questionTypes)[number];

/** `vqa`: a closed-form question for generative models; `caption`: a caption set for contrastive models. */
export const questionProtocols = ['vqa', 'caption'] as const;
export type QuestionProtocol = (typeof questionProtocols)[number];

/**
 * One released question or caption set of an image. `key` is the release's dict key (`modality`,
 * `modality_1`, `classification_0`, …), unique per image. Options are kept in released (shuffled) order.
 */
export const questions = pgTable(
  'questions',
  {
    id: serial('id').primaryKey(),
    imageId: integer('image_id')
      .notNull()
      .references(() => images.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    /** Released UUID (caption templates `_0`/`_1` of one image can share it). */
    sourceQuestionId: text('source_question_id'),
    type: text('type', { enum: questionTypes }).notNull(),
    protocol: text('protocol', { enum: questionProtocols }).notNull(),
    /** Caption template index k of `<type>_<k>`; null for VQA questions. */
    template: integer('template'),
    name: text('name'),
    /** The question text (VQA) or the caption template with `{class}` (caption sets). */
    text: text('text').notNull(),
    options: text('options').array().notNull(),
    answerIndex: integer('answer_index').notNull(),
    answer: text('answer'),
  },
  (t) => [
    uniqueIndex('questions_image_key_uq').on(t.imageId, t.key),
    index('questions_type_protocol_idx').on(t.type, t.protocol, t.template),
  ],
);

export const imagesRelations = relations(images, ({ one, many }) => ({
  benchmark: one(benchmarks, { fields: [images.benchmarkId], references: [benchmarks.id] }),
  revision: one(benchmarkRevisions, { fields: [images.revisionId], references: [benchmarkRevisions.id] }),
  domain: one(domains, { fields: [images.domainId], references: [domains.id] }),
  subdomain: one(subdomains, { fields: [images.subdomainId], references: [subdomains.id] }),
  modality: one(modalities, { fields: [images.modalityId], references: [modalities.id] }),
  submodality: one(submodalities, { fields: [images.submodalityId], references: [submodalities.id] }),
  stain: one(stains, { fields: [images.stainId], references: [stains.id] }),
  organism: one(organisms, { fields: [images.organismId], references: [organisms.id] }),
  scale: one(scales, { fields: [images.scaleId], references: [scales.id] }),
  sourceDataset: one(sourceDatasets, { fields: [images.sourceDatasetId], references: [sourceDatasets.id] }),
  questions: many(questions),
}));
export const questionsRelations = relations(questions, ({ one }) => ({
  image: one(images, { fields: [questions.imageId], references: [images.id] }),
}));

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType() {
    return 'bytea';
  },
  fromDriver(value) {
    return Buffer.isBuffer(value) ? value : Buffer.from(value);
  },
});

/**
 * Image bytes by sha256, the shared image store when `DATABASE_URL` is set: every replica and worker reads the
 * same bytes (the directory store serves PGlite). Content-addressed and insert-only.
 */
export const imageBlobs = pgTable('image_blobs', {
  contentHash: text('content_hash').primaryKey(),
  bytes: bytea('bytes').notNull(),
  byteSize: integer('byte_size').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
