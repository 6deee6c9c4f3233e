import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { EmbeddingError } from '../errors.js';
import { canonicalJson, sha256 } from '../hash.js';
import { findOnnxScalar } from './onnx-initializer.js';

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
  /** Multiplier of the cosine before the softmax: exp(log scale), from where `logitScaleSource` says. */
  logitScale: number;
  /**
   * Where the logit scale came from: the manifest's `logitScale`, a `logit_scale` initializer (or metadata
   * entry) in the ONNX export, config.json's `logit_scale`, or the default ln 100 (with a warning).
   * `logit_scale_init_value` is never used: it is the value training started from, not a trained one.
   */
  logitScaleSource: 'manifest' | 'onnx' | 'config' | 'default';
  /** Decode choices in front of the image processor (recorded in the preprocessing hash). */
  decode: DecodeOptions;
  /** Things a user should know about this model (recorded on the model version at registration). */
  warnings: string[];
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

/** Version of Stratum's own decode step (bit depth, orientation, colour handling) in front of the processor. */
export const DECODE_VERSION = 'sharp-v2';

/**
 * Named, recorded choices of the decode step (bytes → 8-bit RGB) in front of the image processor. The defaults
 * reproduce the reference pipeline, `transformers` CLIPProcessor on `PIL.Image.open(...)`; every other value is a
 * deliberate difference, part of the preprocessing hash, so embeddings are keyed by it (docs/embeddings.md).
 */
export type DecodeOptions = {
  /**
   * 16-bit samples. `pil` (default): what PIL does: a 16-bit grey image (mode I;16) is clipped at 255 by
   * `convert('RGB')` (v8 = min(v16, 255)); 16-bit colour PNGs are read by PIL at 8 bits from the high byte
   * (v8 = v16 >> 8). `rescale`: every 16-bit sample becomes round(v16 / 257), the full range mapped to 0–255.
   */
  highBitDepth: 'pil' | 'rescale';
  /** `stored` (default, as PIL `Image.open`): pixels as stored. `exif`: rotated/flipped per EXIF orientation. */
  orientation: 'stored' | 'exif';
  /**
   * `pil` (default): no colour management, as PIL: embedded ICC profiles ignored, CMYK converted naively
   * (PIL's `convert('RGB')`: R = (255 − K) − (255 − K)·C/255, …). `icc`: libvips colour management (embedded
   * profile → sRGB; CMYK through the embedded or libvips's default CMYK profile).
   */
  colour: 'pil' | 'icc';
};

export const DEFAULT_DECODE: DecodeOptions = { highBitDepth: 'pil', orientation: 'stored', colour: 'pil' };

export const decodeOptionsSchema = z
  .object({
    highBitDepth: z.enum(['pil', 'rescale']).default('pil'),
    orientation: z.enum(['stored', 'exif']).default('stored'),
    colour: z.enum(['pil', 'icc']).default('pil'),
  })
  .strict();

/**
 * The decode a model directory declares for itself, when it was trained on another decode than the reference's:
 * `config.json` → `stratum.decode` (Hub layout) or `stratum.json` → `decode` (manifest), e.g. the built-in demo
 * models, trained on 16-bit images mapped by round(v / 257), declare `{ "highBitDepth": "rescale" }`.
 * @throws EmbeddingError MODEL_CONFIG_INVALID naming the bad key
 */
export function declaredDecode(value: unknown, file: string): Partial<DecodeOptions> {
  if (value === undefined || value === null) return {};
  const parsed = decodeOptionsSchema.partial().safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `decode.${i.path.join('.')}: ${i.message}`).join('; ');
    throw new EmbeddingError('MODEL_CONFIG_INVALID', `${file}: ${problems}`, { file });
  }
  return Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined));
}

/**
 * The decode of a model: the defaults (the reference's), then what the directory declares (`declaredDecode`),
 * then what the caller chose (registration input, or the options a version was registered with).
 * @throws EmbeddingError MODEL_CONFIG_INVALID naming the bad key
 */
