/** Codes of whole-import failures (a row-level problem is an import issue instead, see `issues.ts`). */
export type ImportErrorCode =
  | 'NOT_ARROW_OR_PARQUET'
  | 'MISSING_COLUMN'
  | 'UNREADABLE_FILE'
  | 'NO_INPUT_FILES'
  | 'NO_IMPORTABLE_FILES'
  | 'BAD_HUB_SPEC'
  | 'HUB_UNAVAILABLE'
  | 'DOWNLOAD_FAILED'
  | 'REVISION_REQUIRED'
  | 'UNKNOWN_ADAPTER'
  | 'ADAPTER_MISMATCH';

/** A coded importer error; `file` names the offending input where there is one. */
export class ImportError extends Error {
  constructor(
    readonly code: ImportErrorCode,
    message: string,
    readonly file?: string,
    /** The column or field concerned, where there is one (e.g. the first missing column). */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ImportError';
  }
}
