import { describe, expect, it } from 'vitest';
import { competitionRanks, testPairs, tieGroups, TIE_ALPHA } from './ranking.js';
import { benjaminiHochberg, mcnemarExact } from './paired.js';

describe('competitionRanks', () => {
  it('ranks higher first, ties share the best rank and the next one skips (1224)', () => {
    expect(competitionRanks([62, 41, 41, 25, 31, 38.33, 25])).toEqual([1, 2, 2, 6, 5, 4, 6]);
    expect(competitionRanks([3, 2, 1])).toEqual([1, 2, 3]);
    expect(competitionRanks([1, 2, 3])).toEqual([3, 2, 1]);
    expect(competitionRanks([5, 5, 5])).toEqual([1, 1, 1]);
    expect(competitionRanks([])).toEqual([]);
  });
  it('refuses non-finite scores', () => {
    expect(() => competitionRanks([1, Number.NaN])).toThrow(RangeError);
    expect(() => competitionRanks([Number.POSITIVE_INFINITY])).toThrow(RangeError);
  });
});

describe('testPairs', () => {
  it('takes exact McNemar per pair and Benjamini–Hochberg over the whole family, in input order', () => {
    const pairs = [
      { a: 0, b: 1, counts: { n11: 10, n10: 12, n01: 0, n00: 3 } },
      { a: 0, b: 2, counts: { n11: 10, n10: 7, n01: 2, n00: 3 } },
      { a: 1, b: 2, counts: { n11: 10, n10: 5, n01: 5, n00: 3 } },
    ];
    const tested = testPairs(pairs);
    // p: 2/2¹² = 1/2048, 23/128, 1 (scipy binomtest, see scoring.test.ts); BH over three:
    // sorted 1/2048, 23/128, 1 → 3/2048, 3/2 · 23/128 = 69/256, 1
    expect(tested.map((t) => t.pValue)).toEqual([1 / 2048, 23 / 128, 1]);
    expect(tested[0]!.adjustedPValue).toBeCloseTo(3 / 2048, 15);
    expect(tested[1]!.adjustedPValue).toBeCloseTo(69 / 256, 15);
    expect(tested[2]!.adjustedPValue).toBe(1);
    expect(tested.map((t) => [t.a, t.b, t.counts])).toEqual(pairs.map((p) => [p.a, p.b, p.counts]));
    expect(tested.map((t) => t.adjustedPValue)).toEqual(
      benjaminiHochberg(pairs.map((p) => mcnemarExact(p.counts.n10, p.counts.n01))),
    );
  });
});

describe('tieGroups', () => {
  const all = (size: number, p: (a: number, b: number) => number) => {
    const pairs = [];
    for (let a = 0; a < size; a++) for (let b = a + 1; b < size; b++) pairs.push({ a, b, adjustedPValue: p(a, b) });
    return pairs;
  };
  it('groups the models not separable from the head, contiguously in rank order', () => {
    // 0 ~ 1 ~ 2 are not separable from 0; 3 is; 3 ~ 4; 5 is separable from 3.
    const p = (a: number, b: number) => (b - a <= 2 && a < 3 && b < 3 ? 0.5 : a >= 3 && b === 4 ? 0.2 : 0.001);
    expect(tieGroups(6, all(6, p))).toEqual([1, 1, 1, 2, 2, 3]);
  });
  it('closes a group at the first separable model even if a later one is not separable from the head', () => {
    // The old interval-overlap rule put model 2 (tiny n, wide interval) into the leader's group past model 1.
    const p = (a: number, b: number) => (a === 0 && b === 1 ? 0.01 : 0.9);
    expect(tieGroups(3, all(3, p))).toEqual([1, 2, 2]);
  });
  it('treats adjusted p = alpha as separable and a missing pair as not separable', () => {
    expect(TIE_ALPHA).toBe(0.05);
    expect(tieGroups(2, [{ a: 0, b: 1, adjustedPValue: 0.05 }])).toEqual([1, 2]);
    expect(tieGroups(2, [{ a: 0, b: 1, adjustedPValue: 0.0500001 }])).toEqual([1, 1]);
    expect(tieGroups(3, [])).toEqual([1, 1, 1]);
    // pairs may come in either orientation
    expect(tieGroups(2, [{ a: 1, b: 0, adjustedPValue: 0.001 }])).toEqual([1, 2]);
    expect(tieGroups(2, [{ a: 0, b: 1, adjustedPValue: 0.01 }], 0.001)).toEqual([1, 1]);
    expect(tieGroups(0, [])).toEqual([]);
    expect(tieGroups(1, [])).toEqual([1]);
  });
  it('gives contiguous, non-decreasing group numbers starting at 1 for any p-values', () => {
    let seed = 17;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let trial = 0; trial < 200; trial++) {
      const size = 1 + (trial % 9);
      const g = tieGroups(
        size,
        all(size, () => (rand() < 0.4 ? 0.001 : 0.5)),
      );
      expect(g[0]).toBe(1);
      for (let i = 1; i < size; i++) expect(g[i]! - g[i - 1]!).toBeGreaterThanOrEqual(0);
      for (let i = 1; i < size; i++) expect(g[i]! - g[i - 1]!).toBeLessThanOrEqual(1);
    }
  });
});
