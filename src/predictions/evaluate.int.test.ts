import { mkdtemp, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchmarks, predictions, runs } from '../db/schema/index.js';
import { EmbedderPool } from '../embeddings/embedder-pool.js';
import type { OnnxEmbedder } from '../embeddings/onnx.js';
import { EmbeddingService } from '../embeddings/service.js';
import { loadEmbeddingSettings } from '../embeddings/settings.js';
import { createColourCorpus, type ColourCorpus } from '../test-utils/embeddings.js';
import { registerModel } from '../embeddings/registry.js';
import type { ModelVersionRow } from '../db/queries/model-versions.js';
import { createTestDb, testDriver, type TestDb } from '../test-utils/db.js';
import { writeTinyClip } from '../test-utils/tiny-clip.js';
import { evaluate, evaluateForRead, runEvaluation, type EvaluationDeps } from './evaluate.js';
import { ensureEvaluations, EvaluationRefused } from './ensure.js';
import { resolveModelRefs } from '../results/models.js';
import { GraphileQueue, InProcessQueue, JobWorker } from './jobs.js';
import { insertEvaluationRun } from '../db/queries/evaluation.js';
import { PROTOCOL_VERSION } from '../benchmarks/registry.js';
import { toy } from '../benchmarks/toy/index.js';

