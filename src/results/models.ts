import type { Db } from '../db/client.js';
import { findModelsWithVersionsBySlugs, type ModelRow } from '../db/queries/models.js';
import type { ModelVersionRow } from '../db/queries/model-versions.js';

/** A model reference of a results request, resolved once: the model row, and the version a zero-shot run uses. */
export type ResolvedModel = {
  ref: string;
  model: ModelRow;
  /** `slug`: the newest version with ONNX files; `slug@<hash prefix>`: the version whose weights hash starts so. */
  version: ModelVersionRow | null;
};

/**
 * Resolves the model references of one request in ONE statement (models by slug with their ONNX versions), one
 * entry per reference in order, null for an unknown slug. Everything downstream (the ensure step, run choice,
 * the slices handed to the resolver) works from these rows and ids.
 */
export async function resolveModelRefs(db: Db, refs: readonly string[]): Promise<(ResolvedModel | null)[]> {
  const parsed = refs.map((ref) => {
    const [slug, prefix] = ref.split('@', 2) as [string, string | undefined];
    return { ref, slug, prefix: prefix?.replace(/[^0-9a-f]/g, '') };
  });
  const rows = await findModelsWithVersionsBySlugs(db, [...new Set(parsed.map((p) => p.slug))]);
  return parsed.map(({ ref, slug, prefix }) => {
    const mine = rows.filter((r) => r.model.slug === slug);
    if (!mine.length) return null;
    const model = mine[0]!.model;
    const v = mine.find(
      (r) => r.version && (prefix === undefined || r.version.weightsHash.startsWith(prefix)),
    )?.version;
    const version: ModelVersionRow | null = v
      ? { ...v, slug: model.slug, name: model.name, kind: model.kind, config: v.config as ModelVersionRow['config'] }
      : null;
    return { ref, model, version };
  });
}
