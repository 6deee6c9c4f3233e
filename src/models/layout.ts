import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { EmbeddingError } from '../embeddings/errors.js';

/** Where an ONNX tower lives and what its tensors are called. */
export type VisionTower = { file: string; input: string; output: string };
export type TextTower = { file: string; inputIds: string; attentionMask: string | null; output: string };

/**
 * Everything the embedding pipeline needs to know about a dual encoder on disk, whichever layout it came in.
 * `imageProcessor` is a `preprocessor_config.json`-shaped object (CLIPImageProcessor semantics) in both layouts,
 * so both go through the same transformers.js image processor.
 */
export type ModelSpec = {
  dir: string;
  layout: 'hub' | 'manifest';
  /** Display name from the manifest, if any. */
  name: string | null;
  vision: VisionTower;
  text: TextTower;
  tokenizer: { file: string; configFile: string | null; maxLength: number | null; padToken?: string };
  imageProcessor: Record<string, unknown>;
  /** Height and width of the tensor the vision tower receives. */
  imageSize: { height: number; width: number };
  /** Multiplier of the cosine before the softmax: exp(log scale) from config.json or the manifest. */
  logitScale: number;
  /** Embedding width the configs declare (projection_dim / manifest `dimensions`), when they do. */
  declaredDimensions: number | null;
  config: Record<string, unknown>;
};

export const MANIFEST_FILE = 'stratum.json';

/** Keys of a CLIPImageProcessor config that change the tensor; only these enter the preprocessing hash. */
const PROCESSOR_KEYS = [
  'image_processor_type',
  'do_resize',
  'size',
  'resample',
  'do_center_crop',
  'crop_size',
  'do_rescale',
  'rescale_factor',
  'do_normalize',
  'image_mean',
  'image_std',
  'do_convert_rgb',
  'do_pad',
] as const;

/** Version of Stratum's own decode step (EXIF rotation, 16-bit and grey handling) in front of the processor. */
export const DECODE_VERSION = 'sharp-srgb8-v1';

const towerName = z.string().min(1).max(200);
const manifestSchema = z.object({
  name: z.string().min(1).max(200).optional(),
  vision: z.object({ file: z.string().min(1), input: towerName, output: towerName }),
  text: z.object({
    file: z.string().min(1),
    inputIds: towerName,
    attentionMask: towerName.nullable().optional(),
    output: towerName,
  }),
  image: z.object({
    size: z.union([z.number().int().min(1).max(4096), z.object({ height: z.number().int(), width: z.number().int() })]),
    mean: z.array(z.number()).length(3),
    std: z.array(z.number().positive()).length(3),
    resample: z.enum(['nearest', 'bilinear', 'bicubic']).default('bicubic'),
    /** `crop`: resize the shortest edge then center-crop (CLIP); `squash`: resize both sides, no crop. */
    resize: z.enum(['crop', 'squash']).default('crop'),
    rescaleFactor: z.number().positive().default(1 / 255),
  }),
  tokenizer: z.object({
    file: z.string().min(1),
    config: z.string().min(1).optional(),
    maxLength: z.number().int().min(1).max(4096),
    /** Token used to pad a batch, when there is no tokenizer config saying so. */
    padToken: z.string().min(1).optional(),
  }),
  dimensions: z.number().int().min(1).max(16000).optional(),
  /** Natural log of the logit scale (as CLIP checkpoints store it); exp() is applied. */
  logitScale: z.number().optional(),
});
export type Manifest = z.infer<typeof manifestSchema>;

const RESAMPLE = { nearest: 0, bilinear: 2, bicubic: 3 } as const;
const DEFAULT_LOG_SCALE = Math.log(100);

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function requireFile(dir: string, relative: string, what: string): Promise<string> {
  const path = isAbsolute(relative) ? relative : join(dir, relative);
  if (!(await exists(path))) {
    throw new EmbeddingError('MODEL_FILE_MISSING', `${what} not found: ${relative} (in ${dir})`, { file: relative });
  }
  return path;
}

async function readJson(path: string, relative: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new EmbeddingError('MODEL_FILE_MISSING', `cannot read ${relative}`, { file: relative });
  }
  try {
    const value: unknown = JSON.parse(text);
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
    return value as Record<string, unknown>;
  } catch (error) {
    throw new EmbeddingError('MODEL_CONFIG_INVALID', `${relative} is not a JSON object: ${(error as Error).message}`, {
      file: relative,
    });
  }
}

