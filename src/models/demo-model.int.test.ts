import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AutoTokenizer } from '@huggingface/transformers';
import { EmbedderPool } from '../embeddings/embedder-pool.js';
import { EmbeddingService } from '../embeddings/service.js';
import { loadEmbeddingSettings } from '../embeddings/settings.js';
import { useLocalModelsOnly } from '../embeddings/transformers-env.js';
import { evaluate, type EvaluationDeps } from '../predictions/evaluate.js';
import { InProcessQueue } from '../predictions/jobs.js';
import { createTestRuntime, type TestRuntime } from '../test-utils/runtime.js';
import { testDriver } from '../test-utils/db.js';
import { ensureDemoCorpus } from '../../seeds/demo/ensure.js';
import { builtInModels } from './built-in.js';
import type { ModelVersionRow } from '../db/queries/model-versions.js';
import { registerModel } from '../embeddings/registry.js';

type FixedSubset = {
  images: number;
  image_ids: string[];
  image_sha256?: string[];
  by_template: Record<'template_0' | 'template_1', { n: number; correct: number }>;
  predictions: { image_id: string; key: string; pred: number; gold: number }[];
};

/**
 * Tolerance between the trainer's PyTorch predictions and the server path (sharp + transformers.js
 * preprocessing and tokenizer, onnxruntime-node): 2 questions in 100. Embeddings agree to ~1e-6, so only a
 * near-tie between two options could flip; this leaves room for another CPU's float rounding.
 */
const TOLERANCE = 0.02;

