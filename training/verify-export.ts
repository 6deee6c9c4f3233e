/**
 * Checks an exported model directory from Node, through the libraries the server uses:
 *   - @huggingface/transformers AutoTokenizer (offline) gives the token ids the trainer's tokenizer gave;
 *   - onnxruntime-node loads both towers and reproduces PyTorch's embeddings (reference.json) within 1e-4;
 *   - AutoImageProcessor on the original image bytes gives the same image embeddings as the trainer's packed pixels;
 *   - the zero-shot predictions on metrics.json's fixed subset are recomputed and compared.
 *
 *   npx tsx training/verify-export.ts [--model models/ubench-demo-clip] [--reference training/out/reference.json]
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import * as ort from 'onnxruntime-node';
import { RecordBatchStreamReader } from 'apache-arrow';
import { AutoImageProcessor, AutoTokenizer, RawImage, env } from '@huggingface/transformers';

type Metrics = {
  eval_corpus: { seed: number | null };
  fixed_subset: {
    images: number;
    image_ids: string[];
    by_template: Record<string, { n: number; correct: number }>;
    predictions: { image_id: string; key: string; pred: number; gold: number }[];
  };
};
type Reference = {
  image_ids: string[];
  image_embeds: number[][];
  texts: string[];
  text_embeds: number[][];
  input_ids: number[][];
};

async function decodeRgb8(bytes: Uint8Array): Promise<RawImage> {
  const meta = await sharp(bytes).metadata();
  if (meta.depth === 'ushort' || meta.depth === 'short') {
    const { data, info } = await sharp(bytes)
      .rotate()
      .toColourspace('rgb16')
      .removeAlpha()
      .raw({ depth: 'ushort' })
      .toBuffer({ resolveWithObject: true });
    const wide = new Uint16Array(data.buffer, data.byteOffset, data.byteLength / 2);
    const out = new Uint8ClampedArray(info.width * info.height * 3);
    for (let p = 0, o = 0; o < out.length; p += info.channels) {
      out[o++] = Math.round(wide[p]! / 257);
      out[o++] = Math.round(wide[p + 1]! / 257);
      out[o++] = Math.round(wide[p + 2]! / 257);
    }
    return new RawImage(out, info.width, info.height, 3);
  }
  const { data, info } = await sharp(bytes)
    .rotate()
    .toColourspace('srgb')
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return new RawImage(new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), info.width, info.height, 3);
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

export type DemoRow = {
  imageId: string;
  bytes: Uint8Array;
  captions: Record<string, { options: string[]; answer: number }>;
};

/** Reads rows (image bytes + caption sets) from the demo generator's Arrow shards, in corpus order. */
export async function readDemoRows(dir: string, limit: number): Promise<DemoRow[]> {
  const rows: DemoRow[] = [];
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.arrow')).sort()) {
    for await (const batch of await RecordBatchStreamReader.from(await readFile(join(dir, file)))) {
      for (let i = 0; i < batch.numRows && rows.length < limit; i++) {
        const row = batch.get(i)!.toJSON() as Record<string, { toJSON(): Record<string, unknown> } | string>;
        const captions: DemoRow['captions'] = {};
        for (const [key, value] of Object.entries((row.captions as { toJSON(): Record<string, unknown> }).toJSON())) {
          const c = (value as { toJSON(): Record<string, unknown> } | null)?.toJSON();
          if (!c) continue;
          captions[key] = { options: [...(c.options as Iterable<string>)].map(String), answer: Number(c.answer_idx) };
        }
        const image = (row.image as { toJSON(): { bytes: Uint8Array } }).toJSON();
        rows.push({ imageId: String(row.image_id), bytes: image.bytes, captions });
      }
    }
  }
  return rows;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      model: { type: 'string', default: 'models/ubench-demo-clip' },
      reference: { type: 'string' },
    },
  });
  const modelDir = resolve(values.model!);
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = dirname(modelDir) + '/';
  const name = basename(modelDir);
  const tokenizer = await AutoTokenizer.from_pretrained(name);
  const processor = await AutoImageProcessor.from_pretrained(name);
  const vision = await ort.InferenceSession.create(join(modelDir, 'onnx/vision_model.onnx'));
  const text = await ort.InferenceSession.create(join(modelDir, 'onnx/text_model.onnx'));
  const config = JSON.parse(await readFile(join(modelDir, 'config.json'), 'utf8')) as {
    logit_scale: number;
    projection_dim: number;
  };
  const metrics = JSON.parse(await readFile(join(modelDir, 'metrics.json'), 'utf8')) as Metrics;
  const scale = Math.exp(config.logit_scale);
  const dim = config.projection_dim;
  const report: Record<string, unknown> = {
    vision: { inputs: vision.inputNames, outputs: vision.outputNames },
    text: { inputs: text.inputNames, outputs: text.outputNames },
  };

  async function embedTexts(texts: string[]): Promise<Float32Array> {
    const enc = tokenizer(texts, { padding: true, truncation: true }) as unknown as Record<
      string,
      { data: BigInt64Array; dims: number[] }
    >;
    const ids = enc.input_ids!;
    const mask = enc.attention_mask!;
    const out = await text.run({
      input_ids: new ort.Tensor('int64', ids.data, ids.dims),
      attention_mask: new ort.Tensor('int64', mask.data, mask.dims),
    });
    return out.text_embeds!.data as Float32Array;
  }
  async function embedImages(images: Uint8Array[]): Promise<Float32Array> {
    const raws = await Promise.all(images.map(decodeRgb8));
    const { pixel_values } = (await processor(raws)) as { pixel_values: { data: Float32Array; dims: number[] } };
    const out = await vision.run({ pixel_values: new ort.Tensor('float32', pixel_values.data, pixel_values.dims) });
    return out.image_embeds!.data as Float32Array;
  }

  const evalSeed = metrics.eval_corpus.seed ?? 1;
  const subset = metrics.fixed_subset;
  const tmp = await mkdtemp(join(tmpdir(), 'demo-verify-'));
  try {
    const { generateDemoCorpus } = (await import('../seeds/demo/index.js')) as {
      generateDemoCorpus: (o: { outDir: string; seed: number; count: number }) => Promise<unknown>;
    };
    await generateDemoCorpus({ outDir: tmp, seed: evalSeed, count: subset.images });
    const rows = await readDemoRows(tmp, subset.images);
    const idsMatch = rows.every((r, i) => r.imageId === subset.image_ids[i]);
    report.subsetImageIdsMatch = idsMatch;

    if (values.reference) {
      const ref = JSON.parse(await readFile(values.reference, 'utf8')) as Reference;
      const ids = ref.texts.map((t) =>
        Array.from((tokenizer(t) as unknown as { input_ids: { data: BigInt64Array } }).input_ids.data, Number),
      );
      report.tokenIdsMatch = JSON.stringify(ids) === JSON.stringify(ref.input_ids);
      const te = await embedTexts(ref.texts);
      report.textMaxAbsDiff = maxAbsDiff(te, ref.text_embeds.flat());
      const byId = new Map(rows.map((r) => [r.imageId, r]));
      const imgs = ref.image_ids.map((id) => byId.get(id)!.bytes);
      const ie = await embedImages(imgs);
      report.imageMaxAbsDiff = maxAbsDiff(ie, ref.image_embeds.flat());
    }

    // Zero-shot on the fixed subset: softmax over each caption set's options of s·cos, argmax.
    const texts = [...new Set(rows.flatMap((r) => Object.values(r.captions).flatMap((c) => c.options)))].sort();
    const textIndex = new Map(texts.map((t, i) => [t, i]));
    const textEmb = new Float32Array(texts.length * dim);
    for (let i = 0; i < texts.length; i += 64) textEmb.set(await embedTexts(texts.slice(i, i + 64)), i * dim);
    const imgEmb = new Float32Array(rows.length * dim);
    for (let i = 0; i < rows.length; i += 32)
      imgEmb.set(await embedImages(rows.slice(i, i + 32).map((r) => r.bytes)), i * dim);
    const expected = new Map(subset.predictions.map((p) => [`${p.image_id}/${p.key}`, p.pred]));
    const correct: Record<string, number> = { template_0: 0, template_1: 0 };
    let agree = 0;
    let total = 0;
    rows.forEach((r, i) => {
      for (const [key, c] of Object.entries(r.captions)) {
        const sims = c.options.map((o) => {
          const t = textIndex.get(o)!;
          let s = 0;
          for (let d = 0; d < dim; d++) s += imgEmb[i * dim + d]! * textEmb[t * dim + d]!;
          return scale * s;
        });
        const pred = sims.indexOf(Math.max(...sims));
        if (pred === c.answer) correct[`template_${key.endsWith('_0') ? 0 : 1}`]! += 1;
        if (expected.get(`${r.imageId}/${key}`) === pred) agree += 1;
        total += 1;
      }
    });
    report.subset = { expected: subset.by_template, node: correct, predictionAgreement: `${agree}/${total}` };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  console.log(JSON.stringify(report, null, 1));
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.dirname, 'verify-export.ts')) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
