import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { evaluationRuntimeFor, type EvaluationRuntime } from './runtime.js';
import { loadEmbeddingSettings } from '../embeddings/settings.js';
import { createColourCorpus } from '../test-utils/embeddings.js';
import { registerModel } from '../embeddings/registry.js';
import { resultsOnDemand, type ResultsOnDemandArgs } from '../results/on-demand.js';
import type { Runtime } from '../runtime.js';
import { createTestDb, testDriver, type TestDb } from '../test-utils/db.js';
import { writeTinyClip } from '../test-utils/tiny-clip.js';

/**
 * Predictions are facts (issue 13): published numbers are a function of the data and the request, never of the
 * order requests came in. The same corpus in two fresh databases: one is first asked narrow questions, the other
 * the wide one directly; the wide answers must be identical.
 */
describe(`results do not depend on request order (${testDriver})`, () => {
  const opened: { t: TestDb; emb: EvaluationRuntime }[] = [];
  afterAll(async () => {
    for (const { t, emb } of opened) {
      await emb.close();
      await t.destroy();
    }
  });

  async function freshRuntime(): Promise<{ runtime: Runtime; datasets: string[] }> {
    const t = await createTestDb();
    const corpus = await createColourCorpus(t.db, 12, { corrupt: true });
    const config = loadConfig({ DATA_DIR: await mkdtemp(join(tmpdir(), 'stratum-facts-')), LOG_LEVEL: 'silent' });
    const runtime: Runtime = { config, handle: t, store: corpus.store, close: async () => undefined };
    const emb = await evaluationRuntimeFor(runtime, {
      worker: false,
      settings: { ...loadEmbeddingSettings({}), batchSize: 4, evalInlineThreshold: 1000, evalChunkSize: 5 },
    });
    opened.push({ t, emb });
    await registerModel(t, {
      dir: await writeTinyClip(await mkdtemp(join(tmpdir(), 'stratum-facts-m-'))),
      slug: 'tiny',
    });
    return {
      runtime,
      datasets: [`colours_a_${corpus.benchmarkId}`, `colours_b_${corpus.benchmarkId}`],
    };
  }

  const wide: ResultsOnDemandArgs = {
    models: ['tiny'],
    groupBy: ['SOURCE_DATASET'],
    overall: true,
    interval: 'BOOTSTRAP',
    seed: 0,
    resamples: 200,
  };
  const numbers = (out: Awaited<ReturnType<typeof resultsOnDemand>>) =>
    out.slices.map((s) => ({ group: s.group, n: s.n, correct: s.correct, interval: s.interval }));

  it('a narrow run first, then the wide query: the numbers a fresh database gives for the wide query first', async () => {
    const a = await freshRuntime();
    const narrow = await resultsOnDemand(a.runtime, {
      models: ['tiny'],
      filter: { sourceDataset: { slugIn: [a.datasets[0]!] } },
      overall: true,
    });
    expect(narrow.coverage).toMatchObject([{ mode: 'inline', status: 'complete', total: 7, done: 7, failed: 1 }]);
    const byType = await resultsOnDemand(a.runtime, { ...wide, questionTypes: ['classification'] });
    const afterNarrow = await resultsOnDemand(a.runtime, wide);
    expect(byType.coverage).toMatchObject([{ mode: 'inline', status: 'complete', total: 13, done: 13 }]);
    expect(afterNarrow.coverage).toMatchObject([{ mode: 'covered', runId: null, total: 13, done: 13 }]);

    const b = await freshRuntime();
    const first = await resultsOnDemand(b.runtime, wide);
    expect(numbers(afterNarrow)).toEqual(numbers(first));
    expect(numbers(byType)).toEqual(numbers(first));
    expect(afterNarrow.slices.find((s) => s.grouping.length === 0)).toMatchObject({ n: 12 });
    // The wide figure draws on both runs' predictions (whichever wrote each): nothing shadowed, nothing doubled.
    expect(afterNarrow.slices.find((s) => s.grouping.length === 0)!.runIds).toHaveLength(2);
  }, 240_000);
});
