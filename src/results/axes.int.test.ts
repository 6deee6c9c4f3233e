import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axisDef, axisIds, facetAxes, resultAxes, type AxisId, type ResultAxis } from '../axes/registry.js';
import { countImages, countImagesByAxes } from '../db/queries/facets.js';
import type { ImageFilterSpec } from '../db/queries/image-filter.js';
import { createTestDb, testDriver, type TestDb } from '../test-utils/db.js';
import {
  AXES_CORPUS_SIZE,
  axesCorpusSlug,
  axesCorpusSpec,
  axesCorpusValues,
  createAxesCorpus,
} from '../test-utils/axes-corpus.js';
import { factories } from '../test-utils/factories.js';
import { compareModels, computeResults } from './service.js';

/**
 * Per axis of the registry: facets, filters and results (and paired comparisons) each group or select by the
 * axis's own column. Expected counts come from the corpus spec (src/test-utils/axes-corpus.ts), where every axis
 * has its own values and distribution, so an axis wired to another column fails here.
 */
const images = [...Array(AXES_CORPUS_SIZE).keys()];
const correctA = (j: number) => j % 3 !== 1;
const correctB = (j: number) => j % 4 !== 0;

/** Expected (value → count) over images j selected by `select`, null for items without a value. */
function expectedCounts(axis: AxisId, select: (j: number) => boolean = () => true, withNull = true) {
  const out = new Map<string | null, number>();
  for (const j of images.filter(select)) {
    const values = axesCorpusValues(axis, j);
    if (!values.length && !withNull) continue;
    for (const v of values.length ? values : [null]) out.set(v, (out.get(v) ?? 0) + 1);
  }
  return out;
}
const sorted = (m: Map<string | null, number>) => [...m].sort((a, b) => String(a[0]).localeCompare(String(b[0])));

/** A filter selecting value `v` of an axis, in the input shape of its field. */
function filterFor(axis: AxisId, v: string): ImageFilterSpec {
  const field = axisDef(axis).filter!;
  if (axisDef(axis).values) return { [field]: { slugIn: [v] } };
  if (axis === 'SYNTHETIC') return { synthetic: v === 'true' };
  if (axis === 'NORMAL_ABNORMAL') return { normalAbnormal: [v as 'normal'] };
  if (axis === 'SPLIT') return { split: [v] };
  return { [field]: { in: [v] } };
}
/** A filter selecting items without a value on an axis (null where the field cannot say it). */
function noValueFilter(axis: AxisId): ImageFilterSpec | null {
  const field = axisDef(axis).filter!;
  if (axis === 'SYNTHETIC' || axis === 'NORMAL_ABNORMAL' || axis === 'SPLIT') return null;
  return { [field]: { isNull: true } };
}

