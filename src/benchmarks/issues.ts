/**
 * Issue codes recorded in `import_issues`, shared by every benchmark adapter. `corrected` codes: the row landed
 * after the named normalisation. `skipped` codes: the row (or, with row -1, the whole file) did not land.
 * An adapter adds its own correction codes (`ReleaseLayout.correctionCodes`); every code not listed in
 * `skipCodes` is a correction.
 */
export const correctionCodes = {
  DATASET_MISSING: 'null `dataset` that nothing identifies: landed without a source dataset',
  DATASET_NOT_IN_MAPPING:
    "dataset not in the benchmark's curated mapping: landed without task, taxonomy group or scale",
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

export type SkipCode = keyof typeof skipCodes;
/** A generic code, or one an adapter declares in `ReleaseLayout.correctionCodes`. */
export type IssueCode = keyof typeof correctionCodes | SkipCode | (string & {});

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

/** Builds the issues of one row: `correct` records each code at most once per row (import_issues is unique on it). */
export function rowIssues(ctx: { file: string; row: number }, sourceImageId: string | null) {
  const corrections: Issue[] = [];
  const seen = new Set<IssueCode>();
  const issue = (code: IssueCode, field: string | null, message: string): Issue => ({
    file: ctx.file,
    row: ctx.row,
    sourceImageId,
    code,
    field,
    message: `${ctx.file} row ${ctx.row}${sourceImageId ? ` (image_id ${sourceImageId})` : ''}: ${message}`,
  });
  const correct = (code: IssueCode, field: string | null, message: string) => {
    if (seen.has(code)) return;
    seen.add(code);
    corrections.push(issue(code, field, message));
  };
  return { corrections, issue, correct };
}
