import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type GraphQLResult } from '../graphql/testing.js';
import { addPredictions, createResultsCorpus, createRun } from '../test-utils/results-fixtures.js';
import { createTestDb, type TestDb } from '../test-utils/db.js';

// Property-based fuzz of the two richest inputs, `ImageFilter` and the `results` arguments, through the real
// Apollo server (schema, validation, cost limit, resolvers, SQL): whatever a client sends, the answer is data or
// coded errors, never INTERNAL_SERVER_ERROR, and nothing is logged as an internal error. 10,000 cases in all
// (FUZZ_RUNS scales them); the seed is fixed for a reproducible CI run and can be changed with FUZZ_SEED.
const seed = Number(process.env.FUZZ_SEED ?? 20261130);
const runs = Number(process.env.FUZZ_RUNS ?? 10_000);

let db: TestDb;
let t: Awaited<ReturnType<typeof createTestServer>>;
beforeAll(async () => {
  db = await createTestDb();
  const corpus = await createResultsCorpus(db.db);
  await addPredictions(db.db, await createRun(db.db, corpus, 'model-a'), corpus, (i) => i % 3 !== 0);
  await addPredictions(db.db, await createRun(db.db, corpus, 'model-b'), corpus, (i) =>
    i % 5 === 0 ? null : i % 2 === 0,
  );
  t = await createTestServer(db);
}, 120_000);
afterAll(async () => {
  await t?.close();
  await db?.destroy();
});

// Scalars as a hostile client sends them: right and wrong types, edge numbers, NUL bytes, lone surrogates.
const anyNumber = fc.oneof(
  fc.integer({ min: -3, max: 40 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, 2 ** 31 - 1, 2 ** 31, 2 ** 53, 1e39, 1e-50, 3.4e38, Number.MAX_VALUE),
);
const anyString = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.constantFrom(
    '',
    'he',
    'dapi',
    'fluorescence-microscopy',
    '1',
    '0',
    '-1',
    '99999999999',
    '1e3',
    'a\u0000b',
    "'; drop table images; --",
  ),
);
const idish = fc.oneof(fc.integer({ min: -2, max: 60 }), anyString, anyNumber);
const maybe = <T>(a: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 3, arbitrary: a }, { weight: 1, arbitrary: fc.constant(null) });
const list = <T>(a: fc.Arbitrary<T>) => fc.array(a, { maxLength: 6 });
const wrong = fc.oneof(anyString, anyNumber, fc.boolean(), fc.constant({}), fc.constant([]));

const valueRefs = fc.record(
  {
    in: maybe(list(idish)),
    notIn: maybe(list(idish)),
    slugIn: maybe(list(anyString)),
    slugNotIn: maybe(list(anyString)),
    isNull: maybe(fc.boolean()),
  },
  { requiredKeys: [] },
);
const stringValues = fc.record(
  { in: maybe(list(anyString)), notIn: maybe(list(anyString)), isNull: maybe(fc.boolean()) },
  { requiredKeys: [] },
);
const range = fc.record(
  { gte: maybe(anyNumber), gt: maybe(anyNumber), lte: maybe(anyNumber), lt: maybe(anyNumber) },
  { requiredKeys: [] },
);
const axes = [
  'benchmark',
  'domain',
  'modality',
  'submodality',
  'stain',
  'organism',
  'scale',
  'sourceDataset',
  'task',
  'taxonomyGroup',
  'imageSet',
] as const;

const { filter } = fc.letrec<{ filter: Record<string, unknown> }>((tie) => ({
  filter: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record(
      {
        ids: maybe(list(idish)),
        sourceImageIds: maybe(list(anyString)),
        ...Object.fromEntries(axes.map((a) => [a, maybe(valueRefs)])),
        micronsPerPixel: maybe(range),
        width: maybe(range),
        height: maybe(range),
        synthetic: maybe(fc.boolean()),
        license: maybe(stringValues),
        labelName: maybe(stringValues),
        pmid: maybe(stringValues),
        normalAbnormal: maybe(list(fc.constantFrom('normal', 'abnormal', 'NORMAL', 'weird'))),
        split: maybe(list(anyString)),
        and: maybe(fc.array(tie('filter'), { maxLength: 3 })),
        or: maybe(fc.array(tie('filter'), { maxLength: 3 })),
        not: maybe(tie('filter')),
      },
      { requiredKeys: [] },
    ),
    // Shapes that are not an ImageFilter at all: unknown fields, wrong types in known ones.
    fc.record({ bogus: wrong }),
    fc.record({ modality: wrong, ids: wrong }, { requiredKeys: [] }),
  ),
}));

