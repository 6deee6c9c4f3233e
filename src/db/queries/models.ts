import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.js';
import { rowsOf } from './results.js';
import { models, modelVersions, predictions, protocolConfigs, runs, type runStatuses } from '../schema/index.js';

export type ModelRow = typeof models.$inferSelect;
export type RunRow = typeof runs.$inferSelect;
export type PredictionRow = typeof predictions.$inferSelect;

export function listModels(db: Db) {
  return db.select().from(models).orderBy(asc(models.slug));
}

export function findModelsByIds(db: Db, ids: readonly number[]) {
  if (!ids.length) return Promise.resolve([]);
  return db
    .select()
    .from(models)
    .where(inArray(models.id, [...ids]));
}

/**
 * A version that can compute predictions: ONNX files on disk (`path`) or an OpenAI-compatible endpoint
 * (`config.endpoint`, a generative model registered with `stratum models add-endpoint`).
 */
export const runnableVersion = sql`(${modelVersions.path} is not null or (${modelVersions.config} -> 'endpoint') is not null)`;

/**
 * Models with these slugs, each with its registered ONNX versions (those with files), newest version first; a
 * model without such versions (imported predictions) comes once with `version: null`. One statement.
 */
export function findModelsWithVersionsBySlugs(db: Db, slugs: readonly string[]) {
  if (!slugs.length) return Promise.resolve([]);
  return db
    .select({ model: models, version: modelVersions })
    .from(models)
    .leftJoin(modelVersions, and(eq(modelVersions.modelId, models.id), runnableVersion))
    .where(inArray(models.slug, [...slugs]))
    .orderBy(desc(modelVersions.createdAt), desc(modelVersions.id));
}

export function findModelsBySlug(db: Db, slug: string) {
  return db.select().from(models).where(eq(models.slug, slug));
}

export function findModelVersionsByIds(db: Db, ids: readonly number[]) {
  if (!ids.length) return Promise.resolve([]);
  return db
    .select()
    .from(modelVersions)
    .where(inArray(modelVersions.id, [...ids]));
}

/** Versions of these models, oldest first. */
export function findModelVersionsByModelIds(db: Db, ids: readonly number[]) {
  if (!ids.length) return Promise.resolve([]);
  return db
    .select()
    .from(modelVersions)
    .where(inArray(modelVersions.modelId, [...ids]))
    .orderBy(asc(modelVersions.id));
}

/** Runs, newest first, optionally of some models and/or one status. */
export function listRuns(db: Db, options: { modelIds?: number[]; status?: (typeof runStatuses)[number] } = {}) {
  return db
    .select()
    .from(runs)
    .where(
      and(
        options.modelIds ? inArray(runs.modelId, options.modelIds) : undefined,
        options.status ? eq(runs.status, options.status) : undefined,
      ),
    )
    .orderBy(desc(runs.id));
}

export function findRunsByIds(db: Db, ids: readonly number[]) {
  if (!ids.length) return Promise.resolve([]);
  return db
    .select()
    .from(runs)
    .where(inArray(runs.id, [...ids]));
}

function predictionWhere(runId: number, correct: boolean | undefined): SQL | undefined {
  return and(eq(predictions.runId, runId), correct === undefined ? undefined : eq(predictions.isCorrect, correct));
}

/** Predictions of a run in question id order, after question id `afterQuestionId`. */
export function listPredictions(
  db: Db,
  options: { runId: number; correct?: boolean; afterQuestionId?: number; limit: number },
) {
  return db
    .select()
    .from(predictions)
    .where(
      and(
        predictionWhere(options.runId, options.correct),
        options.afterQuestionId ? sql`${predictions.questionId} > ${options.afterQuestionId}` : undefined,
      ),
    )
    .orderBy(asc(predictions.questionId))
    .limit(options.limit);
}

export async function countPredictions(db: Db, runId: number, correct?: boolean): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(predictions)
    .where(predictionWhere(runId, correct));
  return Number(row?.count ?? 0);
}

/** Predictions of these questions, with the slug of the model whose run wrote each; by model slug, then run id. */
export function findPredictionsByQuestionIds(db: Db, questionIds: readonly number[]) {
  return db
    .select({ prediction: predictions, modelSlug: models.slug })
    .from(predictions)
    .innerJoin(runs, eq(runs.id, predictions.runId))
    .innerJoin(models, eq(models.id, runs.modelId))
    .where(inArray(predictions.questionId, [...questionIds]))
    .orderBy(asc(models.slug), asc(predictions.runId));
}

/**
 * A protocol configuration as the API shows it: `{ protocol, protocolVersion, …config }` (generative:
 * `promptTemplate`, `letterRule`), over the `protocol_configs` row aliased `alias`; null when there is none.
 */
export function protocolConfigJson(alias: string): SQL {
  const a = sql.identifier(alias);
  return sql`(case when ${a}.id is not null then jsonb_build_object('protocol', ${a}.protocol, 'protocolVersion', ${a}.protocol_version) || ${a}.config end)`;
}

/** Protocol configurations by id, each as `protocolConfigJson` shows it. */
export async function findProtocolConfigsByIds(
  db: Db,
  ids: readonly number[],
): Promise<{ id: number; json: Record<string, unknown> }[]> {
  if (!ids.length) return [];
  const res = await db.execute<{ id: number; json: Record<string, unknown> }>(
    sql`select pc.id, ${protocolConfigJson('pc')} as json from ${protocolConfigs} pc where pc.id = any(${sql.param([...ids])}::int[])`,
  );
  return rowsOf(res);
}
