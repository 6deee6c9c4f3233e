import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resultAxes, type ResultAxis } from '../axes/registry.js';
import type { SlicePredictionRow } from '../db/queries/slice-predictions.js';
import { createTestServer } from '../graphql/testing.js';
import { createTestDb, testDriver, type TestDb } from '../test-utils/db.js';
import { AXES_CORPUS_SIZE, axesCorpusSpec, axesCorpusValues, createAxesCorpus } from '../test-utils/axes-corpus.js';
import { factories } from '../test-utils/factories.js';
import { createResultsService } from './on-demand.js';
import { parseSliceSelection } from './slice-predictions.js';
import type { ResultSlice, ResultsArgs } from './service.js';

/**
 * The predictions behind a slice (issue 14, audit): for every slice of every result axis, alone and crossed with a
 * multi-valued axis, with marginals and the overall row, the listed predictions are exactly the questions of the
 * slice (checked against the corpus spec) and count exactly its n and correct. Model A has two runs: the newer
 * answers only classification questions, so each run stands only for the question types it was chosen for.
 */
const images = [...Array(AXES_CORPUS_SIZE).keys()];
const type = (j: number) => axesCorpusSpec(j).questionType;
/** Model A's outcome on image j: its newer run for classification, its older run otherwise (some failed). */
const outcomeA = (j: number): boolean | null =>
  type(j) === 'classification' ? j % 4 === 1 : j % 5 === 3 ? null : j % 3 !== 1;
const outcomeB = (j: number) => j % 4 !== 0;
/** A raw answer with every character CSV must quote. */
const RAW = 'He said "B", then\nC';