function internalErrors(result: GraphQLResult): unknown[] {
  return (result.errors ?? []).filter((e) => {
    const code = (e.extensions as { code?: unknown } | undefined)?.code;
    return typeof code !== 'string' || code === 'INTERNAL_SERVER_ERROR';
  });
}

describe('fuzz: no input is an internal error', () => {
  it(`ImageFilter (${Math.round(runs * 0.6)} cases) on images`, async () => {
    await fc.assert(
      fc.asyncProperty(filter, fc.integer({ min: -5, max: 600 }), async (f, first) => {
        const result = await t.exec(
          'query ($f: ImageFilter, $n: Int) { images(filter: $f, first: $n) { totalCount nodes { id } } }',
          { f, n: first },
        );
        expect(internalErrors(result)).toEqual([]);
      }),
      { seed, numRuns: Math.round(runs * 0.6), endOnFailure: true },
    );
    expect(t.log.lines.filter((l) => l.level === 'error')).toEqual([]);
  }, 900_000);

  it(`results arguments (${Math.round(runs * 0.4)} cases)`, async () => {
    const args = fc.record(
      {
        models: maybe(list(fc.oneof(fc.constantFrom('model-a', 'model-b', 'nope'), anyString))),
        runs: maybe(list(idish)),
        filter: maybe(filter),
        questionTypes: maybe(list(fc.constantFrom('MODALITY', 'STAIN', 'CLASSIFICATION', 'VQA', 'modality', 'NOPE'))),
        groupBy: maybe(
          list(
            fc.constantFrom(
              'MODALITY',
              'STAIN',
              'SOURCE_DATASET',
              'TASK',
              'TAXONOMY_GROUP',
              'QUESTION_TYPE',
              'LICENSE',
              'LABEL_NAME',
              'SYNTHETIC',
              'BOGUS',
            ),
          ),
        ),
        preset: maybe(fc.constantFrom('COARSE', 'FINE', 'FINE_BY_TASK', 'PATHOLOGY_HE', 'NOPE')),
        marginals: maybe(fc.boolean()),
        overall: maybe(fc.boolean()),
        interval: maybe(fc.constantFrom('WILSON', 'BOOTSTRAP', 'CLUSTER_BOOTSTRAP', 'NOPE')),
        seed: maybe(anyNumber),
        resamples: maybe(fc.oneof(fc.integer({ min: -10, max: 3000 }), anyNumber)),
        minSupport: maybe(anyNumber),
        source: maybe(fc.constantFrom('AUTO', 'ROLLUP', 'PREDICTIONS', 'NOPE')),
        evaluate: fc.constant(false),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(args, async (a) => {
        const result = await t.exec(
          `query ($models: [String!], $runs: [ID!], $filter: ImageFilter, $questionTypes: [QuestionType!],
                  $groupBy: [ResultAxis!], $preset: ResultPreset, $marginals: Boolean, $overall: Boolean,
                  $interval: IntervalMethod, $seed: Int, $resamples: Int, $minSupport: Int, $source: ResultSource,
                  $evaluate: Boolean) {
             results(models: $models, runs: $runs, filter: $filter, questionTypes: $questionTypes, groupBy: $groupBy,
                     preset: $preset, marginals: $marginals, overall: $overall, interval: $interval, seed: $seed,
                     resamples: $resamples, minSupport: $minSupport, source: $source, evaluate: $evaluate) {
               slices { group { axis label } n correct accuracy interval { low high } }
             }
           }`,
          a,
        );
        expect(internalErrors(result)).toEqual([]);
      }),
      { seed, numRuns: Math.round(runs * 0.4), endOnFailure: true },
    );
    expect(t.log.lines.filter((l) => l.level === 'error')).toEqual([]);
  }, 900_000);
});
