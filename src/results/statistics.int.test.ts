import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, testDriver, type TestDb } from '../test-utils/db.js';
import { basicBootstrap, clusterBootstrap } from '../statistics/index.js';
import {
  addPredictions,
  createResultsCorpus,
  createRun,
  defaultImageSpecs,
  type ResultsCorpus,
} from '../test-utils/results-fixtures.js';
import { compareModels, computeResults, leaderboard, listReferenceResults, ResultsInputError } from './service.js';

/**
 * The statistics as the results service applies them (issue 10, items 7–10): Table 1 ranks per split, tie
 * groups from paired tests, cluster bootstraps by source dataset and by image, clipped basic intervals, and the
 * seed reaching every bootstrap. Expected values are recounted from the fixture's specs or written out by hand.
 */

// Question i belongs to image ⌊i/2⌋ (defaultImageSpecs) and is its modality (even i) or classification (odd i).
const correctA = (i: number) => i % 3 !== 0;
const datasetOf = (i: number) => defaultImageSpecs[Math.floor(i / 2)]!.dataset;

describe(`results statistics (${testDriver})`, () => {
  let t: TestDb;
  let c: ResultsCorpus;
  beforeAll(async () => {
    t = await createTestDb();
    c = await createResultsCorpus(t.db);
    await addPredictions(t.db, await createRun(t.db, c, 'model-a'), c, correctA);
  });
  afterAll(async () => t?.destroy());

  it('uses the seed of the request for the basic bootstrap', async () => {
    // 100 resamples of Binomial(24, 2/3)/24: the 2.5% / 97.5% percentiles interpolate between order statistics,
    // so seeds 1 and 2 give different intervals (checked here, so the test cannot pass by accident).
    const expected = (seed: number) => basicBootstrap(24, 16, { seed, resamples: 100 });
    expect(expected(1)).not.toEqual(expected(2));
    for (const seed of [1, 2]) {
      const out = await computeResults(t.db, { models: ['model-a'], interval: 'BOOTSTRAP', seed, resamples: 100 });
      expect(out.slices[0]!.interval).toEqual({
        ...expected(seed),
        method: 'BOOTSTRAP',
        level: 0.95,
        clusters: null,
        fewClusters: false,
        unavailable: null,
      });
    }
  });

  it('clips basic-bootstrap bounds to [0, 1] and keeps the unclipped ± (n = 5, k = 4 on the held dataset)', async () => {
    // held: images 5–9, questions 10–19; A is right unless i % 3 = 0 (12, 15, 18): 7 of 10. Filter to the
    // classification questions of held: 11, 13, 15, 17, 19 → 4 of 5 right. Exact B → ∞ basic interval of
    // 4/5 (scipy reference, scoring.test.ts): raw [0.6, 1.2] → reported [0.6, 1], ± 0.4.
    const out = await computeResults(t.db, {
      models: ['model-a'],
      filter: { sourceDataset: { slugIn: ['held_et_al_2010_h2b'] } },
      questionTypes: ['classification'],
      interval: 'BOOTSTRAP',
      seed: 3,
      resamples: 99_999,
    });
    const s = out.slices[0]!;
    expect([s.n, s.correct]).toEqual([5, 4]);
    expect(s.interval.low).toBeCloseTo(0.6, 12);
    expect(s.interval.high).toBe(1);
    expect(s.interval.plusMinus).toBeCloseTo(0.4, 12);
    expect(s.interval.clipped).toBe(true);
  });

  it('gives no cluster interval below two clusters, with the reason, and flags few clusters', async () => {
    const one = await computeResults(t.db, {
      models: ['model-a'],
      filter: { sourceDataset: { slugIn: ['kather_et_al_2016'] } },
      interval: 'CLUSTER_BOOTSTRAP',
    });
    expect(one.slices[0]!.interval).toEqual({
      method: 'CLUSTER_BOOTSTRAP',
      level: 0.95,
      estimate: 6 / 10, // kather: questions 0–9, wrong on 0, 3, 6, 9
      low: null,
      high: null,
      plusMinus: null,
      clipped: false,
      clusters: 1,
      fewClusters: false,
      unavailable: 'only 1 cluster: a cluster bootstrap needs at least 2 clusters to show between-cluster variation',
    });
    // grouped by source dataset, every slice is one cluster: none has an interval (it used to report ±0)
    const bySource = await computeResults(t.db, {
      models: ['model-a'],
      groupBy: ['SOURCE_DATASET'],
      interval: 'CLUSTER_BOOTSTRAP',
    });
    expect(bySource.slices).toHaveLength(3);
    for (const s of bySource.slices) expect([s.interval.low, s.interval.clusters]).toEqual([null, 1]);
    // all three datasets: an interval, flagged as resting on few clusters, equal to the bootstrap of the
    // per-dataset counts recounted from the specs
    const all = await computeResults(t.db, { models: ['model-a'], interval: 'CLUSTER_BOOTSTRAP', seed: 4 });
    const perDataset = (['eulenberg_df', 'held', 'kather'] as const).map((d) => {
      const qs = c.questions.map((_, i) => i).filter((i) => datasetOf(i) === d);
      return { n: qs.length, k: qs.filter(correctA).length };
    });
    const want = clusterBootstrap(perDataset, { seed: 4 });
    expect(all.slices[0]!.interval).toMatchObject({ ...want.interval, clusters: 3, fewClusters: true });
  });

  it('clusters by image on request (questions are nested in images), from the question-level join', async () => {
    const out = await computeResults(t.db, {
      models: ['model-a'],
      groupBy: ['MODALITY'],
      interval: 'IMAGE_CLUSTER_BOOTSTRAP',
      seed: 5,
      resamples: 2000,
    });
    expect(out.source).toBe('predictions');
    for (const s of out.slices) {
      const modality = s.group[0]!.value;
      // one cluster per image: its two questions
      const perImage = defaultImageSpecs.flatMap((spec, j) =>
        spec.modality === modality ? [{ n: 2, k: [2 * j, 2 * j + 1].filter(correctA).length }] : [],
      );
      const want = clusterBootstrap(perImage, { seed: 5, resamples: 2000 });
      expect(s.interval).toMatchObject({
        method: 'IMAGE_CLUSTER_BOOTSTRAP',
        ...want.interval,
        clusters: perImage.length,
        fewClusters: true,
      });
    }
    await expect(
      computeResults(t.db, { models: ['model-a'], interval: 'IMAGE_CLUSTER_BOOTSTRAP', source: 'ROLLUP' }),
    ).rejects.toThrow(ResultsInputError);
  });

  it("ranks each of Table 1's splits by its own column, ties sharing the best rank", async () => {
    const order = async (split: 'coarse' | 'fine' | 'cognition') =>
      (await listReferenceResults(t.db, split)).map((r) => `${r.rank} ${r.model}`);
    // ubench-corpus.md §4.2, sorted by hand
    expect(await order('fine')).toEqual([
      '1 GPT-4o',
      '2 BiomedCLIP',
      '3 CONCH',
      '4 ALIGN',
      '5 CLIP',
      '6 OpenCLIP',
      '7 CogVLM',
      '8 QuiltNet',
      '9 QwenVLM',
      '10 PLIP',
      '11 PaliGemma',
      '12 Random',
    ]);
    expect(await order('cognition')).toEqual([
      '1 GPT-4o',
      '2 CogVLM',
      '2 QwenVLM',
      '4 OpenCLIP',
      '5 ALIGN',
      '6 CLIP',
      '7 BiomedCLIP',
      '7 PaliGemma',
      '9 CONCH',
      '10 PLIP',
      '10 Random',
      '12 QuiltNet',
    ]);
    expect(await order('coarse')).toEqual([
      '1 GPT-4o',
      '2 CogVLM',
      '3 QwenVLM',
      '4 BiomedCLIP',
      '5 ALIGN',
      '6 OpenCLIP',
      '7 PaliGemma',
      '8 CLIP',
      '9 PLIP',
      '10 CONCH',
      '11 QuiltNet',
      '12 Random',
    ]);
  });
});

