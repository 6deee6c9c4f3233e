import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDb, testDriver, type TestDb } from '../test-utils/db.js';
import { images } from '../db/schema/index.js';
import { mcnemarExact, benjaminiHochberg, macroAccuracy } from '../statistics/index.js';
import {
  addPredictions,
  createResultsCorpus,
  createRun,
  defaultImageSpecs,
  type ResultsCorpus,
} from '../test-utils/results-fixtures.js';
import {
  compareModels,
  computeResults,
  leaderboard,
  listReferenceResults,
  ResultsInputError,
  type ResultSlice,
} from './service.js';

/**
 * Expected figures are recounted here from the fixture's specs (not from SQL): question i belongs to image
 * ⌊i/2⌋ and is its modality question (even i) or its classification question (odd i).
 */
const correctA = (i: number) => i % 3 !== 0;
const correctB = (i: number) => (i === 5 ? null : i % 2 === 0);
type Q = { i: number; spec: (typeof defaultImageSpecs)[number]; type: 'modality' | 'classification'; gold: string };
const qs: Q[] = defaultImageSpecs.flatMap((spec, j) => [
  { i: 2 * j, spec, type: 'modality' as const, gold: spec.modality },
  { i: 2 * j + 1, spec, type: 'classification' as const, gold: spec.label },
]);
function expected(select: (q: Q) => boolean, correct: (i: number) => boolean | null) {
  const scored = qs.filter(select).filter((q) => correct(q.i) !== null);
  const n = scored.length;
  const k = scored.filter((q) => correct(q.i)).length;
  const classes = new Map<string, { n: number; k: number }>();
  for (const q of scored) {
    const c = classes.get(q.type + q.gold) ?? { n: 0, k: 0 };
    c.n++;
    if (correct(q.i)) c.k++;
    classes.set(q.type + q.gold, c);
  }
  return { n, correct: k, macroAccuracy: macroAccuracy([...classes.values()]) };
}
const brief = (s: ResultSlice) => ({
  model: s.model.slug,
  group: s.group.map((g) => g.value),
  n: s.n,
  correct: s.correct,
  macro: s.macroAccuracy === null ? null : Number(s.macroAccuracy.toFixed(12)),
});

