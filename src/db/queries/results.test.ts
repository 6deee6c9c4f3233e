import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { pairedCountsQuery, sliceCellsQuery, templatesOf, type ChosenRun } from './results.js';
import { slicePredictionsQuery } from './slice-predictions.js';

const dialect = new PgDialect();
const run = (runId: number, modelId: number): ChosenRun => ({
  modelId,
  modelSlug: `m${modelId}`,
  modelName: `M${modelId}`,
  questionType: 'classification',
  runId,
  benchmarkRevision: 'rev',
});
const show = (q: ReturnType<typeof sliceCellsQuery>) => {
  const { sql, params } = dialect.sqlToQuery(q);
  return `${sql.replace(/\n\s*\n/g, '\n')};\n-- params: ${JSON.stringify(params)}\n`;
};

/** The results statements as SQL text, so a change in their shape shows up in review (house style §7). */
describe('results SQL', () => {
  it('slices: DOMAIN (rolled up) × LABEL_NAME (multi-valued) with marginals, overall and clusters, from the rollup', async () => {
    const q = sliceCellsQuery({
      source: 'rollup',
      runs: [run(1, 1), run(2, 2)],
      filter: { modality: { slugIn: ['light'] }, benchmark: { slugIn: ['ubench'] } },
      sets: [['DOMAIN', 'LABEL_NAME'], ['DOMAIN'], ['LABEL_NAME'], []],
      axes: ['DOMAIN', 'LABEL_NAME'],
      clusterBy: 'sourceDataset',
    });
    await expect(show(q)).toMatchFileSnapshot('__snapshots__/results-slices.sql');
  });
  it('paired counts by TASK × IMAGE_SET over predictions', async () => {
    const q = pairedCountsQuery({
      runsA: [run(1, 1)],
      runsB: [run(2, 2), run(3, 2)],
      filter: { pmid: { in: ['1'] } },
      template: 1,
      sets: [['TASK', 'IMAGE_SET'], []],
      axes: ['TASK', 'IMAGE_SET'],
    });
    await expect(show(q)).toMatchFileSnapshot('__snapshots__/results-paired.sql');
  });
  it("names a slice's caption templates from its mask (k ≤ 62) and its lowest and highest k", () => {
    expect(templatesOf(null, null, null)).toEqual([]);
    expect(templatesOf('7', 0, 2)).toEqual([0, 1, 2]);
    expect(templatesOf(String(2n ** 62n + 1n), 0, 62)).toEqual([0, 62]);
    // beyond the mask: the lowest and highest are still named, so a pool never reads as one template
    expect(templatesOf('2', 1, 90)).toEqual([1, 90]);
    expect(templatesOf('0', 70, 90)).toEqual([70, 90]);
  });
  it("one run's page of the predictions behind DOMAIN = dom-a × LABEL_NAME = none × SYNTHETIC = true", async () => {
    const q = slicePredictionsQuery(
      {
        runs: [run(1, 1), { ...run(1, 1), questionType: 'modality' }, run(2, 1)],
        filter: { pmid: { in: ['1'] } },
        group: [
          { axis: 'DOMAIN', value: 'dom-a' },
          { axis: 'LABEL_NAME', value: null },
          { axis: 'SYNTHETIC', value: 'true' },
        ],
        outcome: 'scored',
      },
      1,
      500,
      1000,
    );
    await expect(show(q)).toMatchFileSnapshot('__snapshots__/results-slice-predictions.sql');
  });
});