/** Model references resolved as the results service does it (once per request). */
async function refsOf(d: EvaluationDeps, ...names: string[]) {
  const resolved = await resolveModelRefs(d.handle.db, names);
  return resolved.map((m, i) => ({ ref: names[i]!, version: m?.version ?? null }));
}

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

  it('ensureEvaluations: registered ONNX models only; a scope the facts already cover creates no run', async () => {
    const d = deps(1000);
    const filter = { sourceDataset: { in: [corpus.datasets.b] } };
    // The first test's run predicted every template-1 question of the benchmark: nothing is missing here.
    const coverage = await ensureEvaluations(d, {
      models: await refsOf(d, 'tiny', 'gpt-4o-imported', 'tiny@ffff'),
      filter,
      questionTypes: ['classification'],
    });
    const writers = await t.db.select({ id: runs.id }).from(runs).where(eq(runs.template, 1));
    expect(coverage).toEqual([
      {
        model: 'tiny',
        modelId: version.modelId,
        runId: null,
        mode: 'covered',
        status: 'complete',
        done: 4,
        total: 4,
        failed: 0,
        error: null,
        factRunIds: writers.map((r) => r.id),
        sample: null,
      },
    ]);
    // With evaluation on read off: the same coverage, no run, no job.
    const before = await t.db.select({ id: runs.id }).from(runs);
    const off = await ensureEvaluations(
      d,
      { models: await refsOf(d, 'tiny'), filter, template: 0 },
      { evaluate: false },
    );
    expect(off).toMatchObject([{ model: 'tiny', runId: null, mode: null, total: 4 }]);
    expect(await t.db.select({ id: runs.id }).from(runs)).toEqual(before);
  });

  it('predictions are facts: a wider run computes only what a narrower one left; one row per key', async () => {
    const c2 = await createColourCorpus(t.db, 6);
    const d = deps(1000);
    const narrow = await evaluate(d, {
      version,
      filter: { benchmark: { in: [c2.benchmarkId] }, sourceDataset: { in: [c2.datasets.a] } },
    });
    expect(narrow.run).toMatchObject({ status: 'complete', total: 3, done: 3 });
    const wide = await evaluate(d, { version, filter: { benchmark: { in: [c2.benchmarkId] } } });
    expect(wide.run).toMatchObject({ status: 'complete', total: 6, done: 6 });
    expect(wide.key).toEqual(narrow.key);
    // The wide run wrote only the three the narrow one had not; the facts of its scope are all six.
    expect(await predictionsOf(wide.run.id)).toHaveLength(3);
    const inScope = new Set(c2.questions.filter((q) => q.template === 1).map((q) => q.id));
    const facts = await t.db
      .select({ questionId: predictions.questionId, runId: predictions.runId })
      .from(predictions)
      .where(
        and(eq(predictions.modelVersionId, version.id), eq(predictions.protocolConfigId, narrow.key.protocolConfigId)),
      );
    const mine = facts.filter((f) => inScope.has(f.questionId));
    expect(mine).toHaveLength(6);
    expect(new Set(mine.map((f) => f.questionId)).size).toBe(6);
    // The unique index refuses a second prediction for the same key (whatever run writes it).
    await expect(
      t.db.insert(predictions).values({
        runId: wide.run.id,
        questionId: mine[0]!.questionId,
        modelVersionId: version.id,
        protocolConfigId: narrow.key.protocolConfigId,
        chosenIndex: 0,
        isCorrect: false,
      }),
    ).rejects.toThrow();

    // Reads: a covered scope creates no run and never asks the rate limit; a missing one asks it, and a refusal is an error.
    let asked = 0;
    const dsB = { benchmark: { in: [c2.benchmarkId] }, sourceDataset: { in: [c2.datasets.b] } };
    const covered = await evaluateForRead(d, { version, filter: dsB }, () => {
      asked++;
    });
    expect(covered).toMatchObject({ run: null, mode: 'covered', progress: { done: 3, total: 3 } });
    expect(asked).toBe(0);
    const before = await t.db.select({ id: runs.id }).from(runs);
    await expect(
      ensureEvaluations(
        d,
        { models: await refsOf(d, 'tiny'), filter: { benchmark: { in: [c2.benchmarkId] } }, template: 0 },
        { evaluate: true, allowStart: () => false },
      ),
    ).rejects.toBeInstanceOf(EvaluationRefused);
    expect(await t.db.select({ id: runs.id }).from(runs)).toEqual(before);
  });

  it('missing image bytes are retryable: the run stays open, then completes once the bytes are back', async () => {
    const c3 = await createColourCorpus(t.db, 3);
    const settings = { ...loadEmbeddingSettings({}), evalInlineThreshold: 1000, evalChunkSize: 4 };
    const embeddings = new EmbeddingService(t, c3.store, new EmbedderPool({ batchSize: 4 }));
    const queue = new InProcessQueue({ handle: t, embeddings, settings }, undefined, () => 200);
    const image = c3.images[1]!;
    const [row] = await t.query<{ content_hash: string }>('select content_hash from images where id = $1', [image.id]);
    const bytes = (await c3.store.get(row!.content_hash))!;
    await unlink(c3.store.pathOf(row!.content_hash));
    const { run, mode } = await evaluate(
      { handle: t, embeddings, settings, queue },
      { version, filter: { benchmark: { in: [c3.benchmarkId] } } },
    );
    expect(mode).toBe('queued');
    expect(run).toMatchObject({ status: 'running', total: 3, done: 2, failed: 0 });
    await c3.store.put(bytes);
    await queue.idle();
    const [after] = await t.db.select().from(runs).where(eq(runs.id, run.id));
    expect(after).toMatchObject({ status: 'complete', total: 3, done: 3, failed: 0 });
    await queue.stop();
  });

  it('two creators of the same scope (replicas) get one run', async () => {
    const c4 = await createColourCorpus(t.db, 3);
    const values = {
      modelId: version.modelId,
      modelVersionId: version.id,
      benchmarkRevisionId: c4.revisionId,
      protocolConfigId: 1,
      scopeKey: `race-${c4.benchmarkId}`,
      template: 1,
      parameters: { benchmarkId: c4.benchmarkId, filter: null, questionTypes: ['classification'], template: 1 },
      total: 3,
      protocolVersion: PROTOCOL_VERSION,
    };
    const [a, b] = await Promise.all([insertEvaluationRun(t.db, values), insertEvaluationRun(t.db, values)]);
    expect(a.run.id).toBe(b.run.id);
    expect([a.created, b.created].sort()).toEqual([false, true]);
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

  it("without a template, the benchmark adapter's official one (null: every template)", async () => {
    const catalogue = toy.questions as { officialTemplate: number | null };
    const [benchmark] = await t.db.select().from(benchmarks).where(eq(benchmarks.id, corpus.benchmarkId));
    // Predictions are facts (an earlier run may hold them): the scope shows in the run's template and total.
    const inB = new Set(corpus.images.filter((i) => i.dataset === 'b').map((i) => i.id));
    const captionsOfB = (template: number) =>
      corpus.questions.filter((q) => inB.has(q.imageId) && q.template === template).length;
    const d = deps(1000);
    const filter = { sourceDataset: { in: [corpus.datasets.b] } };
    await t.db.update(benchmarks).set({ adapter: toy.key }).where(eq(benchmarks.id, corpus.benchmarkId));
    try {
      catalogue.officialTemplate = 0;
      const zero = (await evaluate(d, { version, filter })).run;
      expect(zero).toMatchObject({ template: 0, total: captionsOfB(0) });
      expect(zero.total).toBeGreaterThan(0);
      catalogue.officialTemplate = null;
      const every = (await evaluate(d, { version, filter })).run;
      expect(every).toMatchObject({ template: null, total: captionsOfB(0) + captionsOfB(1) });
      // An explicit template still wins over the adapter's.
      expect((await evaluate(d, { version, filter, template: 0 })).run.id).toBe(zero.id);
    } finally {
      catalogue.officialTemplate = 1;
      await t.db.update(benchmarks).set({ adapter: benchmark!.adapter }).where(eq(benchmarks.id, corpus.benchmarkId));
    }
  });

  it.runIf(testDriver === 'postgres')('runs the same job through graphile-worker on PostgreSQL', async () => {
    const d = deps(0);
    const url = t.url!;
    const queue = await GraphileQueue.create(url, t);
    const jobDeps = { handle: t, embeddings: d.embeddings, settings: d.settings };
    const worker = await JobWorker.start(url, jobDeps, queue, { leaseSeconds: 5 });
    try {
      const c5 = await createColourCorpus(t.db, 4);
      const { run, mode } = await evaluate(
        { ...d, queue },
        { version, filter: { benchmark: { in: [c5.benchmarkId] } } },
      );
      expect(mode).toBe('queued');
      await queue.idle();
      const [after] = await t.db.select().from(runs).where(eq(runs.id, run.id));
      expect(after).toMatchObject({ status: 'complete', total: 4, done: 4, failed: 0 });
      expect(after!.finishedAt).toBeInstanceOf(Date);
      // Asking again (a poll) for a covered part adds no job and no run.
      const part = { benchmark: { in: [c5.benchmarkId] }, sourceDataset: { in: [c5.datasets.a] } };
      expect(await evaluateForRead({ ...d, queue }, { version, filter: part })).toMatchObject({ mode: 'covered' });
      const jobs = await t.query<{ n: number }>(
        `select count(*)::int as n from graphile_worker.jobs where task_identifier = 'stratum_evaluate_unit'`,
      );
      expect(jobs[0]!.n).toBe(0);
    } finally {
      await worker.stop();
      await queue.stop();
    }
    const workers = await t.query<{ n: number }>('select count(*)::int as n from job_workers');
    expect(workers[0]!.n).toBe(0);
  });
});
