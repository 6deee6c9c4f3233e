import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { predictions, runs } from '../db/schema/index.js';
import { EmbedderPool } from '../embeddings/embedder-pool.js';
import type { OnnxEmbedder } from '../embeddings/onnx.js';
import { EmbeddingService } from '../embeddings/service.js';
import { loadEmbeddingSettings } from '../embeddings/settings.js';
import { createColourCorpus, type ColourCorpus } from '../embeddings/test-fixtures.js';
import { registerModel } from '../models/registry.js';
import type { ModelVersionRow } from '../models/queries.js';
import { createTestDb, testDriver, type TestDb } from '../test-utils/db.js';
import { writeTinyClip } from '../test-utils/tiny-clip.js';
import { evaluate, runEvaluation, type EvaluationDeps } from './evaluate.js';
import { ensureEvaluations } from './ensure.js';
import { GraphileQueue, InProcessQueue } from './jobs.js';

describe(`zero-shot evaluation (${testDriver})`, () => {
  let t: TestDb;
  let corpus: ColourCorpus;
  let version: ModelVersionRow;
  beforeAll(async () => {
    t = await createTestDb();
    corpus = await createColourCorpus(t.db, 9, { corrupt: true });
    const dir = await writeTinyClip(await mkdtemp(join(tmpdir(), 'stratum-eval-')));
    version = (await registerModel(t, { dir, slug: 'tiny' })).version;
  });
  afterAll(async () => t?.destroy());

  function deps(threshold: number): EvaluationDeps & { queue: InProcessQueue; pool: EmbedderPool } {
    const settings = { ...loadEmbeddingSettings({}), evalInlineThreshold: threshold, evalChunkSize: 4 };
    const pool = new EmbedderPool({ batchSize: 4 });
    const embeddings = new EmbeddingService(t, corpus.store, pool);
    const queue = new InProcessQueue({ handle: t, embeddings, settings });
    return { handle: t, embeddings, settings, queue, pool };
  }

  const predictionsOf = (runId: number) =>
    t.db
      .select({
        questionId: predictions.questionId,
        chosenIndex: predictions.chosenIndex,
        isCorrect: predictions.isCorrect,
        status: predictions.status,
        error: predictions.error,
        scores: predictions.scores,
      })
      .from(predictions)
      .where(eq(predictions.runId, runId))
      .orderBy(predictions.questionId);

  it('scores template-1 caption sets inline: argmax correct, softmax scores stored, a corrupt image failed', async () => {
    const d = deps(1000);
    const filter = { benchmark: { in: [corpus.benchmarkId] } };
    const { run, mode } = await evaluate(d, { version, filter });
    expect(mode).toBe('inline');
    expect(run).toMatchObject({ status: 'complete', total: 10, done: 10, failed: 1, template: 1 });
    const rows = await predictionsOf(run.id);
    const expected = corpus.questions.filter((q) => q.template === 1);
    expect(rows.map((r) => r.questionId)).toEqual(expected.map((q) => q.id));
    const corrupt = corpus.images.find((i) => !i.colour)!.id;
    for (const [i, row] of rows.entries()) {
      const q = expected[i]!;
      if (q.imageId === corrupt) {
        expect(row).toMatchObject({ status: 'failed', chosenIndex: null, isCorrect: null, scores: null });
        expect(row.error).toMatch(/^IMAGE_UNREADABLE: cannot decode image: /);
        continue;
      }
      expect(row).toMatchObject({ status: 'ok', chosenIndex: q.answerIndex, isCorrect: true, error: null });
      expect(row.scores).toHaveLength(4);
      expect(row.scores!.reduce((a, b) => a + b)).toBeCloseTo(1, 5);
      expect(Math.max(...row.scores!)).toBe(row.scores![q.answerIndex]);
    }
    // 4 distinct option texts (three colour captions + "none of the above") over 10 questions, embedded once.
    const embedder = (await d.pool.get(version)) as OnnxEmbedder;
    expect(embedder.stats.textsEmbedded).toBe(4);

    const again = await evaluate(d, { version, filter });
    expect(again).toMatchObject({ mode: 'existing', run: { id: run.id } });
  });

  it('queues a large scope, returns at once, and completes in the background with progress', async () => {
    const d = deps(0);
    const { run, mode } = await evaluate(d, {
      version,
      filter: { benchmark: { in: [corpus.benchmarkId] } },
      template: 0,
    });
    expect(mode).toBe('queued');
    expect(run).toMatchObject({ status: 'pending', total: 10, done: 0, failed: 0 });
    await d.queue.idle();
    const [after] = await t.db.select().from(runs).where(eq(runs.id, run.id));
    expect(after).toMatchObject({ status: 'complete', total: 10, done: 10, failed: 1 });
    expect(after!.finishedAt).toBeInstanceOf(Date);
  });

  it('resumes a crashed run without recomputing stored predictions', async () => {
    const d = deps(0);
    const { run } = await evaluate(d, {
      version,
      filter: { sourceDataset: { in: [corpus.datasets.a] } },
      template: null,
    });
    await d.queue.idle();
    const complete = await predictionsOf(run.id);
    expect(complete).toHaveLength(12);
    const [firstId] = await t.db
      .select({ id: predictions.id })
      .from(predictions)
      .where(eq(predictions.runId, run.id))
      .orderBy(predictions.questionId)
      .limit(1);
    // Simulate a crash after some chunks: drop the last 3 predictions and leave the run `running`.
    const keep = complete.slice(0, 9).map((r) => r.questionId);
    for (const r of complete.slice(9)) {
      await t.db
        .delete(predictions)
        .where(and(eq(predictions.runId, run.id), eq(predictions.questionId, r.questionId)));
    }
    await t.db.update(runs).set({ status: 'running', done: 9, finishedAt: null }).where(eq(runs.id, run.id));

    const resumed = deps(0);
    const progress: number[] = [];
    const final = await runEvaluation(resumed, run.id, (p) => progress.push(p.done));
    expect(final).toMatchObject({ status: 'complete', total: 12, done: 12, failed: 2 });
    expect(progress[0]).toBe(9);
    expect(progress[progress.length - 1]).toBe(12);
    const embedder = (await resumed.pool.get(version)) as OnnxEmbedder;
    expect(embedder.stats.imageInferenceCalls).toBe(0);
    const [stillFirst] = await t.db
      .select({ id: predictions.id })
      .from(predictions)
      .where(eq(predictions.runId, run.id))
      .orderBy(predictions.questionId)
      .limit(1);
    expect(stillFirst!.id).toBe(firstId!.id);
    expect((await predictionsOf(run.id)).map((r) => r.questionId).slice(0, 9)).toEqual(keep);

    const queue = new InProcessQueue({ handle: t, embeddings: resumed.embeddings, settings: resumed.settings });
    expect(await queue.resume()).toEqual([]);
  });

  it('ensureEvaluations: starts runs for registered ONNX models only and reports coverage', async () => {
    const d = deps(1000);
    const coverage = await ensureEvaluations(d, {
      models: ['tiny', 'gpt-4o-imported', 'tiny@ffff'],
      filter: { sourceDataset: { in: [corpus.datasets.b] } },
      questionTypes: ['classification'],
    });
    expect(coverage).toEqual([
      {
        model: 'tiny',
        runId: expect.any(Number),
        mode: 'inline',
        status: 'complete',
        done: 4,
        total: 4,
        failed: 0,
        error: null,
      },
    ]);
    const again = await ensureEvaluations(d, {
      models: ['tiny'],
      filter: { sourceDataset: { in: [corpus.datasets.b] } },
      questionTypes: ['classification'],
    });
    expect(again).toEqual([{ ...coverage[0], mode: 'existing' }]);
  });

  it('joins concurrent identical evaluate calls into one run', async () => {
    const d = deps(1000);
    const filter = { sourceDataset: { in: [corpus.datasets.b] } };
    const [a, b] = await Promise.all([
      evaluate(d, { version, filter, template: 0, questionTypes: ['classification'] }),
      evaluate(d, { version, filter, template: 0, questionTypes: ['classification'] }),
    ]);
    expect(a.run.id).toBe(b.run.id);
    expect([a.mode, b.mode].sort()).toEqual(['existing', 'inline']);
    expect(b.run).toMatchObject({ status: 'complete', done: 4, total: 4 });
  });

  it('refuses a filter spanning no benchmark', async () => {
    await expect(evaluate(deps(10), { version, filter: { ids: [] } })).rejects.toMatchObject({
      code: 'MODEL_CONFIG_INVALID',
      message: 'the filter matches no images',
    });
  });

  it.runIf(testDriver === 'postgres')('runs the same job through graphile-worker on PostgreSQL', async () => {
    const d = deps(0);
    const url = t.url!;
    const queue = await GraphileQueue.start(url, { handle: t, embeddings: d.embeddings, settings: d.settings });
    try {
      const { run, mode } = await evaluate(
        { ...d, queue },
        { version, filter: { sourceDataset: { in: [corpus.datasets.b] } }, template: 0 },
      );
      expect(mode).toBe('queued');
      await queue.idle();
      const [after] = await t.db.select().from(runs).where(eq(runs.id, run.id));
      expect(after).toMatchObject({ status: 'complete', total: 4, done: 4, failed: 0 });
    } finally {
      await queue.stop();
    }
  });
});
