import { expect } from 'vitest';

/**
 * Shared assertions of the statistics tests (statistics.test.ts, large-sample.test.ts). Here, beside the reference
 * values, so that the mutation tier neither mutates them nor runs them as tests.
 */

/** `B` draws have Binomial(n, p)'s mean (within 5 SE) and variance (within ±10 %, ≈ 4.5 SE at B = 4000). */
export function expectBinomialMoments(draw: () => number, n: number, p: number, B = 4000): void {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < B; i++) {
    const x = draw();
    s += x;
    s2 += x * x;
  }
  const mean = s / B;
  const variance = s2 / B - mean * mean;
  expect(Math.abs(mean - n * p)).toBeLessThan(5 * Math.sqrt((n * p * (1 - p)) / B));
  expect(variance / (n * p * (1 - p))).toBeGreaterThan(0.9);
  expect(variance / (n * p * (1 - p))).toBeLessThan(1.1);
}

/** An interval equals the exact basic interval `[rawLow, rawHigh]` around `estimate`, clipped to [0, 1]. */
export function expectExactBasic(
  ci: { low: number; high: number; plusMinus: number; clipped: boolean },
  ref: { estimate: number; rawLow: number; rawHigh: number },
): void {
  expect(ci.low).toBeCloseTo(Math.max(0, ref.rawLow), 12);
  expect(ci.high).toBeCloseTo(Math.min(1, ref.rawHigh), 12);
  expect(ci.plusMinus).toBeCloseTo(Math.abs(ref.rawHigh - ref.estimate), 12);
  expect(ci.clipped).toBe(ref.rawLow < -1e-12 || ref.rawHigh > 1 + 1e-12);
}
