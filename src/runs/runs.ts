import type { Db } from '../db/client.js';
import { failedCalls as findFailedCalls, runUsage as sumRunUsage, type RunUsage } from '../db/queries/generative.js';
import {
  countPredictions as countRunPredictions,
  findModelsBySlug,
  listPredictions,
  listRuns,
  type PredictionRow,
  type RunRow,
} from '../db/queries/models.js';
import type { runStatuses } from '../db/schema/index.js';
import { isId } from '../ids.js';

export type { PredictionRow, RunRow, RunUsage };

/**
 * Runs, newest first, optionally of one model and/or one status. `model` is a slug, or else a model id (`"3"`): a
 * slug wins over an id that reads the same; a reference that is neither names no runs.
 */
export async function listRunsOf(
  db: Db,
  options: { model?: string | undefined; status?: (typeof runStatuses)[number] | undefined },
): Promise<RunRow[]> {
  let modelIds: number[] | undefined;
  if (options.model !== undefined) {
    const bySlug = await findModelsBySlug(db, options.model);
    modelIds = bySlug.length ? bySlug.map((m) => m.id) : isId(options.model) ? [Number(options.model)] : [];
  }
  return listRuns(db, { modelIds, status: options.status });
}

/** One page of a run's predictions (optionally only correct or wrong ones) in question id order, and whether more follow. */
export async function predictionPage(
  db: Db,
  options: { runId: number; correct?: boolean | undefined; afterQuestionId?: number | undefined; first: number },
): Promise<{ rows: PredictionRow[]; hasNextPage: boolean }> {
  const { first, runId, correct, afterQuestionId } = options;
  const rows = await listPredictions(db, { runId, correct, afterQuestionId, limit: first + 1 });
  return { rows: rows.slice(0, first), hasNextPage: rows.length > first };
}

/** How many predictions a run holds (optionally only correct or wrong ones). */
export function countPredictions(db: Db, runId: number, correct?: boolean): Promise<number> {
  return countRunPredictions(db, runId, correct);
}

/** What a run's calls cost (generative runs; zeros elsewhere). */
export function runUsage(db: Db, runId: number): Promise<RunUsage> {
  return sumRunUsage(db, runId);
}

/** The first `first` failed calls of a run, by question id, with their error and whether a retry may succeed. */
export function failedCalls(db: Db, runId: number, first: number) {
  return findFailedCalls(db, runId, first);
}