describe(`results service (${testDriver})`, () => {
  let t: TestDb;
  let c: ResultsCorpus;
  let runA: number;
  let runB: number;
  beforeAll(async () => {
    t = await createTestDb();
    c = await createResultsCorpus(t.db);
    runA = await createRun(t.db, c, 'model-a');
    runB = await createRun(t.db, c, 'model-b');
    await addPredictions(t.db, runA, c, correctA);
    await addPredictions(t.db, runB, c, correctB);
  });
  afterAll(async () => t?.destroy());

  it('groups by modality × stain with marginals and overall, in three statements (models, runs, slices), from the rollup', async () => {
    t.counter.reset();
    const out = await computeResults(t.db, {
      models: ['model-a', 'model-b'],
      groupBy: ['MODALITY', 'STAIN'],
      marginals: true,
      overall: true,
    });
    expect(t.counter.count).toBe(3);
    expect(out.source).toBe('rollup');
    const want: ReturnType<typeof brief>[] = [];
    for (const [slug, fn] of [
      ['model-a', correctA],
      ['model-b', correctB],
    ] as const) {
      const rows: ReturnType<typeof brief>[] = [];
      const push = (group: (string | null)[], sel: (q: Q) => boolean) => {
        const e = expected(sel, fn);
        if (e.n + qs.filter(sel).length === 0) return;
        rows.push({
          model: slug,
          group,
          n: e.n,
          correct: e.correct,
          macro: e.macroAccuracy === null ? null : Number(e.macroAccuracy.toFixed(12)),
        });
      };
      // full set, then MODALITY, then STAIN, then overall (gid order), values sorted within each set
      for (const m of ['fluo', 'light'] as const)
        for (const s of ['dapi', 'he'] as const)
          if (qs.some((q) => q.spec.modality === m && q.spec.stain === s))
            push([m, s], (q) => q.spec.modality === m && q.spec.stain === s);
      for (const m of ['fluo', 'light'] as const) push([m], (q) => q.spec.modality === m);
      for (const s of ['dapi', 'he'] as const) push([s], (q) => q.spec.stain === s);
      push([], () => true);
      want.push(...rows);
    }
    expect(out.slices.map(brief)).toEqual(want);
    // intervals are Wilson on the slice's counts (reference: statsmodels proportion_confint(k, n,
    // method="wilson"), never the code under test); lowSupport below 30; runs and revision attached
    const wilsonReference: Record<string, [number, number]> = {
      '2/1': [0.09453120573423068, 0.9054687942657693],
      '6/3': [0.18761630648265054, 0.8123836935173494],
      '6/4': [0.29999331513839184, 0.9032285888942195],
      '7/4': [0.2504583645276572, 0.8417801447485302],
      '8/4': [0.2152160622138775, 0.7847839377861225],
      '8/5': [0.3057423946026273, 0.8631557141764027],
      '8/6': [0.40927543031016883, 0.9285207872478909],
      '9/5': [0.26665129349549305, 0.8112214789023355],
      '10/5': [0.23659309051256394, 0.7634069094874361],
      '10/6': [0.31267376973365824, 0.8318196702937638],
      '10/7': [0.39677814746114537, 0.8922087325936989],
      '13/7': [0.29143795714506004, 0.7679393219046169],
      '14/7': [0.26799202452413634, 0.7320079754758637],
      '14/9': [0.38764423103907397, 0.8365526824644587],
      '14/10': [0.45350915670106806, 0.8827862135542308],
      '23/12': [0.32962737336427406, 0.7076284258335335],
      '24/16': [0.46706316838131734, 0.8202780967270225],
    };
    for (const s of out.slices) {
      const [low, high] = wilsonReference[`${s.n}/${s.correct}`]!;
      expect(s.interval).toMatchObject({ method: 'WILSON', level: 0.95, estimate: s.correct / s.n, clipped: false });
      expect(s.interval.low).toBeCloseTo(low, 14);
      expect(s.interval.high).toBeCloseTo(high, 14);
      expect(s.interval.plusMinus).toBeCloseTo(high - s.correct / s.n, 14);
      expect(s.lowSupport).toBe(true);
      expect(s.runIds).toEqual([s.model.slug === 'model-a' ? runA : runB]);
      expect(s.benchmarkRevisions).toEqual(['rev-1']);
    }
    const overallA = out.slices.find((s) => s.model.slug === 'model-a' && s.grouping.length === 0)!;
    expect(overallA.grouping).toEqual([]);
    expect([overallA.n, overallA.correct, overallA.accuracy]).toEqual([24, 16, 16 / 24]);
  });

  it('gives the same answer from the question-level join, and uses it for filters the rollup cannot serve', async () => {
    const args = {
      models: ['model-a', 'model-b'],
      groupBy: ['MODALITY', 'STAIN'] as const,
      marginals: true,
      overall: true,
    };
    const rollup = await computeResults(t.db, { ...args, groupBy: [...args.groupBy] });
    const raw = await computeResults(t.db, { ...args, groupBy: [...args.groupBy], source: 'PREDICTIONS' });
    expect(raw.slices).toEqual(rollup.slices);
    await t.db.update(images).set({ width: 1024 }).where(eq(images.id, c.imageIds[0]!));
    t.counter.reset();
    const wide = await computeResults(t.db, { models: ['model-a'], filter: { width: { gte: 1000 } } });
    expect(t.counter.count).toBe(3);
    expect(wide.source).toBe('predictions');
    // image 0: questions 0 (wrong for A: 0 % 3 = 0) and 1 (right)
    expect(wide.slices.map(brief)).toEqual([{ model: 'model-a', group: [], n: 2, correct: 1, macro: 0.5 }]);
  });

  it('keeps the statement count at three for more models and axes (runs, model rows, slices)', async () => {
    t.counter.reset();
    await computeResults(t.db, { groupBy: ['TASK', 'QUESTION_TYPE', 'LICENSE'], marginals: true, overall: true });
    expect(t.counter.count).toBe(3);
  });

  it('groups by image set (pathology-he) and by question type', async () => {
    // Every axis is checked against its own column in axes.int.test.ts; these are the fixture's exact figures.
    const bySet = await computeResults(t.db, {
      models: ['model-a'],
      groupBy: ['IMAGE_SET', 'MODALITY'],
      marginals: true,
    });
    const he = bySet.slices.filter((s) => s.grouping.length === 1 && s.grouping[0] === 'IMAGE_SET').map(brief);
    // kather images (0–4) are the pathology-he set; the rest belong to no set (value null)
    const kather = expected((q) => q.spec.dataset === 'kather', correctA);
    const rest = expected((q) => q.spec.dataset !== 'kather', correctA);
    expect(he.map((s) => [s.group, s.n, s.correct])).toEqual([
      [['pathology-he'], kather.n, kather.correct],
      [[null], rest.n, rest.correct],
    ]);
    const types = await computeResults(t.db, { models: ['model-b'], groupBy: ['QUESTION_TYPE'] });
    expect(types.slices.map((s) => [s.group[0]!.value, s.n, s.correct])).toEqual([
      ['classification', 11, 0],
      ['modality', 12, 12],
    ]);
  });

  it('computes the bootstrap and cluster bootstrap intervals on request, reproducibly', async () => {
    const a = await computeResults(t.db, { models: ['model-a'], interval: 'BOOTSTRAP', seed: 7, resamples: 2000 });
    const b = await computeResults(t.db, { models: ['model-a'], interval: 'BOOTSTRAP', seed: 7, resamples: 2000 });
    expect(a.slices).toEqual(b.slices);
    expect(a.slices[0]!.interval.method).toBe('BOOTSTRAP');
    const cl = await computeResults(t.db, { models: ['model-a'], interval: 'CLUSTER_BOOTSTRAP', seed: 7 });
    expect(cl.slices[0]!.interval.method).toBe('CLUSTER_BOOTSTRAP');
    expect(cl.slices[0]!.interval.estimate).toBe(16 / 24);
    expect(cl.slices[0]!.interval.low).toBeLessThan(16 / 24);
  });

  it('answers the presets', async () => {
    const run = async (preset: Parameters<typeof computeResults>[1]['preset']) =>
      (await computeResults(t.db, { models: ['model-a'], preset })).slices.map(brief);
    const row = (group: (string | null)[], sel: (q: Q) => boolean) => {
      const e = expected(sel, correctA);
      return { model: 'model-a', group, n: e.n, correct: e.correct, macro: Number(e.macroAccuracy!.toFixed(12)) };
    };
    const isFine = (q: Q) => q.type === 'classification' && q.spec.dataset !== 'eulenberg_df';
    expect(await run('FINE')).toEqual([row([], isFine)]);
    expect(await run('COARSE')).toEqual([row([], (q) => q.type === 'modality')]);
    expect(await run('COARSE_REBUTTAL')).toEqual([
      row([], (q) => q.type === 'modality' && q.spec.dataset !== 'eulenberg_df'),
    ]);
    expect(await run('COARSE_BY_QUESTION_TYPE')).toEqual([row(['modality'], (q) => q.type === 'modality')]);
    expect(await run('FINE_BY_TASK')).toEqual([
      row(['cell-cycle-phase'], (q) => isFine(q) && q.spec.dataset === 'held'),
      row(['colorectal-tissue'], (q) => isFine(q) && q.spec.dataset === 'kather'),
    ]);
    expect(await run('FINE_BY_TAXONOMY_GROUP')).toEqual([
      row(['cell-cycle-stage'], (q) => isFine(q) && q.spec.dataset === 'held'),
      row(['neoplastic-histopathology'], (q) => isFine(q) && q.spec.dataset === 'kather'),
    ]);
    expect(await run('PATHOLOGY_HE')).toEqual([
      row([], (q) => q.type === 'classification' && q.spec.dataset === 'kather'),
    ]);
    // no `pathology` image set in the fixture: an empty result, not an error
    expect(await run('PATHOLOGY')).toEqual([]);
    // a preset's filter is ANDed with the request's, and groupBy replaces the preset's
    const light = await computeResults(t.db, {
      models: ['model-a'],
      preset: 'FINE_BY_TASK',
      filter: { modality: { slugIn: ['light'] } },
      groupBy: ['STAIN'],
    });
    expect(light.slices.map(brief)).toEqual([
      row(['dapi'], (q) => isFine(q) && q.spec.modality === 'light' && q.spec.stain === 'dapi'),
      row(['he'], (q) => isFine(q) && q.spec.modality === 'light' && q.spec.stain === 'he'),
    ]);
  });

  it('follows a label edit at once', async () => {
    const before = await computeResults(t.db, {
      models: ['model-a'],
      groupBy: ['LABEL_NAME'],
      filter: { labelName: { in: ['debris'] } },
    });
    expect(before.slices).toEqual([]);
    await t.db
      .update(images)
      .set({ labelNames: ['debris'] })
      .where(eq(images.id, c.imageIds[2]!));
    const after = await computeResults(t.db, {
      models: ['model-a'],
      groupBy: ['LABEL_NAME'],
      filter: { labelName: { in: ['debris'] } },
    });
    // image 2: questions 4 (right) and 5 (right)
    expect(after.slices.map(brief)).toEqual([{ model: 'model-a', group: ['debris'], n: 2, correct: 2, macro: 1 }]);
    await t.db
      .update(images)
      .set({ labelNames: ['stroma'] })
      .where(eq(images.id, c.imageIds[2]!));
  });

  it('compares two models on the questions both answered, per slice, in three statements (models, runs, pairs)', async () => {
    t.counter.reset();
    const out = await compareModels(t.db, {
      modelA: 'model-a',
      modelB: 'model-b',
      groupBy: ['MODALITY'],
      overall: true,
      seed: 1,
    });
    expect(t.counter.count).toBe(3);
    const paired = (sel: (q: Q) => boolean) => {
      const both = qs.filter(sel).filter((q) => correctB(q.i) !== null);
      const cnt = (a: boolean, b: boolean) => both.filter((q) => correctA(q.i) === a && correctB(q.i) === b).length;
      return { n11: cnt(true, true), n10: cnt(true, false), n01: cnt(false, true), n00: cnt(false, false) };
    };
    const want = [
      { group: ['fluo'], ...paired((q) => q.spec.modality === 'fluo') },
      { group: ['light'], ...paired((q) => q.spec.modality === 'light') },
      { group: [], ...paired(() => true) },
    ];
    expect(
      out.slices.map((s) => ({ group: s.group.map((g) => g.value), n11: s.n11, n10: s.n10, n01: s.n01, n00: s.n00 })),
    ).toEqual(want);
    const ps = want.map((w) => mcnemarExact(w.n10, w.n01));
    expect(out.slices.map((s) => s.pValue)).toEqual(ps);
    expect(out.slices.map((s) => s.adjustedPValue)).toEqual(benjaminiHochberg(ps));
    const overall = out.slices[2]!;
    expect(overall.n).toBe(23);
    expect(overall.difference.estimate).toBeCloseTo((overall.n10 - overall.n01) / 23, 15);
    expect(overall.accuracyA! - overall.accuracyB!).toBeCloseTo(overall.difference.estimate, 15);
    expect([overall.runIdsA, overall.runIdsB, overall.benchmarkRevisions]).toEqual([[runA], [runB], ['rev-1']]);
  });

  it('ranks models per slice with tie groups', async () => {
    const slices = await leaderboard(t.db, { groupBy: ['QUESTION_TYPE'] });
    expect(
      slices.map((s) => ({
        group: s.group.map((g) => g.value),
        entries: s.entries.map((e) => [e.slice.model.slug, e.rank, e.tieGroup, e.tiedWithLeader]),
      })),
    ).toEqual([
      // classification: A 8/12 vs B 0/11: Wilson intervals do not overlap → separate groups
      {
        group: ['classification'],
        entries: [
          ['model-a', 1, 1, true],
          ['model-b', 2, 2, false],
        ],
      },
      // modality: B 12/12 vs A 8/12: Wilson [0.757, 1] and [0.391, 0.862] overlap → one tie group
      {
        group: ['modality'],
        entries: [
          ['model-b', 1, 1, true],
          ['model-a', 2, 1, true],
        ],
      },
    ]);
  });

  it('reports bad input with the argument path', async () => {
    const bad = async (fn: () => Promise<unknown>) => {
      try {
        await fn();
      } catch (e) {
        expect(e).toBeInstanceOf(ResultsInputError);
        return [(e as ResultsInputError).path, (e as Error).message];
      }
      throw new Error('expected an error');
    };
    expect(await bad(() => computeResults(t.db, { groupBy: ['MODALITY', 'MODALITY'] }))).toEqual([
      ['groupBy'],
      'axes must be distinct',
    ]);
    expect(await bad(() => computeResults(t.db, { groupBy: ['LABEL_NAME', 'IMAGE_SET'] }))).toEqual([
      ['groupBy'],
      'at most one of IMAGE_SET and LABEL_NAME',
    ]);
    expect(
      await bad(() => computeResults(t.db, { groupBy: ['DOMAIN', 'STAIN', 'MODALITY', 'TASK', 'SCALE'] })),
    ).toEqual([['groupBy'], 'at most 4 axes']);
    expect((await bad(() => computeResults(t.db, { groupBy: ['NOPE' as never] })))[0]).toEqual(['groupBy', 0]);
    expect((await bad(() => computeResults(t.db, { resamples: 5, interval: 'BOOTSTRAP' })))[0]).toEqual(['resamples']);
    expect(await bad(() => computeResults(t.db, { models: ['nobody'] }))).toEqual([
      ['models', 0],
      'no complete run of model "nobody"',
    ]);
    expect(await bad(() => computeResults(t.db, { source: 'ROLLUP', filter: { width: { gte: 1 } } }))).toEqual([
      ['source'],
      'the filter uses image fields the rollup does not carry; use AUTO',
    ]);
    expect(await bad(() => compareModels(t.db, { modelA: 'model-a', modelB: 'model-a' }))).toEqual([
      ['modelB'],
      'compare two different models',
    ]);
    expect(await bad(() => compareModels(t.db, { modelA: 'model-a', modelB: 'nobody' }))).toEqual([
      ['modelB'],
      'no complete run of model "nobody"',
    ]);
  });

  it("serves the paper's Table 1 as reference results", async () => {
    const fine = await listReferenceResults(t.db, 'fine');
    expect(fine).toHaveLength(12);
    expect(fine[0]).toEqual({
      source: 'ubench-paper-table1',
      model: 'GPT-4o',
      split: 'fine',
      accuracy: 51.73,
      plusMinus: 0.82,
      rank: 1,
    });
    expect((await listReferenceResults(t.db)).length).toBe(36);
  });
});
