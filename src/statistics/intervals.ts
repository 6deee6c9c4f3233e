import { binomial, createRng } from './random.js';

/**
 * A two-sided interval for a proportion or a difference, with the point estimate it surrounds.
 *
 * Invariants: `bounds[0] ≤ low ≤ high ≤ bounds[1]` of the quantity (a proportion: [0, 1]; a difference of two
 * proportions: [−1, 1]). `plusMinus` is the paper's "±", |high − estimate| computed from the interval *before*
 * clipping (what scipy reports, so published ± are reproduced unchanged); `clipped` says whether a bound of the
 * raw interval fell outside the quantity's range and was moved onto it.
 */
export type Interval = {
  estimate: number;
  low: number;
  high: number;
  /** The paper's "±": |high − estimate| of the unclipped interval (ubench-corpus.md §3.1). */
  plusMinus: number;
  /** Whether `low` or `high` was clipped to the range of the quantity (only basic-bootstrap intervals can be). */
  clipped: boolean;
};

/** Range of a proportion. */
export const PROPORTION: readonly [number, number] = [0, 1];
/** Range of a difference of two proportions. */
export const DIFFERENCE: readonly [number, number] = [-1, 1];

/** z_{0.975}: the standard normal quantile for a 95% two-sided interval. */
export const Z95 = 1.959963984540054;

/**
 * Wilson score interval for k successes in n trials (default 95%), without continuity correction
 * (statsmodels `proportion_confint(k, n, method="wilson")`, scipy `binomtest(k, n).proportion_ci("wilson")`):
 *
 *   p̂ = k/n,  centre = (p̂ + z²/2n) / (1 + z²/n),
 *   half = z/(1 + z²/n) · √(p̂(1−p̂)/n + z²/4n²),  interval = centre ± half.
 *
 * Always inside [0, 1] mathematically (the max/min only absorb rounding at k = 0 and k = n, so `clipped` is
 * false); low = 0 exactly when k = 0 and high = 1 exactly when k = n. n = 0 gives the uninformative [0, 1]
 * around 0.
 */
export function wilson(n: number, k: number, z = Z95): Interval {
  assertCounts(n, k);
  if (n === 0) return uninformative();
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const low = Math.max(0, centre - half);
  const high = Math.min(1, centre + half);
  return { estimate: p, low, high, plusMinus: Math.abs(high - p), clipped: false };
}

/** The interval of a proportion with no observation: [0, 1] around 0. */
function uninformative(): Interval {
  return { estimate: 0, low: 0, high: 1, plusMinus: 1, clipped: false };
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
 * Basic ("reverse percentile") bootstrap interval from resampled estimates θ*_b, as scipy.stats.bootstrap
 * `method="basic"` computes it, then clipped to the quantity's range:
 *
 *   raw = [2θ̂ − q_{1−α/2}(θ*),  2θ̂ − q_{α/2}(θ*)],  α = 1 − level,  q = numpy's linear percentile;
 *   low = max(bounds₀, raw.low), high = min(bounds₁, raw.high), plusMinus = |raw.high − θ̂|.
 *
 * The basic interval reflects the resampling distribution around θ̂, so with a skewed distribution (θ̂ near 0
 * or 1, small n) the raw bounds can leave [0, 1] (n = 5, k = 4: raw high 1.2). Those are clipped; `clipped`
 * says so; the paper's ± stays the unclipped one.
 */
export function basicInterval(
  estimate: number,
  resampled: Float64Array,
  level: number,
  bounds: readonly [number, number] = PROPORTION,
): Interval {
  const sorted = resampled.slice().sort();
  const alpha = 1 - level;
  const rawLow = 2 * estimate - percentileSorted(sorted, 1 - alpha / 2);
  const rawHigh = 2 * estimate - percentileSorted(sorted, alpha / 2);
  const low = Math.max(bounds[0], rawLow);
  const high = Math.min(bounds[1], rawHigh);
  return {
    estimate,
    low,
    high,
    plusMinus: Math.abs(rawHigh - estimate),
    clipped: low !== rawLow || high !== rawHigh,
  };
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
  if (n === 0) return uninformative();
  const rng = createRng(seed);
  const p = k / n;
  const stats = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) stats[b] = binomial(rng, n, p) / n;
  return basicInterval(p, stats, level);
}

/** Counts of one cluster (a source dataset, an image): n questions, k correct. */
export type ClusterCounts = { n: number; k: number };

