import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { findAdapter, defaultAdapterKey } from '../benchmarks/registry.js';
import { severityOf, type Issue, type IssueCode } from '../benchmarks/issues.js';
import type { BenchmarkAdapter, NormalizedRow } from '../benchmarks/types.js';
import type { Db } from '../db/client.js';
import {
  addAliasUses,
  committedBatchKeys,
  deleteFileRejection,
  deleteRejectionsOfAbsentEmptyFiles,
  findImagesBySourceIds,
  insertImportBatch,
  recordImportIssues,
  revisionAliases,
  revisionFileTotals,
  revisionIssues,
  updateRevisionTotals,
  upsertBenchmark,
  upsertRevision,
  writeImagesWithQuestions,
  type RevisionTotals,
} from '../db/queries/import.js';
import { upsertCuratedTaxonomy } from '../db/queries/import-taxonomy.js';
import type { AliasedAxis } from '../db/schema/index.js';
import type { Runtime } from '../runtime.js';
import { ImageStore, type ImageBlobStore } from '../store/image-store.js';
import { ImportError } from './errors.js';
import { openReleaseFile, type ReleaseFile, type SourceBatch } from './formats.js';
import { downloadHubFile, listHubShards, parseHubSpec } from './hub.js';
import { inspectImage, type ImageInfo } from './image-info.js';
import { ProgressReporter, type ImportProgress } from './progress.js';
import { TaxonomyResolver, type AliasUse, type AxisIds } from './taxonomy-resolver.js';

export { ImportError } from './errors.js';
export type { Issue, IssueCode } from '../benchmarks/issues.js';
export { correctionCodes, skipCodes } from '../benchmarks/issues.js';
export { parseHubSpec, revisionFromHubCachePath } from './hub.js';

export type ImportOptions = {
  /** Files and/or folders (each folder's `*.arrow` / `*.parquet` files, not recursive), or one Hub spec. */
  sources: string[];
  benchmark: { slug: string; name: string; source: string; description?: string };
  /** Key of the benchmark adapter that reads the release (`src/benchmarks/registry.ts`); default `ubench`. */
  adapter?: string;
  /** Revision id every run is pinned to (Hub commit, `demo-seed-1`, …). A Hub spec's own revision wins. */
  revision: string;
  /** Release config folder on the Hub; the adapter's (`perception/0.1.0` for μ-Bench) by default. */
  config?: string;
  onProgress?: (p: ImportProgress) => void;
  /** Draw a progress bar (TTY) or periodic progress lines (otherwise) on stderr. */
  progressBar?: boolean;
};

export type ImportSummary = {
  revisionId: number;
  /**
   * `complete` once every file given was read to the end and no file of the revision stands rejected; otherwise
   * `importing` (run the import again with the files fixed: it resumes).
   */
  status: 'importing' | 'complete';
  /** The revision was already complete and this run changed nothing in it. */
  unchanged: boolean;
  rowsRead: number;
  rowsImported: number;
  rowsSkipped: number;
  /** Every skipped row of the revision (and every rejected file, with row -1), in file/row order. */
  skipped: Issue[];
  /** Corrections made on ingest, counted by code. */
  corrections: Record<string, number>;
  /** Rows read per file of the revision. */
  files: { file: string; rows: number }[];
  /** Files that were rejected whole (not Arrow/Parquet, missing column, unreadable or truncated). */
  rejectedFiles: Issue[];
  /** Every taxonomy value merged into an existing one with another spelling, with the rows concerned. */
  taxonomyMerges: { axis: AliasedAxis; alias: string; canonical: string; rows: number }[];
};

type Input = { path: string; key: string };

const RELEASE_EXTENSIONS = /\.(arrow|arrows|ipc|feather|parquet)$/i;
const DECODE_CONCURRENCY = 4;

/**
 * Imports a benchmark release (Arrow stream/file shards or Parquet, local or from the Hub) into one benchmark
 * revision, reading it with the benchmark's adapter (`src/benchmarks/`). Each record batch / row group is committed
 * in one transaction together with its `import_batches` row, so a killed import resumes after the last committed
 * batch, and importing the same revision again changes nothing (the summary says so). Rows that cannot land are
 * recorded as `skipped` issues; normalisations as `corrected` issues. The revision becomes `complete` only when no
 * file stands rejected or truncated. Returns the revision's totals as stored.
 */
