import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config.js';
import { createContext } from '../../../context.js';
import { evaluationRuntimeFor, type EvaluationRuntime } from '../../../predictions/runtime.js';
import { loadEmbeddingSettings } from '../../../embeddings/settings.js';
import { createColourCorpus, type ColourCorpus } from '../../../test-utils/embeddings.js';
import { registerModel } from '../../../embeddings/registry.js';
import type { Runtime } from '../../../runtime.js';
import { createServer, type StratumServer } from '../../../server.js';
import { memoryLogger } from '../../testing.js';
import { createTestDb, testDriver, type TestDb } from '../../../test-utils/db.js';
import { writeTinyClip } from '../../../test-utils/tiny-clip.js';

type Result = { data?: Record<string, unknown> | null; errors?: Record<string, unknown>[] };
type Coverage = { model: string; mode: string; done: number; total: number; failed: number; error: string | null };
type ResultsData = {
  results: {
    coverage: (Coverage & { run: { id: string; status: string } | null })[];
    slices: { grouping: string[]; n: number; correct: number; runIds: string[] }[];
  };
};

/** `results` computes missing zero-shot predictions itself (issue 3) and reports coverage. */
describe(`results computes missing predictions on demand (${testDriver})`, () => {
  let t: TestDb;
  let corpus: ColourCorpus;
  let runtime: Runtime;
  let server: StratumServer;
  let emb: EvaluationRuntime;

  async function results(args: string): Promise<ResultsData['results']> {
    const query = `{ results(${args}) {
      coverage { model mode done total failed error run { id status } }
      slices { grouping n correct runIds }
    } }`;
    const response = await server.apollo.executeOperation(
      { query },
      { contextValue: createContext({ runtime, auth: { apiKey: null } }) },
    );
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    const body = JSON.parse(JSON.stringify(response.body.singleResult)) as Result;
    expect(body.errors).toBeUndefined();
    return (body.data as ResultsData).results;
  }

  /** Correct predictions of a run, counted from the predictions themselves. */
  async function correctIn(runId: string): Promise<number> {
    const rows = await t.query<{ c: number }>(
      'select count(*)::int as c from predictions where run_id = $1 and is_correct',
      [Number(runId)],
    );
    return Number(rows[0]!.c);
  }

  beforeAll(async () => {
    t = await createTestDb();
    corpus = await createColourCorpus(t.db, 9);
    const config = loadConfig({ DATA_DIR: await mkdtemp(join(tmpdir(), 'stratum-ondemand-')), LOG_LEVEL: 'silent' });
    runtime = { config, handle: t, store: corpus.store, close: async () => undefined };
    emb = await evaluationRuntimeFor(runtime, {
      settings: { ...loadEmbeddingSettings({}), batchSize: 4, evalInlineThreshold: 100 },
    });
    server = await createServer(runtime, { log: memoryLogger() });
    await registerModel(t, {
      dir: await writeTinyClip(await mkdtemp(join(tmpdir(), 'stratum-ondemand-m-'))),
      slug: 'tiny',
    });
  });
  afterAll(async () => {
    await server?.close();
    await emb?.close();
    await t?.destroy();
  });

  it('the first query computes the run inline, answers from it, and a second query reuses it', async () => {
    const first = await results('models: ["tiny"], groupBy: [SOURCE_DATASET], overall: true');
    expect(first.coverage).toEqual([
      { model: 'tiny', mode: 'INLINE', done: 9, total: 9, failed: 0, error: null, run: expect.any(Object) },
    ]);
    const run = first.coverage[0]!.run!;
    expect(run.status).toBe('COMPLETE');
    const overall = first.slices.find((s) => s.grouping.length === 0)!;
    expect(overall).toEqual({ grouping: [], n: 9, correct: await correctIn(run.id), runIds: [run.id] });
    expect(first.slices.filter((s) => s.grouping.length === 1).map((s) => s.n)).toEqual([5, 4]);

    const second = await results('models: ["tiny"], groupBy: [SOURCE_DATASET], overall: true');
    expect(second.coverage).toEqual([{ ...first.coverage[0], mode: 'EXISTING' }]);
    expect(second.slices).toEqual(first.slices);
  });

  it('a narrower request the facts already cover creates no run and draws on the wider run', async () => {
    const slug = `colours_a_${corpus.benchmarkId}`;
    const before = await t.query<{ c: number }>('select count(*)::int as c from runs');
    const narrow = await results(`models: ["tiny"], filter: { sourceDataset: { slugIn: ["${slug}"] } }, overall: true`);
    expect(narrow.coverage).toMatchObject([
      { model: 'tiny', mode: 'COVERED', done: 5, total: 5, failed: 0, run: null },
    ]);
    expect(await t.query<{ c: number }>('select count(*)::int as c from runs')).toEqual(before);
    const wide = await results('models: ["tiny"], overall: true');
    expect(wide.coverage).toMatchObject([{ model: 'tiny', mode: 'EXISTING', total: 9 }]);
    expect(wide.slices).toMatchObject([{ grouping: [], n: 9, runIds: [wide.coverage[0]!.run!.id] }]);
    expect(narrow.slices).toMatchObject([{ grouping: [], n: 5, runIds: [wide.coverage[0]!.run!.id] }]);
  });

  it('the export answers from the same ensured run as the query', async () => {
    const { url } = await server.listen(0, '127.0.0.1');
    const query = await results('models: ["tiny"], overall: true');
    const res = await fetch(`${url}/export/results.json?models=tiny&overall=true`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { coverage: { runId: number; mode: string }[]; slices: { runIds: number[] }[] };
    expect(body.coverage).toMatchObject([{ runId: Number(query.coverage[0]!.run!.id), mode: 'existing' }]);
    expect(body.slices.map((s) => s.runIds)).toEqual([[Number(query.coverage[0]!.run!.id)]]);
  });

  it('evaluate: false computes nothing and reports coverage from the existing predictions', async () => {
    const before = await t.query<{ c: number }>('select count(*)::int as c from runs');
    const out = await results('models: ["tiny"], evaluate: false, overall: true');
    expect(out.coverage).toEqual([{ model: 'tiny', mode: null, done: 9, total: 9, failed: 0, error: null, run: null }]);
    expect(out.slices).toMatchObject([{ grouping: [], n: 9 }]);
    expect(await t.query<{ c: number }>('select count(*)::int as c from runs')).toEqual(before);
  });

  it('a scope that cannot be evaluated is a coded error, never numbers from other runs', async () => {
    const query = `{ results(models: ["tiny"], filter: { sourceDataset: { slugIn: ["no-such-dataset"] } }) {
      slices { n } } }`;
    const response = await server.apollo.executeOperation(
      { query },
      { contextValue: createContext({ runtime, auth: { apiKey: null } }) },
    );
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    const body = JSON.parse(JSON.stringify(response.body.singleResult)) as Result;
    expect(body.data).toBeNull();
    expect(body.errors).toMatchObject([
      { message: 'filter: the filter matches no images', extensions: { code: 'BAD_USER_INPUT' }, path: ['results'] },
    ]);
  });
});
