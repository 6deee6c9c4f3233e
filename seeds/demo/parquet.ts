import type { ReleaseRow } from './rows.js';

/** Parquet output is not written yet. */
export function writeParquetFile(_rowGroups: ReleaseRow[][], _labelNames: readonly string[]): Uint8Array {
  throw new Error('parquet output is not implemented yet');
}
