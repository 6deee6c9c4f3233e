import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { createScratchDb } from '../src/db/scratch.js';
import type { DbHandle } from '../src/db/client.js';
import { EmbedderPool } from '../src/embeddings/embedder-pool.js';
import type { OnnxEmbedder } from '../src/embeddings/onnx.js';
import { EmbeddingService } from '../src/embeddings/service.js';
import { loadEmbeddingSettings } from '../src/embeddings/settings.js';
import { findModelVersionById } from '../src/db/queries/model-versions.js';
import { registerModel } from '../src/models/registry.js';
import { similarImages } from '../src/search/similar.js';
import { ImageStore } from '../src/store/image-store.js';
import { writeTinyClip } from '../src/test-utils/tiny-clip.js';

/**
 * `npm run bench embeddings [-- --model=DIR --images=384 (0: skip A and B) --texts=2000 --batch=32 --sizes=17000,100000 --queries=20]`
 *
 * A. Images: `--images` distinct 256×256 PNGs (textured, tinted per image) in a temporary image store and database;
 *    the embedding service embeds them cold (decode + preprocess, ONNX, pgvector upsert) in chunks of 256, as
 *    `stratum embed` does. Reports images/s and the share of wall time in decode+preprocess, inference and
 *    database; then ONNX Runtime alone on pre-made tensors of the same shape and batch (ratio, same run).
 * B. Texts: `--texts` distinct captions through the service (tokenize + ONNX + upsert) and through the text tower
 *    alone.
 * C. similarImages, k = 20, under a filter (one of 10 source datasets, 10% of the images), exact: synthetic
 *    vectors (random, the model's width) for 17,000 and 100,000 images generated in SQL; median and p95 of
 *    `--queries` searches by image id; also the unfiltered exact search for scale.
 * Database: PGlite in memory, or PostgreSQL (a throw-away database) when TEST_DATABASE_URL is set.
 * Model: `--model`, default models/ubench-demo-clip (the shipped demo model), else a generated tiny CLIP.
 */
type Opts = { model?: string; images: number; texts: number; batch: number; sizes: number[]; queries: number };

function parseOpts(argv: string[]): Opts {
  const get = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  return {
    model: get('model'),
    images: Number(get('images') ?? 384),
    texts: Number(get('texts') ?? 2000),
    batch: Number(get('batch') ?? 32),
    sizes: (get('sizes') ?? '17000,100000')
      .split(',')
      .map(Number)
      .filter((n) => n > 0),
    queries: Number(get('queries') ?? 20),
  };
}

function openDb() {
  const adminUrl = process.env.TEST_DATABASE_URL;
  return createScratchDb({ driver: adminUrl ? 'postgres' : 'pglite', adminUrl, prefix: 'bench' });
}

