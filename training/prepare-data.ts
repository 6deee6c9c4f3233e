/**
 * Turns μ-Bench-format Arrow shards into the compact arrays the PyTorch trainer reads (training/train.py).
 *
 *   npx tsx training/prepare-data.ts --out training/.data            # generate train + eval corpora, then pack
 *   npx tsx training/prepare-data.ts --out DIR --pack NAME=SHARD_DIR  # pack existing shards only (e.g. a fixture)
 *
 * Each packed split is two files:
 *   NAME.u8.gz  gzip of N × 3 × S × S uint8, row-major (CHW per image), S = the model's crop size;
 *   NAME.jsonl.gz  gzip of one JSON object per line, same order: image_id, label_name, axes, task, and per caption key
 *               {options, answer} (answer = int index into options).
 *
 * Pixels are made exactly as the serving path makes them (src/embeddings/preprocess.ts): sharp decode to 8-bit
 * sRGB (16-bit sources mapped by round(v / 257)), then transformers.js's CLIPImageProcessor resize + center crop
 * from training/preprocessor_config.json, with rescale and normalize switched off so the result is still integer
 * 0..255. The trainer applies rescale and normalize itself with the same constants, so training and serving see
 * the same tensors up to float rounding.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { RecordBatchStreamReader } from 'apache-arrow';
import { ImageProcessor, RawImage } from '@huggingface/transformers';
import { datasets as datasetMap, heldDatasetByStain } from '../src/benchmarks/ubench/taxonomy.js';

const here = resolve(import.meta.dirname);

/** Seeds of the generated training corpora; the shipped demo corpus uses DEMO_SEED (see seeds/demo). */
export const TRAIN_SEEDS = [1001, 1002, 1003, 1004];
const DEFAULT_TRAIN_COUNT = 1200;

type CaptionSet = { options: string[]; answer: number };
export type PackedRow = {
  image_id: string;
  /** sha256 of the released image bytes (what the image store keys them by). */
  sha256: string;
  label_name: string;
  dataset: string | null;
  task: string | null;
  domain: string | null;
  subdomain: string | null;
  modality: string | null;
  submodality: string | null;
  stain: string | null;
  captions: Record<string, CaptionSet>;
};

async function decodeRgb8(bytes: Uint8Array): Promise<{ data: Uint8ClampedArray; width: number; height: number }> {
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
    return { data: out, width: info.width, height: info.height };
  }
  const { data, info } = await sharp(bytes)
    .rotate()
    .toColourspace('srgb')
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength),
    width: info.width,
    height: info.height,
  };
}