function resolveDecode(declared: Partial<DecodeOptions>, chosen: Partial<DecodeOptions>): DecodeOptions {
  const parsed = decodeOptionsSchema.safeParse(chosen);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `decode.${i.path.join('.')}: ${i.message}`).join('; ');
    throw new EmbeddingError('MODEL_CONFIG_INVALID', problems);
  }
  const given = Object.fromEntries(
    Object.entries(chosen)
      .filter(([, v]) => v !== undefined)
      .map(([k]) => [k, parsed.data[k as keyof DecodeOptions]]),
  );
  return { ...DEFAULT_DECODE, ...declared, ...given };
}

/**
 * The decode options a model version was registered with (`preprocessing.decode`), or null when it was
 * registered by an older decode step (those vectors cannot be reproduced; the directory must be registered again).
 */
export function decodeOptionsOf(preprocessing: Record<string, unknown> | null): DecodeOptions | null {
  const decode = preprocessing?.decode as Record<string, unknown> | undefined;
  if (!decode || typeof decode !== 'object' || decode.version !== DECODE_VERSION) return null;
  const { version: _version, ...options } = decode;
  const parsed = decodeOptionsSchema.safeParse(options);
  return parsed.success ? parsed.data : null;
}

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
  if (value && typeof value === 'object') {
    const v = value as Record<string, number>;
    if (typeof v.height === 'number' && typeof v.width === 'number') return { height: v.height, width: v.width };
    if (typeof v.shortest_edge === 'number') return { height: v.shortest_edge, width: v.shortest_edge };
  }
  return null;
}

/** Image processors whose integer `size` means the shortest edge (`get_size_dict(size, default_to_square=False)`). */
const SHORTEST_EDGE_PROCESSORS = new Set(['CLIPImageProcessor', 'CLIPFeatureExtractor', 'ChineseCLIPImageProcessor']);
const CLIP_PROCESSORS = new Set(['CLIPImageProcessor', 'CLIPFeatureExtractor']);
const OPENAI_CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073];
const OPENAI_CLIP_STD = [0.26862954, 0.26130258, 0.27577711];

/**
 * Brings a `preprocessor_config.json` of any generation into the form the current `transformers` reads it as,
 * before the (transformers.js) processor is built, so both generations give the reference tensor:
 * - the processor type is `image_processor_type`, else the legacy `feature_extractor_type` (`…Fast` dropped);
 * - an integer `size` is `{shortest_edge: n}` for CLIP-family processors and `{height: n, width: n}` otherwise,
 *   a `[h, w]` pair `{height, width}`; an integer `crop_size` is `{height: n, width: n}` (transformers'
 *   `get_size_dict`; transformers.js alone would read an integer size as a bound on both edges and letterbox);
 * - keys a legacy CLIP config leaves out take CLIPImageProcessor's defaults (bicubic, center crop 224,
 *   rescale 1/255, OpenAI mean/std, convert to RGB).
 * Pure; the input is not modified.
 */
export function normaliseProcessorConfig(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...raw };
  const declared = raw.image_processor_type ?? raw.feature_extractor_type;
  const type = typeof declared === 'string' ? declared.replace(/Fast$/, '') : null;
  if (type) out.image_processor_type = type === 'CLIPFeatureExtractor' ? 'CLIPImageProcessor' : type;
  const shortestEdge = type !== null && SHORTEST_EDGE_PROCESSORS.has(type);
  if (type !== null && CLIP_PROCESSORS.has(type)) {
    const defaults: Record<string, unknown> = {
      do_resize: true,
      size: { shortest_edge: 224 },
      resample: 3,
      do_center_crop: true,
      crop_size: { height: 224, width: 224 },
      do_rescale: true,
      rescale_factor: 1 / 255,
      do_normalize: true,
      image_mean: OPENAI_CLIP_MEAN,
      image_std: OPENAI_CLIP_STD,
      do_convert_rgb: true,
    };
    for (const [key, value] of Object.entries(defaults)) if (out[key] === undefined || out[key] === null) out[key] = value;
  }
  const pair = (v: unknown) =>
    Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number') ? { height: v[0], width: v[1] } : v;
  if (typeof out.size === 'number') {
    out.size = shortestEdge ? { shortest_edge: out.size } : { height: out.size, width: out.size };
  } else out.size = pair(out.size);
  if (typeof out.crop_size === 'number') out.crop_size = { height: out.crop_size, width: out.crop_size };
  else out.crop_size = pair(out.crop_size);
  for (const key of Object.keys(out)) if (out[key] === undefined) delete out[key];
  return out;
}