export async function importRelease(runtime: Runtime, options: ImportOptions): Promise<ImportSummary> {
  const db = runtime.handle.db;
  const adapter = findAdapter(options.adapter ?? defaultAdapterKey);
  if (!adapter) {
    throw new ImportError('UNKNOWN_ADAPTER', `unknown benchmark adapter "${options.adapter}"`, undefined, 'adapter');
  }
  const reporter = options.progressBar ? new ProgressReporter() : null;
  const onProgress = (p: ImportProgress) => {
    reporter?.update(p);
    options.onProgress?.(p);
  };

  const { inputs, revision, location } = await resolveInputs(runtime, options, adapter);
  const benchmark = await upsertBenchmark(db, {
    slug: options.benchmark.slug,
    name: options.benchmark.name,
    source: options.benchmark.source,
    description: options.benchmark.description ?? null,
    adapter: adapter.key,
  });
  if (benchmark.adapter !== adapter.key) {
    throw new ImportError(
      'ADAPTER_MISMATCH',
      `benchmark "${options.benchmark.slug}" is read with adapter "${benchmark.adapter}", not "${adapter.key}"`,
      undefined,
      'adapter',
    );
  }
  await upsertCuratedTaxonomy(db, adapter.taxonomy);
  const before = await upsertRevision(db, {
    benchmarkId: benchmark.id,
    revision,
    config: options.config ?? null,
    location,
  });
  const revisionId = before.id;
  const committed = await committedBatchKeys(db, revisionId);
  const resolver = await TaxonomyResolver.load(db);
  const ctx: BatchContext = { db, store: runtime.store, adapter, benchmarkId: benchmark.id, revisionId, resolver };

  let importable = 0;
  let batchesWritten = 0;
  let firstRejection: ImportError | null = null;
  const reject = (key: string, error: ImportError, field: string | null) =>
    recordIssues(db, revisionId, [
      {
        file: key,
        row: -1,
        sourceImageId: null,
        code: error.code,
        field,
        message: error.message.replace(inputs.find((i) => i.key === key)!.path, key),
      },
    ]);
  try {
    for (const input of inputs) {
      let file: ReleaseFile;
      try {
        file = await openReleaseFile(input.path);
        const missing = adapter.release.requiredColumns.filter((c) => !file.columns.includes(c));
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
        await reject(input.key, error, error.field ?? null);
        continue;
      }
      importable++;
      try {
        let rowsRead = 0;
        onProgress({ file: input.key, rowsRead, rowsTotal: file.rowsTotal });
        for await (const batch of file.batches()) {
          if (!committed.has(`${input.key}\u0000${batch.index}`)) {
            await importBatch(ctx, input.key, file.labelNames, batch);
            batchesWritten++;
            await testHookAfterBatch(input.key, batch.index);
          }
          rowsRead += batch.numRows;
          onProgress({ file: input.key, rowsRead, rowsTotal: file.rowsTotal });
        }
        reporter?.finishFile({ file: input.key, rowsRead, rowsTotal: file.rowsTotal });
        // Read to the end: a rejection recorded by an earlier run (since fixed or completed) no longer holds.
        await deleteFileRejection(db, revisionId, input.key);
      } catch (error) {
        // A file that breaks part-way (truncated download, corrupt page) keeps its committed batches and is
        // reported; the other files still import, and the revision stays incomplete.
        if (!(error instanceof ImportError)) throw error;
        await reject(input.key, error, null);
      } finally {
        await file.close();
      }
    }
  } finally {
    reporter?.stop();
  }
  await deleteRejectionsOfAbsentEmptyFiles(
    db,
    revisionId,
    inputs.map((i) => i.key),
  );
  const summary = await finalizeRevision(db, revisionId, before, batchesWritten);
  if (importable === 0 && firstRejection) throw firstRejection;
  return summary;
}