async function loadResizer(): Promise<{ processor: ImageProcessor; size: number }> {
  const config = JSON.parse(await readFile(join(here, 'preprocessor_config.json'), 'utf8')) as Record<string, unknown>;
  const crop = config.crop_size as { height: number; width: number };
  if (crop.height !== crop.width) throw new Error('training assumes a square crop');
  const processor = new ImageProcessor({ ...config, do_rescale: false, do_normalize: false } as ConstructorParameters<
    typeof ImageProcessor
  >[0]);
  return { processor, size: crop.height };
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

/** Packs every `*.arrow` stream shard of `shardDir` (sorted by name) into NAME.u8.gz / NAME.jsonl.gz under `outDir`. */
export async function packShards(
  shardDir: string,
  outDir: string,
  name: string,
): Promise<{ rows: number; skipped: string[] }> {
  const { processor, size } = await loadResizer();
  const files = (await readdir(shardDir)).filter((f) => f.endsWith('.arrow')).sort();
  if (files.length === 0) throw new Error(`no .arrow shards in ${shardDir}`);
  await mkdir(outDir, { recursive: true });
  const pixels: Uint8Array[] = [];
  const meta: string[] = [];
  const skipped: string[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    const reader = await RecordBatchStreamReader.from(await readFile(join(shardDir, file)));
    let rowIndex = 0;
    for await (const batch of reader) {
      for (let i = 0; i < batch.numRows; i++, rowIndex++) {
        const row = batch.get(i)!.toJSON() as Record<string, unknown>;
        const imageId = String(row.image_id);
        const where = `${file} row ${rowIndex} (${imageId})`;
        if (seen.has(imageId)) {
          skipped.push(`${where}: repeated image_id`);
          continue;
        }
        const image = (row.image as { toJSON(): { bytes: Uint8Array | null } } | null)?.toJSON();
        if (!image?.bytes) {
          skipped.push(`${where}: no image bytes`);
          continue;
        }
        let chw: Uint8Array;
        try {
          const decoded = await decodeRgb8(image.bytes);
          const out = (await processor(new RawImage(decoded.data, decoded.width, decoded.height, 3))) as {
            pixel_values: { dims: number[]; data: Float32Array };
          };
          const dims = out.pixel_values.dims;
          if (dims[1] !== 3 || dims[2] !== size || dims[3] !== size)
            throw new Error(`processor gave [${dims.join(',')}]`);
          chw = Uint8Array.from(out.pixel_values.data, (v) => Math.round(v));
        } catch (error) {
          skipped.push(`${where}: ${(error as Error).message}`);
          continue;
        }
        seen.add(imageId);
        const captions: Record<string, CaptionSet> = {};
        const capStruct = (row.captions as { toJSON(): Record<string, unknown> } | null)?.toJSON() ?? {};
        for (const [key, value] of Object.entries(capStruct)) {
          const c = (value as { toJSON(): Record<string, unknown> } | null)?.toJSON();
          if (!c) continue;
          const options = [...((c.options as Iterable<string> | null) ?? [])].map(String);
          const answer = Number.parseInt(String(c.answer_idx), 10);
          if (!Number.isInteger(answer) || answer < 0 || answer >= options.length) continue;
          captions[key] = { options, answer };
        }
        const stain = str(row.stain);
        const dataset = str(row.dataset) ?? (stain ? (heldDatasetByStain[stain] ?? null) : null);
        const packed: PackedRow = {
          image_id: imageId,
          sha256: createHash('sha256').update(image.bytes).digest('hex'),
          label_name: String(row.label_name),
          dataset,
          task: dataset ? (datasetMap[dataset]?.task ?? null) : null,
          domain: str(row.domain),
          subdomain: str(row.subdomain),
          modality: str(row.modality),
          submodality: str(row.submodality),
          stain,
          captions,
        };
        pixels.push(chw);
        meta.push(JSON.stringify(packed));
      }
    }
  }
  await writeFile(join(outDir, `${name}.u8.gz`), gzipSync(Buffer.concat(pixels), { level: 6 }));
  await writeFile(join(outDir, `${name}.jsonl.gz`), gzipSync(meta.join('\n') + '\n', { level: 9 }));
  return { rows: meta.length, skipped };
}

type Generator = (opts: {
  outDir: string;
  seed: number;
  count?: number;
  imageSize?: number;
  format?: string;
}) => Promise<unknown>;

async function loadGenerator(): Promise<{
  generate: Generator;
  demoSeed: number;
  demoCount: number | undefined;
  version: unknown;
}> {
  const mod = (await import('../seeds/demo/index.js')) as Record<string, unknown>;
  const generate = mod.generateDemoCorpus as Generator | undefined;
  if (typeof generate !== 'function') throw new Error('seeds/demo/index.ts exports no generateDemoCorpus');
  const demoSeed = typeof mod.DEMO_SHIPPED_SEED === 'number' ? mod.DEMO_SHIPPED_SEED : 1;
  const defaults = (mod.demoDefaults ?? {}) as { count?: number; imageSize?: number };
  return { generate, demoSeed, demoCount: defaults.count, version: mod.DEMO_GENERATOR_VERSION };
}

/** The last commit touching seeds/demo, with `+dirty` when the working tree changes it: the corpus provenance. */
function generatorCommit(): string | null {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: here, encoding: 'utf8' }).trim();
    const head = git('log', '-1', '--format=%h', '--', '../seeds/demo');
    return git('status', '--porcelain', '--', '../seeds/demo') ? `${head}+dirty` : head;
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: join(here, '.data') },
      pack: { type: 'string', multiple: true },
      'train-count': { type: 'string', default: String(DEFAULT_TRAIN_COUNT) },
    },
  });
  const out = resolve(values.out!);
  await mkdir(out, { recursive: true });
  const jobs: { name: string; dir: string }[] = [];
  const info: Record<string, unknown> = {};
  if (values.pack?.length) {
    for (const spec of values.pack) {
      const [name, dir] = spec.split('=');
      if (!name || !dir) throw new Error(`--pack expects NAME=DIR, got ${spec}`);
      jobs.push({ name, dir: resolve(dir) });
    }
  } else {
    const { generate, demoSeed, demoCount, version } = await loadGenerator();
    const raw = join(out, 'raw');
    await rm(raw, { recursive: true, force: true });
    const trainCount = Number.parseInt(values['train-count']!, 10);
    for (const seed of TRAIN_SEEDS) {
      if (seed === demoSeed) throw new Error(`training seed ${seed} collides with the shipped demo seed`);
      const dir = join(raw, `train-${seed}`);
      await generate({ outDir: dir, seed, count: trainCount, format: 'arrow' });
      jobs.push({ name: `train-${seed}`, dir });
    }
    const evalDir = join(raw, 'eval');
    await generate({ outDir: evalDir, seed: demoSeed, ...(demoCount ? { count: demoCount } : {}), format: 'arrow' });
    jobs.push({ name: 'eval', dir: evalDir });
    Object.assign(info, {
      generatorVersion: version,
      generatorCommit: generatorCommit(),
      trainSeeds: TRAIN_SEEDS,
      trainCountPerSeed: trainCount,
      evalSeed: demoSeed,
      evalCount: demoCount ?? null,
    });
  }
  const packed: Record<string, unknown> = {};
  for (const job of jobs) {
    const result = await packShards(job.dir, out, job.name);
    packed[job.name] = { rows: result.rows, skipped: result.skipped };
    console.log(`${job.name}: ${result.rows} images packed, ${result.skipped.length} skipped`);
    for (const s of result.skipped) console.log(`  skipped ${s}`);
  }
  if (!values.pack?.length) await rm(join(out, 'raw'), { recursive: true, force: true });
  const preprocessor = JSON.parse(await readFile(join(here, 'preprocessor_config.json'), 'utf8')) as unknown;
  await writeFile(
    join(out, 'manifest.json'),
    JSON.stringify({ ...info, splits: packed, preprocessor }, null, 1) + '\n',
  );
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(here, 'prepare-data.ts')) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
