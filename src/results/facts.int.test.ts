import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { evaluationRuntimeFor, type EvaluationRuntime } from '../predictions/runtime.js';
import { loadEmbeddingSettings } from '../embeddings/settings.js';
import { registerModel } from '../embeddings/registry.js';
import type { Runtime } from '../runtime.js';
import { createColourCorpus } from '../test-utils/embeddings.js';
import { createTestDb, testDriver, type TestDb } from '../test-utils/db.js';
import { writeTinyClip } from '../test-utils/tiny-clip.js';
import { createResultsService } from './on-demand.js';

/**
 * `compare` and `leaderboard` publish the same facts `results` does (issue 13): a registered model's predictions
 * over the scope, whichever run wrote each one. Before, they took each model's newest complete run per question
 * type: after a narrow run and a wide one that only filled the gap, that newest run held half the questions, and
 * compare and the leaderboard answered on it (n = 6 where results said 12).
 */
describe(`compare and leaderboard draw on facts (${testDriver})`, () => {
  let t: TestDb;
  let emb: EvaluationRuntime;
  afterAll(async () => {
    await emb?.close();
    await t?.destroy();
  });

  it('after a narrow run and a gap-filling wide run, compare and leaderboard count every question results does', async () => {
    t = await createTestDb();
    const corpus = await createColourCorpus(t.db, 12, { corrupt: true });
    const config = loadConfig({ DATA_DIR: await mkdtemp(join(tmpdir(), 'stratum-rfacts-')), LOG_LEVEL: 'silent' });
    const runtime: Runtime = { config, handle: t, store: corpus.store, close: async () => undefined };
    emb = await evaluationRuntimeFor(runtime, {
      worker: false,
      settings: { ...loadEmbeddingSettings({}), batchSize: 4, evalInlineThreshold: 1000, evalChunkSize: 5 },
    });
    const dir = await writeTinyClip(await mkdtemp(join(tmpdir(), 'stratum-rfacts-m-')));
    await registerModel(t, { dir, slug: 'tiny-a' });
    await registerModel(t, { dir, slug: 'tiny-b' });
    const service = createResultsService(runtime);
    const models = ['tiny-a', 'tiny-b'];
    const datasetA = `colours_a_${corpus.benchmarkId}`;
    await service.results({ models, filter: { sourceDataset: { slugIn: [datasetA] } }, overall: true });
    const wide = await service.results({ models, overall: true });
    expect(wide.coverage.map((c) => c.factRunIds.length)).toEqual([2, 2]);
    const n = wide.slices.map((s) => s.n);
    expect(n).toEqual([12, 12]);

    const cmp = await service.compare({ modelA: 'tiny-a', modelB: 'tiny-b', seed: 0, resamples: 200 });
    expect(cmp.slices).toHaveLength(1);
    expect(cmp.slices[0]).toMatchObject({ n: 12, n10: 0, n01: 0 });
    expect(cmp.slices[0]!.n11 + cmp.slices[0]!.n00).toBe(12);
    expect([cmp.slices[0]!.runIdsA.length, cmp.slices[0]!.runIdsB.length]).toEqual([2, 2]);

    for (const args of [{ models }, {}]) {
      const board = await service.leaderboard(args);
      expect(board).toHaveLength(1);
      expect(board[0]!.entries.map((e) => [e.slice.model.slug, e.slice.n, e.slice.runIds.length])).toEqual([
        ['tiny-a', 12, 2],
        ['tiny-b', 12, 2],
      ]);
      expect(board[0]!.entries.map((e) => e.tieGroup)).toEqual([1, 1]);
    }
  }, 240_000);
});
