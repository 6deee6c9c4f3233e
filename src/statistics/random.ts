/**
 * Seeded pseudo-random numbers for reproducible bootstraps: xoshiro128** (Blackman & Vigna) seeded through
 * splitmix32, so equal seeds give equal streams on every platform (32-bit integer arithmetic only).
 */
export type Rng = {
  /** Uniform on [0, 1) with 32 bits of resolution. */
  next(): number;
};

export function createRng(seed: number): Rng {
  let x = seed >>> 0;
  const splitmix = () => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let s0 = splitmix();
  let s1 = splitmix();
  let s2 = splitmix();
  let s3 = splitmix();
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;
  return {
    next() {
      const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
      const t = (s1 << 9) >>> 0;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = rotl(s3, 11);
      return result / 4294967296;
    },
  };
}

function rotl(v: number, k: number): number {
  return ((v << k) | (v >>> (32 - k))) >>> 0;
}

const logFactorialTable: number[] = [0];
for (let i = 1; i <= 256; i++) logFactorialTable.push(logFactorialTable[i - 1]! + Math.log(i));

/** ln(n!) exactly by table for n ≤ 256, else Stirling's series to 1/n⁵ (absolute error < 1e-14). */
export function logFactorial(n: number): number {
  if (n <= 256) return logFactorialTable[n]!;
  const inv = 1 / n;
  const inv2 = inv * inv;
  return (
    (n + 0.5) * Math.log(n) -
    n +
    0.5 * Math.log(2 * Math.PI) +
    inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 / 1680)))
  );
}

/** ln P(X = k) for X ~ Binomial(n, p), 0 < p < 1. */
export function logBinomialPmf(k: number, n: number, p: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k) + k * Math.log(p) + (n - k) * Math.log1p(-p);
}

/**
 * One exact draw from Binomial(n, p) by inversion, searching outward from the mode (Kemp's chop-down):
 * u ~ U(0,1) is reduced by P(mode), P(mode−1), P(mode+1), … until it is used up. The expected number of steps
 * is O(√(np(1−p))), so resampling n = 10⁵ Bernoulli trials costs about a hundred operations, not 10⁵.
 */
export function binomial(rng: Rng, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  const mode = Math.min(n, Math.floor((n + 1) * p));
  const pm = Math.exp(logBinomialPmf(mode, n, p));
  let u = rng.next() - pm;
  if (u < 0) return mode;
  const ratio = p / (1 - p);
  let lo = mode;
  let hi = mode;
  let plo = pm;
  let phi = pm;
  for (;;) {
    let moved = false;
    if (lo > 0) {
      plo = (plo * lo) / ((n - lo + 1) * ratio);
      lo -= 1;
      u -= plo;
      if (u < 0) return lo;
      moved = true;
    }
    if (hi < n) {
      phi = (phi * (n - hi) * ratio) / (hi + 1);
      hi += 1;
      u -= phi;
      if (u < 0) return hi;
      moved = true;
    }
    // Rounding can leave a sliver of u once every term is used: fall back to the mode.
    if (!moved) return mode;
  }
}

/**
 * A reusable exact sampler of Binomial(n, p) by inversion of a precomputed CDF over mode ± 12σ (the mass
 * outside is below 1e-30): each draw is one uniform and a binary search, for resampling loops that draw from
 * the same distribution thousands of times.
 */
export function binomialSampler(n: number, p: number): (rng: Rng) => number {
  if (n <= 0 || p <= 0) return () => 0;
  if (p >= 1) return () => n;
  const sd = Math.sqrt(n * p * (1 - p));
  const mode = Math.min(n, Math.floor((n + 1) * p));
  const lo = Math.max(0, Math.floor(mode - 12 * sd - 10));
  const hi = Math.min(n, Math.ceil(mode + 12 * sd + 10));
  const pmf = new Float64Array(hi - lo + 1);
  const ratio = p / (1 - p);
  pmf[mode - lo] = Math.exp(logBinomialPmf(mode, n, p));
  for (let k = mode; k > lo; k--) pmf[k - 1 - lo] = (pmf[k - lo]! * k) / ((n - k + 1) * ratio);
  for (let k = mode; k < hi; k++) pmf[k + 1 - lo] = (pmf[k - lo]! * (n - k) * ratio) / (k + 1);
  const cdf = new Float64Array(pmf.length);
  let acc = 0;
  for (let i = 0; i < pmf.length; i++) cdf[i] = acc += pmf[i]!;
  const last = cdf.length - 1;
  return (rng) => {
    const u = rng.next() * acc;
    let a = 0;
    let b = last;
    while (a < b) {
      const m = (a + b) >>> 1;
      if (cdf[m]! <= u) a = m + 1;
      else b = m;
    }
    return lo + a;
  };
}