function sizeOf(value: unknown): { height: number; width: number } | null {
  if (typeof value === 'number') return { height: value, width: value };
  if (value && typeof value === 'object') {
    const v = value as Record<string, number>;
    if (typeof v.height === 'number' && typeof v.width === 'number') return { height: v.height, width: v.width };
    if (typeof v.shortest_edge === 'number') return { height: v.shortest_edge, width: v.shortest_edge };
  }
  return null;
}

/**
 * Reads a model directory: the Hub's ONNX CLIP layout (config.json, preprocessor_config.json, tokenizer.json,
 * tokenizer_config.json, onnx/vision_model.onnx, onnx/text_model.onnx) or, when `stratum.json` is present,
 * the manifest form. Checks that every named file exists; does not load ONNX (see `validateModel`).
 * @throws EmbeddingError MODEL_FILE_MISSING | MODEL_CONFIG_INVALID
 */
export async function readModelDir(dirArg: string): Promise<ModelSpec> {
  const dir = resolve(dirArg);
  try {
    if (!(await stat(dir)).isDirectory()) throw new Error('not a directory');
  } catch {
    throw new EmbeddingError('MODEL_FILE_MISSING', `model directory not found: ${dir}`, { file: dir });
  }
  if (await exists(join(dir, MANIFEST_FILE))) return readManifest(dir);

  const config = await readJson(await requireFile(dir, 'config.json', 'config.json'), 'config.json');
  const processor = await readJson(
    await requireFile(dir, 'preprocessor_config.json', 'preprocessor_config.json'),
    'preprocessor_config.json',
  );
  const tokenizerFile = await requireFile(dir, 'tokenizer.json', 'tokenizer.json');
  const tokenizerConfigFile = await requireFile(dir, 'tokenizer_config.json', 'tokenizer_config.json');
  const tokenizerConfig = await readJson(tokenizerConfigFile, 'tokenizer_config.json');
  const visionFile = await requireFile(dir, 'onnx/vision_model.onnx', 'vision tower');
  const textFile = await requireFile(dir, 'onnx/text_model.onnx', 'text tower');

  const imageSize = sizeOf(processor.crop_size) ?? sizeOf(processor.size);
  if (!imageSize) {
    throw new EmbeddingError('MODEL_CONFIG_INVALID', 'preprocessor_config.json has neither crop_size nor size', {
      file: 'preprocessor_config.json',
    });
  }
  for (const key of ['image_mean', 'image_std'] as const) {
    const v = processor[key];
    if (processor.do_normalize !== false && !(Array.isArray(v) && v.length === 3)) {
      throw new EmbeddingError('MODEL_CONFIG_INVALID', `preprocessor_config.json: ${key} must be 3 numbers`, {
        file: 'preprocessor_config.json',
      });
    }
  }
  const logScale =
    typeof config.logit_scale === 'number'
      ? config.logit_scale
      : typeof config.logit_scale_init_value === 'number'
        ? config.logit_scale_init_value
        : DEFAULT_LOG_SCALE;
  const maxLength =
    typeof tokenizerConfig.model_max_length === 'number' && tokenizerConfig.model_max_length < 1e6
      ? tokenizerConfig.model_max_length
      : ((config.text_config as Record<string, number> | undefined)?.max_position_embeddings ?? null);
  return {
    dir,
    layout: 'hub',
    name: null,
    vision: { file: visionFile, input: 'pixel_values', output: 'image_embeds' },
    text: { file: textFile, inputIds: 'input_ids', attentionMask: 'attention_mask', output: 'text_embeds' },
    tokenizer: { file: tokenizerFile, configFile: tokenizerConfigFile, maxLength },
    imageProcessor: processor,
    imageSize,
    logitScale: Math.exp(logScale),
    declaredDimensions: typeof config.projection_dim === 'number' ? config.projection_dim : null,
    config,
  };
}