/**
 * The natural-log logit scale of a Hub-layout export: a `logit_scale` initializer or metadata entry in
 * `onnx/model.onnx` (when present), the text tower or the vision tower, else config.json's `logit_scale`.
 */
async function trainedLogScale(
  dir: string,
  config: Record<string, unknown>,
  towers: string[],
): Promise<{ value: number; source: 'onnx' | 'config' } | null> {
  const full = join(dir, 'onnx/model.onnx');
  for (const file of [...((await exists(full)) ? [full] : []), ...towers]) {
    const value = await findOnnxScalar(file, 'logit_scale');
    if (value !== null && Number.isFinite(value)) return { value, source: 'onnx' };
  }
  if (typeof config.logit_scale === 'number' && Number.isFinite(config.logit_scale)) {
    return { value: config.logit_scale, source: 'config' };
  }
  return null;
}

const defaultScaleWarning = (where: string) =>
  `no trained logit scale found (${where}); zero-shot scores use the default ln 100 (×100), ` +
  'as the released OpenAI CLIP weights; argmax choices do not depend on it, the stored probabilities do';

/**
 * Reads a model directory: the Hub's ONNX CLIP layout (config.json, preprocessor_config.json, tokenizer.json,
 * tokenizer_config.json, onnx/vision_model.onnx, onnx/text_model.onnx) or, when `stratum.json` is present,
 * the manifest form. Checks that every named file exists; does not load ONNX (see `validateModel`). `decode`
 * overrides the decode the directory declares (`resolveDecode`).
 * @throws EmbeddingError MODEL_FILE_MISSING | MODEL_CONFIG_INVALID
 */
export async function readModelDir(dirArg: string, decode: Partial<DecodeOptions> = {}): Promise<ModelSpec> {
  const dir = resolve(dirArg);
  try {
    if (!(await stat(dir)).isDirectory()) throw new Error('not a directory');
  } catch {
    throw new EmbeddingError('MODEL_FILE_MISSING', `model directory not found: ${dir}`, { file: dir });
  }
  if (await exists(join(dir, MANIFEST_FILE))) return readManifest(dir, decode);

  const config = await readJson(await requireFile(dir, 'config.json', 'config.json'), 'config.json');
  const processor = normaliseProcessorConfig(
    await readJson(await requireFile(dir, 'preprocessor_config.json', 'preprocessor_config.json'), 'preprocessor_config.json'),
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
  const trained = await trainedLogScale(dir, config, [textFile, visionFile]);
  const warnings = trained
    ? []
    : [defaultScaleWarning('no logit_scale initializer in the ONNX files, no logit_scale in config.json')];
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
    logitScale: Math.exp(trained?.value ?? DEFAULT_LOG_SCALE),
    logitScaleSource: trained?.source ?? 'default',
    decode: resolveDecode(
      declaredDecode((config.stratum as Record<string, unknown> | undefined)?.decode, 'config.json'),
      decode,
    ),
    warnings,
    declaredDimensions: typeof config.projection_dim === 'number' ? config.projection_dim : null,
    config,
  };
}

async function readManifest(dir: string, decode: Partial<DecodeOptions>): Promise<ModelSpec> {
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
    ...(await manifestLogScale(m.logitScale, [textFile, visionFile])),
    decode: resolveDecode(declaredDecode(raw.decode, MANIFEST_FILE), decode),
    declaredDimensions: m.dimensions ?? null,
    config: raw,
  };
}

async function manifestLogScale(
  declared: number | undefined,
  towers: string[],
): Promise<Pick<ModelSpec, 'logitScale' | 'logitScaleSource' | 'warnings'>> {
  if (declared !== undefined) return { logitScale: Math.exp(declared), logitScaleSource: 'manifest', warnings: [] };
  for (const file of towers) {
    const value = await findOnnxScalar(file, 'logit_scale');
    if (value !== null && Number.isFinite(value)) {
      return { logitScale: Math.exp(value), logitScaleSource: 'onnx', warnings: [] };
    }
  }
  return {
    logitScale: Math.exp(DEFAULT_LOG_SCALE),
    logitScaleSource: 'default',
    warnings: [defaultScaleWarning(`${MANIFEST_FILE} has no logitScale, the ONNX files no logit_scale`)],
  };
}

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
    decode: { version: DECODE_VERSION, ...spec.decode },
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
