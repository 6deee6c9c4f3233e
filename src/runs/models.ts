import type { Db } from '../db/client.js';
import { findModelsBySlug, listModels as listAllModels, type ModelRow } from '../db/queries/models.js';

export type { ModelRow };

/** Every registered model. */
export function listModels(db: Db): Promise<ModelRow[]> {
  return listAllModels(db);
}

/** The model with this slug, or null. */
export async function findModelBySlug(db: Db, slug: string): Promise<ModelRow | null> {
  const [row] = await findModelsBySlug(db, slug);
  return row ?? null;
}
