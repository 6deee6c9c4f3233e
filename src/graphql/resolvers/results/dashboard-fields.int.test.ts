import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchmarkRevisions } from '../../../db/schema/index.js';
import { createTestDb, testDriver, type TestDb } from '../../../test-utils/db.js';
import {
  addPredictions,
  createResultsCorpus,
  createRun,
  type ResultsCorpus,
} from '../../../test-utils/results-fixtures.js';
import { createTestServer } from '../../testing.js';

/** What the dashboard needs from `results`: the chance level per slice and a benchmark revision filter. */
describe(`results: chanceAccuracy and benchmarkRevisions (${testDriver})`, () => {
  let db: TestDb;
  let t: Awaited<ReturnType<typeof createTestServer>>;
  let c: ResultsCorpus;
  let rev2: number;
  let runB: number;
  let runB2: number;
  beforeAll(async () => {
    db = await createTestDb();
    t = await createTestServer(db);
    c = await createResultsCorpus(db.db);
    runB = await createRun(db.db, c, 'model-b');
    await addPredictions(db.db, runB, c, (i) => (i === 5 ? null : i % 2 === 0));
    const [r] = await db.db
      .insert(benchmarkRevisions)
      .values({ benchmarkId: c.benchmarkId, revision: 'rev-2', status: 'complete' })
      .returning({ id: benchmarkRevisions.id });
    rev2 = r!.id;
    runB2 = await createRun(db.db, { ...c, revisionId: rev2 }, 'model-b');
    await addPredictions(db.db, runB2, c, () => true);
  });
  afterAll(async () => {
    await t?.close();
    await db?.destroy();
  });

  const Q = `query($revs: [ID!], $groupBy: [ResultAxis!]) {
    results(models: ["model-b"], groupBy: $groupBy, overall: true, benchmarkRevisions: $revs) {
      slices { group { value } n correct chanceAccuracy runIds benchmarkRevisions } } }`;

  it('gives each slice the chance level of its questions (1 / options), in one more statement', async () => {
    const res = await t.exec(Q, { revs: [String(c.revisionId)], groupBy: ['QUESTION_TYPE'] });
    // Fixture: classification questions have 3 options, modality questions 4; model-b failed one classification.
    expect(res.errors).toBeUndefined();
    const slices = (res.data as { results: { slices: { chanceAccuracy: number; n: number }[] } }).results.slices;
    expect(slices.map((s) => [s.n, s.chanceAccuracy])).toEqual([
      [11, expect.closeTo(1 / 3, 12)],
      [12, 0.25],
      [23, expect.closeTo((11 / 3 + 12 / 4) / 23, 12)],
    ]);
    const without = `query($revs: [ID!]) { results(models: ["model-b"], groupBy: [QUESTION_TYPE], benchmarkRevisions: $revs) { slices { n } } }`;
    const withChance = `query($revs: [ID!]) { results(models: ["model-b"], groupBy: [QUESTION_TYPE], benchmarkRevisions: $revs) { slices { n chanceAccuracy } } }`;
    db.counter.reset();
    await t.exec(without, { revs: [String(c.revisionId)] });
    const plain = db.counter.count;
    db.counter.reset();
    await t.exec(withChance, { revs: [String(c.revisionId)] });
    expect(db.counter.count).toBe(plain + 1);
  });

  it('counts only runs of the chosen benchmark revision', async () => {
    const one = await t.exec(Q, { revs: [String(rev2)], groupBy: [] });
    expect(one.data).toEqual({
      results: {
        slices: [
          {
            group: [],
            n: 24,
            correct: 24,
            chanceAccuracy: expect.any(Number),
            runIds: [String(runB2)],
            benchmarkRevisions: ['rev-2'],
          },
        ],
      },
    });
    const first = await t.exec(Q, { revs: [String(c.revisionId)], groupBy: [] });
    expect(first.data).toMatchObject({ results: { slices: [{ n: 23, correct: 12, runIds: [String(runB)] }] } });
    // Without the filter both revisions answer, each on its own (never pooled).
    const both = await t.exec(Q, { revs: null, groupBy: [] });
    expect(
      (both.data as { results: { slices: { benchmarkRevisions: string[] }[] } }).results.slices.map(
        (s) => s.benchmarkRevisions,
      ),
    ).toEqual([['rev-1'], ['rev-2']]);
  });

  it('refuses a malformed revision id as BAD_USER_INPUT naming the argument', async () => {
    const bad = await t.exec(Q, { revs: ['nope'], groupBy: [] });
    expect(bad.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argumentPath: ['benchmarkRevisions', 0],
    });
  });
});
