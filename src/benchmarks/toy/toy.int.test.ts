import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { createContext } from '../../context.js';
import { evaluationRuntimeFor, type EvaluationRuntime } from '../../predictions/runtime.js';
import { loadEmbeddingSettings } from '../../embeddings/settings.js';
import { importRelease, type ImportSummary } from '../../importer/index.js';
import { registerModel } from '../../embeddings/registry.js';
import type { Runtime } from '../../runtime.js';
import { createServer, type StratumServer } from '../../server.js';
import { ImageStore } from '../../store/image-store.js';
import { createTestDb, testDriver, type TestDb } from '../../test-utils/db.js';
import { writeTinyClip } from '../../test-utils/tiny-clip.js';
import { toyRows, writeToyRelease } from '../../test-utils/toy-release.js';

type Result = { data?: Record<string, unknown> | null; errors?: Record<string, unknown>[] };
const ubenchFixture = fileURLToPath(new URL('../../../fixtures/ubench-format/', import.meta.url));
const TOY_ROWS = 12;

/**
 * The seam, end to end: a second benchmark in its own column layout is imported through its adapter beside
 * μ-Bench, then filtered, faceted and scored through the same GraphQL API.
 */
describe(`a second benchmark through the adapter seam (${testDriver})`, () => {
  let t: TestDb;
  let runtime: Runtime;
  let server: StratumServer;
  let emb: EvaluationRuntime;
  let toy: ImportSummary;
  let ubench: ImportSummary;

  async function exec(query: string): Promise<Record<string, unknown>> {
    const response = await server.apollo.executeOperation(
      { query },
      { contextValue: createContext({ runtime, auth: { apiKey: null } }) },
    );
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    const body = JSON.parse(JSON.stringify(response.body.singleResult)) as Result;
    expect(body.errors).toBeUndefined();
    return body.data!;
  }

  beforeAll(async () => {
    t = await createTestDb();
    const dataDir = await mkdtemp(join(tmpdir(), 'stratum-toy-'));
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    runtime = { config, handle: t, store: new ImageStore(config.imageStoreDir), close: async () => undefined };
    const file = join(dataDir, 'toy-release.arrow');
    await writeToyRelease(file, await toyRows(TOY_ROWS));
    ubench = await importRelease(runtime, {
      sources: [ubenchFixture],
      benchmark: { slug: 'ubench', name: 'μ-Bench', source: 'fixture' },
      revision: 'fixture',
    });
    toy = await importRelease(runtime, {
      sources: [file],
      adapter: 'toy',
      benchmark: { slug: 'toy', name: 'Toy', source: 'test' },
      revision: 'toy-1',
    });
    emb = await evaluationRuntimeFor(runtime, {
      settings: { ...loadEmbeddingSettings({}), batchSize: 8, evalInlineThreshold: 1000 },
    });
    server = await createServer(runtime, { log: { debug() {}, info() {}, warn() {}, error() {} } });
    await registerModel(t, { dir: await writeTinyClip(await mkdtemp(join(tmpdir(), 'stratum-toy-m-'))), slug: 'tiny' });
  });
  afterAll(async () => {
    await server?.close();
    await emb?.close();
    await t?.destroy();
  });

  it('imports the toy layout through its adapter, beside μ-Bench', () => {
    expect(toy).toMatchObject({
      status: 'complete',
      rowsRead: TOY_ROWS,
      rowsImported: TOY_ROWS,
      rowsSkipped: 0,
      rejectedFiles: [],
      files: [{ file: 'toy-release.arrow', rows: TOY_ROWS }],
    });
    expect(ubench).toMatchObject({ status: 'complete', rowsImported: 25 });
  });

  it('refuses to read a benchmark with another adapter than it was created with', async () => {
    await expect(
      importRelease(runtime, {
        sources: [ubenchFixture],
        adapter: 'toy',
        benchmark: { slug: 'ubench', name: 'x', source: 'x' },
        revision: 'x',
      }),
    ).rejects.toMatchObject({ code: 'ADAPTER_MISMATCH' });
    // μ-Bench files lack the toy's columns: rejected whole, naming the first missing column
    await expect(
      importRelease(runtime, {
        sources: [ubenchFixture],
        adapter: 'toy',
        benchmark: { slug: 'toy-2', name: 'x', source: 'x' },
        revision: 'x',
      }),
    ).rejects.toMatchObject({ code: 'MISSING_COLUMN', field: 'uid' });
  });

  it('filters and facets the toy benchmark by its curated taxonomy', async () => {
    const data = await exec(`{
      toy: images(first: 2, filter: { benchmark: { slugIn: ["toy"] } }) {
        totalCount
        facets(axes: [SOURCE_DATASET, TASK, TAXONOMY_GROUP, STAIN, LABEL_NAME, SCALE]) { axis values { slug count } }
        nodes { benchmark { slug } sourceDataset { slug } task { slug } labelNames questions { key type } }
      }
      primary: images(first: 1, filter: { imageSet: { slugIn: ["toy-primary"] } }) { totalCount }
      ubench: images(first: 1, filter: { benchmark: { slugIn: ["ubench"] } }) { totalCount }
    }`);
    const toyImages = data.toy as {
      totalCount: number;
      facets: { axis: string; values: { slug: string; count: number }[] }[];
      nodes: { benchmark: { slug: string }; questions: { key: string; type: string }[] }[];
    };
    expect(toyImages.totalCount).toBe(TOY_ROWS);
    // ties are ordered by id, which depends on insertion order: compare by slug
    const facet = (axis: string) =>
      [...toyImages.facets.find((f) => f.axis === axis)!.values].sort((a, b) => a.slug.localeCompare(b.slug));
    expect(facet('SOURCE_DATASET')).toEqual([
      { slug: 'toy_mixed', count: 6 },
      { slug: 'toy_primary', count: 6 },
    ]);
    expect(facet('TASK')).toEqual([{ slug: 'toy-colour', count: TOY_ROWS }]);
    expect(facet('TAXONOMY_GROUP')).toEqual([{ slug: 'toy-colour-identification', count: TOY_ROWS }]);
    expect(facet('STAIN')).toEqual([
      { slug: 'dapi', count: 6 },
      { slug: 'gfp', count: 6 },
    ]);
    expect(facet('LABEL_NAME')).toEqual([
      { slug: 'blue', count: 4 },
      { slug: 'green', count: 4 },
      { slug: 'red', count: 4 },
    ]);
    expect(facet('SCALE')).toEqual([{ slug: 'cellular', count: TOY_ROWS }]);
    expect(toyImages.nodes[0]!.benchmark.slug).toBe('toy');
    expect(toyImages.nodes[0]!.questions.map((q) => q.key).sort()).toEqual([
      'classification',
      'classification_0',
      'classification_1',
    ]);
    expect(data.primary).toEqual({ totalCount: 6 });
    expect(data.ubench).toEqual({ totalCount: 25 });
  });

  it('scores the toy benchmark on demand through results, per source dataset', async () => {
    const data = await exec(`{
      results(models: ["tiny"], filter: { benchmark: { slugIn: ["toy"] } }, questionTypes: [CLASSIFICATION],
              groupBy: [SOURCE_DATASET], overall: true) {
        coverage { model run { status } done total failed error }
        slices { group { axis label } n correct accuracy benchmarkRevisions }
      }
    }`);
    const results = data.results as {
      coverage: { run: { status: string }; done: number; total: number; failed: number; error: string | null }[];
      slices: {
        group: { label: string }[];
        n: number;
        correct: number;
        accuracy: number;
        benchmarkRevisions: string[];
      }[];
    };
    // one caption set per image at the official template (k = 1)
    expect(results.coverage).toEqual([
      { model: 'tiny', run: { status: 'COMPLETE' }, done: TOY_ROWS, total: TOY_ROWS, failed: 0, error: null },
    ]);
    expect(results.slices).toEqual([
      {
        group: [{ axis: 'SOURCE_DATASET', label: 'toy_mixed' }],
        n: 6,
        correct: 6,
        accuracy: 1,
        benchmarkRevisions: ['toy-1'],
      },
      {
        group: [{ axis: 'SOURCE_DATASET', label: 'toy_primary' }],
        n: 6,
        correct: 6,
        accuracy: 1,
        benchmarkRevisions: ['toy-1'],
      },
      { group: [], n: TOY_ROWS, correct: TOY_ROWS, accuracy: 1, benchmarkRevisions: ['toy-1'] },
    ]);
  });

  it('answers per benchmark revision when the scope spans both benchmarks (no error, never pooled)', async () => {
    const data = await exec(`{
      results(models: ["tiny"], questionTypes: [CLASSIFICATION]) {
        coverage { model done total failed error }
        slices { group { axis } n correct benchmarkRevisions }
      }
    }`);
    const results = data.results as {
      coverage: { model: string; done: number; total: number; failed: number; error: string | null }[];
      slices: { n: number; correct: number; benchmarkRevisions: string[] }[];
    };
    const fixtureQuestions = (
      await t.query<{ n: number }>(
        `select count(*)::int as n from questions q join images i on i.id = q.image_id join benchmarks b on b.id = i.benchmark_id
       where b.slug = 'ubench' and q.type = 'classification' and q.protocol = 'caption' and q.template = 1`,
      )
    )[0]!.n;
    expect(fixtureQuestions).toBeGreaterThan(0);
    // one coverage entry per benchmark (the toy's was already covered by the previous request)
    expect(results.coverage.map((c) => [c.done, c.total, c.failed, c.error]).sort()).toEqual(
      [
        [fixtureQuestions, fixtureQuestions, 0, null],
        [TOY_ROWS, TOY_ROWS, 0, null],
      ].sort(),
    );
    expect(results.slices.map((s) => [s.benchmarkRevisions, s.n])).toEqual([
      [['fixture'], fixtureQuestions],
      [['toy-1'], TOY_ROWS],
    ]);
    expect(results.slices[1]!.correct).toBe(TOY_ROWS);
  });
});
