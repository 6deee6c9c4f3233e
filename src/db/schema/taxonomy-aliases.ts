import { integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { benchmarkRevisions } from './benchmarks.js';

/** Taxonomy axes whose values are merged by canonical key (case, spaces, hyphens and Unicode dashes ignored). */
export const aliasedAxes = ['domain', 'subdomain', 'modality', 'submodality', 'stain'] as const;
export type AliasedAxis = (typeof aliasedAxes)[number];

/**
 * Released spellings of a taxonomy value that differ from its stored name but share its canonical key
 * (`serial block-face …` → `serial blockface …`), per revision that used them: every merge the importer made,
 * with how many rows it concerned. Written in the batch transaction, so a resumed import counts each row once.
 */
export const taxonomyAliases = pgTable(
  'taxonomy_aliases',
  {
    revisionId: integer('revision_id')
      .notNull()
      .references(() => benchmarkRevisions.id, { onDelete: 'cascade' }),
    axis: text('axis', { enum: aliasedAxes }).notNull(),
    /** The spelling as released (NFC, trimmed). */
    alias: text('alias').notNull(),
    /** Id of the canonical row in the axis's table. */
    valueId: integer('value_id').notNull(),
    rows: integer('rows').notNull(),
  },
  (t) => [primaryKey({ columns: [t.revisionId, t.axis, t.alias] })],
);