async function resolveInputs(
  runtime: Runtime,
  options: ImportOptions,
  adapter: BenchmarkAdapter,
): Promise<{ inputs: Input[]; revision: string; location: string }> {
  const [first] = options.sources;
  if (!first) throw new ImportError('NO_INPUT_FILES', 'no input files or folders given');
  const spec = options.sources.length === 1 ? parseHubSpec(first) : null;
  if (spec && !(await stat(first).catch(() => null))) {
    const config = options.config ?? adapter.release.hubConfig;
    if (!config) {
      throw new ImportError('BAD_HUB_SPEC', `benchmark adapter "${adapter.key}" has no Hub layout; give local files`);
    }
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

type BatchContext = {
  db: Db;
  store: ImageBlobStore;
  adapter: BenchmarkAdapter;
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
  const outcomes = raws.map((raw, i) =>
    ctx.adapter.release.normalizeRow(raw, { file: fileKey, row: batch.firstRow + i, labelNames }),
  );
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
    (await findImagesBySourceIds(ctx.db, ctx.benchmarkId, ids)).map((r) => [r.sourceImageId, r]),
  );

  await ctx.db.transaction(async (tx) => {
    const issues: Issue[] = [];
    const accepted: { row: NormalizedRow; info: ImageInfo; hash: string; ids: AxisIds; sourceRow: number }[] = [];
    const aliasRows = new Map<string, AliasUse & { rows: number }>();
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
      for (const use of resolution.aliases) {
        const key = `${use.axis}\u0000${use.alias}`;
        const seen = aliasRows.get(key);
        if (seen) seen.rows++;
        else aliasRows.set(key, { ...use, rows: 1 });
      }
      accepted.push({ row, info: d.info, hash: d.hash, ids: resolution.ids, sourceRow: rowIndex });
      firstInBatch.set(row.sourceImageId, { hash: d.hash, row: rowIndex });
    }

    for (const a of accepted) await ctx.store.put(a.row.imageBytes, a.hash);

    await writeImagesWithQuestions(
      tx,
      accepted.map((a) => ({
        image: {
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
          normalAbnormal: a.row.normalAbnormal,
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
        },
        questions: a.row.questions,
      })),
    );
    await addAliasUses(tx, ctx.revisionId, [...aliasRows.values()]);
    await recordIssues(tx, ctx.revisionId, issues);
    await testHookInTransaction(fileKey, batch.index);
    await insertImportBatch(tx, {
      revisionId: ctx.revisionId,
      file: fileKey,
      batchIndex: batch.index,
      rowsRead: outcomes.length,
      rowsImported: accepted.length,
      rowsSkipped: skipped,
    });
  });
}

async function recordIssues(db: Db, revisionId: number, issues: Issue[]): Promise<void> {
  await recordImportIssues(
    db,
    issues.map((i) => ({
      revisionId,
      file: i.file,
      row: i.row,
      sourceImageId: i.sourceImageId,
      severity: severityOf(i.code),
      code: i.code,
      field: i.field,
      message: i.message,
    })),
  );
}

/**
 * Recomputes the revision's totals from its committed batches and issues and stores them: `complete` when no file
 * stands rejected (row -1 issues), else `importing`. `unchanged`: it was complete before this run, this run
 * committed no batch, and the totals are the same.
 */
async function finalizeRevision(
  db: Db,
  revisionId: number,
  before: RevisionTotals,
  batchesWritten: number,
): Promise<ImportSummary> {
  const files = await revisionFileTotals(db, revisionId);
  const corrections: Record<string, number> = {};
  const skipped: Issue[] = [];
  for (const { severity, ...issue } of await revisionIssues(db, revisionId)) {
    if (severity === 'corrected') corrections[issue.code] = (corrections[issue.code] ?? 0) + 1;
    else skipped.push(issue);
  }
  const rejectedFiles = skipped.filter((s) => s.row === -1);
  const totals: RevisionTotals = {
    status: rejectedFiles.length ? 'importing' : 'complete',
    rowsRead: files.reduce((n, f) => n + f.rows, 0),
    rowsImported: files.reduce((n, f) => n + f.imported, 0),
    rowsSkipped: files.reduce((n, f) => n + f.skipped, 0),
    corrections: Object.fromEntries(sortedEntries(corrections)),
  };
  const same =
    before.status === totals.status &&
    before.rowsRead === totals.rowsRead &&
    before.rowsImported === totals.rowsImported &&
    before.rowsSkipped === totals.rowsSkipped &&
    // jsonb keeps its own key order: compare sorted
    JSON.stringify(sortedEntries(before.corrections)) === JSON.stringify(sortedEntries(totals.corrections));
  if (!same) await updateRevisionTotals(db, revisionId, totals);
  return {
    revisionId,
    status: totals.status,
    unchanged: same && before.status === 'complete' && batchesWritten === 0,
    rowsRead: totals.rowsRead,
    rowsImported: totals.rowsImported,
    rowsSkipped: totals.rowsSkipped,
    skipped,
    corrections: totals.corrections,
    files: files.map((f) => ({ file: f.file, rows: f.rows })),
    rejectedFiles,
    taxonomyMerges: await revisionAliases(db, revisionId),
  };
}

function sortedEntries(record: Record<string, number>): [string, number][] {
  return Object.entries(record).sort(([a], [b]) => a.localeCompare(b));
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
