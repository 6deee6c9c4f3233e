import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { and, asc, eq, getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client.js';
import { benchmarkRevisions, benchmarks, importBatches, importIssues, images, questions } from '../db/schema/index.js';
import type { Runtime } from '../runtime.js';
import { ImageStore } from '../store/image-store.js';
import { normalAbnormalOf } from '../../seeds/ubench-taxonomy.js';
import { seedTaxonomy } from '../../seeds/taxonomy.js';
import { ImportError } from './errors.js';
import { openReleaseFile, type ReleaseFile, type SourceBatch } from './formats.js';
import { downloadHubFile, listHubShards, parseHubSpec } from './hub.js';
import { inspectImage, type ImageInfo } from './image-info.js';
import { severityOf, type Issue, type IssueCode } from './issues.js';
import { normalizeRow, requiredColumns, type NormalizedRow } from './normalize.js';
import { ProgressReporter, type ImportProgress } from './progress.js';
import { TaxonomyResolver, type AxisIds } from './taxonomy-resolver.js';

export { ImportError } from './errors.js';
export type { Issue, IssueCode } from './issues.js';
export { correctionCodes, skipCodes } from './issues.js';
export { parseHubSpec, revisionFromHubCachePath } from './hub.js';

export type ImportOptions = {
  /** Files and/or folders (each folder's `*.arrow` / `*.parquet` files, not recursive), or one Hub spec. */
  sources: string[];
  benchmark: { slug: string; name: string; source: string; description?: string };
  /** Revision id every run is pinned to (Hub commit, `demo-seed-1`, …). A Hub spec's own revision wins. */
  revision: string;
  /** Release config folder; `perception/0.1.0` by default for Hub imports. */
  config?: string;
  onProgress?: (p: ImportProgress) => void;
  /** Draw a progress bar (TTY) or periodic progress lines (otherwise) on stderr. */
  progressBar?: boolean;
};

export type ImportSummary = {
  revisionId: number;
  rowsRead: number;
  rowsImported: number;
  rowsSkipped: number;
  /** Every skipped row of the revision (and every rejected file, with row -1), in file/row order. */
  skipped: Issue[];
  /** Corrections made on ingest, counted by code. */
  corrections: Record<string, number>;
  /** Rows read per file of the revision. */
  files: { file: string; rows: number }[];
  /** Files that were rejected whole (not Arrow/Parquet, missing column, unreadable). */
  rejectedFiles: Issue[];
};

type Input = { path: string; key: string };

const RELEASE_EXTENSIONS = /\.(arrow|arrows|ipc|feather|parquet)$/i;
const DECODE_CONCURRENCY = 4;
/** Rows per INSERT statement: keeps every statement under PostgreSQL's 65,535 bind parameters. */
const IMAGE_CHUNK = 500;
const QUESTION_CHUNK = 2000;

/**
 * Imports a μ-Bench release (Arrow stream/file shards or the Parquet conversion, local or from the Hub) into
 * one benchmark revision. Each record batch / row group is committed in one transaction together with its
 * `import_batches` row, so a killed import resumes after the last committed batch, and importing the same
 * revision again changes nothing. Rows that cannot land are recorded as `skipped` issues; normalisations as
 * `corrected` issues. Returns the revision's totals as stored.
 */
export async function importRelease(runtime: Runtime, options: ImportOptions): Promise<ImportSummary> {
  const db = runtime.handle.db;
  const reporter = options.progressBar ? new ProgressReporter() : null;
  const onProgress = (p: ImportProgress) => {
    reporter?.update(p);
    options.onProgress?.(p);
  };

  const { inputs, revision, location } = await resolveInputs(runtime, options);
  await seedTaxonomy(db);
  const benchmarkId = await upsertBenchmark(db, options.benchmark);
  const revisionId = await upsertRevision(db, benchmarkId, revision, options.config ?? null, location);
  const committed = new Set(
    (
      await db
        .select({ file: importBatches.file, index: importBatches.batchIndex })
        .from(importBatches)
        .where(eq(importBatches.revisionId, revisionId))
    ).map((b) => `${b.file}\u0000${b.index}`),
  );
  const resolver = await TaxonomyResolver.load(db);
  const ctx: BatchContext = { db, store: runtime.store, benchmarkId, revisionId, resolver };

  let importable = 0;
  let firstRejection: ImportError | null = null;
  try {
    for (const input of inputs) {
      let file: ReleaseFile;
      try {
        file = await openReleaseFile(input.path);
        const missing = requiredColumns.filter((c) => !file.columns.includes(c));
        if (missing.length) {
          await file.close();
          throw new ImportError(
            'MISSING_COLUMN',
            `${input.key}: missing required column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `"${c}"`).join(', ')}; file rejected`,
            input.key,
            missing[0],
          );
        }
      } catch (error) {
        if (!(error instanceof ImportError)) throw error;
        firstRejection ??= error;
        await recordIssues(db, revisionId, [
          {
            file: input.key,
            row: -1,
            sourceImageId: null,
            code: error.code as IssueCode,
            field: error.field ?? null,
            message: error.message.replace(input.path, input.key),
          },
        ]);
        continue;
      }
      importable++;
      try {
        let rowsRead = 0;
        onProgress({ file: input.key, rowsRead, rowsTotal: file.rowsTotal });
        for await (const batch of file.batches()) {
          if (!committed.has(`${input.key}\u0000${batch.index}`)) {
            await importBatch(ctx, input.key, file.labelNames, batch);
            await testHookAfterBatch(input.key, batch.index);
          }
          rowsRead += batch.numRows;
          onProgress({ file: input.key, rowsRead, rowsTotal: file.rowsTotal });
        }
        reporter?.finishFile({ file: input.key, rowsRead, rowsTotal: file.rowsTotal });
        // Read to the end: a rejection recorded by an earlier run (since fixed or completed) no longer holds.
        await db
          .delete(importIssues)
          .where(
            and(eq(importIssues.revisionId, revisionId), eq(importIssues.file, input.key), eq(importIssues.row, -1)),
          );
      } catch (error) {
        // A file that breaks part-way (truncated download, corrupt page) keeps its committed batches and is
        // reported; the other files still import.
        if (!(error instanceof ImportError)) throw error;
        await recordIssues(db, revisionId, [
          {
            file: input.key,
            row: -1,
            sourceImageId: null,
            code: error.code as IssueCode,
            field: null,
            message: error.message.replace(input.path, input.key),
          },
        ]);
      } finally {
        await file.close();
      }
    }
  } finally {
    reporter?.stop();
  }
  const summary = await finalizeRevision(db, revisionId);
  if (importable === 0 && firstRejection) throw firstRejection;
  return summary;
}

async function resolveInputs(
  runtime: Runtime,
  options: ImportOptions,
): Promise<{ inputs: Input[]; revision: string; location: string }> {
  const [first] = options.sources;
  if (!first) throw new ImportError('NO_INPUT_FILES', 'no input files or folders given');
  const spec = options.sources.length === 1 ? parseHubSpec(first) : null;
  if (spec && !(await stat(first).catch(() => null))) {
    const config = options.config ?? 'perception/0.1.0';
    const shards = await listHubShards(spec, config);
    const cacheDir = join(runtime.config.dataDir, 'hub', 'datasets', ...spec.repo.split('/'), spec.revision);
    const inputs: Input[] = [];
    for (const shard of shards) {
      const path = await downloadHubFile(spec, shard, cacheDir);
      inputs.push({ path, key: relative(config, shard.path).split(sep).join('/') });
    }
    return { inputs, revision: spec.revision, location: `hub:${spec.repo}@${spec.revision}/${config}` };
  }
  if (!options.revision) throw new ImportError('REVISION_REQUIRED', 'a revision is required for local files');
  const paths: string[] = [];
  for (const source of options.sources) {
    const info = await stat(source).catch(() => null);
    if (!info) throw new ImportError('UNREADABLE_FILE', `${source}: no such file or folder`, source);
    if (info.isDirectory()) {
      const names = (await readdir(source)).filter((n) => RELEASE_EXTENSIONS.test(n)).sort();
      if (names.length === 0) {
        throw new ImportError('NO_INPUT_FILES', `${source}: no *.arrow or *.parquet files in this folder`, source);
      }
      paths.push(...names.map((n) => resolve(source, n)));
    } else {
      paths.push(resolve(source));
    }
  }
  // Files are keyed by their path relative to the inputs' common folder: stable across runs (resume) and
  // short in reports.
  const root = commonDir(paths);
  const inputs = paths.map((path) => ({ path, key: relative(root, path).split(sep).join('/') || basename(path) }));
  return { inputs, revision: options.revision, location: options.sources.map((s) => resolve(s)).join(', ') };
}

function commonDir(paths: string[]): string {
  let root = dirname(paths[0]!);
  while (!paths.every((p) => p.startsWith(root.endsWith(sep) ? root : root + sep))) {
    const up = dirname(root);
    if (up === root) break;
    root = up;
  }
  return root;
}

async function upsertBenchmark(db: Db, b: ImportOptions['benchmark']): Promise<number> {
  await db
    .insert(benchmarks)
    .values({ slug: b.slug, name: b.name, source: b.source, description: b.description ?? null })
    .onConflictDoNothing();
  const [row] = await db.select({ id: benchmarks.id }).from(benchmarks).where(eq(benchmarks.slug, b.slug));
  return row!.id;
}

async function upsertRevision(
  db: Db,
  benchmarkId: number,
  revision: string,
  config: string | null,
  location: string,
): Promise<number> {
  await db.insert(benchmarkRevisions).values({ benchmarkId, revision, config, location }).onConflictDoNothing();
  const [row] = await db
    .select({ id: benchmarkRevisions.id })
    .from(benchmarkRevisions)
    .where(and(eq(benchmarkRevisions.benchmarkId, benchmarkId), eq(benchmarkRevisions.revision, revision)));
  return row!.id;
}

type BatchContext = {
  db: Db;
  store: ImageStore;
  benchmarkId: number;
  revisionId: number;
  resolver: TaxonomyResolver;
};

type Decoded = { info: ImageInfo; hash: string } | { error: string };

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Imports one record batch / row group in one transaction, together with its `import_batches` row. */
async function importBatch(
  ctx: BatchContext,
  fileKey: string,
  labelNames: string[] | null,
  batch: SourceBatch,
): Promise<void> {
  const raws = await batch.rows();
  const outcomes = raws.map((raw, i) => normalizeRow(raw, { file: fileKey, row: batch.firstRow + i, labelNames }));
  raws.length = 0;
  const decoded = await mapLimit(outcomes, DECODE_CONCURRENCY, async (o): Promise<Decoded | null> => {
    if (o.kind !== 'ok') return null;
    try {
      const info = await inspectImage(o.row.imageBytes);
      return { info, hash: ImageStore.hash(o.row.imageBytes) };
    } catch (error) {
      return { error: (error as Error).message };
    }
  });
  const ids = outcomes.flatMap((o) => (o.kind === 'ok' ? [o.row.sourceImageId] : []));
  const existing = new Map(
    (ids.length
      ? await ctx.db
          .select({
            sourceImageId: images.sourceImageId,
            contentHash: images.contentHash,
            revisionId: images.revisionId,
            sourceFile: images.sourceFile,
            sourceRow: images.sourceRow,
          })
          .from(images)
          .where(and(eq(images.benchmarkId, ctx.benchmarkId), inArray(images.sourceImageId, ids)))
      : []
    ).map((r) => [r.sourceImageId, r]),
  );

  await ctx.db.transaction(async (tx) => {
    const issues: Issue[] = [];
    const accepted: { row: NormalizedRow; info: ImageInfo; hash: string; ids: AxisIds; sourceRow: number }[] = [];
    const firstInBatch = new Map<string, { hash: string; row: number }>();
    let skipped = 0;
    for (const [i, outcome] of outcomes.entries()) {
      const rowIndex = batch.firstRow + i;
      if (outcome.kind === 'skip') {
        issues.push(outcome.issue);
        skipped++;
        continue;
      }
      const { row } = outcome;
      const where = `${fileKey} row ${rowIndex} (image_id ${row.sourceImageId})`;
      const skip = (code: IssueCode, field: string | null, message: string) => {
        issues.push({
          file: fileKey,
          row: rowIndex,
          sourceImageId: row.sourceImageId,
          code,
          field,
          message: `${where}: ${message}`,
        });
        skipped++;
      };
      const d = decoded[i]!;
      if ('error' in d) {
        skip('UNDECODABLE_IMAGE', 'image', `image bytes do not decode (${d.error})`);
        continue;
      }
      const inBatch = firstInBatch.get(row.sourceImageId);
      const stored = existing.get(row.sourceImageId);
      const prior =
        inBatch ??
        (stored &&
        stored.revisionId === ctx.revisionId &&
        !(stored.sourceFile === fileKey && stored.sourceRow === rowIndex)
          ? { hash: stored.contentHash, row: stored.sourceRow, file: stored.sourceFile }
          : undefined);
      if (prior) {
        const at = 'file' in prior ? `${prior.file} row ${prior.row}` : `${fileKey} row ${prior.row}`;
        if (prior.hash !== d.hash) {
          skip(
            'DUPLICATE_IMAGE_ID',
            'image_id',
            `image_id already imported from ${at} with other content; the first is kept`,
          );
        } else {
          skip(
            'DUPLICATE_ROW',
            'image_id',
            `image_id already imported from ${at} with the same content; repeat ignored`,
          );
        }
        continue;
      }
      const resolution = await ctx.resolver.resolve(tx, row);
      if (resolution.kind === 'conflict') {
        skip('UNKNOWN_TAXONOMY_VALUE', resolution.field, resolution.message);
        continue;
      }
      issues.push(...outcome.corrections);
      accepted.push({ row, info: d.info, hash: d.hash, ids: resolution.ids, sourceRow: rowIndex });
      firstInBatch.set(row.sourceImageId, { hash: d.hash, row: rowIndex });
    }

    for (const a of accepted) await ctx.store.put(a.row.imageBytes, a.hash);

    const imageIds = new Map<string, number>();
    for (let start = 0; start < accepted.length; start += IMAGE_CHUNK) {
      const chunk = accepted.slice(start, start + IMAGE_CHUNK);
      const values = chunk.map((a) => ({
        benchmarkId: ctx.benchmarkId,
        revisionId: ctx.revisionId,
        sourceImageId: a.row.sourceImageId,
        contentHash: a.hash,
        byteSize: a.row.imageBytes.length,
        mimeType: a.info.mimeType,
        width: a.info.width,
        height: a.info.height,
        channels: a.info.channels,
        bitDepth: a.info.bitDepth,
        micronsPerPixel: a.row.micronsPerPixel,
        labelNames: a.row.labelNames,
        labelIndex: a.row.labelIndex,
        normalAbnormal: normalAbnormalOf(a.row.dataset, a.row.labelNames),
        synthetic: a.row.synthetic,
        license: a.row.license,
        institutions: a.row.institutions,
        pmid: a.row.pmid,
        split: a.row.split,
        ...a.ids,
        bbox: a.row.bbox,
        polygon: a.row.polygon,
        sourceFile: fileKey,
        sourceRow: a.sourceRow,
      }));
      const rows = await tx
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
      for (const r of rows) imageIds.set(r.sourceImageId, r.id);
    }

    const questionValues = accepted.flatMap((a) =>
      a.row.questions.map((q) => ({ imageId: imageIds.get(a.row.sourceImageId)!, ...q })),
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

    await recordIssues(tx, ctx.revisionId, issues);
    await testHookInTransaction(fileKey, batch.index);
    await tx.insert(importBatches).values({
      revisionId: ctx.revisionId,
      file: fileKey,
      batchIndex: batch.index,
      rowsRead: outcomes.length,
      rowsImported: accepted.length,
      rowsSkipped: skipped,
    });
  });
}

/** `SET col = excluded.col` for the named drizzle properties of `table`. */
function excludedSet(table: typeof images | typeof questions, keys: string[]): Record<string, SQL> {
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const set: Record<string, SQL> = {};
  for (const key of keys) {
    const column = columns[key];
    if (column) set[key] = sql.raw(`excluded."${column.name}"`);
  }
  if ('updatedAt' in columns) set.updatedAt = sql`now()`;
  return set;
}

async function recordIssues(db: Db, revisionId: number, issues: Issue[]): Promise<void> {
  for (let start = 0; start < issues.length; start += 1000) {
    await db
      .insert(importIssues)
      .values(
        issues.slice(start, start + 1000).map((i) => ({
          revisionId,
          file: i.file,
          row: i.row,
          sourceImageId: i.sourceImageId,
          severity: severityOf(i.code),
          code: i.code,
          field: i.field,
          message: i.message,
        })),
      )
      .onConflictDoNothing();
  }
}

/** Recomputes the revision's totals from its committed batches and issues; marks it complete. */
async function finalizeRevision(db: Db, revisionId: number): Promise<ImportSummary> {
  const files = (
    await db
      .select({
        file: importBatches.file,
        rows: sql<number>`sum(${importBatches.rowsRead})::int`,
        imported: sql<number>`sum(${importBatches.rowsImported})::int`,
        skipped: sql<number>`sum(${importBatches.rowsSkipped})::int`,
      })
      .from(importBatches)
      .where(eq(importBatches.revisionId, revisionId))
      .groupBy(importBatches.file)
      .orderBy(asc(importBatches.file))
  ).map((f) => ({ ...f, rows: Number(f.rows), imported: Number(f.imported), skipped: Number(f.skipped) }));
  const issueRows = await db
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
  const corrections: Record<string, number> = {};
  const skipped: Issue[] = [];
  for (const { severity, ...issue } of issueRows) {
    if (severity === 'corrected') corrections[issue.code] = (corrections[issue.code] ?? 0) + 1;
    else skipped.push({ ...issue, code: issue.code as IssueCode });
  }
  const sortedCorrections = Object.fromEntries(Object.entries(corrections).sort(([a], [b]) => a.localeCompare(b)));
  const rowsRead = files.reduce((n, f) => n + f.rows, 0);
  const rowsImported = files.reduce((n, f) => n + f.imported, 0);
  const rowsSkipped = files.reduce((n, f) => n + f.skipped, 0);

  const [current] = await db
    .select({
      status: benchmarkRevisions.status,
      rowsRead: benchmarkRevisions.rowsRead,
      rowsImported: benchmarkRevisions.rowsImported,
      rowsSkipped: benchmarkRevisions.rowsSkipped,
      corrections: benchmarkRevisions.corrections,
    })
    .from(benchmarkRevisions)
    .where(eq(benchmarkRevisions.id, revisionId));
  const unchanged =
    current?.status === 'complete' &&
    current.rowsRead === rowsRead &&
    current.rowsImported === rowsImported &&
    current.rowsSkipped === rowsSkipped &&
    JSON.stringify(current.corrections) === JSON.stringify(sortedCorrections);
  if (!unchanged) {
    await db
      .update(benchmarkRevisions)
      .set({
        status: 'complete',
        rowsRead,
        rowsImported,
        rowsSkipped,
        corrections: sortedCorrections,
        importedAt: new Date(),
      })
      .where(eq(benchmarkRevisions.id, revisionId));
  }
  return {
    revisionId,
    rowsRead,
    rowsImported,
    rowsSkipped,
    skipped,
    corrections: sortedCorrections,
    files: files.map((f) => ({ file: f.file, rows: f.rows })),
    rejectedFiles: skipped.filter((s) => s.row === -1),
  };
}

/**
 * Test hook for the kill-resume tests: with STRATUM_IMPORT_HOOK_IN_TX_MS set, announce each batch on stderr while
 * its transaction is open (rows written, not yet committed) and pause, so a test can SIGKILL mid-transaction.
 */
async function testHookInTransaction(file: string, index: number): Promise<void> {
  const delay = Number(process.env.STRATUM_IMPORT_HOOK_IN_TX_MS ?? 0);
  if (!delay) return;
  process.stderr.write(`import-test-hook: in transaction ${file} batch ${index}\n`);
  await new Promise((r) => setTimeout(r, delay));
}

/**
 * Test hook for the kill-resume tests: with STRATUM_IMPORT_BATCH_DELAY_MS set, announce each committed batch on
 * stderr and pause, so a test can SIGKILL the process between (or during) batches.
 */
async function testHookAfterBatch(file: string, index: number): Promise<void> {
  const delay = Number(process.env.STRATUM_IMPORT_BATCH_DELAY_MS ?? 0);
  if (!delay) return;
  process.stderr.write(`import-test-hook: committed ${file} batch ${index}\n`);
  await new Promise((r) => setTimeout(r, delay));
}
