import { binomial, createRng } from './random.js';

/** A two-sided interval for a proportion or a difference, with the point estimate it surrounds. */
export type Interval = {
  estimate: number;
  low: number;
  high: number;
  /** The paper's "±": |high − estimate| (ubench-corpus.md §3.1). */
  plusMinus: number;
};

/** z_{0.975}: the standard normal quantile for a 95% two-sided interval. */
export const Z95 = 1.959963984540054;

/**
 * Wilson score interval for k successes in n trials (default 95%):
 *
 *   p̂ = k/n,  centre = (p̂ + z²/2n) / (1 + z²/n),
 *   half = z/(1 + z²/n) · √(p̂(1−p̂)/n + z²/4n²),  interval = centre ± half.
 *
 * Always inside [0, 1]; well-behaved at k = 0 and k = n. n = 0 gives the uninformative [0, 1] around 0.
 */
export function wilson(n: number, k: number, z = Z95): Interval {
  assertCounts(n, k);
  if (n === 0) return { estimate: 0, low: 0, high: 1, plusMinus: 1 };
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const low = Math.max(0, centre - half);
  const high = Math.min(1, centre + half);
  return { estimate: p, low, high, plusMinus: Math.abs(high - p) };
}

export type BootstrapOptions = {
  /** Seed of the PRNG (xoshiro128**): equal seeds give equal intervals. Default 0. */
  seed?: number;
  /** Number of resamples B (scipy's default 9999). */
  resamples?: number;
  /** Confidence level (default 0.95). */
  level?: number;
};

/**
 * Percentile of a sorted sample with linear interpolation between order statistics (numpy's default,
 * `method="linear"`): position h = q·(B−1), value = x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋+1 − x⌊h⌋).
 */
export function percentileSorted(sorted: ArrayLike<number>, q: number): number {
  const h = q * (sorted.length - 1);
  const i = Math.floor(h);
  const lo = sorted[i]!;
  const hi = sorted[Math.min(i + 1, sorted.length - 1)]!;
  return lo + (h - i) * (hi - lo);
}

/**
 * Basic bootstrap interval from resampled estimates θ*_b (scipy.stats.bootstrap `method="basic"`):
 *
 *   [2θ̂ − q_{1−α/2}(θ*),  2θ̂ − q_{α/2}(θ*)],  α = 1 − level.
 */
export function basicInterval(estimate: number, resampled: Float64Array, level: number): Interval {
  const sorted = resampled.slice().sort();
  const alpha = 1 - level;
  const low = 2 * estimate - percentileSorted(sorted, 1 - alpha / 2);
  const high = 2 * estimate - percentileSorted(sorted, alpha / 2);
  return { estimate, low, high, plusMinus: Math.abs(high - estimate) };
}

/**
 * The paper's interval (ubench-corpus.md §3.1): a basic bootstrap of pooled accuracy over per-question
 * correctness, computed from the counts alone. Resampling n questions with replacement from k correct and
 * n − k wrong gives θ* = X/n with X ~ Binomial(n, k/n) exactly, so each of the B resamples is one exact
 * binomial draw (seeded, reproducible) instead of n Bernoulli draws.
 */
export function basicBootstrap(n: number, k: number, options: BootstrapOptions = {}): Interval {
  assertCounts(n, k);
  const { seed = 0, resamples = 9999, level = 0.95 } = options;
  if (n === 0) return { estimate: 0, low: 0, high: 1, plusMinus: 1 };
  const rng = createRng(seed);
  const p = k / n;
  const stats = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) stats[b] = binomial(rng, n, p) / n;
  return basicInterval(p, stats, level);
}

/** Counts of one cluster (a source dataset): n questions, k correct. */
export type ClusterCounts = { n: number; k: number };

/**
 * Cluster bootstrap of pooled accuracy over clusters (source datasets), basic interval: each resample draws
 * C clusters with replacement from the C observed ones and computes θ* = Σk / Σn over the draw. This widens
 * the interval when accuracy varies between datasets, which the question-level bootstrap ignores. With a
 * single cluster the interval collapses to the estimate (no between-cluster variation is observable).
 */
export function clusterBootstrap(clusters: ClusterCounts[], options: BootstrapOptions = {}): Interval {
  const { seed = 0, resamples = 9999, level = 0.95 } = options;
  const live = clusters.filter((c) => c.n > 0);
  for (const c of live) assertCounts(c.n, c.k);
  const N = live.reduce((a, c) => a + c.n, 0);
  if (N === 0) return { estimate: 0, low: 0, high: 1, plusMinus: 1 };
  const K = live.reduce((a, c) => a + c.k, 0);
  const estimate = K / N;
  const rng = createRng(seed);
  const stats = new Float64Array(resamples);
  const C = live.length;
  for (let b = 0; b < resamples; b++) {
    let n = 0;
    let k = 0;
    for (let j = 0; j < C; j++) {
      const c = live[Math.floor(rng.next() * C)]!;
      n += c.n;
      k += c.k;
    }
    stats[b] = k / n;
  }
  return basicInterval(estimate, stats, level);
}

/**
 * Macro accuracy: the unweighted mean of per-class accuracies, (1/C) Σ_c k_c/n_c over classes with n_c > 0.
 * Null when no class has a scored prediction.
 */
export function macroAccuracy(classes: ClusterCounts[]): number | null {
  const live = classes.filter((c) => c.n > 0);
  if (live.length === 0) return null;
  return live.reduce((a, c) => a + c.k / c.n, 0) / live.length;
}

export function assertCounts(n: number, k: number): void {
  if (!Number.isInteger(n) || !Number.isInteger(k) || n < 0 || k < 0 || k > n) {
    throw new RangeError(`invalid counts: n=${n}, k=${k} (need integers 0 ≤ k ≤ n)`);
  }
}
