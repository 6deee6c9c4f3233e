import { z } from 'zod';
import type { Db } from '../db/client.js';
import type { SliceMember } from '../db/queries/results.js';
import {
  countSlicePredictions,
  listSlicePredictions,
  predictionOutcomes,
  type PredictionOutcome,
  type SlicePredictionRow,
  type SlicePredictionsCursor,
  type SliceScope,
} from '../db/queries/slice-predictions.js';
import { resultAxes, type ResultAxis } from '../axes/registry.js';
import { ResultsInputError } from './service.js';

/** The outcomes a slice's predictions can be listed by (`PredictionOutcome`), for the edge to check. */
export { predictionOutcomes };

/** Rows per statement when a whole slice is streamed (an export): what one step holds in memory. */
export const SLICE_PAGE_SIZE = 1000;
/** Largest page a caller may ask for (`pageSize` of an export). */
export const MAX_SLICE_PAGE_SIZE = 5000;

const sliceSchema = z
  .record(z.string(), z.union([z.string().max(1000), z.null()]))
  .refine((o) => Object.keys(o).length <= resultAxes.length, `at most ${resultAxes.length} axes`);

/**
 * A slice named by its axis values, `{ "MODALITY": "electron-microscopy", "QUESTION_TYPE": "modality" }`, as
 * slices report them (`group`: a slug on taxonomy axes, the literal otherwise, null for "no value"); `{}` is the
 * overall slice. A key that is not a result axis, or a value that is not a string or null, is BAD_USER_INPUT at
 * `slice.<key>`.
 */
export function parseSliceSelection(raw: unknown): SliceMember[] {
  if (raw == null) return [];
  const parsed = sliceSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ResultsInputError(['slice', ...(issue.path as string[])], issue.message);
  }
  return Object.entries(parsed.data).map(([axis, value]) => {
    if (!(resultAxes as readonly string[]).includes(axis)) {
      throw new ResultsInputError(['slice', axis], `not a result axis; one of ${resultAxes.join(', ')}`);
    }
    return { axis: axis as ResultAxis, value };
  });
}

/** One page of the predictions behind a slice (by run id, then question id), after `after`. */
export function slicePredictionsPage(
  db: Db,
  scope: SliceScope,
  page: { outcome: PredictionOutcome; after: SlicePredictionsCursor | null; limit: number },
): Promise<SlicePredictionRow[]> {
  return listSlicePredictions(db, { ...scope, outcome: page.outcome }, page);
}

/** How many predictions behind the slice have the outcome (SCORED: the slice's n), and how many are correct. */
export function countPredictionsOfSlice(db: Db, scope: SliceScope, outcome: PredictionOutcome) {
  return countSlicePredictions(db, { ...scope, outcome });
}

/**
 * Every prediction behind the slice, page by page (`pageSize` rows per statement, each page starting after the
 * last row of the one before), so a whole slice streams in bounded memory.
 */
export async function* slicePredictionPages(
  db: Db,
  scope: SliceScope,
  outcome: PredictionOutcome,
  pageSize = SLICE_PAGE_SIZE,
): AsyncGenerator<SlicePredictionRow[]> {
  let after: SlicePredictionsCursor | null = null;
  for (;;) {
    const rows = await slicePredictionsPage(db, scope, { outcome, after, limit: pageSize });
    if (rows.length) yield rows;
    if (rows.length < pageSize) return;
    const last = rows[rows.length - 1]!;
    after = { runId: last.runId, questionId: last.questionId };
  }
}