/** Below this many clusters there is no cluster-bootstrap interval (one cluster shows no between-cluster spread). */
export const MIN_CLUSTERS = 2;
/**
 * Below this many clusters a cluster-bootstrap interval is flagged `fewClusters`: resampling C clusters gives at
 * most C(2C−1, C) distinct resamples (126 for C = 5) and is known to under-cover with few clusters (Cameron,
 * Gelbach & Miller 2008, "Bootstrap-based improvements for inference with clustered errors").
 */
export const FEW_CLUSTERS = 10;

/** A cluster-bootstrap result: the interval, or why there is none, and how many clusters it rests on. */
export type ClusterInterval = {
  /** Pooled accuracy Σk / Σn over the clusters (0 when there is no scored question). */
  estimate: number;
  /** Clusters with at least one scored question. */
  clusters: number;
  /** MIN_CLUSTERS ≤ clusters < FEW_CLUSTERS: an interval exists but deserves little trust. */
  fewClusters: boolean;
  /** Null below MIN_CLUSTERS clusters. */
  interval: Interval | null;
  /** Why `interval` is null, else null. */
  unavailable: string | null;
};

/**
 * Cluster bootstrap of pooled accuracy (basic interval, clipped to [0, 1] as `basicInterval` says): each resample
 * draws C clusters with replacement from the C observed ones (those with n > 0) and computes
 * θ* = Σk / Σn over the draw. This widens the interval when accuracy varies between clusters, which the
 * question-level bootstrap ignores (questions are nested in images, images in source datasets).
 *
 * Drawing C clusters uniformly with replacement is drawn exactly as multinomial counts over the distinct
 * (n, k) cluster types: with types t = 1…T of multiplicity c_t (sorted by n, then k), m_t ~ Binomial(C − Σ_{s<t}
 * m_s, c_t / Σ_{s≥t} c_s), so a resample costs T binomial draws, not C uniform ones (images: T is a few dozen
 * while C runs to thousands). Seeded: equal seeds give equal intervals.
 *
 * Invariants: fewer than MIN_CLUSTERS clusters gives `interval: null` with a reason (one cluster would give a
 * zero-width interval that claims certainty); MIN_CLUSTERS ≤ C < FEW_CLUSTERS sets `fewClusters`; equal
 * clusters give a zero-width interval at the estimate.
 */
export function clusterBootstrap(clusters: readonly ClusterCounts[], options: BootstrapOptions = {}): ClusterInterval {
  const { seed = 0, resamples = 9999, level = 0.95 } = options;
  for (const c of clusters) assertCounts(c.n, c.k);
  const live = clusters.filter((c) => c.n > 0);
  const C = live.length;
  const N = live.reduce((a, c) => a + c.n, 0);
  const K = live.reduce((a, c) => a + c.k, 0);
  const estimate = N === 0 ? 0 : K / N;
  if (C < MIN_CLUSTERS) {
    const unavailable =
      C === 0
        ? 'no scored predictions'
        : `only ${C} cluster: a cluster bootstrap needs at least ${MIN_CLUSTERS} clusters to show between-cluster variation`;
    return { estimate, clusters: C, fewClusters: false, interval: null, unavailable };
  }
  const types = clusterTypes(live);
  const rng = createRng(seed);
  const stats = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    let left = C;
    let weight = C;
    let n = 0;
    let k = 0;
    for (let t = 0; t < types.length && left > 0; t++) {
      const type = types[t]!;
      const m = binomial(rng, left, type.count / weight);
      n += m * type.n;
      k += m * type.k;
      left -= m;
      weight -= type.count;
    }
    stats[b] = k / n;
  }
  return {
    estimate,
    clusters: C,
    fewClusters: C < FEW_CLUSTERS,
    interval: basicInterval(estimate, stats, level),
    unavailable: null,
  };
}

/** Distinct (n, k) among clusters with their multiplicity, sorted by n then k (a fixed order for the RNG). */
function clusterTypes(clusters: readonly ClusterCounts[]): { n: number; k: number; count: number }[] {
  const byKey = new Map<string, { n: number; k: number; count: number }>();
  for (const c of clusters) {
    const key = `${c.n}/${c.k}`;
    const t = byKey.get(key);
    if (t) t.count++;
    else byKey.set(key, { n: c.n, k: c.k, count: 1 });
  }
  return [...byKey.values()].sort((a, b) => a.n - b.n || a.k - b.k);
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
