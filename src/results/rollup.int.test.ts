import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray, sql } from 'drizzle-orm';
import { createTestDb, testDriver, type TestDb } from '../test-utils/db.js';
import { images, predictions, questions, runs } from '../db/schema/index.js';
import { listResultCounts, rebuildResultCounts, recountResultCounts } from '../db/queries/results.js';
import { addPredictions, createResultsCorpus, createRun, type ResultsCorpus } from '../test-utils/results-fixtures.js';

describe(`results rollup triggers (${testDriver})`, () => {
  let t: TestDb;
  let c: ResultsCorpus;
  let runA: number;
  let runB: number;
  beforeAll(async () => {
    t = await createTestDb();
    c = await createResultsCorpus(t.db);
    runA = await createRun(t.db, c, 'model-a');
    runB = await createRun(t.db, c, 'model-b');
  });
  afterAll(async () => t?.destroy());

  const expectConsistent = async () => {
    const stored = await listResultCounts(t.db);
    expect(stored).toEqual(await recountResultCounts(t.db));
    return stored;
  };

  it('counts inserted predictions per run and cell', async () => {
    await addPredictions(t.db, runA, c, (i) => i % 3 !== 0);
    await addPredictions(t.db, runB, c, (i) => (i === 5 ? null : i % 2 === 0));
    const stored = await expectConsistent();
    const total = (run: number) =>
      stored
        .filter((r) => r.runId === run)
        .reduce((a, r) => [a[0]! + r.n, a[1]! + r.correct, a[2]! + r.failed], [0, 0, 0]);
    expect(total(runA)).toEqual([24, 16, 0]);
    expect(total(runB)).toEqual([23, 12, 1]);
  });

  it('follows updates of correctness, upserts and deletes', async () => {
    await t.db
      .update(predictions)
      .set({ isCorrect: true })
      .where(inArray(predictions.questionId, [c.questions[0]!.id, c.questions[3]!.id]));
    await expectConsistent();
    await t.db
      .insert(predictions)
      .values({ runId: runA, questionId: c.questions[1]!.id, isCorrect: false })
      .onConflictDoUpdate({ target: [predictions.runId, predictions.questionId], set: { isCorrect: false } });
    await expectConsistent();
    await t.db.delete(predictions).where(eq(predictions.questionId, c.questions[2]!.id));
    await expectConsistent();
  });

  it('moves predictions between cells when image or question metadata changes (label edit)', async () => {
    const before = await listResultCounts(t.db);
    await t.db
      .update(images)
      .set({ labelNames: ['debris'] })
      .where(eq(images.id, c.imageIds[4]!));
    const after = await expectConsistent();
    expect(after).not.toEqual(before);
    await t.db
      .update(images)
      .set({ stainId: c.stain.he, license: null })
      .where(inArray(images.id, c.imageIds.slice(5, 8)));
    await expectConsistent();
    await t.db.update(questions).set({ answerIndex: 1, answer: null }).where(eq(questions.id, c.questions[6]!.id));
    await expectConsistent();
    // an update that touches no cell attribute leaves the rollup alone
    const stable = await listResultCounts(t.db);
    await t.db.update(images).set({ width: 512 }).where(eq(images.id, c.imageIds[0]!));
    expect(await listResultCounts(t.db)).toEqual(stable);
  });

  it('drops a run with its predictions, and survives truncate and rebuild', async () => {
    await t.db.delete(runs).where(eq(runs.id, runB));
    const stored = await expectConsistent();
    expect(stored.every((r) => r.runId === runA)).toBe(true);
    await rebuildResultCounts(t.db);
    expect(await listResultCounts(t.db)).toEqual(stored);
    await t.db.execute(sql`truncate predictions`);
    expect(await listResultCounts(t.db)).toEqual([]);
  });

  it('keeps counts exact within one multi-statement transaction', async () => {
    await t.db.transaction(async (tx) => {
      await addPredictions(tx as never, runA, c, (i) => i < 10);
      await tx.delete(predictions).where(eq(predictions.questionId, c.questions[0]!.id));
      await tx
        .update(predictions)
        .set({ isCorrect: null, status: 'failed' })
        .where(eq(predictions.questionId, c.questions[1]!.id));
    });
    const stored = await expectConsistent();
    expect(stored.reduce((a, r) => a + r.n + r.failed, 0)).toBe(23);
  });
});
