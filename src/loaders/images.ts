import DataLoader from 'dataloader';
import type { Db } from '../db/client.js';
import {
  findImagesByIds,
  findQuestionsByIds,
  findQuestionsByImageIds,
  type ImageRow,
  type QuestionRow,
} from '../db/queries/images.js';
import { byKey, groupByKey } from './keys.js';

/** Image rows by id. */
export function imageById(db: Db) {
  return new DataLoader<number, ImageRow | null>(async (ids) =>
    byKey(ids, await findImagesByIds(db, ids), (r) => r.id),
  );
}

/** Question rows by id. */
export function questionById(db: Db) {
  return new DataLoader<number, QuestionRow | null>(async (ids) =>
    byKey(ids, await findQuestionsByIds(db, ids), (r) => r.id),
  );
}

/** All questions of each image id, by key. */
export function questionsByImageId(db: Db) {
  return new DataLoader<number, QuestionRow[]>(async (ids) =>
    groupByKey(ids, await findQuestionsByImageIds(db, ids), (r) => r.imageId),
  );
}
