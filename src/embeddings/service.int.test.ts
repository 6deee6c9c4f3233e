import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageEmbeddings, textEmbeddings } from '../db/schema/index.js';
import { registerModel } from './registry.js';
import type { ModelVersionRow } from '../db/queries/model-versions.js';
import { createTestDb, testDriver, type TestDb } from '../test-utils/db.js';
import { writeTinyClip } from '../test-utils/tiny-clip.js';
import { EmbedderPool } from './embedder-pool.js';
import { EmbeddingError } from '../errors.js';
import type { OnnxEmbedder } from './onnx.js';
import { EmbeddingService } from './service.js';
import { createColourCorpus, type ColourCorpus } from '../test-utils/embeddings.js';

describe(`embedding cache service (${testDriver})`, () => {
  let t: TestDb;
  let corpus: ColourCorpus;
  let version: ModelVersionRow;
  let dir: string;
  beforeAll(async () => {
    t = await createTestDb();
    corpus = await createColourCorpus(t.db, 10, { corrupt: true });
    dir = await writeTinyClip(await mkdtemp(join(tmpdir(), 'stratum-svc-')));
    version = (await registerModel(t, { dir, slug: 'tiny' })).version;
  });
  afterAll(async () => t?.destroy());

  /** A fresh service and pool (batch size 4), and the pool's embedder for counting inference calls. */
  async function fresh(batchSize = 4) {
    const pool = new EmbedderPool({ batchSize });
    const service = new EmbeddingService(t, corpus.store, pool);
    const embedder = (await pool.get(version)) as OnnxEmbedder;
    return { pool, service, embedder };
  }

  const colourIds = () => corpus.images.filter((i) => i.colour).map((i) => i.id);

  it('embeds N images in ceil(N / batch) inference calls, stores them, and reads them back next time', async () => {
    const { service, embedder } = await fresh(4);
    const ids = colourIds();
    expect(ids).toHaveLength(10);
    const first = await service.imageEmbeddings(version, ids);
    expect(embedder.stats.imageInferenceCalls).toBe(Math.ceil(10 / 4));
    expect(first.every((v) => v instanceof Float32Array && v.length === 8)).toBe(true);
    for (const v of first as Float32Array[]) expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    const stored = await t.db.select().from(imageEmbeddings);
    expect(stored.filter((r) => r.modelVersionId === version.id)).toHaveLength(10);

    const { service: again, embedder: second } = await fresh(4);
    const cached = await again.imageEmbeddings(version, [...ids].reverse());
    expect(second.stats.imageInferenceCalls).toBe(0);
    cached.reverse().forEach((v, i) => {
      expect([...(v as Float32Array)].map((x) => x.toFixed(5))).toEqual(
        [...(first[i] as Float32Array)].map((x) => x.toFixed(5)),
      );
    });
  });

  it('computes concurrent requests for the same missing images once', async () => {
    await t.db.delete(imageEmbeddings);
    const { service, embedder } = await fresh(4);
    const ids = colourIds();
    const [a, b, c] = await Promise.all([
      service.imageEmbeddings(version, ids),
      service.imageEmbeddings(version, ids.slice(0, 5)),
      service.imageEmbeddings(version, [ids[9]!, ids[9]!]),
    ]);
    expect(embedder.stats.imagesEmbedded).toBe(10);
    expect(embedder.stats.imageInferenceCalls).toBe(3);
    expect(service.stats.imagesComputed).toBe(10);
    expect(b[0]).toBe(a[0]);
    expect(c).toEqual([a[9], a[9]]);
  });

  it('marks an unreadable or missing image with its reason and embeds the rest of the batch', async () => {
    const { service, embedder } = await fresh(4);
    const corrupt = corpus.images.find((i) => !i.colour)!.id;
    const [ok, bad, missing] = await service.imageEmbeddings(version, [colourIds()[0]!, corrupt, 999_999]);
    expect(ok).toBeInstanceOf(Float32Array);
    expect(bad).toBeInstanceOf(EmbeddingError);
    expect((bad as EmbeddingError).code).toBe('IMAGE_UNREADABLE');
    expect((bad as EmbeddingError).message).toMatch(/^cannot decode image: /);
    expect(missing).toMatchObject({ code: 'IMAGE_MISSING', message: 'image 999999 does not exist' });
    expect(embedder.stats.imageInferenceCalls).toBe(0);
    const rows = await t.query<{ n: number }>(`select count(*)::int as n from image_embeddings where image_id = $1`, [
      corrupt,
    ]);
    expect(rows).toEqual([{ n: 0 }]);
  });

  it('deduplicates texts by hash, within a call and across calls', async () => {
    const { service, embedder } = await fresh(4);
    const texts = ['A photo of red cells.', 'A photo of red cells.', 'none of the above', 'A photo of red cells.'];
    const out = await service.textEmbeddings(version, texts);
    expect(embedder.stats.textsEmbedded).toBe(2);
    expect(embedder.stats.textInferenceCalls).toBe(1);
    expect(out[0]).toBe(out[1]);
    expect(out[0]).toBe(out[3]);
    const again = await service.textEmbeddings(version, ['none of the above', 'blue']);
    expect(embedder.stats.textsEmbedded).toBe(3);
    expect([...again[0]!]).toEqual([...out[2]!]);
    const rows = await t.db.select({ text: textEmbeddings.text }).from(textEmbeddings);
    expect(rows.map((r) => r.text).sort()).toEqual(['A photo of red cells.', 'blue', 'none of the above']);
  });

  it('gives the same vectors whether inference runs on the worker thread or the main thread', async () => {
    const ids = colourIds().slice(0, 5);
    const results = [];
    for (const inferenceThread of ['worker', 'main'] as const) {
      await t.db.delete(imageEmbeddings);
      const pool = new EmbedderPool({ batchSize: 4, inferenceThread });
      const service = new EmbeddingService(t, corpus.store, pool);
      results.push(await service.imageEmbeddings(version, ids));
      results.push(await service.textEmbeddings(version, ['A photo of blue cells.']));
      await pool.close();
    }
    const plain = (vs: unknown[]) => vs.map((v) => [...(v as Float32Array)]);
    expect(plain(results[0]!)).toEqual(plain(results[2]!));
    expect(plain(results[1]!)).toEqual(plain(results[3]!));
  });

  it('refuses to embed when the model files changed since registration', async () => {
    const changed = await writeTinyClip(await mkdtemp(join(tmpdir(), 'stratum-chg-')));
    const v = (await registerModel(t, { dir: changed, slug: 'changing' })).version;
    await writeFile(join(changed, 'onnx', 'text_model.onnx'), new Uint8Array([1, 2, 3]));
    const service = new EmbeddingService(t, corpus.store, new EmbedderPool());
    await expect(service.textEmbeddings(v, ['red'])).rejects.toMatchObject({
      code: 'EMBEDDING_UNAVAILABLE',
      message: `model changing: the files at ${changed} changed since registration; register the directory again`,
    });
  });
});
