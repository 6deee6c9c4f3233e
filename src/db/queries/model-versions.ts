import { and, desc, eq } from 'drizzle-orm';
import type { Db, DbHandle } from '../client.js';
import { modelVersions, models } from '../schema/index.js';
import { findModelsWithVersionsBySlugs, runnableVersion, type ModelRow } from './models.js';

/** A model version joined with its model: what every embedding and evaluation path is keyed by. */
export type ModelVersionRow = {
  id: number;
  modelId: number;
  slug: string;
  name: string;
  kind: string;
  weightsHash: string;
  preprocessingHash: string;
  preprocessing: Record<string, unknown> | null;
  dimensions: number | null;
  path: string | null;
  config: Record<string, unknown> | null;
  createdAt: Date;
};

const versionColumns = {
  id: modelVersions.id,
  modelId: modelVersions.modelId,
  slug: models.slug,
  name: models.name,
  kind: models.kind,
  weightsHash: modelVersions.weightsHash,
  preprocessingHash: modelVersions.preprocessingHash,
  preprocessing: modelVersions.preprocessing,
  dimensions: modelVersions.dimensions,
  path: modelVersions.path,
  config: modelVersions.config,
  createdAt: modelVersions.createdAt,
};

export async function findModelBySlug(db: Db, slug: string) {
  const rows = await db
    .select({ id: models.id, slug: models.slug, name: models.name, kind: models.kind })
    .from(models)
    .where(eq(models.slug, slug));
  return rows[0] ?? null;
}

/** Inserts the model or returns the existing one with that slug (name and kind kept as first registered). */
export async function upsertModel(db: Db, values: { slug: string; name: string; kind: 'contrastive' | 'generative' }) {
  await db.insert(models).values(values).onConflictDoNothing({ target: models.slug });
  return (await findModelBySlug(db, values.slug))!;
}

/** Inserts the version (unique per model, weights hash and preprocessing hash) or refreshes its path. */
export async function upsertModelVersion(
  db: Db,
  values: {
    modelId: number;
    weightsHash: string;
    preprocessingHash: string;
    preprocessing: Record<string, unknown>;
    dimensions: number | null;
    path: string | null;
    config: Record<string, unknown>;
  },
): Promise<{ id: number; created: boolean }> {
  const inserted = await db
    .insert(modelVersions)
    .values(values)
    .onConflictDoNothing({
      target: [modelVersions.modelId, modelVersions.weightsHash, modelVersions.preprocessingHash],
    })
    .returning({ id: modelVersions.id });
  if (inserted[0]) return { id: inserted[0].id, created: true };
  const [existing] = await db
    .update(modelVersions)
    .set({ path: values.path, config: values.config })
    .where(
      and(
        eq(modelVersions.modelId, values.modelId),
        eq(modelVersions.weightsHash, values.weightsHash),
        eq(modelVersions.preprocessingHash, values.preprocessingHash),
      ),
    )
    .returning({ id: modelVersions.id });
  return { id: existing!.id, created: false };
}

export async function findModelVersionById(db: Db, id: number): Promise<ModelVersionRow | null> {
  const rows = await db
    .select(versionColumns)
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .where(eq(modelVersions.id, id));
  return rows[0] ?? null;
}

/** A model reference parsed: `slug`, or `slug@<hash prefix>` (hex digits only; anything else is dropped). */
export function parseModelRef(ref: string): { slug: string; prefix: string | undefined } {
  const [slug, prefix] = ref.split('@', 2) as [string, string | undefined];
  return { slug, prefix: prefix?.replace(/[^0-9a-f]/g, '') };
}

/** A model reference resolved: the model row, and the version it names (null: no version with ONNX files). */
export type ResolvedModel = {
  ref: string;
  model: ModelRow;
  /** `slug`: the newest version with ONNX files; `slug@<hash prefix>`: the version whose weights hash starts so. */
  version: ModelVersionRow | null;
};

/**
 * THE resolution of model references (`parseModelRef`), for any number of them in ONE statement (models by slug
 * with their ONNX versions, newest first): one entry per reference, in order, null for an unknown slug.
 */
export async function findModelsByRefs(db: Db, refs: readonly string[]): Promise<(ResolvedModel | null)[]> {
  if (refs.length === 0) return [];
  const parsed = refs.map((ref) => ({ ref, ...parseModelRef(ref) }));
  const rows = await findModelsWithVersionsBySlugs(db, [...new Set(parsed.map((p) => p.slug))]);
  return parsed.map(({ ref, slug, prefix }) => {
    const mine = rows.filter((r) => r.model.slug === slug);
    if (!mine.length) return null;
    const model = mine[0]!.model;
    const v = mine.find(
      (r) => r.version && (prefix === undefined || r.version.weightsHash.startsWith(prefix)),
    )?.version;
    const version: ModelVersionRow | null = v
      ? {
          id: v.id,
          modelId: v.modelId,
          slug: model.slug,
          name: model.name,
          kind: model.kind,
          weightsHash: v.weightsHash,
          preprocessingHash: v.preprocessingHash,
          preprocessing: v.preprocessing as ModelVersionRow['preprocessing'],
          dimensions: v.dimensions,
          path: v.path,
          config: v.config as ModelVersionRow['config'],
          createdAt: v.createdAt,
        }
      : null;
    return { ref, model, version };
  });
}

/** The versions model references name (`findModelsByRefs`), one entry per reference, null when none matches. */
export async function findModelVersionsByRefs(db: Db, refs: readonly string[]): Promise<(ModelVersionRow | null)[]> {
  return (await findModelsByRefs(db, refs)).map((r) => r?.version ?? null);
}

/** The version one model reference names (`findModelsByRefs`), or null. */
export async function findModelVersionByRef(db: Db, ref: string): Promise<ModelVersionRow | null> {
  return (await findModelVersionsByRefs(db, [ref]))[0] ?? null;
}

/** Every registered model version that can compute predictions (ONNX files or an endpoint), newest first. */
export async function listModelVersions(db: Db): Promise<ModelVersionRow[]> {
  return db
    .select(versionColumns)
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .where(runnableVersion)
    .orderBy(desc(modelVersions.createdAt), desc(modelVersions.id));
}

/**
 * SQL of the per-version HNSW index: a partial expression index over this version's rows, cast to its fixed
 * width (the column itself is an untyped `vector`). `versionId` and `dimensions` are integers checked here, so
 * nothing user-given reaches the DDL.
 */
export function hnswIndexSql(versionId: number, dimensions: number): string {
  if (!Number.isInteger(versionId) || !Number.isInteger(dimensions) || dimensions < 1) {
    throw new Error('hnswIndexSql: integer version id and dimensions required');
  }
  return (
    `CREATE INDEX IF NOT EXISTS image_embeddings_hnsw_v${versionId} ON image_embeddings ` +
    `USING hnsw ((embedding::vector(${dimensions})) vector_cosine_ops) WHERE model_version_id = ${versionId}`
  );
}

/** Creates the version's HNSW index (`hnswIndexSql`) if it does not exist yet. */
export async function createHnswIndex(handle: DbHandle, versionId: number, dimensions: number): Promise<void> {
  await handle.query(hnswIndexSql(versionId, dimensions));
}
