import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;

/**
 * Colour words the tiny model "understands": each maps to one axis of a 4-d concept space
 * (red, green, blue, other). Every other token maps to the `other` axis, which images never use.
 */
export const TINY_CLIP_COLOURS = ['red', 'green', 'blue'] as const;

/** Words of the tiny WordPiece vocabulary after the special tokens. */
const WORDS = [
  'a',
  'an',
  'photo',
  'image',
  'micrograph',
  'of',
  'cell',
  'cells',
  'acquired',
  'through',
  'microscopy',
  'light',
  'electron',
  'fluorescence',
  'none',
  'the',
  'above',
  'is',
  'this',
  '.',
  ',',
  ...TINY_CLIP_COLOURS,
];
const SPECIAL = ['[PAD]', '[UNK]', '[CLS]', '[SEP]'];

export type TinyClipOptions = {
  /** Output embedding width (default 8). */
  dim?: number;
  /** Square crop size the preprocessor produces (default 16). */
  imageSize?: number;
  /** Layout: the Hub's ONNX CLIP layout (default) or a `stratum.json` manifest with other tensor names. */
  layout?: 'hub' | 'manifest';
  /** Corrupts a part on purpose, for the registry's error paths. */
  defect?: 'vision-not-onnx' | 'vision-wrong-dim' | 'missing-text' | 'missing-tokenizer';
  /** `logit_scale_init_value` written to config.json (natural log of the scale; default ln 100). */
  logitScale?: number;
};

function floatTensor(name: string, dims: number[], values: number[]) {
  return onnx.TensorProto.create({ name, dims, dataType: FLOAT, floatData: values });
}
function intTensor(name: string, dims: number[], values: number[]) {
  return onnx.TensorProto.create({ name, dims, dataType: INT64, int64Data: values });
}
function valueInfo(name: string, elemType: number, dims: (number | string)[]) {
  return onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  });
}
function node(opType: string, inputs: string[], outputs: string[], attrs: Record<string, number | number[]> = {}) {
  const attribute = Object.entries(attrs).map(([name, v]) =>
    Array.isArray(v)
      ? onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INTS, ints: v })
      : Number.isInteger(v)
        ? onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INT, i: v })
        : onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.FLOAT, f: v }),
  );
  return onnx.NodeProto.create({ opType, input: inputs, output: outputs, attribute });
}
function model(graph: InstanceType<typeof onnx.GraphProto>): Uint8Array {
  return onnx.ModelProto.encode(
    onnx.ModelProto.create({
      irVersion: 8,
      producerName: 'stratum-tiny-clip',
      opsetImport: [{ domain: '', version: 13 }],
      graph,
    }),
  ).finish();
}

/**
 * Projection from the 4-d concept space to `dim` outputs: a fixed signed permutation pattern with
 * orthonormal columns (for dim ≥ 4), so cosine similarity in concept space is preserved exactly.
 */
function projection(dim: number): number[] {
  const w = new Array<number>(4 * dim).fill(0);
  const copies = Math.max(1, Math.floor(dim / 4));
  for (let c = 0; c < 4; c++) {
    for (let j = 0; j < copies; j++) {
      const col = c + 4 * j;
      w[c * dim + col] = (j % 2 === 0 ? 1 : -1) / Math.sqrt(copies);
    }
  }
  return w;
}

/**
 * Vision tower: pixel_values [N,3,H,W] → Conv 2×2/stride 2 (channel c averages colour c; a 4th channel
 * is zero) → GlobalAveragePool → Flatten → Gemm(4→D) → `outputName` [N,D]. So the embedding is the
 * projected mean normalised colour: resize-free, any H and W.
 */
