/**
 * Issue codes recorded in `import_issues`. `corrected` codes: the row landed after the named normalisation.
 * `skipped` codes: the row (or, with row -1, the whole file) did not land.
 */
export const correctionCodes = {
  DATASET_FROM_STAIN: 'null `dataset` (Held et al. 2010 rows) recovered from the stain',
  DATASET_MISSING: 'null `dataset` that the stain does not identify: landed without a source dataset',
  DATASET_NOT_IN_MAPPING: 'dataset not in seeds/ubench-taxonomy.ts: landed without task, taxonomy group or scale',
  INSTITUTION_LIST_PARSED: '`institution` was a stringified Python list; parsed into a list',
  INSTITUTION_LIST_UNPARSED: '`institution` looked like a list but did not parse; kept as one string',
  ANSWER_IDX_STRING: '`answer_idx` was a string; parsed as an integer',
  ANSWER_IDX_FROM_ANSWER: "VQA `answer_idx` disagreed with `options.index(answer)`; the answer's index wins",
  QUESTION_DROPPED: 'a question or caption set with no usable gold index was left out; the image landed',
  LABEL_NAME_WINS: '`label` integer disagrees with `label_name` (ClassLabel names); `label_name` wins',
  UNICODE_NORMALISED: 'text normalised to Unicode NFC',
  EMPTY_STRING_AS_NULL: 'empty string stored as null',
} as const;

export const skipCodes = {
  NOT_ARROW_OR_PARQUET: 'the file is neither Arrow nor Parquet',
  MISSING_COLUMN: 'the file lacks a required column',
  UNREADABLE_FILE: 'the file could not be read',
  MISSING_VALUE: 'a required value is null or empty',
  UNDECODABLE_IMAGE: 'the image bytes do not decode',
  UNKNOWN_TAXONOMY_VALUE: 'a taxonomy value outside the known vocabulary or hierarchy',
  DUPLICATE_IMAGE_ID: '`image_id` already imported in this revision with other content; the first is kept',
  DUPLICATE_ROW: '`image_id` already imported in this revision with the same content; the repeat is ignored',
} as const;

export type CorrectionCode = keyof typeof correctionCodes;
export type SkipCode = keyof typeof skipCodes;
export type IssueCode = CorrectionCode | SkipCode;

/** A skipped row or a correction. `row` is 0-based within the file; -1 means the whole file. */
export type Issue = {
  file: string;
  row: number;
  sourceImageId: string | null;
  code: IssueCode;
  field: string | null;
  message: string;
};

export type Severity = 'skipped' | 'corrected';

export function severityOf(code: IssueCode): Severity {
  return code in skipCodes ? 'skipped' : 'corrected';
}
