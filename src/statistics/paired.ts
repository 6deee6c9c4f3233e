import { binomial, binomialSampler, createRng } from './random.js';
import { basicInterval, DIFFERENCE, type BootstrapOptions, type Interval } from './intervals.js';

/**
 * Paired outcomes of two models on the questions both answered:
 * both right (n11), only A right (n10), only B right (n01), both wrong (n00).
 */
export type PairedCounts = { n11: number; n10: number; n01: number; n00: number };

/**
 * Exact (binomial) McNemar test, two-sided: with b = n10 and c = n01 discordant pairs, under H0 each discordant
 * pair favours A with probability ½, so
 *
 *   p = min(1, 2 · Σ_{i=0}^{min(b,c)} C(b+c, i) / 2^{b+c}),   and p = 1 when b + c = 0.
 *
 * Summed directly for up to 1000 discordant pairs, in log space beyond (2^−m underflows past m ≈ 1074).
 */
export function mcnemarExact(b: number, c: number): number {
  if (!Number.isInteger(b) || !Number.isInteger(c) || b < 0 || c < 0) {
    throw new RangeError(`invalid discordant counts: b=${b}, c=${c}`);
  }
  const m = b + c;
  if (m === 0) return 1;
  const x = Math.min(b, c);
  if (m <= 1000) {
    // 2^-m is a normal double here: sum C(m, i)/2^m directly (exact for small m).
    let term = Math.pow(2, -m);
    let sum = 0;
    for (let i = 0; i <= x; i++) {
      sum += term;
      term = (term * (m - i)) / (i + 1);
    }
    return Math.min(1, 2 * sum);
  }
  // log pmf(i) = log C(m, i) − m·ln 2, accumulated with the ratio C(m, i+1)/C(m, i) = (m − i)/(i + 1).
  let logTerm = -m * Math.LN2;
  let maxLog = logTerm;
  const logs: number[] = [logTerm];
  for (let i = 0; i < x; i++) {
    logTerm += Math.log(m - i) - Math.log(i + 1);
    logs.push(logTerm);
    if (logTerm > maxLog) maxLog = logTerm;
  }
  let sum = 0;
  for (const l of logs) sum += Math.exp(l - maxLog);
  return Math.min(1, 2 * Math.exp(maxLog + Math.log(sum)));
}

/**
 * Paired bootstrap interval (basic, default 95%) for the difference in accuracy Δ = acc(A) − acc(B) =
 * (n10 − n01)/n on the n questions both models answered. Resampling n questions with replacement is a
 * multinomial draw of the four outcome counts; only the discordant ones matter, drawn exactly as
 * D ~ Binomial(n, (n10+n01)/n), then n10* ~ Binomial(D, n10/(n10+n01)), n01* = D − n10*. Bounds are clipped
 * to [−1, 1] (`basicInterval`).
 */
export function pairedBootstrapDifference(counts: PairedCounts, options: BootstrapOptions = {}): Interval {
  const { seed = 0, resamples = 9999, level = 0.95 } = options;
  const { n11, n10, n01, n00 } = counts;
  for (const v of [n11, n10, n01, n00]) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`invalid paired counts: ${JSON.stringify(counts)}`);
  }
  const n = n11 + n10 + n01 + n00;
  if (n === 0) return { estimate: 0, low: -1, high: 1, plusMinus: 1, clipped: false };
  const estimate = (n10 - n01) / n;
  const m = n10 + n01;
  const rng = createRng(seed);
  const stats = new Float64Array(resamples);
  // D has fixed parameters (one CDF table, binary search per draw); X | D changes with D (chop-down from its mode).
  const drawD = binomialSampler(n, m / n);
  const q = m === 0 ? 0 : n10 / m;
  for (let r = 0; r < resamples; r++) {
    const d = drawD(rng);
    stats[r] = (2 * binomial(rng, d, q) - d) / n;
  }
  return basicInterval(estimate, stats, level, DIFFERENCE);
}

/**
 * Benjamini–Hochberg adjusted p-values (step-up, false discovery rate), in input order: with p sorted
 * ascending as p_(1) ≤ … ≤ p_(m),
 *
 *   q_(i) = min_{j ≥ i} min(1, m/j · p_(j)).
 *
 * Rejecting every hypothesis with q ≤ α controls the FDR at α under independence or positive dependence.
 */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const m = pValues.length;
  for (const p of pValues) {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`invalid p-value: ${p}`);
  }
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p || a.i - b.i);
  const adjusted = new Array<number>(m);
  let running = 1;
  for (let j = m - 1; j >= 0; j--) {
    const { p, i } = order[j]!;
    running = Math.min(running, (m / (j + 1)) * p, 1);
    adjusted[i] = running;
  }
  return adjusted;
}