// The shipped built-in models (training/ writes them; each card and metrics.json sit beside the ONNX files).
describe.each(builtInModels)(`built-in demo model $slug (${testDriver})`, ({ slug, dir: MODEL_DIR }) => {
  let rt: TestRuntime;
  let subset: FixedSubset;
  let version: ModelVersionRow;
  let deps: EvaluationDeps;
  let pool: EmbedderPool;

  beforeAll(async () => {
    const metrics = JSON.parse(await readFile(resolve(MODEL_DIR, 'metrics.json'), 'utf8')) as {
      fixed_subset: FixedSubset;
    };
    subset = metrics.fixed_subset;
    rt = await createTestRuntime();
    // The demo corpus is a pure function of (seed, row, image size): its first N rows are the trainer's subset.
    await ensureDemoCorpus(rt, { corpus: { count: subset.images }, progressBar: false, log: () => undefined });
    version = (await registerModel(rt.handle, { dir: MODEL_DIR, slug })).version;
    const settings = { ...loadEmbeddingSettings({}), evalInlineThreshold: 10_000 };
    pool = new EmbedderPool({ batchSize: 32 });
    const embeddings = new EmbeddingService(rt.handle, rt.store, pool);
    deps = { handle: rt.handle, embeddings, settings, queue: new InProcessQueue({ handle: rt.handle, embeddings, settings }) };
  }, 120_000);
  afterAll(async () => {
    await pool?.close();
    await rt?.destroy();
  });

  it('registers through the registry as a 128-d contrastive model with its own preprocessing', () => {
    expect(version).toMatchObject({ slug, kind: 'contrastive', dimensions: 128 });
    expect(version.preprocessing).toMatchObject({
      imageSize: { height: 64, width: 64 },
      image: { size: { shortest_edge: 64 }, crop_size: { height: 64, width: 64 }, resample: 1, do_center_crop: true },
      tokenizer: { maxLength: 64 },
    });
  });

  it('ships the preprocessing the trainer packed its images with', async () => {
    const read = async (path: string) => JSON.parse(await readFile(path, 'utf8')) as unknown;
    expect(await read(resolve(MODEL_DIR, 'preprocessor_config.json'))).toEqual(
      await read(resolve(MODEL_DIR, '../../training/preprocessor_config.json')),
    );
  });

  it('tokenizes every caption option of the demo corpus without [UNK]', async () => {
    useLocalModelsOnly();
    const tokenizer = await AutoTokenizer.from_pretrained(MODEL_DIR);
    const options = await rt.handle.query<{ option: string }>(
      `select distinct unnest(options) as option from questions where protocol = 'caption' order by 1`,
    );
    expect(options.length).toBeGreaterThan(100);
    const unk = tokenizer.convert_tokens_to_ids('[UNK]');
    expect(unk).toBe(1);
    const withUnk = options
      .map((o) => o.option)
      .filter((text) => tokenizer.encode(text).includes(unk));
    expect(withUnk).toEqual([]);
  });

  it('imports exactly the images of the fixed subset', async () => {
    const rows = await rt.handle.query<{ source_image_id: string }>(
      `select source_image_id from images order by source_image_id`,
    );
    expect(rows.map((r) => r.source_image_id)).toEqual([...subset.image_ids].sort());
  });

  /** How many subset images differ from the bytes the trainer measured (0 when metrics.json has no hashes). */
  async function redrawn(): Promise<number> {
    if (!subset.image_sha256) return 0;
    const trained = new Map(subset.image_ids.map((id, i) => [id, subset.image_sha256![i]]));
    const rows = await rt.handle.query<{ source_image_id: string; content_hash: string }>(
      `select source_image_id, content_hash from images`,
    );
    return rows.filter((r) => trained.get(r.source_image_id) !== r.content_hash).length;
  }

  it("shows the card's per-domain figures: accuracy by domain on the subset as the trainer measured it", async () => {
    const card = JSON.parse(await readFile(resolve(MODEL_DIR, 'metrics.json'), 'utf8')) as {
      settings: { train_domains?: string[] | 'all' };
      zero_shot: { by_domain?: Record<string, { coarse: { accuracy: number } }> };
    };
    const { run } = await evaluate(deps, { version, filter: null, template: 1 });
    const rows = await rt.handle.query<{ domain: string; correct: number; n: number }>(
      `select d.slug as domain, count(*) filter (where p.is_correct)::int as correct, count(*)::int as n
       from predictions p join questions q on q.id = p.question_id join images i on i.id = q.image_id
       join domains d on d.id = i.domain_id
       where p.run_id = $1 and q.key not like 'classification%' group by d.slug order by 1`,
      [run.id],
    );
    expect(rows.map((r) => r.domain)).toEqual(['biology', 'pathology']);
    const acc = Object.fromEntries(rows.map((r) => [r.domain, r.correct / r.n]));
    const byDomain = card.zero_shot.by_domain;
    if (card.settings.train_domains === undefined || card.settings.train_domains === 'all') {
      // The generalist: no domain left behind (the card: coarse ≥ 94 % on every task).
      expect(Math.min(acc.biology!, acc.pathology!)).toBeGreaterThan(0.9);
    } else {
      // The pathology specialist: the card says near-perfect on pathology and below chance elsewhere; the subset
      // (64 images, template 1, coarse questions) shows the same split within 10 points of the card's figures.
      expect(card.settings.train_domains).toEqual(['pathology']);
      expect(Math.abs(acc.pathology! - byDomain!.pathology!.coarse.accuracy)).toBeLessThan(0.1);
      expect(Math.abs(acc.biology! - byDomain!.biology!.coarse.accuracy)).toBeLessThan(0.1);
      expect(acc.pathology! - acc.biology!).toBeGreaterThan(0.7);
    }
  }, 120_000);

  for (const template of [0, 1] as const) {
    it(`reproduces the model card's zero-shot accuracy on the fixed subset (template ${template})`, async () => {
      const { run } = await evaluate(deps, { version, filter: null, template });
      const expected = subset.by_template[`template_${template}`];
      expect(run).toMatchObject({ status: 'complete', total: expected.n, done: expected.n, failed: 0 });
      const rows = await rt.handle.query<{ source_image_id: string; key: string; chosen_index: number; is_correct: boolean }>(
        `select i.source_image_id, q.key, p.chosen_index, p.is_correct
         from predictions p join questions q on q.id = p.question_id join images i on i.id = q.image_id
         where p.run_id = $1`,
        [run.id],
      );
      expect(rows).toHaveLength(expected.n);
      const correct = rows.filter((r) => r.is_correct).length;
      expect(Math.abs(correct - expected.correct)).toBeLessThanOrEqual(Math.floor(TOLERANCE * expected.n));
      const trainer = new Map(subset.predictions.map((p) => [`${p.image_id}/${p.key}`, p.pred]));
      const agree = rows.filter((r) => trainer.get(`${r.source_image_id}/${r.key}`) === r.chosen_index).length;
      // If this fails, check whether the demo generator now draws other pixels than the card measured
      // (metrics.json fixed_subset.image_sha256 vs images.content_hash): then retrain (bash training/train.sh).
      expect(agree, `${await redrawn()} of the subset's images were redrawn since training`).toBeGreaterThanOrEqual(
        Math.ceil((1 - TOLERANCE) * expected.n),
      );
    }, 120_000);
  }
});