async function readManifest(dir: string): Promise<ModelSpec> {
  const raw = await readJson(join(dir, MANIFEST_FILE), MANIFEST_FILE);
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new EmbeddingError('MODEL_CONFIG_INVALID', `${MANIFEST_FILE} is invalid: ${problems}`, {
      file: MANIFEST_FILE,
    });
  }
  const m = parsed.data;
  const visionFile = await requireFile(dir, m.vision.file, 'vision tower');
  const textFile = await requireFile(dir, m.text.file, 'text tower');
  const tokenizerFile = await requireFile(dir, m.tokenizer.file, 'tokenizer');
  const tokenizerConfigFile = m.tokenizer.config ? await requireFile(dir, m.tokenizer.config, 'tokenizer config') : null;
  if (!tokenizerConfigFile && !m.tokenizer.padToken) {
    throw new EmbeddingError('MODEL_CONFIG_INVALID', `${MANIFEST_FILE}: tokenizer needs "config" or "padToken"`, {
      file: MANIFEST_FILE,
    });
  }
  const size = typeof m.image.size === 'number' ? { height: m.image.size, width: m.image.size } : m.image.size;
  const crop = m.image.resize === 'crop';
  const imageProcessor: Record<string, unknown> = {
    image_processor_type: 'CLIPImageProcessor',
    do_resize: true,
    size: crop ? { shortest_edge: Math.min(size.height, size.width) } : { height: size.height, width: size.width },
    resample: RESAMPLE[m.image.resample],
    do_center_crop: crop,
    crop_size: size,
    do_rescale: true,
    rescale_factor: m.image.rescaleFactor,
    do_normalize: true,
    image_mean: m.image.mean,
    image_std: m.image.std,
    do_convert_rgb: true,
  };
  return {
    dir,
    layout: 'manifest',
    name: m.name ?? null,
    vision: { file: visionFile, input: m.vision.input, output: m.vision.output },
    text: { file: textFile, inputIds: m.text.inputIds, attentionMask: m.text.attentionMask ?? null, output: m.text.output },
    tokenizer: {
      file: tokenizerFile,
      configFile: tokenizerConfigFile,
      maxLength: m.tokenizer.maxLength,
      ...(m.tokenizer.padToken ? { padToken: m.tokenizer.padToken } : {}),
    },
    imageProcessor,
    imageSize: size,
    logitScale: Math.exp(m.logitScale ?? DEFAULT_LOG_SCALE),
    declaredDimensions: m.dimensions ?? null,
    config: raw,
  };
}

/** JSON with object keys sorted at every depth: equal settings always give equal bytes (and hashes). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

async function fileHash(path: string): Promise<string> {
  return sha256(await readFile(path));
}

/**
 * The version identity of a model directory.
 * - `weightsHash` = sha256("vision:" + sha256(vision file) + "\ntext:" + sha256(text file)) (plus any
 *   `.onnx_data` external-weights siblings), so renaming files does not change it and any weight change does.
 * - `preprocessing` = the canonical settings that shape the tensors: image-processor keys, tokenizer file hashes,
 *   max length, decode version; `preprocessingHash` = sha256 of its canonical JSON.
 */
export async function fingerprint(spec: ModelSpec): Promise<{
  weightsHash: string;
  preprocessing: Record<string, unknown>;
  preprocessingHash: string;
}> {
  const parts: string[] = [];
  for (const [label, file] of [
    ['vision', spec.vision.file],
    ['text', spec.text.file],
  ] as const) {
    parts.push(`${label}:${await fileHash(file)}`);
    if (await exists(`${file}_data`)) parts.push(`${label}_data:${await fileHash(`${file}_data`)}`);
  }
  const processor = Object.fromEntries(
    PROCESSOR_KEYS.filter((k) => spec.imageProcessor[k] !== undefined).map((k) => [k, spec.imageProcessor[k]]),
  );
  const preprocessing = {
    decode: DECODE_VERSION,
    image: processor,
    imageSize: spec.imageSize,
    tokenizer: {
      file: await fileHash(spec.tokenizer.file),
      config: spec.tokenizer.configFile ? await fileHash(spec.tokenizer.configFile) : null,
      maxLength: spec.tokenizer.maxLength,
    },
    vision: { input: spec.vision.input, output: spec.vision.output },
    text: { inputIds: spec.text.inputIds, attentionMask: spec.text.attentionMask, output: spec.text.output },
  };
  const canonical = canonicalJson(preprocessing);
  return {
    weightsHash: sha256(parts.join('\n')),
    preprocessing: JSON.parse(canonical) as Record<string, unknown>,
    preprocessingHash: sha256(canonical),
  };
}
