import type { Db } from '../db/client.js';
import { findBenchmarksBySlug, findImportIssues, listAll, type RowOf, type TableById } from '../db/queries/taxonomy.js';

export type TaxonomyTable = TableById;
export type TaxonomyRow<K extends TaxonomyTable> = RowOf<K>;

/** Every row of a taxonomy table (benchmarks, domains, …, image sets) in its list order. */
export function listTaxonomy<K extends TaxonomyTable>(db: Db, table: K): Promise<TaxonomyRow<K>[]> {
  return listAll(db, table);
}

/** The benchmark with this slug, or null. */
export async function findBenchmarkBySlug(db: Db, slug: string): Promise<TaxonomyRow<'benchmarks'> | null> {
  const [row] = await findBenchmarksBySlug(db, slug);
  return row ?? null;
}

/** The first `first` issues an import of a revision recorded (optionally of one severity), in file and row order. */
export function importIssues(
  db: Db,
  revisionId: number,
  options: { severity?: 'skipped' | 'corrected' | undefined; first: number },
) {
  return findImportIssues(db, revisionId, options.severity, options.first);
}
