import { realpath, stat } from 'node:fs/promises';
import { basename, resolve as resolvePath, sep } from 'node:path';
import type { DbHandle } from '../db/client.js';
import { EmbeddingError } from '../errors.js';
import { OnnxEmbedder } from './onnx.js';
import { fingerprint, readModelDir, type DecodeOptions, type ModelSpec } from '../models/layout.js';
import {
  createHnswIndex,
  findModelBySlug,
  findModelVersionById,
  upsertModel,
  upsertModelVersion,
  type ModelVersionRow,
} from '../db/queries/model-versions.js';

export type RegisterModelInput = {
  dir: string;
  name?: string | null;
  slug?: string | null;
  /** Deliberate differences from the reference decode (default: none); recorded in the preprocessing hash. */
  decode?: Partial<DecodeOptions> | null;
};
export type RegisteredModel = { version: ModelVersionRow; created: boolean; spec: ModelSpec };

const SLUG = /^[a-z0-9][a-z0-9._-]{0,99}$/;

/** `My CLIP (v2)` → `my-clip-v2`. */
export function slugify(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[-._]+|[-._]+$/g, '')
      .slice(0, 100) || 'model'
  );
}

/**
 * Loads both towers and runs them once (a batch of 2 grey images and 2 texts) to check that they produce
 * [2, D] float32 outputs with the same D, matching the declared width when there is one.
 * @returns D, the embedding width
 * @throws EmbeddingError MODEL_NOT_ONNX | MODEL_SHAPE_MISMATCH | MODEL_CONFIG_INVALID
 */
export async function validateModel(spec: ModelSpec): Promise<number> {
  const probe = new OnnxEmbedder(spec, 0, { batchSize: 2 });
  try {
    await Promise.all([probe.visionSession(), probe.textSession()]);
    const preprocessor = await probe.imagePreprocessor();
    const grey = {
      data: new Uint8ClampedArray(24 * 20 * 3).fill(128),
      width: 24,
      height: 20,
      sourceBitDepth: 8 as const,
    };
    const pixels = await preprocessor.preprocessDecoded(grey);
    const both = new Float32Array(pixels.length * 2);
    both.set(pixels, 0);
    both.set(pixels, pixels.length);
    const [image] = await probe.runVision(both, 2, 0);
    const [text] = await probe.runText(['a photo of a cell', 'an image'], 0);
    const dimensions = image!.length;
    if (text!.length !== dimensions) {
      throw new EmbeddingError(
        'MODEL_SHAPE_MISMATCH',
        `the towers disagree: image embeddings have ${dimensions} dimensions, text embeddings ${text!.length}`,
      );
    }
    if (spec.declaredDimensions != null && spec.declaredDimensions !== dimensions) {
      throw new EmbeddingError(
        'MODEL_SHAPE_MISMATCH',
        `the config declares ${spec.declaredDimensions} dimensions but the towers produce ${dimensions}`,
      );
    }
    if (dimensions > 16000) {
      throw new EmbeddingError(
        'MODEL_SHAPE_MISMATCH',
        `embeddings of ${dimensions} dimensions exceed pgvector's 16000`,
      );
    }
    return dimensions;
  } finally {
    await probe.close();
  }
}

/**
 * Registers a model directory (Hub ONNX CLIP layout or `stratum.json` manifest): reads and validates it, records
 * the version (weights hash, preprocessing + hash, dimensions, path) under the model slug, and creates the
 * version's HNSW index. Registering the same files again returns the existing version (`created: false`).
 * `decode` names deliberate differences from the reference decode (`DecodeOptions`), over those the directory
 * declares itself (`declaredDecode`); they are part of the preprocessing hash, so a version registered with them is another version. Warnings (e.g. no trained logit
 * scale found) are recorded in the version's `config.warnings` and returned in `spec.warnings`.
 */
/**
 * For `registerModel` over the API: resolves `path` (relative paths against the first root) and returns its real
 * path if that is a directory inside one of `roots` (symbolic links followed, so no link leads out). Anything else
 * (missing, outside the roots, not a directory, unreadable) is one and the same MODEL_FILE_MISSING error, so a key
 * holder learns nothing about the server's file system beyond the roots.
 */
export async function resolveModelPath(path: string, roots: readonly string[]): Promise<string> {
  const refused = new EmbeddingError(
    'MODEL_FILE_MISSING',
    `no model directory "${path}" under the configured model roots (MODEL_ROOTS)`,
  );
  if (!roots.length || path.includes('\0')) throw refused;
  try {
    const real = await realpath(resolvePath(roots[0]!, path));
    const inside = await Promise.all(
      roots.map(async (root) => {
        const r = await realpath(root).catch(() => undefined);
        return r !== undefined && (real === r || real.startsWith(r.endsWith(sep) ? r : r + sep));
      }),
    );
    if (!inside.some(Boolean) || !(await stat(real)).isDirectory()) throw refused;
    return real;
  } catch {
    throw refused;
  }
}

export async function registerModel(handle: DbHandle, input: RegisterModelInput): Promise<RegisteredModel> {
  const spec = await readModelDir(input.dir, input.decode ?? {});
  const dimensions = await validateModel(spec);
  const print = await fingerprint(spec);
  const slug = input.slug ?? slugify(input.name ?? spec.name ?? basename(spec.dir));
  if (!SLUG.test(slug)) {
    throw new EmbeddingError('MODEL_CONFIG_INVALID', `slug "${slug}" must match ${SLUG.source}`);
  }
  const existing = await findModelBySlug(handle.db, slug);
  if (existing && existing.kind !== 'contrastive') {
    throw new EmbeddingError(
      'MODEL_NOT_CONTRASTIVE',
      `model "${slug}" exists as a ${existing.kind} model; choose another slug`,
    );
  }
  const model = await upsertModel(handle.db, { slug, name: input.name ?? spec.name ?? slug, kind: 'contrastive' });
  const { id, created } = await upsertModelVersion(handle.db, {
    modelId: model.id,
    weightsHash: print.weightsHash,
    preprocessingHash: print.preprocessingHash,
    preprocessing: print.preprocessing,
    dimensions,
    path: spec.dir,
    config: {
      layout: spec.layout,
      logitScale: spec.logitScale,
      logitScaleSource: spec.logitScaleSource,
      warnings: spec.warnings,
      imageSize: spec.imageSize,
      source: spec.config,
    },
  });
  await createHnswIndex(handle, id, dimensions);
  const version = (await findModelVersionById(handle.db, id))!;
  return { version, created, spec };
}