describe(`leaderboard tie groups from paired tests (${testDriver})`, () => {
  // 100 images × 2 questions. A: right on 190 of 200; B: right on 150 (wrong wherever A is, and on 40 more);
  // C answered only questions 0–2 (the rest failed) and got 2 right: accuracy 2/3 below B's 3/4, but with a
  // Wilson interval [0.21, 0.94] that overlaps A's [0.91, 0.97]. The old interval-overlap rule put C into the
  // leader's group while B, better measured and more accurate, fell into group 2.
  const specs = Array.from({ length: 100 }, (_, j) => defaultImageSpecs[j % defaultImageSpecs.length]!);
  const correct = {
    A: (i: number) => i >= 10,
    B: (i: number) => i >= 50,
    C: (i: number) => (i < 3 ? i !== 0 : null),
    D: (i: number) => i >= 50,
    E: () => true,
    F: (i: number) => !(i % 2 === 1 && i < 12),
  };
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
    const c = await createResultsCorpus(t.db, specs);
    for (const [slug, fn] of Object.entries(correct)) {
      await addPredictions(t.db, await createRun(t.db, c, `model-${slug.toLowerCase()}`), c, fn);
    }
  });
  afterAll(async () => t?.destroy());

  it('keeps groups contiguous in rank order and shares ranks on equal accuracy', async () => {
    const [overall] = await leaderboard(t.db, { models: ['model-a', 'model-b', 'model-c', 'model-d'] });
    expect(overall!.entries.map((e) => [e.slice.model.slug, e.slice.n, e.rank, e.tieGroup, e.tiedWithLeader])).toEqual([
      ['model-a', 200, 1, 1, true],
      // B and D answer identically: equal accuracy shares rank 2; McNemar p = 1 between them
      ['model-b', 200, 2, 2, false],
      ['model-d', 200, 2, 2, false],
      // C vs B on the 3 questions both answered: B wrong on all, C right on 2: p = 0.5, not separable
      ['model-c', 3, 4, 2, false],
    ]);
  });

  it('lets a leader measured on few questions tie with everyone (no evidence against it)', async () => {
    // classification (odd i): C answered only question 1, right: 1/1 ranks first, and no paired test can
    // separate anyone from it. modality (even i): A 95/100, B 75/100 (20 discordant pairs, all for A:
    // p = 2/2²⁰), C 1/2 (vs B on questions 0 and 2: p = 1).
    const slices = await leaderboard(t.db, { groupBy: ['QUESTION_TYPE'], models: ['model-a', 'model-b', 'model-c'] });
    expect(slices.map((s) => s.entries.map((e) => [e.slice.model.slug, e.rank, e.tieGroup]))).toEqual([
      [
        ['model-c', 1, 1],
        ['model-a', 2, 1],
        ['model-b', 3, 1],
      ],
      [
        ['model-a', 1, 1],
        ['model-b', 2, 2],
        ['model-c', 3, 2],
      ],
    ]);
  });

  it('adjusts with Benjamini–Hochberg across every comparison of the request, not per pair', async () => {
    // E is right everywhere; F is wrong on 6 classification questions only: exact McNemar p = 2/2⁶ = 0.03125.
    // Alone (overall), that separates them. Grouped by question type the family has two comparisons (the
    // modality one has p = 1), so the adjusted p is 2 · 0.03125 = 0.0625 > 0.05: tied.
    const [overall] = await leaderboard(t.db, { models: ['model-e', 'model-f'] });
    expect(overall!.entries.map((e) => [e.slice.model.slug, e.tieGroup])).toEqual([
      ['model-e', 1],
      ['model-f', 2],
    ]);
    const byType = await leaderboard(t.db, { models: ['model-e', 'model-f'], groupBy: ['QUESTION_TYPE'] });
    expect(byType.map((s) => s.entries.map((e) => [e.slice.model.slug, e.rank, e.tieGroup]))).toEqual([
      [
        ['model-e', 1, 1],
        ['model-f', 2, 1],
      ],
      [
        ['model-e', 1, 1],
        ['model-f', 1, 1],
      ],
    ]);
    const cmp = await compareModels(t.db, { modelA: 'model-e', modelB: 'model-f' });
    expect(cmp.slices[0]!.pValue).toBe(0.03125);
  });
});
