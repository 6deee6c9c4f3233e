import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageEmbeddings, predictions, textEmbeddings } from '../db/schema/index.js';
import { EmbedderPool } from '../embeddings/embedder-pool.js';
import type { Embedder } from '../embeddings/embedder.js';
import { EmbeddingService } from '../embeddings/service.js';
import { loadEmbeddingSettings } from '../embeddings/settings.js';
import { createColourCorpus, type ColourCorpus } from '../test-utils/embeddings.js';
import { registerModel } from '../embeddings/registry.js';
import type { ModelVersionRow } from '../db/queries/model-versions.js';
import { createTestDb, testDriver, type TestDb } from '../test-utils/db.js';
import { writeTinyClip } from '../test-utils/tiny-clip.js';
import { evaluate } from './evaluate.js';
import { InProcessQueue } from './jobs.js';

/**
 * The real tiny CLIP (ONNX Runtime), with the outputs for chosen inputs replaced after inference by what a
 * broken export produces: NaN, infinity, the zero vector. Nothing else is faked.
 */
function corrupting(real: Embedder, image: Map<number, number>, texts: Set<string>): Embedder {
  let seen = 0;
  const bad = [NaN, Infinity, 0];
  return {
    dimensions: real.dimensions,
    batchSize: real.batchSize,
    logitScale: real.logitScale,
    stats: real.stats,
    close: () => real.close(),
    async embedImages(images) {
      const out = await real.embedImages(images);
      return out.map((v) => {
        const kind = image.get(seen++);
        return kind === undefined || !(v instanceof Float32Array) ? v : new Float32Array(v.length).fill(bad[kind]!);
      });
    },
    async embedTexts(list) {
      const out = await real.embedTexts(list);
      return out.map((v, i) => (texts.has(list[i]!) ? new Float32Array(v.length).fill(NaN) : v));
    },
  };
}

describe(`NaN, infinite and zero embeddings are failed predictions, never scored (${testDriver})`, () => {
  let t: TestDb;
  let corpus: ColourCorpus;
  let dir: string;
  // One model per test (same files, another slug): nothing one test stores is read by the other.
  const versionFor = async (slug: string): Promise<ModelVersionRow> => (await registerModel(t, { dir, slug })).version;
  beforeAll(async () => {
    t = await createTestDb();
    corpus = await createColourCorpus(t.db, 6);
    dir = await writeTinyClip(await mkdtemp(join(tmpdir(), 'stratum-nan-')));
  });
  afterAll(async () => t?.destroy());

  it('marks the questions of a NaN / infinite / zero image vector failed with EMBEDDING_INVALID', async () => {
    const version = await versionFor('tiny-images');
    const settings = { ...loadEmbeddingSettings({}), evalInlineThreshold: 1000 };
    const pool = new EmbedderPool({ batchSize: 8 });
    // The first three images embedded get NaN, Infinity and zero vectors.
    pool.set(
      version.id,
      corrupting(
        await pool.get(version),
        new Map([
          [0, 0],
          [1, 1],
          [2, 2],
        ]),
        new Set(),
      ),
    );
    const embeddings = new EmbeddingService(t, corpus.store, pool);
    const deps = { handle: t, embeddings, settings, queue: new InProcessQueue({ handle: t, embeddings, settings }) };
    const { run } = await evaluate(deps, { version, filter: { benchmark: { in: [corpus.benchmarkId] } } });
    expect(run).toMatchObject({ status: 'complete', total: 6, done: 6, failed: 3 });
    const rows = await t.db
      .select({ status: predictions.status, error: predictions.error, chosen: predictions.chosenIndex })
      .from(predictions)
      .where(eq(predictions.runId, run.id));
    const failed = rows.filter((r) => r.status === 'failed');
    expect(failed.map((r) => r.error).sort()).toEqual([
      'EMBEDDING_INVALID: the image embedding contains NaN',
      'EMBEDDING_INVALID: the image embedding contains an infinite value',
      'EMBEDDING_INVALID: the image embedding is the zero vector',
    ]);
    expect(failed.every((r) => r.chosen === null)).toBe(true);
    // Nothing invalid was stored: the three images are computed again next time.
    const stored = await t.db
      .select({ n: sql<number>`count(*)::int` })
      .from(imageEmbeddings)
      .where(eq(imageEmbeddings.modelVersionId, version.id));
    expect(stored[0]!.n).toBe(3);
    await pool.close();
  });

  it('does not store a NaN text vector and fails the questions that need it', async () => {
    const version = await versionFor('tiny-texts');
    const settings = { ...loadEmbeddingSettings({}), evalInlineThreshold: 1000 };
    const pool = new EmbedderPool({ batchSize: 8 });
    const poisoned = 'none of the above';
    pool.set(version.id, corrupting(await pool.get(version), new Map(), new Set([poisoned])));
    const embeddings = new EmbeddingService(t, corpus.store, pool);
    const deps = { handle: t, embeddings, settings, queue: new InProcessQueue({ handle: t, embeddings, settings }) };
    const { run } = await evaluate(deps, {
      version,
      filter: { benchmark: { in: [corpus.benchmarkId] } },
      template: 0,
    });
    expect(run).toMatchObject({ status: 'complete', total: 6, failed: 6 });
    const errors = await t.db
      .selectDistinct({ error: predictions.error })
      .from(predictions)
      .where(eq(predictions.runId, run.id));
    expect(errors.map((e) => e.error)).toEqual([
      expect.stringMatching(/^EMBEDDING_INVALID: the embedding of option \d contains NaN$/),
    ]);
    const stored = await t.db
      .select({ n: sql<number>`count(*)::int` })
      .from(textEmbeddings)
      .where(and(eq(textEmbeddings.modelVersionId, version.id), eq(textEmbeddings.text, poisoned)));
    expect(stored[0]!.n).toBe(0);
    await pool.close();
  });
});