describe(`every axis groups, filters and facets by its own column (${testDriver})`, () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
    const { questionIds } = await createAxesCorpus(t.db);
    const f = factories(t.db);
    for (const [slug, correct] of [
      ['axes-model-a', correctA],
      ['axes-model-b', correctB],
    ] as const) {
      const model = await f.newModel({ slug, kind: 'generative' });
      const run = await f.newRun({ modelId: model.id, status: 'complete', protocol: 'choice', source: 'import' });
      for (const [j, questionId] of questionIds.entries())
        await f.newPrediction({ runId: run.id, questionId, chosenIndex: 0, isCorrect: correct(j) });
    }
  });
  afterAll(async () => t?.destroy());

  it('the corpus gives every axis its own distribution', () => {
    const signatures = axisIds.map((a) => JSON.stringify(sorted(expectedCounts(a)).map(([, n]) => n)));
    // Axes whose counts coincide are still told apart by their value names (disjoint id ranges, distinct literals).
    const names = axisIds.map((a) => JSON.stringify(sorted(expectedCounts(a)).map(([v]) => v)));
    const both = axisIds.map((_, i) => signatures[i]! + names[i]!);
    expect(new Set(both).size).toBe(axisIds.length);
  });

  it.each(facetAxes)('facets %s by its own column', async (axis) => {
    const rows = await countImagesByAxes(t.db, [axis], undefined);
    const got = new Map(
      rows.map((r) => [r.key === null ? null : axisDef(axis).values ? axesCorpusSlug(Number(r.key)) : r.key, r.count]),
    );
    // Multi-valued facets count each image once per value and leave out images without one.
    expect(sorted(got)).toEqual(sorted(expectedCounts(axis, undefined, !axisDef(axis).multiValued)));
  });

  it.each(axisIds.filter((a) => axisDef(a).filter))('filters %s by its own column', async (axis) => {
    for (const [value] of expectedCounts(axis)) {
      if (value === null) continue;
      const want = images.filter((j) => axesCorpusValues(axis, j).includes(value)).length;
      expect([axis, value, await countImages(t.db, filterFor(axis, value))]).toEqual([axis, value, want]);
    }
    const none = noValueFilter(axis);
    if (none) {
      const want = images.filter((j) => axesCorpusValues(axis, j).length === 0).length;
      expect([axis, 'none', await countImages(t.db, none)]).toEqual([axis, 'none', want]);
    }
  });

  it.each(resultAxes)('groups results by %s by its own column, counting each question once overall', async (axis) => {
    const out = await computeResults(t.db, { models: ['axes-model-a'], groupBy: [axis], overall: true });
    const slices = out.slices.filter((s) => s.grouping.length === 1);
    expect(sorted(new Map(slices.map((s) => [s.group[0]!.value, s.n])))).toEqual(sorted(expectedCounts(axis)));
    const correct = expectedCounts(axis, correctA);
    expect(sorted(new Map(slices.map((s) => [s.group[0]!.value, s.correct])).set('', 0))).toEqual(
      sorted(new Map([...expectedCounts(axis)].map(([v]) => [v, correct.get(v) ?? 0])).set('', 0)),
    );
    const overall = out.slices.find((s) => s.grouping.length === 0)!;
    expect([overall.n, overall.correct]).toEqual([AXES_CORPUS_SIZE, images.filter(correctA).length]);
  });

  it.each(resultAxes.filter((a) => a !== 'STAIN'))(
    'counts STAIN marginals of %s × STAIN once per question',
    async (axis) => {
      const out = await computeResults(t.db, {
        models: ['axes-model-a'],
        groupBy: [axis, 'STAIN'],
        marginals: true,
      });
      const stain = out.slices.filter((s) => s.grouping.length === 1 && s.grouping[0] === 'STAIN');
      expect(sorted(new Map(stain.map((s) => [s.group[0]!.value, s.n])))).toEqual(sorted(expectedCounts('STAIN')));
    },
  );

  it.each(resultAxes.filter((a) => axisDef(a).filter))(
    'filters results by %s from the rollup and from predictions alike',
    async (axis) => {
      for (const [value] of expectedCounts(axis)) {
        if (value === null) continue;
        const want = images.filter((j) => axesCorpusValues(axis, j).includes(value)).length;
        for (const source of ['AUTO', 'PREDICTIONS'] as const) {
          const out = await computeResults(t.db, { models: ['axes-model-a'], filter: filterFor(axis, value), source });
          expect([axis, value, source, out.slices[0]?.n ?? 0]).toEqual([axis, value, source, want]);
        }
      }
    },
  );

  it.each(resultAxes)('compares two models by %s on its own column', async (axis) => {
    const out = await compareModels(t.db, {
      modelA: 'axes-model-a',
      modelB: 'axes-model-b',
      groupBy: [axis],
      overall: true,
    });
    const slices = out.slices.filter((s) => s.grouping.length === 1);
    expect(sorted(new Map(slices.map((s) => [s.group[0]!.value, s.n])))).toEqual(sorted(expectedCounts(axis)));
    expect(out.slices.find((s) => s.grouping.length === 0)!.n).toBe(AXES_CORPUS_SIZE);
  });

  it('facets and results agree on parent roll-up (DOMAIN ← subdomain, MODALITY ← submodality)', async () => {
    for (const axis of ['DOMAIN', 'MODALITY'] as const satisfies ResultAxis[]) {
      const facets = await countImagesByAxes(t.db, [axis], undefined);
      const results = await computeResults(t.db, { models: ['axes-model-a'], groupBy: [axis] });
      const fromFacets = sorted(new Map(facets.map((r) => [axesCorpusSlug(r.key === null ? null : +r.key), r.count])));
      const fromResults = sorted(new Map(results.slices.map((s) => [s.group[0]!.value, s.n])));
      expect(fromResults).toEqual(fromFacets);
      // the corpus has images with only a child value (without roll-up they would count as null)
      const spec = images.map(axesCorpusSpec);
      const childOnly = spec.filter((s) =>
        axis === 'DOMAIN' ? !s.domain && s.subdomain : !s.modality && s.submodality,
      );
      expect(childOnly.length).toBeGreaterThan(2);
      expect(fromFacets.find(([v]) => v === null)?.[1]).toBe(
        spec.filter((s) => (axis === 'DOMAIN' ? !s.domain && !s.subdomain : !s.modality && !s.submodality)).length,
      );
      // a parent filter matches its child-only images too
      for (const [value, n] of fromFacets) {
        if (value === null) continue;
        expect(await countImages(t.db, filterFor(axis, value))).toBe(n);
      }
    }
  });
});
