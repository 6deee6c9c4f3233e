import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestServer } from '../testing.js';
import { createTestDb, type TestDb } from '../../test-utils/db.js';
import { factories } from '../../test-utils/factories.js';

/** What the dashboard needs behind a heatmap cell: each model's choice per question, and the chance level. */
let db: TestDb;
let t: Awaited<ReturnType<typeof createTestServer>>;
let q1: number;
let q2: number;

beforeAll(async () => {
  db = await createTestDb();
  const f = factories(db.db);
  const image = await f.newImage();
  const other = await f.newImage();
  q1 = (await f.newQuestion({ imageId: image.id, options: ['a', 'b', 'c'], answerIndex: 1 })).id;
  q2 = (await f.newQuestion({ imageId: other.id, type: 'stain', options: ['a', 'b', 'c', 'd', 'e'], answerIndex: 0 }))
    .id;
  const alpha = await f.newModel({ slug: 'alpha' });
  const beta = await f.newModel({ slug: 'beta' });
  const runA = await f.newRun({ modelId: alpha.id });
  const runB = await f.newRun({ modelId: beta.id });
  await f.newPrediction({ runId: runB.id, questionId: q1, chosenIndex: 2, isCorrect: false });
  await f.newPrediction({ runId: runA.id, questionId: q1, chosenIndex: 1, isCorrect: true });
  await f.newPrediction({ runId: runA.id, questionId: q2, chosenIndex: 0, isCorrect: true });
  t = await createTestServer(db);
});

afterAll(async () => {
  await t?.close();
  await db?.destroy();
});

describe('Question.predictions and QuestionConnection.chance', () => {
  test("each model's choice, by model slug; filtered by models; batched across questions", async () => {
    const query = `query ($models: [String!]) {
      questions(first: 10) {
        totalCount chance
        nodes { id answerIndex predictions(models: $models) { chosenIndex chosenOption isCorrect run { model { slug } } } }
      }
    }`;
    const before = db.counter.count;
    expect(await t.exec(query)).toEqual({
      data: {
        questions: {
          totalCount: 2,
          chance: (1 / 3 + 1 / 5) / 2,
          nodes: [
            {
              id: String(q1),
              answerIndex: 1,
              predictions: [
                { chosenIndex: 1, chosenOption: 'b', isCorrect: true, run: { model: { slug: 'alpha' } } },
                { chosenIndex: 2, chosenOption: 'c', isCorrect: false, run: { model: { slug: 'beta' } } },
              ],
            },
            {
              id: String(q2),
              answerIndex: 0,
              predictions: [{ chosenIndex: 0, chosenOption: 'a', isCorrect: true, run: { model: { slug: 'alpha' } } }],
            },
          ],
        },
      },
    });
    // questions, count, chance, predictions of both questions (one batch), runs, models, questions by id (for
    // chosenOption): no statement per question.
    expect(db.counter.count - before).toBeLessThanOrEqual(7);
    const onlyBeta = await t.exec(query, { models: ['beta'] });
    const nodes = (onlyBeta.data!.questions as { nodes: { predictions: unknown[] }[] }).nodes;
    expect(nodes.map((n) => n.predictions.length)).toEqual([1, 0]);
  });

  test('chance follows the filter and type; null when no question matches', async () => {
    const res = await t.exec(
      `{ stain: questions(type: STAIN) { chance } none: questions(filter: { ids: ["999999"] }) { chance totalCount } }`,
    );
    expect(res).toEqual({ data: { stain: { chance: 0.2 }, none: { chance: null, totalCount: 0 } } });
  });
});