export function buildVisionModel(
  dim: number,
  names = { input: 'pixel_values', output: 'image_embeds' },
  outDim = dim,
): Uint8Array {
  const conv = new Array<number>(4 * 3 * 2 * 2).fill(0);
  for (let c = 0; c < 3; c++) for (let k = 0; k < 4; k++) conv[c * 12 + c * 4 + k] = 0.25;
  const graph = onnx.GraphProto.create({
    name: 'tiny_clip_vision',
    node: [
      node('Conv', [names.input, 'conv_w', 'conv_b'], ['conv'], { kernel_shape: [2, 2], strides: [2, 2] }),
      node('GlobalAveragePool', ['conv'], ['pooled']),
      node('Flatten', ['pooled'], ['flat'], { axis: 1 }),
      node('Gemm', ['flat', 'proj', 'proj_b'], [names.output]),
    ],
    initializer: [
      floatTensor('conv_w', [4, 3, 2, 2], conv),
      floatTensor('conv_b', [4], [0, 0, 0, 0]),
      floatTensor('proj', [4, outDim], projection(outDim)),
      floatTensor('proj_b', [outDim], new Array<number>(outDim).fill(0)),
    ],
    input: [valueInfo(names.input, FLOAT, ['batch', 3, 'height', 'width'])],
    output: [valueInfo(names.output, FLOAT, ['batch', outDim])],
  });
  return model(graph);
}

/**
 * Text tower: Gather(token embedding [V,4]) → masked mean over the sequence → Gemm(4→D) → [N,D].
 * Colour words embed on their colour axis, every other token on the `other` axis.
 */
export function buildTextModel(
  dim: number,
  names = { inputIds: 'input_ids', attentionMask: 'attention_mask', output: 'text_embeds' },
): Uint8Array {
  const vocab = [...SPECIAL, ...WORDS];
  const table: number[] = [];
  for (const token of vocab) {
    const colour = (TINY_CLIP_COLOURS as readonly string[]).indexOf(token);
    const row = [0, 0, 0, 0];
    if (colour >= 0) row[colour] = 4;
    else if (token !== '[PAD]') row[3] = 1;
    table.push(...row);
  }
  const graph = onnx.GraphProto.create({
    name: 'tiny_clip_text',
    node: [
      node('Gather', ['tok_emb', names.inputIds], ['emb'], { axis: 0 }),
      node('Cast', [names.attentionMask], ['maskf'], { to: FLOAT }),
      node('Unsqueeze', ['maskf', 'axis2'], ['mask3']),
      node('Mul', ['emb', 'mask3'], ['masked']),
      node('ReduceSum', ['masked', 'axis1'], ['summed'], { keepdims: 0 }),
      node('ReduceSum', ['maskf', 'axis1'], ['count'], { keepdims: 1 }),
      node('Div', ['summed', 'count'], ['mean']),
      node('Gemm', ['mean', 'proj', 'proj_b'], [names.output]),
    ],
    initializer: [
      floatTensor('tok_emb', [vocab.length, 4], table),
      intTensor('axis1', [1], [1]),
      intTensor('axis2', [1], [2]),
      floatTensor('proj', [4, dim], projection(dim)),
      floatTensor('proj_b', [dim], new Array<number>(dim).fill(0)),
    ],
    input: [
      valueInfo(names.inputIds, INT64, ['batch', 'sequence']),
      valueInfo(names.attentionMask, INT64, ['batch', 'sequence']),
    ],
    output: [valueInfo(names.output, FLOAT, ['batch', dim])],
  });
  return model(graph);
}

/** A WordPiece tokenizer.json (lower-casing, BERT pre-tokenizer, `[CLS] $A [SEP]`) that transformers.js loads. */
export function buildTokenizerJson(): Record<string, unknown> {
  const vocab = [...SPECIAL, ...WORDS];
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL.map((content, id) => ({
      id,
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [2], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [3], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab.map((t, i) => [t, i])),
    },
  };
}

/** The token id of `word` in the tiny vocabulary (for expected-tensor tests). */
export function tinyTokenId(word: string): number {
  const i = [...SPECIAL, ...WORDS].indexOf(word);
  return i < 0 ? 1 : i;
}

