import { existsSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { loadConfig } from '../src/config.js';
import { createContext } from '../src/context.js';
import { createScratchDb } from '../src/db/scratch.js';
import { evaluationRuntimeFor } from '../src/predictions/runtime.js';
import type { Runtime } from '../src/runtime.js';
import { createServer } from '../src/server.js';
import type { DbHandle } from '../src/db/client.js';
import { EmbedderPool } from '../src/embeddings/embedder-pool.js';
import type { OnnxEmbedder } from '../src/embeddings/onnx.js';
import { EmbeddingService } from '../src/embeddings/service.js';
import { loadEmbeddingSettings } from '../src/embeddings/settings.js';
import { createTokenizer } from '../src/embeddings/tokenize.js';
import { findModelVersionById } from '../src/db/queries/model-versions.js';
import { registerModel } from '../src/embeddings/registry.js';
import { similarImages } from '../src/search/similar.js';
import { ImageStore } from '../src/store/image-store.js';
import { writeTinyClip } from '../src/test-utils/tiny-clip.js';

/**
 * `npm run bench embeddings [-- --model=DIR --images=384 (0: skip A and B) --image-px=256 --texts=2000 --batch=32
 *   --threads=N --rounds=3 --sizes=17000,100000 (0: skip C) --queries=20]`
 *
 * A. Images, in `--rounds` interleaved rounds (the order alternates each round): `--images` distinct PNGs
 *    (`--image-px` a side, textured, tinted per image) in a temporary image store and database, embedded cold
 *    through the embedding service (store read, sharp decode + preprocessing, ONNX on the inference worker thread,
 *    pgvector upsert) in chunks of 256 as `stratum embed` does, against ONNX Runtime alone: its own
 *    `InferenceSession` on the same file, same intra-op threads (`--threads`, default ORT's), same batch, on a
 *    pre-made tensor. Prints images/s per side and round, the ratio, and the 1-minute load average of each round.
 * B. Texts, in the same rounds: `--texts` distinct captions per round through the service (tokenize + ONNX +
 *    upsert) against the text tower alone on a pre-tokenized batch.
 * D. `--coverage=N` (default 0: skipped; the lead runs 17315): see `benchCoverage`.
 * C. similarImages, k = 20, under a filter (one of 10 source datasets, 10% of the images), exact: synthetic
 *    vectors (random, the model's width) for 17,000 and 100,000 images generated in SQL; median and p95 of
 *    `--queries` searches by image id; also the unfiltered exact search for scale.
 * Database: PGlite in memory, or PostgreSQL (a throw-away database) when TEST_DATABASE_URL is set.
 * Model: `--model`, default models/ubench-demo-clip (the shipped demo model), else a generated tiny CLIP.
 */
type Opts = {
  model?: string;
  images: number;
  imagePx: number;
  texts: number;
  batch: number;
  threads?: number;
  rounds: number;
  coverage: number;
  sizes: number[];
  queries: number;
};

function parseOpts(argv: string[]): Opts {
  const get = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  return {
    model: get('model'),
    images: Number(get('images') ?? 384),
    imagePx: Number(get('image-px') ?? 256),
    threads: get('threads') ? Number(get('threads')) : undefined,
    rounds: Number(get('rounds') ?? 3),
    coverage: Number(get('coverage') ?? 0),
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

async function texturedPng(i: number, size: number): Promise<Buffer> {
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

async function seedCorpus(h: DbHandle, store: ImageStore, n: number, px: number): Promise<number[]> {
  await h.query(`insert into benchmarks (slug, name, source) values ('emb-bench', 'bench', 'generated')`);
  await h.query(`insert into benchmark_revisions (benchmark_id, revision, status) values (1, 'b1', 'complete')`);
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const bytes = await texturedPng(i, px);
    const hash = await store.put(bytes);
    const [row] = await h.query<{ id: number }>(
      `insert into images (benchmark_id, revision_id, source_image_id, content_hash, byte_size, mime_type, width,
         height, channels, bit_depth, label_names, synthetic, split, source_file, source_row)
       values (1, 1, $1, $2, $3, 'image/png', $5, $5, 3, 8, '{x}', false, 'test', 'bench', $4) returning id`,
      [`img-${i}`, hash, bytes.length, i, px],
    );
    ids.push(row!.id);
  }
  return ids;
}

type Rate = { items: number; ms: number };
const rate = (r: Rate) => (1000 * r.items) / r.ms;
const load1 = () => loadavg()[0]!.toFixed(2);

/**
 * ONNX Runtime alone, as a user of onnxruntime-node would call it: its own session on this thread, same file, same
 * intra-op threads, same batch size, inputs made before the clock starts.
 */
async function ortAlone(file: string, threads: number | undefined) {
  const session = await ort.InferenceSession.create(file, threads ? { intraOpNumThreads: threads } : {});
  return {
    session,
    async run(feeds: Record<string, ort.Tensor>, rounds: number): Promise<number> {
      const t = performance.now();
      for (let i = 0; i < rounds; i++) await session.run(feeds);
      return performance.now() - t;
    },
  };
}

async function benchEmbedding(opts: Opts, modelDir: string): Promise<void> {
  const { handle, drop } = await openDb();
  try {
    const store = new ImageStore(await mkdtemp(join(tmpdir(), 'stratum-bench-emb-')));
    const ids = await seedCorpus(handle, store, opts.images, opts.imagePx);
    const { version, spec } = await registerModel(handle, { dir: modelDir, slug: 'bench-model' });
    const pool = new EmbedderPool({ batchSize: opts.batch, decodeConcurrency: 8, threads: opts.threads });
    const service = new EmbeddingService(handle, store, pool);
    const embedder = (await pool.get(version)) as OnnxEmbedder;
    await embedder.visionSession();
    await embedder.textSession();
    await embedder.imagePreprocessor();
    const { height, width } = embedder.spec.imageSize;
    const size = 3 * height * width;
    const vision = await ortAlone(spec.vision.file, opts.threads);
    const text = await ortAlone(spec.text.file, opts.threads);
    const pixels = new Float32Array(opts.batch * size).map(() => Math.random() * 2 - 1);
    const visionFeeds = { [spec.vision.input]: new ort.Tensor('float32', pixels, [opts.batch, 3, height, width]) };
    const captions = (round: number) =>
      Array.from(
        { length: opts.texts },
        (_, i) => `A micrograph of cells of class number ${i} (round ${round}) under light microscopy.`,
      );
    const tokenized = (await createTokenizer(spec))(captions(-1).slice(0, opts.batch));
    const textFeeds: Record<string, ort.Tensor> = {
      [spec.text.inputIds]: new ort.Tensor('int64', tokenized.inputIds, [tokenized.n, tokenized.length]),
    };
    if (spec.text.attentionMask && text.session.inputNames.includes(spec.text.attentionMask)) {
      textFeeds[spec.text.attentionMask] = new ort.Tensor('int64', tokenized.attentionMask, [
        tokenized.n,
        tokenized.length,
      ]);
    }
    // Warm-up outside the measurement: one batch each way.
    await vision.run(visionFeeds, 1);
    await text.run(textFeeds, 1);
    await embedder.runVision(pixels, opts.batch);
    await service.textEmbeddings(version, captions(-2).slice(0, opts.batch));
    console.log(
      `driver: ${handle.driver}; model: ${version.slug} (${modelDir}), ${version.dimensions} dims, input ${width}×${height}, ` +
        `batch ${opts.batch}, ORT intra-op threads ${opts.threads ?? "ORT's default"}, ${opts.rounds} interleaved rounds`,
    );

    const stratumImages: Rate[] = [];
    const ortImages: Rate[] = [];
    const stratumTexts: Rate[] = [];
    const ortTexts: Rate[] = [];
    const loads: string[] = [];
    const visionBatches = Math.ceil(ids.length / opts.batch);
    const textBatches = Math.ceil(opts.texts / opts.batch);
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    for (let round = 0; round < opts.rounds; round++) {
      loads.push(load1());
      await handle.query('delete from image_embeddings where model_version_id = $1', [version.id]);
      const texts = captions(round);
      const steps = [
        async () => {
          Object.assign(embedder.stats, { preprocessMs: 0, inferenceMs: 0 });
          const db0 = service.stats.databaseMs;
          loopDelay.enable();
          const t = performance.now();
          for (let i = 0; i < ids.length; i += 256) await service.imageEmbeddings(version, ids.slice(i, i + 256));
          const ms = performance.now() - t;
          loopDelay.disable();
          stratumImages.push({ items: ids.length, ms });
          const s = embedder.stats;
          console.log(
            `  round ${round + 1} images via Stratum: ${rate({ items: ids.length, ms }).toFixed(1)}/s; share of wall: ` +
              `decode+preprocess ${pct(s.preprocessMs, ms)}, inference ${pct(s.inferenceMs, ms)}, database ${pct(service.stats.databaseMs - db0, ms)}`,
          );
        },
        async () =>
          ortImages.push({ items: visionBatches * opts.batch, ms: await vision.run(visionFeeds, visionBatches) }),
        async () => {
          const t = performance.now();
          for (let i = 0; i < texts.length; i += 256) await service.textEmbeddings(version, texts.slice(i, i + 256));
          stratumTexts.push({ items: texts.length, ms: performance.now() - t });
        },
        async () => ortTexts.push({ items: textBatches * opts.batch, ms: await text.run(textFeeds, textBatches) }),
      ];
      // Alternate which side goes first, so that neither always gets the warmer (or quieter) turn.
      const order = round % 2 === 0 ? [0, 1, 2, 3] : [1, 0, 3, 2];
      for (const i of order) await steps[i]!();
    }
    const total = (rs: Rate[]) =>
      rs.reduce((a, r) => ({ items: a.items + r.items, ms: a.ms + r.ms }), { items: 0, ms: 0 });
    console.log(
      `\n| ${version.slug}: ${width}×${height}, batch ${opts.batch} | Stratum (end to end) | ONNX Runtime alone (pre-made tensors) | ratio | load avg per round |`,
    );
    console.log('|---|---|---|---|---|');
    const row = (what: string, a: Rate[], b: Rate[]) =>
      console.log(
        `| ${what} | ${rate(total(a)).toFixed(1)}/s (rounds: ${a.map((r) => rate(r).toFixed(1)).join(', ')}) | ` +
          `${rate(total(b)).toFixed(1)}/s (rounds: ${b.map((r) => rate(r).toFixed(1)).join(', ')}) | ` +
          `**${(rate(total(a)) / rate(total(b))).toFixed(2)}×** (goal ≥ 0.8×) | ${loads.join(', ')} |`,
      );
    row(
      `images (${ids.length} ${opts.imagePx} px PNGs per round: store, decode, preprocess, infer, upsert)`,
      stratumImages,
      ortImages,
    );
    row(`texts (${opts.texts} captions per round: tokenize, infer, upsert)`, stratumTexts, ortTexts);
    console.log(
      `event-loop delay while Stratum embedded images: p50 ${(loopDelay.percentile(50) / 1e6).toFixed(1)} ms, ` +
        `p99 ${(loopDelay.percentile(99) / 1e6).toFixed(1)} ms, max ${(loopDelay.max / 1e6).toFixed(1)} ms`,
    );
    await vision.session.release();
    await text.session.release();
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

/**
 * D. From a `results` query naming a newly registered model to COMPLETE coverage: a demo corpus of `--coverage`
 * rows (seeds/demo, 192 px images, cached under the temp dir, imported into a scratch database), the model
 * registered under a new slug, then `results(models: [slug], groupBy: [MODALITY])` through the GraphQL server
 * (in-process `executeOperation`), which queues the evaluation; the same query is repeated every second until its
 * coverage says done = total.
 */
async function benchCoverage(opts: Opts, modelDir: string): Promise<void> {
  const { handle, drop } = await openDb();
  try {
    const cacheDir = join(tmpdir(), 'stratum-bench-coverage', `n${opts.coverage}`);
    if (!existsSync(join(cacheDir, '.complete'))) {
      const { generateDemoCorpus } = await import('../seeds/demo/index.js');
      await generateDemoCorpus({ outDir: cacheDir, seed: 7, count: opts.coverage, shardRows: 2500, batchRows: 100 });
      writeFileSync(join(cacheDir, '.complete'), '');
    }
    const dataDir = await mkdtemp(join(tmpdir(), 'stratum-bench-cov-'));
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    const store = new ImageStore(join(dataDir, 'images'));
    const runtime: Runtime = { config, handle, store, close: async () => undefined };
    const { importRelease } = await import('../src/importer/index.js');
    const imported = await importRelease(runtime, {
      sources: [cacheDir],
      benchmark: { slug: 'ubench-demo', name: 'demo', source: 'generated' },
      revision: 'cov-1',
    });
    const settings = {
      ...loadEmbeddingSettings(),
      batchSize: opts.batch,
      ...(opts.threads ? { threads: opts.threads } : {}),
    };
    const emb = await evaluationRuntimeFor(runtime, { settings });
    const server = await createServer(runtime);
    try {
      const t0 = performance.now();
      const { version } = await registerModel(handle, { dir: modelDir, slug: 'coverage-model' });
      const registerMs = performance.now() - t0;
      const query = `{ results(models: ["coverage-model"], groupBy: [MODALITY]) { coverage { mode done total failed error } } }`;
      type Cov = { mode: string; done: number; total: number; failed: number; error: string | null };
      const ask = async (): Promise<Cov> => {
        const response = await server.apollo.executeOperation(
          { query },
          { contextValue: createContext({ runtime, auth: { apiKey: null } }) },
        );
        if (response.body.kind !== 'single') throw new Error('expected a single result');
        const { data, errors } = response.body.singleResult as {
          data?: { results: { coverage: Cov[] } };
          errors?: unknown[];
        };
        if (errors?.length) throw new Error(JSON.stringify(errors));
        return data!.results.coverage[0]!;
      };
      const load = load1();
      const t1 = performance.now();
      let cov = await ask();
      const firstMs = performance.now() - t1;
      const firstMode = cov.mode;
      while (cov.done < cov.total && !cov.error) {
        await new Promise((r) => setTimeout(r, 1000));
        cov = await ask();
      }
      const ms = performance.now() - t1;
      const images = await handle.query<{ n: number }>(
        'select count(*)::int as n from image_embeddings where model_version_id = $1',
        [version.id],
      );
      console.log(
        `\n| D. results → COMPLETE coverage (${handle.driver}) | images | questions | first answer | to complete | images/s | load avg at start |`,
      );
      console.log('|---|---|---|---|---|---|---|');
      console.log(
        `| ${version.slug} (${modelDir}; registered in ${(registerMs / 1000).toFixed(1)} s) | ${Number(images[0]!.n)} of ${imported.rowsImported} | ${cov.total} (${cov.failed} failed) | ` +
          `${firstMs.toFixed(0)} ms (${firstMode}) | ${(ms / 1000).toFixed(1)} s | ${((1000 * Number(images[0]!.n)) / ms).toFixed(1)} | ${load} |`,
      );
      if (cov.error) console.log(`coverage error: ${cov.error}`);
    } finally {
      await server.close();
      await emb.close();
    }
  } finally {
    await drop();
  }
}

export async function run(argv: string[]): Promise<void> {
  const opts = parseOpts(argv);
  const demo = new URL('../models/ubench-demo-clip', import.meta.url).pathname;
  const modelDir =
    opts.model ?? (existsSync(demo) ? demo : await writeTinyClip(await mkdtemp(join(tmpdir(), 'stratum-bench-tiny-'))));
  if (opts.images > 0) await benchEmbedding(opts, modelDir);
  if (opts.coverage > 0) await benchCoverage(opts, modelDir);
  const { readModelDir } = await import('../src/models/layout.js');
  const spec = await readModelDir(modelDir);
  await benchSearch(opts, spec.declaredDimensions ?? 128);
}
