import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, testDriver, type TestDb } from '../../../test-utils/db.js';
import { createApiKey } from '../../../auth/api-keys.js';
import {
  addPredictions,
  createResultsCorpus,
  createRun,
  type ResultsCorpus,
} from '../../../test-utils/results-fixtures.js';
import { wilson } from '../../../statistics/index.js';
import { createTestServer } from '../../testing.js';

describe(`results GraphQL and exports (${testDriver})`, () => {
  let db: TestDb;
  let t: Awaited<ReturnType<typeof createTestServer>>;
  let c: ResultsCorpus;
  let runA: number;
  let runB: number;
  beforeAll(async () => {
    db = await createTestDb();
    t = await createTestServer(db);
    c = await createResultsCorpus(db.db);
    runA = await createRun(db.db, c, 'model-a');
    runB = await createRun(db.db, c, 'model-b');
    await addPredictions(db.db, runA, c, (i) => i % 3 !== 0);
    await addPredictions(db.db, runB, c, (i) => (i === 5 ? null : i % 2 === 0));
  });
  afterAll(async () => {
    await t?.close();
    await db?.destroy();
  });

  const RESULTS = `query R($models: [String!], $groupBy: [ResultAxis!], $preset: ResultPreset, $filter: ImageFilter) {
    results(models: $models, groupBy: $groupBy, preset: $preset, filter: $filter, overall: true) {
      groupBy questionTypes source
      slices {
        model { slug } grouping group { axis value label } n correct accuracy
        interval { method level low high plusMinus } macroAccuracy lowSupport runIds runs { id } benchmarkRevisions
      }
      reference { model accuracy plusMinus }
    }
  }`;

  it('answers results by question type with the whole response', async () => {
    const res = await t.exec(RESULTS, { models: ['model-b'], groupBy: ['QUESTION_TYPE'] });
    const w = (n: number, k: number) => {
      const i = wilson(n, k);
      return { method: 'WILSON', level: 0.95, low: i.low, high: i.high, plusMinus: i.plusMinus };
    };
    const slice = (group: unknown[], grouping: string[], n: number, k: number, macro: number) => ({
      model: { slug: 'model-b' },
      grouping,
      group,
      n,
      correct: k,
      accuracy: k / n,
      interval: w(n, k),
      macroAccuracy: macro,
      lowSupport: true,
      runIds: [String(runB)],
      runs: [{ id: String(runB) }],
      benchmarkRevisions: ['rev-1'],
    });
    expect(res).toEqual({
      data: {
        results: {
          groupBy: ['QUESTION_TYPE'],
          questionTypes: null,
          source: 'ROLLUP',
          slices: [
            slice(
              [{ axis: 'QUESTION_TYPE', value: 'classification', label: 'classification' }],
              ['QUESTION_TYPE'],
              11,
              0,
              0,
            ),
            slice([{ axis: 'QUESTION_TYPE', value: 'modality', label: 'modality' }], ['QUESTION_TYPE'], 12, 12, 1),
            slice([], [], 23, 12, expect.any(Number) as unknown as number),
          ],
          reference: [],
        },
      },
    });
  });

  it('keeps statements per request independent of the number of models and slices', async () => {
    const q = `query($models: [String!]) { results(models: $models, groupBy: [MODALITY, STAIN], marginals: true, overall: true) {
      slices { model { name } runs { id } n } } }`;
    db.counter.reset();
    const one = await t.exec(q, { models: ['model-a'] });
    const oneCount = db.counter.count;
    db.counter.reset();
    const two = await t.exec(q, { models: ['model-a', 'model-b'] });
    expect(one.errors).toBeUndefined();
    expect(two.errors).toBeUndefined();
    expect((two.data!.results as { slices: unknown[] }).slices.length).toBeGreaterThan(
      (one.data!.results as { slices: unknown[] }).slices.length,
    );
    // the model references, once (rows and versions; these imported models have none to evaluate) + runs +
    // slices + one batched run load; slices carry their model rows, so no model lookup per slice
    expect([oneCount, db.counter.count]).toEqual([4, 4]);
  });

  it('returns the reference figures beside a preset', async () => {
    const res = await t.exec(RESULTS, { models: ['model-a'], preset: 'FINE' });
    const r = res.data!.results as { reference: { model: string }[]; questionTypes: string[] };
    expect(r.questionTypes).toEqual(['CLASSIFICATION']);
    // the fine split in its own rank order (issue 10 item 7)
    expect(r.reference.slice(0, 2)).toEqual([
      { model: 'GPT-4o', accuracy: 51.73, plusMinus: 0.82 },
      { model: 'BiomedCLIP', accuracy: 34.65, plusMinus: 0.75 },
    ]);
    const refs = await t.exec(`{ referenceResults(split: COARSE) { model split accuracy plusMinus rank } }`);
    expect((refs.data!.referenceResults as unknown[])[11]).toEqual({
      model: 'Random',
      split: 'COARSE',
      accuracy: 18.34,
      plusMinus: 0.27,
      rank: 12,
    });
  });

  it('reports bad arguments as BAD_USER_INPUT with the argument path', async () => {
    const res = await t.exec(`{ results(groupBy: [MODALITY, MODALITY]) { slices { n } } }`);
    expect(res).toEqual({
      data: null,
      errors: [
        {
          message: 'groupBy: axes must be distinct',
          locations: [{ line: 1, column: 3 }],
          path: ['results'],
          extensions: { code: 'BAD_USER_INPUT', argumentPath: ['groupBy'] },
        },
      ],
    });
    const bad = await t.exec(`{ results(filter: { modality: { in: ["x"] } }) { slices { n } } }`);
    expect(bad.errors![0]!.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      argumentPath: ['filter', 'modality', 'in', 0],
    });
    const cmp = await t.exec(`{ compare(modelA: "model-a", modelB: "ghost") { slices { n } } }`);
    expect(cmp.errors![0]).toMatchObject({
      message: 'modelB: no complete run of model "ghost"',
      extensions: { code: 'BAD_USER_INPUT', argumentPath: ['modelB'] },
    });
  });

  it('compares two models per slice and ranks them on a leaderboard', async () => {
    const res = await t.exec(`{ compare(modelA: "model-a", modelB: "model-b", groupBy: [QUESTION_TYPE]) {
      modelA { slug } modelB { slug } groupBy
      slices { group { value } n accuracyA accuracyB bothCorrect onlyACorrect onlyBCorrect bothWrong
        difference { method estimate } pValue adjustedPValue runIdsA runIdsB } } }`);
    const cmp = res.data!.compare as { slices: Record<string, unknown>[] };
    expect(cmp).toMatchObject({ modelA: { slug: 'model-a' }, modelB: { slug: 'model-b' }, groupBy: ['QUESTION_TYPE'] });
    // classification: 11 paired (question 5 failed for B), A right on 7 of them, B on none
    expect(cmp.slices[0]).toMatchObject({
      group: [{ value: 'classification' }],
      n: 11,
      bothCorrect: 0,
      onlyACorrect: 7,
      onlyBCorrect: 0,
      bothWrong: 4,
      difference: { method: null, estimate: 7 / 11 },
      pValue: 2 / 128,
      runIdsA: [String(runA)],
      runIdsB: [String(runB)],
    });
    const lb = await t.exec(
      `{ leaderboard(groupBy: [QUESTION_TYPE]) { group { value } entries { rank tieGroup tiedWithLeader model { slug } result { n correct } } } }`,
    );
    expect(lb.data!.leaderboard).toEqual([
      {
        group: [{ value: 'classification' }],
        entries: [
          { rank: 1, tieGroup: 1, tiedWithLeader: true, model: { slug: 'model-a' }, result: { n: 12, correct: 8 } },
          { rank: 2, tieGroup: 2, tiedWithLeader: false, model: { slug: 'model-b' }, result: { n: 11, correct: 0 } },
        ],
      },
      {
        group: [{ value: 'modality' }],
        entries: [
          { rank: 1, tieGroup: 1, tiedWithLeader: true, model: { slug: 'model-b' }, result: { n: 12, correct: 12 } },
          { rank: 2, tieGroup: 1, tiedWithLeader: true, model: { slug: 'model-a' }, result: { n: 12, correct: 8 } },
        ],
      },
    ]);
  });

  it('imports predictions through the mutation (with a key only)', async () => {
    const m = `mutation($input: ImportPredictionsInput!) { importPredictions(input: $input) {
      ok run { protocol model { slug } } rowsRead imported correct skipped issues { line code message } error { code message } } }`;
    const content = `${JSON.stringify({ question_id: c.questions[0]!.id, output: 'A' })}\n{"question_id": 0, "output": "A"}\n`;
    const input = { model: 'gpt-4o', protocol: 'GENERATIVE', content, fileName: 'x.jsonl' };
    const anon = await t.exec(m, { input });
    expect(anon.errors![0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    const { key } = await createApiKey(db.db, 'test');
    const res = await t.exec(m, { input }, key);
    expect(res).toEqual({
      data: {
        importPredictions: {
          ok: true,
          run: { protocol: 'GENERATIVE', model: { slug: 'gpt-4o' } },
          rowsRead: 2,
          imported: 1,
          correct: 1,
          skipped: 1,
          issues: [{ line: 2, code: 'MALFORMED', message: 'question_id must be a positive integer, got 0' }],
          error: null,
        },
      },
    });
    const invalid = await t.exec(m, { input: { ...input, model: 'Not A Slug' } }, key);
    expect(invalid.data!.importPredictions).toMatchObject({
      ok: false,
      run: null,
      error: { code: 'BAD_USER_INPUT', message: 'invalid input' },
    });
  });

  it('exports the same results as CSV and JSON over HTTP', async () => {
    const { url } = await t.server.listen(0, '127.0.0.1');
    const qs = 'models=model-a,model-b&groupBy=MODALITY&overall=true';
    const json = (await (await fetch(`${url}/export/results.json?${qs}`)).json()) as { slices: unknown[] };
    const gql = await t.exec(
      `{ results(models: ["model-a", "model-b"], groupBy: [MODALITY], overall: true) { slices { n correct } } }`,
    );
    expect(
      json.slices.map((s) => ({ n: (s as { n: number }).n, correct: (s as { correct: number }).correct })),
    ).toEqual((gql.data!.results as { slices: unknown[] }).slices);
    const csvRes = await fetch(`${url}/export/results.csv?${qs}`);
    expect(csvRes.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const csv = await csvRes.text();
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'model,grouping,modality,modality_label,n,correct,accuracy,ci_low,ci_high,plus_minus,interval_method,macro_accuracy,low_support,run_ids,benchmark_revisions',
    );
    expect(lines).toHaveLength(1 + json.slices.length);
    expect(lines[1]!.split(',').slice(0, 6)).toEqual([
      'model-a',
      'MODALITY',
      'fluo',
      'fluorescence microscopy',
      '10',
      '7',
    ]);
    const bad = await fetch(`${url}/export/results.csv?groupBy=NOPE`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      errors: [
        {
          message: expect.stringContaining('groupBy[0]: '),
          extensions: { code: 'BAD_USER_INPUT', argumentPath: ['groupBy', 0] },
        },
      ],
    });
  });
});