export const TINY_CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073];
export const TINY_CLIP_STD = [0.26862954, 0.26130258, 0.27577711];

/**
 * Writes a tiny but real dual encoder to `dir`, deterministically (same bytes every time): the Hub's ONNX
 * CLIP layout (config.json, preprocessor_config.json, tokenizer.json, tokenizer_config.json,
 * onnx/vision_model.onnx, onnx/text_model.onnx), or a `stratum.json` manifest with other tensor names.
 * It goes through exactly the registry, preprocessing, tokenization and ONNX code a real export does.
 */
export async function writeTinyClip(dir: string, options: TinyClipOptions = {}): Promise<string> {
  const dim = options.dim ?? 8;
  const size = options.imageSize ?? 16;
  const logitScale = options.logitScale ?? Math.log(100);
  await mkdir(join(dir, 'onnx'), { recursive: true });
  const json = (name: string, value: unknown) => writeFile(join(dir, name), `${JSON.stringify(value, null, 2)}\n`);
  const visionBytes =
    options.defect === 'vision-not-onnx' ? new TextEncoder().encode('this is not an ONNX protobuf') : null;
  if (options.layout === 'manifest') {
    await writeFile(
      join(dir, 'onnx', 'image_encoder.onnx'),
      visionBytes ??
        buildVisionModel(
          dim,
          { input: 'image', output: 'image_features' },
          options.defect === 'vision-wrong-dim' ? dim + 1 : dim,
        ),
    );
    if (options.defect !== 'missing-text')
      await writeFile(
        join(dir, 'onnx', 'text_encoder.onnx'),
        buildTextModel(dim, { inputIds: 'tokens', attentionMask: 'mask', output: 'text_features' }),
      );
    if (options.defect !== 'missing-tokenizer') await json('vocab-tokenizer.json', buildTokenizerJson());
    await json('stratum.json', {
      name: 'Tiny manifest encoder',
      vision: { file: 'onnx/image_encoder.onnx', input: 'image', output: 'image_features' },
      text: { file: 'onnx/text_encoder.onnx', inputIds: 'tokens', attentionMask: 'mask', output: 'text_features' },
      image: { size, mean: TINY_CLIP_MEAN, std: TINY_CLIP_STD, resample: 'bicubic' },
      tokenizer: { file: 'vocab-tokenizer.json', maxLength: 16, padToken: '[PAD]' },
      dimensions: dim,
      logitScale,
    });
    return dir;
  }
  await json('config.json', {
    model_type: 'clip',
    architectures: ['CLIPModel'],
    projection_dim: dim,
    logit_scale_init_value: logitScale,
    text_config: { model_type: 'clip_text_model', max_position_embeddings: 16 },
    vision_config: { model_type: 'clip_vision_model', image_size: size, patch_size: 2 },
  });
  await json('preprocessor_config.json', {
    image_processor_type: 'CLIPImageProcessor',
    do_resize: true,
    size: { shortest_edge: size },
    resample: 3,
    do_center_crop: true,
    crop_size: { height: size, width: size },
    do_rescale: true,
    rescale_factor: 1 / 255,
    do_normalize: true,
    image_mean: TINY_CLIP_MEAN,
    image_std: TINY_CLIP_STD,
    do_convert_rgb: true,
  });
  if (options.defect !== 'missing-tokenizer') await json('tokenizer.json', buildTokenizerJson());
  await json('tokenizer_config.json', {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    model_max_length: 16,
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    cls_token: '[CLS]',
    sep_token: '[SEP]',
  });
  await writeFile(
    join(dir, 'onnx', 'vision_model.onnx'),
    visionBytes ?? buildVisionModel(dim, undefined, options.defect === 'vision-wrong-dim' ? dim + 1 : dim),
  );
  if (options.defect !== 'missing-text') await writeFile(join(dir, 'onnx', 'text_model.onnx'), buildTextModel(dim));
  return dir;
}