describe(`the predictions behind a slice (${testDriver})`, () => {
  let t: TestDb;
  let server: Awaited<ReturnType<typeof createTestServer>>;
  let questionIds: number[];
  let url = '';
  const runsA: number[] = [];

  beforeAll(async () => {
    t = await createTestDb();
    server = await createTestServer(t);
    ({ questionIds } = await createAxesCorpus(t.db));
    const f = factories(t.db);
    const a = await f.newModel({ slug: 'axes-model-a', kind: 'generative' });
    const b = await f.newModel({ slug: 'axes-model-b', kind: 'generative' });
    const imported = { status: 'complete', protocol: 'generative', source: 'import' } as const;
    const older = await f.newRun({ modelId: a.id, ...imported, parameters: { letterRule: 'STANDARD' } });
    const newer = await f.newRun({ modelId: a.id, ...imported });
    const runB = await f.newRun({ modelId: b.id, ...imported });
    runsA.push(older.id, newer.id);
    for (const [j, questionId] of questionIds.entries()) {
      // The older run answers every question; for classification ones the opposite of the newer run.
      const old = type(j) === 'classification' ? !outcomeA(j) : outcomeA(j);
      await f.newPrediction({
        runId: older.id,
        questionId,
        rawOutput: j === 2 ? RAW : `answer ${j}`,
        chosenIndex: old === null ? null : j % 3,
        isCorrect: old,
        status: old === null ? 'failed' : 'ok',
        error: old === null ? 'ENDPOINT_TIMEOUT: gave up' : null,
        requestId: `req-${j}`,
      });
      if (type(j) === 'classification') {
        await f.newPrediction({ runId: newer.id, questionId, chosenIndex: 0, isCorrect: outcomeA(j) });
      }
      await f.newPrediction({ runId: runB.id, questionId, chosenIndex: 1, isCorrect: outcomeB(j) });
    }
    url = (await server.server.listen(0, '127.0.0.1')).url;
  });
  afterAll(async () => {
    await server?.close();
    await t?.destroy();
  });

  const service = () => createResultsService(server.runtime);
  /** Image index j of each question id. */
  const imageOf = (questionId: number) => questionIds.indexOf(questionId);
  const member = (s: ResultSlice, j: number) =>
    s.group.every((g) => {
      const values = axesCorpusValues(g.axis, j);
      return g.value === null ? values.length === 0 : values.includes(g.value);
    });

  async function allRows(scope: ResultSlice['scope'], outcome: 'scored' | 'unscored' = 'scored') {
    const rows: SlicePredictionRow[] = [];
    for await (const page of service().slicePredictionPages(scope, outcome, 4)) rows.push(...page);
    return rows;
  }

  /** Every slice's predictions: its own questions, n of them, `correct` correct, in (run, question) order. */
  async function checkSlices(args: ResultsArgs) {
    const out = await service().results({ ...args, evaluate: false });
    expect(out.slices.length).toBeGreaterThan(1);
    for (const s of out.slices) {
      const rows = await allRows(s.scope);
      const outcome = s.model.slug === 'axes-model-a' ? outcomeA : outcomeB;
      const want = images.filter((j) => member(s, j) && outcome(j) !== null && (!args.filter || j % 3 === 0));
      const label = `${s.model.slug} ${JSON.stringify(s.group)}`;
      expect([label, rows.map((r) => imageOf(r.questionId)).sort((x, y) => x - y)]).toEqual([label, want]);
      expect([label, rows.length, rows.filter((r) => r.isCorrect).length]).toEqual([label, s.n, s.correct]);
      expect(await service().countSlicePredictions(s.scope, 'scored')).toEqual({ count: s.n, correct: s.correct });
      const keys = rows.map((r) => r.runId * 1e6 + r.questionId);
      expect(keys).toEqual([...keys].sort((x, y) => x - y));
      if (s.model.slug === 'axes-model-a') {
        // Each run only for its chosen question types: classification answers come from the newer run.
        expect(rows.every((r) => r.runId === (r.questionType === 'classification' ? runsA[1] : runsA[0]))).toBe(true);
      }
    }
    return out.slices;
  }

  it.each(resultAxes)('lists exactly the predictions behind each slice of %s', async (axis) => {
    await checkSlices({ models: ['axes-model-a', 'axes-model-b'], groupBy: [axis], overall: true });
  });

  // A rolled-up parent, an axis through the source dataset, a question column and a boolean literal.
  it.each(['DOMAIN', 'TASK', 'QUESTION_TYPE', 'SYNTHETIC'] as const)(
    'lists exactly the predictions behind %s × LABEL_NAME slices and their marginals',
    async (axis) => {
      await checkSlices({ models: ['axes-model-a'], groupBy: [axis, 'LABEL_NAME'], marginals: true, overall: true });
    },
  );

  it('lists them under a filter the rollup cannot answer (predictions source) and under question types', async () => {
    // license CC-BY-4.0 is every third image (j % 3 === 0), read from the images, not the rollup
    await checkSlices({
      models: ['axes-model-a', 'axes-model-b'],
      groupBy: ['IMAGE_SET', 'QUESTION_TYPE'],
      marginals: true,
      filter: { license: { in: ['CC-BY-4.0'] } },
    });
    const typed = await service().results({ models: ['axes-model-a'], questionTypes: ['modality'], overall: true });
    const rows = await allRows(typed.slices[0]!.scope);
    expect(rows.length).toBe(typed.slices[0]!.n);
    expect(rows.every((r) => r.questionType === 'modality' && r.runId === runsA[0])).toBe(true);
  });

  it('UNSCORED lists the failed predictions the slice leaves out of n, with their error', async () => {
    const out = await service().results({ models: ['axes-model-a'] });
    const overall = out.slices[0]!;
    const failed = await allRows(overall.scope, 'unscored');
    expect(failed.map((r) => imageOf(r.questionId)).sort((x, y) => x - y)).toEqual(
      images.filter((j) => outcomeA(j) === null),
    );
    expect(failed.every((r) => r.status === 'failed' && r.error === 'ENDPOINT_TIMEOUT: gave up')).toBe(true);
    expect(overall.n + failed.length).toBe(AXES_CORPUS_SIZE);
  });

  it('a slice is named by its values; anything else is a coded error naming the field', () => {
    expect(parseSliceSelection({ MODALITY: 'mod-a', LICENSE: null })).toEqual([
      { axis: 'MODALITY', value: 'mod-a' },
      { axis: 'LICENSE', value: null },
    ]);
    expect(parseSliceSelection(undefined)).toEqual([]);
    for (const [raw, path] of [
      [{ NOPE: 'x' }, ['slice', 'NOPE']],
      [{ MODALITY: 5 }, ['slice', 'MODALITY']],
      [{ MODALITY: 'x'.repeat(1001) }, ['slice', 'MODALITY']],
      [['MODALITY'], ['slice']],
      ['MODALITY', ['slice']],
    ] as const) {
      expect(() => parseSliceSelection(raw)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', path }));
    }
  });

  const SLICE_PREDICTIONS = `query($after: String, $first: Int, $outcome: PredictionOutcome) {
    results(models: ["axes-model-a"], groupBy: [LABEL_NAME], evaluate: false) {
      slices { group { value } n correct
        predictions(first: $first, after: $after, outcome: $outcome) {
          totalCount correct pageInfo { hasNextPage endCursor }
          edges { cursor node { question { id } run { id } rawOutput isCorrect requestId status error protocolConfig } }
        }
      }
    }
  }`;
  type Page = {
    totalCount: number;
    correct: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { cursor: string; node: { question: { id: string }; isCorrect: boolean | null } }[];
  };

  it('GraphQL: ResultSlice.predictions pages through exactly the slice (totalCount = n, correct = correct)', async () => {
    const pageOf = async (after: string | null, outcome = 'SCORED') => {
      const res = await server.exec(SLICE_PREDICTIONS, { after, first: 2, outcome });
      expect(res.errors).toBeUndefined();
      return (
        res.data!.results as { slices: { group: { value: string }[]; n: number; correct: number; predictions: Page }[] }
      ).slices;
    };
    const first = await pageOf(null);
    const lblA = first.find((s) => s.group[0]!.value === 'lbl-a')!;
    expect(lblA.predictions).toMatchObject({ totalCount: lblA.n, correct: lblA.correct });
    const seen: string[] = [];
    let page = lblA.predictions;
    for (;;) {
      seen.push(...page.edges.map((e) => e.node.question.id));
      if (!page.pageInfo.hasNextPage) break;
      const next = await pageOf(page.pageInfo.endCursor);
      page = next.find((s) => s.group[0]!.value === 'lbl-a')!.predictions;
    }
    expect(seen).toHaveLength(lblA.n);
    expect(new Set(seen).size).toBe(lblA.n);
    const want = images.filter((j) => axesCorpusValues('LABEL_NAME', j).includes('lbl-a') && outcomeA(j) !== null);
    expect(seen.map((id) => imageOf(Number(id))).sort((x, y) => x - y)).toEqual(want);
    // The failed ones, with their error; imported predictions have no protocol configuration.
    const unscored = (await pageOf(null, 'UNSCORED')).find((s) => s.group[0]!.value === 'lbl-a')!.predictions;
    expect(unscored.totalCount).toBe(
      images.filter((j) => axesCorpusValues('LABEL_NAME', j).includes('lbl-a') && outcomeA(j) === null).length,
    );
    expect(unscored.edges[0]!.node).toMatchObject({
      isCorrect: null,
      status: 'FAILED',
      error: 'ENDPOINT_TIMEOUT: gave up',
      protocolConfig: null,
    });
  });

  it('GraphQL: bad page arguments are coded errors naming the argument', async () => {
    for (const [variables, path] of [
      [{ first: 0 }, ['first']],
      [{ first: 501 }, ['first']],
      [{ after: 'not-a-cursor' }, ['after']],
      [{ after: Buffer.from('{"r":-1,"q":1}').toString('base64url') }, ['after']],
    ] as const) {
      const res = await server.exec(SLICE_PREDICTIONS, variables);
      expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argumentPath: path } });
    }
  });

  const qs = (o: Record<string, string>) => new URLSearchParams(o).toString();

  it('exports the slice as CSV and JSON, streamed in pages: the same rows, n of them, with the audit columns', async () => {
    const args = { models: 'axes-model-a,axes-model-b', groupBy: 'LABEL_NAME' };
    const results = (await (await fetch(`${url}/export/results.json?${qs(args)}`)).json()) as {
      slices: {
        model: { slug: string };
        group: { axis: ResultAxis; value: string | null }[];
        n: number;
        correct: number;
      }[];
    };
    const slice = results.slices.find((s) => s.model.slug === 'axes-model-a' && s.group[0]!.value === 'lbl-a')!;
    const selection = { models: 'axes-model-a', slice: JSON.stringify({ LABEL_NAME: 'lbl-a' }), pageSize: '2' };
    const json = (await (await fetch(`${url}/export/predictions.json?${qs(selection)}`)).json()) as {
      slice: unknown;
      outcome: string;
      runIds: number[];
      predictions: Record<string, unknown>[];
      count: number;
      correct: number;
    };
    expect(json).toMatchObject({ slice: { LABEL_NAME: 'lbl-a' }, outcome: 'SCORED', runIds: runsA });
    expect([json.count, json.correct, json.predictions.length]).toEqual([slice.n, slice.correct, slice.n]);
    const csvRes = await fetch(`${url}/export/predictions.csv?${qs(selection)}`);
    expect(csvRes.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const records = parse(await csvRes.text(), { columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(slice.n);
    expect(records.map((r) => Number(r.question_id))).toEqual(json.predictions.map((p) => p.questionId));
    expect(Object.keys(records[0]!)).toEqual(
      expect.arrayContaining([
        'model',
        'run_id',
        'question_id',
        'image_id',
        'raw_output',
        'chosen_letter',
        'gold_letter',
        'correct',
        'request_id',
        'prompt_tokens',
        'completion_tokens',
        'latency_ms',
        'cached',
        'protocol_config',
        'parameters',
      ]),
    );
    // j = 2 carries 'lbl-a' and a raw answer with a quote, a comma and a line break: it survives CSV intact.
    const two = records.find((r) => Number(r.question_id) === questionIds[2])!;
    expect(two).toMatchObject({
      model: 'axes-model-a',
      raw_output: RAW,
      request_id: 'req-2',
      chosen_index: '2',
      chosen_letter: 'C',
      gold_letter: 'C',
      correct: String(outcomeA(2)),
      parameters: '{"letterRule":"STANDARD"}',
      protocol: 'generative',
    });
    expect(json.predictions.find((p) => p.questionId === questionIds[2])).toMatchObject({
      rawOutput: RAW,
      correct: outcomeA(2),
      goldIndex: 2,
      chosenOption: 'C',
    });
    // Outcomes: CORRECT counts the slice's correct; an empty slice is a header only.
    const correct = await (
      await fetch(`${url}/export/predictions.json?${qs({ ...selection, outcome: 'correct' })}`)
    ).json();
    expect((correct as { count: number }).count).toBe(slice.correct);
    const none = await (
      await fetch(`${url}/export/predictions.csv?${qs({ ...selection, slice: '{"LABEL_NAME":"nope"}' })}`)
    ).text();
    expect(none.trimEnd().split('\r\n')).toHaveLength(1);
  });

  it('export arguments it cannot use are coded 400s naming the argument', async () => {
    for (const [params, path] of [
      [{ slice: 'not json' }, ['slice']],
      [{ slice: '{"NOPE":"x"}' }, ['slice', 'NOPE']],
      [{ slice: '{"MODALITY":5}' }, ['slice', 'MODALITY']],
      [{ slice: '["MODALITY"]' }, ['slice']],
      [{ outcome: 'MAYBE' }, ['outcome']],
      [{ pageSize: '0' }, ['pageSize']],
      [{ pageSize: '5001' }, ['pageSize']],
      [{ pageSize: '1e3' }, ['pageSize']],
      [{ filter: '{"license":' }, ['filter']],
      [{ questionTypes: 'nope' }, ['questionTypes', 0]],
      [{ runs: 'x' }, ['runs', 0]],
      [{ models: 'no-such-model' }, ['models', 0]],
    ] as const) {
      const res = await fetch(`${url}/export/predictions.csv?${qs({ models: 'axes-model-a', ...params })}`);
      expect([params, res.status]).toEqual([params, 400]);
      const body = (await res.json()) as { errors: { extensions: { code: string; argumentPath: unknown[] } }[] };
      expect([params, body.errors[0]!.extensions]).toEqual([
        params,
        expect.objectContaining({ code: 'BAD_USER_INPUT', argumentPath: path }),
      ]);
    }
  });
});
