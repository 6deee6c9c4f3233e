import { describe, expect, it } from 'vitest';
import type { SliceCell } from '../db/queries/results.js';
import { foldSlices } from './slices.js';

const cell = (c: Partial<SliceCell> & Pick<SliceCell, 'values' | 'ranks' | 'n' | 'correct'>): SliceCell => ({
  modelId: 1,
  labels: c.values.map((v) => (v === null ? null : v.toUpperCase())),
  typeBit: 32,
  gold: 'a',
  cluster: null,
  isCluster: false,
  nFirst: null,
  correctFirst: null,
  templateMask: null,
  templateMin: null,
  templateMax: null,
  ...c,
});

describe('foldSlices', () => {
  it('sums cells into each grouping set, macro accuracy over classes, in database order (nulls last)', () => {
    const cells = [
      cell({ values: [null, 's1'], ranks: [3, 1], n: 4, correct: 1 }),
      cell({ values: ['m2', 's1'], ranks: [2, 1], n: 2, correct: 2, gold: 'b' }),
      cell({ values: ['m1', 's2'], ranks: [1, 2], n: 10, correct: 5 }),
      cell({ values: ['m1', 's1'], ranks: [1, 1], n: 6, correct: 6, gold: 'b', templateMask: '2', templateMin: 1 }),
    ];
    const rows = foldSlices(cells, ['MODALITY', 'STAIN'], [['MODALITY', 'STAIN'], ['MODALITY'], ['STAIN'], []], false);
    expect(rows.map((r) => [r.gid, r.values, r.n, r.correct, r.macroAccuracy, r.templates])).toEqual([
      [0, ['m1', 's1'], 6, 6, 1, [1]],
      [0, ['m1', 's2'], 10, 5, 0.5, []],
      [0, ['m2', 's1'], 2, 2, 1, []],
      [0, [null, 's1'], 4, 1, 0.25, []],
      [1, ['m1', null], 16, 11, (1 + 0.5) / 2, [1]],
      [1, ['m2', null], 2, 2, 1, []],
      [1, [null, null], 4, 1, 0.25, []],
      [2, [null, 's1'], 12, 9, (1 / 4 + 8 / 8) / 2, [1]],
      [2, [null, 's2'], 10, 5, 0.5, []],
      [3, [null, null], 22, 14, (6 / 14 + 8 / 8) / 2, [1]],
    ]);
    expect(rows[0]!.labels).toEqual(['M1', 'S1']);
  });
  it('counts only the first expansion of a multi-valued axis in sets without it, and clusters apart', () => {
    const cells = [
      cell({ values: ['x'], ranks: [1], n: 3, correct: 3, nFirst: 3, correctFirst: 3 }),
      cell({ values: ['y'], ranks: [2], n: 3, correct: 3, nFirst: 0, correctFirst: 0 }),
      cell({ values: ['x'], ranks: [1], n: 3, correct: 3, nFirst: 3, correctFirst: 3, isCluster: true, cluster: 7 }),
      cell({ values: ['y'], ranks: [2], n: 3, correct: 3, nFirst: 0, correctFirst: 0, isCluster: true, cluster: 7 }),
    ];
    const rows = foldSlices(cells, ['LABEL_NAME'], [['LABEL_NAME'], []], true);
    expect(rows.map((r) => [r.values, r.n, r.dsIds, r.dsN])).toEqual([
      [['x'], 3, [7], [3]],
      [['y'], 3, [7], [3]],
      [[null], 3, [7], [3]],
    ]);
  });
});
