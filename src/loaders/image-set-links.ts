import DataLoader from 'dataloader';
import type { Db } from '../db/client.js';
import { findImageSetLinks } from '../db/queries/taxonomy.js';
import { groupByKey } from './keys.js';

/** Image set ↔ source dataset links as id lists (rows then come from the by-id loaders). */
export function imageSetLinkLoaders(db: Db) {
  return {
    imageSetIdsBySourceDatasetId: new DataLoader<number, number[]>(async (ids) =>
      groupByKey(ids, await findImageSetLinks(db, 'sourceDatasetId', ids), (r) => r.sourceDatasetId).map((links) =>
        links.map((l) => l.imageSetId).sort((a, b) => a - b),
      ),
    ),
    sourceDatasetIdsByImageSetId: new DataLoader<number, number[]>(async (ids) =>
      groupByKey(ids, await findImageSetLinks(db, 'imageSetId', ids), (r) => r.imageSetId).map((links) =>
        links.map((l) => l.sourceDatasetId).sort((a, b) => a - b),
      ),
    ),
  };
}