const pct = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)}%`;
const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

async function texturedPng(i: number): Promise<Buffer> {
  const size = 256;
  const raw = Buffer.alloc(size * size * 3);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const o = (y * size + x) * 3;
      const v = (Math.sin((x + i) / 7) * Math.cos((y - i) / 11) + 1) * 110;
      raw[o] = (v + i * 37) % 256;
      raw[o + 1] = (v * 0.7 + i * 11) % 256;
      raw[o + 2] = (255 - v + i * 5) % 256;
    }
  return sharp(raw, { raw: { width: size, height: size, channels: 3 } })
    .png()
    .toBuffer();
}

async function seedCorpus(h: DbHandle, store: ImageStore, n: number): Promise<number[]> {
  await h.query(`insert into benchmarks (slug, name, source) values ('emb-bench', 'bench', 'generated')`);
  await h.query(`insert into benchmark_revisions (benchmark_id, revision, status) values (1, 'b1', 'complete')`);
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const bytes = await texturedPng(i);
    const hash = await store.put(bytes);
    const [row] = await h.query<{ id: number }>(
      `insert into images (benchmark_id, revision_id, source_image_id, content_hash, byte_size, mime_type, width,
         height, channels, bit_depth, label_names, synthetic, split, source_file, source_row)
       values (1, 1, $1, $2, $3, 'image/png', 256, 256, 3, 8, '{x}', false, 'test', 'bench', $4) returning id`,
      [`img-${i}`, hash, bytes.length, i],
    );
    ids.push(row!.id);
  }
  return ids;
}

async function benchEmbedding(opts: Opts, modelDir: string): Promise<void> {
  const { handle, drop } = await openDb();
  try {
    const store = new ImageStore(await mkdtemp(join(tmpdir(), 'stratum-bench-emb-')));
    const ids = await seedCorpus(handle, store, opts.images);
    const { version } = await registerModel(handle, { dir: modelDir, slug: 'bench-model' });
    const pool = new EmbedderPool({ batchSize: opts.batch, decodeConcurrency: 8 });
    const service = new EmbeddingService(handle, store, pool);
    const embedder = (await pool.get(version)) as OnnxEmbedder;
    await embedder.visionSession();
    await embedder.textSession();
    await embedder.imagePreprocessor();
    // Warm-up outside the measurement: one batch through ONNX Runtime.
    const { height, width } = embedder.spec.imageSize;
    const size = 3 * height * width;
    await embedder.runVision(new Float32Array(opts.batch * size), opts.batch);
    Object.assign(embedder.stats, { preprocessMs: 0, inferenceMs: 0, imageInferenceCalls: 0 });

    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const t0 = performance.now();
    for (let i = 0; i < ids.length; i += 256) await service.imageEmbeddings(version, ids.slice(i, i + 256));
    const wall = performance.now() - t0;
    loopDelay.disable();
    const s = embedder.stats;
    const db = service.stats.databaseMs;
    console.log(
      `driver: ${handle.driver}; model: ${version.slug} (${modelDir}), ${version.dimensions} dims, input ${width}×${height}, batch ${opts.batch}`,
    );
    console.log(
      `A. images end to end: ${ids.length} images in ${(wall / 1000).toFixed(2)} s = ${((1000 * ids.length) / wall).toFixed(1)} images/s`,
    );
    console.log(
      `   share of wall time: decode+preprocess ${pct(s.preprocessMs, wall)}, inference ${pct(s.inferenceMs, wall)}, ` +
        `database ${pct(db, wall)} (decode of the next batch overlaps inference, so the shares can sum past 100%)`,
    );
    console.log(
      `   event-loop delay during the run (the server keeps answering): p50 ${(loopDelay.percentile(50) / 1e6).toFixed(1)} ms, ` +
        `p99 ${(loopDelay.percentile(99) / 1e6).toFixed(1)} ms, max ${(loopDelay.max / 1e6).toFixed(1)} ms`,
    );
    const pixels = new Float32Array(opts.batch * size).map(() => Math.random() * 2 - 1);
    const batches = Math.ceil(ids.length / opts.batch);
    const t1 = performance.now();
    for (let b = 0; b < batches; b++) await embedder.runVision(pixels, opts.batch);
    const ortWall = performance.now() - t1;
    const ortRate = (1000 * batches * opts.batch) / ortWall;
    const e2eRate = (1000 * ids.length) / wall;
    console.log(
      `   ONNX Runtime alone on pre-made tensors: ${ortRate.toFixed(1)} images/s; end-to-end / ORT-alone = ${(e2eRate / ortRate).toFixed(3)}`,
    );

    const texts = Array.from(
      { length: opts.texts },
      (_, i) => `A micrograph of cells of class number ${i} under light microscopy.`,
    );
    const before = service.stats.databaseMs;
    const t2 = performance.now();
    for (let i = 0; i < texts.length; i += 256) await service.textEmbeddings(version, texts.slice(i, i + 256));
    const textWall = performance.now() - t2;
    const textDb = service.stats.databaseMs - before;
    const t3 = performance.now();
    for (let i = 0; i < texts.length; i += opts.batch) await embedder.runText(texts.slice(i, i + opts.batch));
    const textOrt = performance.now() - t3;
    console.log(
      `B. texts end to end: ${texts.length} in ${(textWall / 1000).toFixed(2)} s = ${((1000 * texts.length) / textWall).toFixed(0)} texts/s ` +
        `(database ${pct(textDb, textWall)}); tokenizer + text tower alone ${((1000 * texts.length) / textOrt).toFixed(0)} texts/s`,
    );
    await pool.close();
  } finally {
    await drop();
  }
}

async function benchSearch(opts: Opts, dims: number): Promise<void> {
  for (const n of opts.sizes) {
    const { handle, drop } = await openDb();
    try {
      const q = (text: string, params?: unknown[]) => handle.query(text, params);
      await q(`insert into benchmarks (slug, name, source) values ('search-bench', 'bench', 'generated')`);
      await q(`insert into benchmark_revisions (benchmark_id, revision, status) values (1, 'b1', 'complete')`);
      await q(`insert into source_datasets (slug, name) select 'ds-' || g, 'ds ' || g from generate_series(1, 10) g`);
      await q(
        `insert into images (benchmark_id, revision_id, source_image_id, content_hash, byte_size, mime_type, width, height,
           channels, bit_depth, label_names, synthetic, split, source_file, source_row, source_dataset_id)
         select 1, 1, 'img-' || g, md5(g::text) || md5(g::text), 1, 'image/png', 224, 224, 3, 8, '{x}', false, 'test',
           'bench', g, 1 + g % 10
         from generate_series(1, ${n}) g`,
      );
      await q(`insert into models (slug, name, kind) values ('synthetic', 'synthetic', 'contrastive')`);
      await q(
        `insert into model_versions (model_id, weights_hash, preprocessing_hash, dimensions, path) values (1, 'synthetic', '', ${dims}, '/nonexistent')`,
      );
      const t0 = performance.now();
      await q(
        `insert into image_embeddings (image_id, model_version_id, dimensions, embedding)
         select i.id, 1, ${dims}, (select array_agg(random() - 0.5)::real[] from generate_series(1, ${dims}) g where i.id > 0)::vector
         from images i`,
      );
      // As autovacuum would after a real import; without statistics the planner picks poor joins.
      await q(`analyze images`);
      await q(`analyze image_embeddings`);
      const loadS = (performance.now() - t0) / 1000;
      const version = (await findModelVersionById(handle.db, 1))!;
      const settings = loadEmbeddingSettings({});
      const deps = {
        handle,
        embeddings: new EmbeddingService(handle, new ImageStore(tmpdir()), new EmbedderPool()),
        settings,
      };
      const run = async (filtered: boolean) => {
        const times: number[] = [];
        for (let i = 0; i < opts.queries; i++) {
          const imageId = 1 + Math.floor(Math.random() * n);
          const t = performance.now();
          const r = await similarImages(deps, {
            version,
            to: { imageId },
            k: 20,
            filter: filtered ? { sourceDataset: { in: [1 + (i % 10)] } } : null,
          });
          times.push(performance.now() - t);
          if (r.hits.length !== 20) throw new Error(`expected 20 hits, got ${r.hits.length}`);
        }
        return `median ${quantile(times, 0.5).toFixed(1)} ms, p95 ${quantile(times, 0.95).toFixed(1)} ms`;
      };
      await run(true);
      console.log(
        `C. similarImages k=20 at ${n.toLocaleString('en')} images (${dims} dims, ${handle.driver}; vectors generated in ${loadS.toFixed(1)} s): ` +
          `filter (10%): ${await run(true)}; unfiltered exact: ${await run(false)}`,
      );
    } finally {
      await drop();
    }
  }
}

export async function run(argv: string[]): Promise<void> {
  const opts = parseOpts(argv);
  const demo = new URL('../models/ubench-demo-clip', import.meta.url).pathname;
  const modelDir =
    opts.model ?? (existsSync(demo) ? demo : await writeTinyClip(await mkdtemp(join(tmpdir(), 'stratum-bench-tiny-'))));
  if (opts.images > 0) await benchEmbedding(opts, modelDir);
  const { readModelDir } = await import('../src/models/layout.js');
  const spec = await readModelDir(modelDir);
  await benchSearch(opts, spec.declaredDimensions ?? 128);
}
