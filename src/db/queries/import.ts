import { and, asc, desc, eq, getTableColumns, inArray, ne, notInArray, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../client.js';
import {
  benchmarkRevisions,
  benchmarks,
  domains,
  importBatches,
  importIssues,
  images,
  modalities,
  questions,
  stains,
  subdomains,
  submodalities,
  taxonomyAliases,
  type AliasedAxis,
} from '../schema/index.js';

/**
 * The release importer's reads and writes (`src/importer/`): benchmarks and revisions, committed batches, images
 * and questions, issues, revision totals and taxonomy alias uses. Plain rows in, plain rows out.
 */

/** Rows per INSERT statement: keeps every statement under PostgreSQL's 65,535 bind parameters. */
const IMAGE_CHUNK = 500;
const QUESTION_CHUNK = 2000;
const ISSUE_CHUNK = 1000;

export type BenchmarkInput = {
  slug: string;
  name: string;
  source: string;
  description: string | null;
  adapter: string;
};

/** Creates the benchmark unless its slug exists; returns its id and the adapter it was created with. */
export async function upsertBenchmark(db: Db, b: BenchmarkInput): Promise<{ id: number; adapter: string }> {
  await db.insert(benchmarks).values(b).onConflictDoNothing();
  const [row] = await db
    .select({ id: benchmarks.id, adapter: benchmarks.adapter })
    .from(benchmarks)
    .where(eq(benchmarks.slug, b.slug));
  return row!;
}

export type RevisionTotals = {
  status: 'importing' | 'complete';
  rowsRead: number;
  rowsImported: number;
  rowsSkipped: number;
  corrections: Record<string, number>;
};

/** Creates the revision unless it exists; returns its id and its totals as stored before this import. */
export async function upsertRevision(
  db: Db,
  r: { benchmarkId: number; revision: string; config: string | null; location: string },
): Promise<{ id: number } & RevisionTotals> {
  await db.insert(benchmarkRevisions).values(r).onConflictDoNothing();
  const [row] = await db
    .select({ id: benchmarkRevisions.id, ...revisionTotalsColumns })
    .from(benchmarkRevisions)
    .where(and(eq(benchmarkRevisions.benchmarkId, r.benchmarkId), eq(benchmarkRevisions.revision, r.revision)));
  return row!;
}

const revisionTotalsColumns = {
  status: benchmarkRevisions.status,
  rowsRead: benchmarkRevisions.rowsRead,
  rowsImported: benchmarkRevisions.rowsImported,
  rowsSkipped: benchmarkRevisions.rowsSkipped,
  corrections: benchmarkRevisions.corrections,
};

/** `file \0 batchIndex` of every batch already committed for the revision. */
export async function committedBatchKeys(db: Db, revisionId: number): Promise<Set<string>> {
  const rows = await db
    .select({ file: importBatches.file, index: importBatches.batchIndex })
    .from(importBatches)
    .where(eq(importBatches.revisionId, revisionId));
  return new Set(rows.map((b) => `${b.file}\u0000${b.index}`));
}

export type StoredImageRef = {
  sourceImageId: string;
  contentHash: string;
  revisionId: number;
  sourceFile: string;
  sourceRow: number;
};

/** The benchmark's images with these released ids (for duplicate detection across batches and files). */
export async function findImagesBySourceIds(db: Db, benchmarkId: number, ids: string[]): Promise<StoredImageRef[]> {
  if (ids.length === 0) return [];
  return db
    .select({
      sourceImageId: images.sourceImageId,
      contentHash: images.contentHash,
      revisionId: images.revisionId,
      sourceFile: images.sourceFile,
      sourceRow: images.sourceRow,
    })
    .from(images)
    .where(and(eq(images.benchmarkId, benchmarkId), inArray(images.sourceImageId, ids)));
}

export type ImageInsert = typeof images.$inferInsert;
export type QuestionInsert = Omit<typeof questions.$inferInsert, 'imageId'>;

/**
 * Upserts images (keyed by benchmark and released id) and their questions (keyed by image and key), chunked;
 * returns the image ids by released id.
 */
export async function writeImagesWithQuestions(
  tx: Db,
  rows: { image: ImageInsert; questions: QuestionInsert[] }[],
): Promise<Map<string, number>> {
  const imageIds = new Map<string, number>();
  for (let start = 0; start < rows.length; start += IMAGE_CHUNK) {
    const values = rows.slice(start, start + IMAGE_CHUNK).map((r) => r.image);
    const inserted = await tx
      .insert(images)
      .values(values)
      .onConflictDoUpdate({
        target: [images.benchmarkId, images.sourceImageId],
        set: excludedSet(
          images,
          Object.keys(values[0]!).filter((k) => k !== 'benchmarkId' && k !== 'sourceImageId'),
        ),
      })
      .returning({ id: images.id, sourceImageId: images.sourceImageId });
    for (const r of inserted) imageIds.set(r.sourceImageId, r.id);
  }
  const questionValues = rows.flatMap((r) =>
    r.questions.map((q) => ({ imageId: imageIds.get(r.image.sourceImageId)!, ...q })),
  );
  for (let start = 0; start < questionValues.length; start += QUESTION_CHUNK) {
    const chunk = questionValues.slice(start, start + QUESTION_CHUNK);
    await tx
      .insert(questions)
      .values(chunk)
      .onConflictDoUpdate({
        target: [questions.imageId, questions.key],
        set: excludedSet(
          questions,
          Object.keys(chunk[0]!).filter((k) => k !== 'imageId' && k !== 'key'),
        ),
      });
  }
  return imageIds;
}

/** `SET col = excluded.col` for the named drizzle properties of `table` (names from the table, never from input). */
function excludedSet(table: typeof images | typeof questions, keys: string[]): Record<string, SQL> {
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const set: Record<string, SQL> = {};
  for (const key of keys) {
    const column = columns[key];
    if (column) set[key] = sql`excluded.${sql.identifier(column.name)}`;
  }
  if ('updatedAt' in columns) set.updatedAt = sql`now()`;
  return set;
}

export type IssueInsert = Omit<typeof importIssues.$inferInsert, 'id'>;

/** Records issues (one per revision, file, row and code: a repeat is ignored). */
export async function recordImportIssues(db: Db, issues: IssueInsert[]): Promise<void> {
  for (let start = 0; start < issues.length; start += ISSUE_CHUNK) {
    await db
      .insert(importIssues)
      .values(issues.slice(start, start + ISSUE_CHUNK))
      .onConflictDoNothing();
  }
}

/** Forgets the whole-file rejection of one file (it has now been read to the end). */
export async function deleteFileRejection(db: Db, revisionId: number, file: string): Promise<void> {
  await db
    .delete(importIssues)
    .where(and(eq(importIssues.revisionId, revisionId), eq(importIssues.file, file), eq(importIssues.row, -1)));
}

/**
 * Forgets whole-file rejections of files that are not among `files` and never committed a batch: an earlier run
 * was given them, this one was not, and they contributed nothing.
 */
export async function deleteRejectionsOfAbsentEmptyFiles(db: Db, revisionId: number, files: string[]): Promise<void> {
  const withBatches = db
    .selectDistinct({ file: importBatches.file })
    .from(importBatches)
    .where(eq(importBatches.revisionId, revisionId));
  await db
    .delete(importIssues)
    .where(
      and(
        eq(importIssues.revisionId, revisionId),
        eq(importIssues.row, -1),
        files.length ? notInArray(importIssues.file, files) : undefined,
        notInArray(importIssues.file, withBatches),
      ),
    );
}

export async function insertImportBatch(tx: Db, batch: typeof importBatches.$inferInsert): Promise<void> {
  await tx.insert(importBatches).values(batch);
}

/** Rows read, imported and skipped per file, from the committed batches. */
export async function revisionFileTotals(db: Db, revisionId: number) {
  const rows = await db
    .select({
      file: importBatches.file,
      rows: sql<number>`sum(${importBatches.rowsRead})::int`,
      imported: sql<number>`sum(${importBatches.rowsImported})::int`,
      skipped: sql<number>`sum(${importBatches.rowsSkipped})::int`,
    })
    .from(importBatches)
    .where(eq(importBatches.revisionId, revisionId))
    .groupBy(importBatches.file)
    .orderBy(asc(importBatches.file));
  return rows.map((f) => ({
    file: f.file,
    rows: Number(f.rows),
    imported: Number(f.imported),
    skipped: Number(f.skipped),
  }));
}

/** Every issue of the revision in file, row, code order. */
export async function revisionIssues(db: Db, revisionId: number) {
  return db
    .select({
      file: importIssues.file,
      row: importIssues.row,
      sourceImageId: importIssues.sourceImageId,
      severity: importIssues.severity,
      code: importIssues.code,
      field: importIssues.field,
      message: importIssues.message,
    })
    .from(importIssues)
    .where(eq(importIssues.revisionId, revisionId))
    .orderBy(asc(importIssues.file), asc(importIssues.row), asc(importIssues.code));
}

/** Stores the revision's totals and status (`importedAt` is set when it becomes complete). */
export async function updateRevisionTotals(db: Db, revisionId: number, totals: RevisionTotals): Promise<void> {
  await db
    .update(benchmarkRevisions)
    .set({ ...totals, ...(totals.status === 'complete' ? { importedAt: new Date() } : {}) })
    .where(eq(benchmarkRevisions.id, revisionId));
}

/** Adds this batch's alias uses (rows per axis and released spelling) to the revision's counts. */
export async function addAliasUses(
  tx: Db,
  revisionId: number,
  uses: { axis: AliasedAxis; alias: string; valueId: number; rows: number }[],
): Promise<void> {
  if (uses.length === 0) return;
  await tx
    .insert(taxonomyAliases)
    .values(uses.map((u) => ({ revisionId, ...u })))
    .onConflictDoUpdate({
      target: [taxonomyAliases.revisionId, taxonomyAliases.axis, taxonomyAliases.alias],
      set: { rows: sql`${taxonomyAliases.rows} + excluded.rows` },
    });
}

const aliasTargets = {
  domain: domains,
  subdomain: subdomains,
  modality: modalities,
  submodality: submodalities,
  stain: stains,
};

/** The merges of a revision: each released spelling with the canonical name it was merged into, by axis. */
export async function revisionAliases(
  db: Db,
  revisionId: number,
): Promise<{ axis: AliasedAxis; alias: string; canonical: string; rows: number }[]> {
  const uses = await db
    .select({
      axis: taxonomyAliases.axis,
      alias: taxonomyAliases.alias,
      valueId: taxonomyAliases.valueId,
      rows: taxonomyAliases.rows,
    })
    .from(taxonomyAliases)
    .where(eq(taxonomyAliases.revisionId, revisionId))
    .orderBy(asc(taxonomyAliases.axis), asc(taxonomyAliases.alias));
  const out = [];
  for (const axis of Object.keys(aliasTargets) as AliasedAxis[]) {
    const mine = uses.filter((u) => u.axis === axis);
    if (mine.length === 0) continue;
    const table = aliasTargets[axis];
    const names = new Map(
      (
        await db
          .select({ id: table.id, name: table.name })
          .from(table)
          .where(
            inArray(
              table.id,
              mine.map((u) => u.valueId),
            ),
          )
      ).map((r) => [r.id, r.name]),
    );
    for (const u of mine) out.push({ axis, alias: u.alias, canonical: names.get(u.valueId) ?? '', rows: u.rows });
  }
  return out.sort((a, b) => a.axis.localeCompare(b.axis) || a.alias.localeCompare(b.alias));
}

/** The newest complete revision of a benchmark, or null. */
export async function latestCompleteRevision(db: Db, benchmarkSlug: string): Promise<string | null> {
  const rows = await db
    .select({ revision: benchmarkRevisions.revision })
    .from(benchmarkRevisions)
    .innerJoin(benchmarks, eq(benchmarks.id, benchmarkRevisions.benchmarkId))
    .where(and(eq(benchmarks.slug, benchmarkSlug), eq(benchmarkRevisions.status, 'complete')))
    .orderBy(desc(benchmarkRevisions.id))
    .limit(1);
  return rows[0]?.revision ?? null;
}

/** Slugs of the benchmarks other than `except` that have at least one revision (imported or importing). */
export async function otherImportedBenchmarks(db: Db, except: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ slug: benchmarks.slug })
    .from(benchmarks)
    .innerJoin(benchmarkRevisions, eq(benchmarkRevisions.benchmarkId, benchmarks.id))
    .where(ne(benchmarks.slug, except))
    .orderBy(asc(benchmarks.slug));
  return rows.map((r) => r.slug);
}
