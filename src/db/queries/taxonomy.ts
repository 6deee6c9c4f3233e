import { and, asc, desc, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../client.js';
import {
  benchmarkRevisions,
  benchmarks,
  domains,
  imageSets,
  imageSetSourceDatasets,
  importIssues,
  modalities,
  organisms,
  scales,
  sourceDatasets,
  stains,
  subdomains,
  submodalities,
  tasks,
  taxonomyGroups,
} from '../schema/index.js';

/** Tables whose rows are looked up by integer `id`. */
export const tablesById = {
  benchmarks,
  benchmarkRevisions,
  domains,
  subdomains,
  modalities,
  submodalities,
  stains,
  organisms,
  scales,
  tasks,
  taxonomyGroups,
  sourceDatasets,
  imageSets,
} as const;
export type TableById = keyof typeof tablesById;
export type RowOf<K extends TableById> = (typeof tablesById)[K]['$inferSelect'];

/** Rows of `table` with these ids (any order; missing ids are simply absent). */
export async function findByIds<K extends TableById>(db: Db, table: K, ids: readonly number[]): Promise<RowOf<K>[]> {
  if (!ids.length) return [];
  const t = tablesById[table] as PgTable & { id: AnyPgColumn };
  return (await db
    .select()
    .from(t)
    .where(inArray(t.id, [...ids]))) as RowOf<K>[];
}

/**
 * The tables the per-process taxonomy cache holds (`src/loaders/taxonomy-cache.ts`): small, rarely written, read on
 * every page. Every write to them NOTIFYs `TAXONOMY_CHANNEL` (statement triggers of migration 0008, checked against
 * this list by `taxonomy-cache.int.test.ts`). Benchmark revisions are not here: imports update their status.
 */
export const cachedTaxonomyTables = [
  'benchmarks',
  'domains',
  'subdomains',
  'modalities',
  'submodalities',
  'stains',
  'organisms',
  'scales',
  'taxonomyGroups',
  'tasks',
  'sourceDatasets',
  'imageSets',
] as const satisfies readonly TableById[];
export type CachedTaxonomyTable = (typeof cachedTaxonomyTables)[number];

/** The NOTIFY channel of writes to the cached tables and to `image_set_source_datasets`. */
export const TAXONOMY_CHANNEL = 'stratum_taxonomy';

export type TaxonomyTables = { [K in CachedTaxonomyTable]: RowOf<K>[] } & {
  imageSetLinks: { imageSetId: number; sourceDatasetId: number }[];
};

/** A row from `to_json`: database column names to the drizzle keys, timestamps back to Dates. */
function fromJson(table: PgTable, json: Record<string, unknown>): unknown {
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = json[column.name] ?? null;
    row[key] = value !== null && column.columnType === 'PgTimestamp' ? new Date(value as string) : value;
  }
  return row;
}

/** Every row of the cached tables and the image set links, in one statement (a single JSON value). */
export async function loadTaxonomyTables(db: Db): Promise<TaxonomyTables> {
  const parts = cachedTaxonomyTables.map(
    (name) => sql`${name}::text, (select coalesce(json_agg(x), '[]'::json) from ${tablesById[name]} x)`,
  );
  parts.push(sql`'imageSetLinks', (select coalesce(json_agg(x), '[]'::json) from ${imageSetSourceDatasets} x)`);
  const result = await db.execute<{ tables: Record<string, Record<string, unknown>[]> }>(
    sql`select json_build_object(${sql.join(parts, sql`, `)}) as tables`,
  );
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as {
    tables: Record<string, Record<string, unknown>[]>;
  }[];
  const json = rows[0]!.tables;
  const out: Record<string, unknown[]> = {};
  for (const name of cachedTaxonomyTables) out[name] = json[name]!.map((r) => fromJson(tablesById[name], r));
  out.imageSetLinks = json.imageSetLinks!.map((r) => fromJson(imageSetSourceDatasets, r));
  return out as TaxonomyTables;
}

/** The order of each taxonomy list: by slug, by name, scales by rank. */
const listOrder: { [K in TableById]: AnyPgColumn } = {
  benchmarks: benchmarks.slug,
  benchmarkRevisions: benchmarkRevisions.id,
  domains: domains.name,
  subdomains: subdomains.name,
  modalities: modalities.name,
  submodalities: submodalities.name,
  stains: stains.name,
  organisms: organisms.name,
  scales: scales.rank,
  tasks: tasks.slug,
  taxonomyGroups: taxonomyGroups.slug,
  sourceDatasets: sourceDatasets.slug,
  imageSets: imageSets.slug,
};

/** Every row of `table` in its list order (small tables only: taxonomy lists). */
export async function listAll<K extends TableById>(db: Db, table: K): Promise<RowOf<K>[]> {
  const t = tablesById[table] as PgTable;
  return (await db.select().from(t).orderBy(asc(listOrder[table]))) as RowOf<K>[];
}

/** Rows of `table` whose `column` is one of `values` (children by parent id), ordered by `order`. */
export async function findByColumn<K extends TableById>(
  db: Db,
  table: K,
  column: AnyPgColumn,
  values: readonly number[],
  order: AnyPgColumn,
): Promise<RowOf<K>[]> {
  if (!values.length) return [];
  const t = tablesById[table] as PgTable;
  return (await db
    .select()
    .from(t)
    .where(inArray(column, [...values]))
    .orderBy(asc(order))) as RowOf<K>[];
}

export function findBenchmarksBySlug(db: Db, slug: string) {
  return db.select().from(benchmarks).where(eq(benchmarks.slug, slug));
}

/** Revisions of these benchmarks, newest first. */
export function findRevisionsByBenchmarkIds(db: Db, ids: readonly number[]) {
  if (!ids.length) return Promise.resolve([]);
  return db
    .select()
    .from(benchmarkRevisions)
    .where(inArray(benchmarkRevisions.benchmarkId, [...ids]))
    .orderBy(desc(benchmarkRevisions.id));
}

export function findImportIssues(
  db: Db,
  revisionId: number,
  severity: 'skipped' | 'corrected' | undefined,
  limit: number,
) {
  return db
    .select()
    .from(importIssues)
    .where(and(eq(importIssues.revisionId, revisionId), severity ? eq(importIssues.severity, severity) : undefined))
    .orderBy(asc(importIssues.file), asc(importIssues.row), asc(importIssues.id))
    .limit(limit);
}

/** Number of import issues per revision id (revisions without issues are absent). */
export function countImportIssuesByRevisionIds(db: Db, ids: readonly number[]) {
  if (!ids.length) return Promise.resolve([]);
  return db
    .select({ revisionId: importIssues.revisionId, count: sql<number>`count(*)::int` })
    .from(importIssues)
    .where(inArray(importIssues.revisionId, [...ids]))
    .groupBy(importIssues.revisionId);
}
