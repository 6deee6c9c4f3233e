import DataLoader from 'dataloader';
import type { Db } from '../db/client.js';
import {
  findModelsByIds,
  findModelVersionsByIds,
  findModelVersionsByModelIds,
  findPredictionsByQuestionIds,
  findProtocolConfigsByIds,
  findRunsByIds,
  listRuns,
  type ModelRow,
  type PredictionRow,
  type RunRow,
} from '../db/queries/models.js';
import type { modelVersions } from '../db/schema/index.js';
import { byKey, groupByKey } from './keys.js';

type ModelVersionRow = typeof modelVersions.$inferSelect;

/** Models, versions and runs by id, and per model. */
export function modelLoaders(db: Db) {
  return {
    modelById: new DataLoader<number, ModelRow | null>(async (ids) =>
      byKey(ids, await findModelsByIds(db, ids), (r) => r.id),
    ),
    modelVersionById: new DataLoader<number, ModelVersionRow | null>(async (ids) =>
      byKey(ids, await findModelVersionsByIds(db, ids), (r) => r.id),
    ),
    modelVersionsByModelId: new DataLoader<number, ModelVersionRow[]>(async (ids) =>
      groupByKey(ids, await findModelVersionsByModelIds(db, ids), (r) => r.modelId),
    ),
    runById: new DataLoader<number, RunRow | null>(async (ids) =>
      byKey(ids, await findRunsByIds(db, ids), (r) => r.id),
    ),
    runsByModelId: new DataLoader<number, RunRow[]>(async (ids) =>
      groupByKey(ids, await listRuns(db, { modelIds: [...ids] }), (r) => r.modelId),
    ),
    protocolConfigById: new DataLoader<number, Record<string, unknown> | null>(async (ids) =>
      byKey(ids, await findProtocolConfigsByIds(db, ids), (r) => r.id).map((r) => r?.json ?? null),
    ),
    predictionsByQuestionId: new DataLoader<number, { prediction: PredictionRow; modelSlug: string }[]>(async (ids) =>
      groupByKey(ids, await findPredictionsByQuestionIds(db, ids), (r) => r.prediction.questionId),
    ),
  };
}
