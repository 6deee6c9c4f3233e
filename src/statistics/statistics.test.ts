import { describe, expect, it } from 'vitest';
import reference from './__fixtures__/reference.json' with { type: 'json' };
import { expectBinomialMoments, expectExactBasic } from './__fixtures__/checks.js';
import {
  basicBootstrap,
  basicInterval,
  binomialSampler,
  competitionRanks,
  answerBatch,
  drawsOf,
  runBootstrapJob,
  FEW_CLUSTERS,
  MIN_CLUSTERS,
  benjaminiHochberg,
  binomial,
  clusterBootstrap,
  createRng,
  logFactorial,
  macroAccuracy,
  mcnemarExact,
  pairedBootstrapDifference,
  percentileSorted,
  wilson,
} from './index.js';

// Reference values: `__fixtures__/reference.json`, computed by `__fixtures__/reference.py` with scipy and
// statsmodels (never with the code under test); a few more by hand, with the arithmetic in a comment.
//
// This file is the mutation tier of src/statistics (vitest.mutation.config.ts): every bootstrap here draws a few
// thousand variates at most. Resample counts are set per case so the empirical quantile lands on the exact one at
// >= 4 standard errors: B >= 16·q(1−q)/margin² with q = 0.025 and margin the distance of α/2 and 1 − α/2 from the
// nearest jump of the exact resampling CDF (computed with scipy, as reference.py's MARGIN check does). The cases
// that need B ≈ 10⁵, Table 1 and the large-n limits are in large-sample.test.ts, which `npm test` also runs.

describe('wilson', () => {
  it.each(reference.wilson)('matches statsmodels/scipy for n = $n, k = $k', ({ n, k, low, high }) => {
    const w = wilson(n, k);
    expect(w.estimate).toBe(k / n);
    expect(w.low).toBeCloseTo(low, 14);
    expect(w.high).toBeCloseTo(high, 14);
    expect(w.plusMinus).toBeCloseTo(high - k / n, 14);
    expect(w.clipped).toBe(false);
  });
  it('matches hand-computed intervals', () => {
    const a = wilson(10, 3);
    expect(a.estimate).toBe(0.3);
    expect(a.low).toBeCloseTo(0.107791267406301, 14);
    expect(a.high).toBeCloseTo(0.6032218525388546, 14);
    expect(a.plusMinus).toBeCloseTo(0.6032218525388546 - 0.3, 14);
    const b = wilson(100, 95);
    expect(b.low).toBeCloseTo(0.8882495307680809, 14);
    expect(b.high).toBeCloseTo(0.978456320845632, 14);
  });
  it('stays inside [0, 1] at the edges and handles n = 0', () => {
    const z = wilson(20, 0);
    expect(z.low).toBe(0);
    expect(z.high).toBeCloseTo(0.1611251580528194, 14);
    expect(wilson(0, 0)).toEqual({ estimate: 0, low: 0, high: 1, plusMinus: 1, clipped: false });
    // k = n: the upper end is exactly 1, the lower one z-dependent (n = 1: 1/(1 + z²))
    expect(wilson(1, 1).high).toBe(1);
    expect(wilson(1, 1).low).toBeCloseTo(1 / (1 + 1.959963984540054 ** 2), 14);
    // a 90% interval is narrower: z = 1.6448536269514722
    const w90 = wilson(10, 3, 1.6448536269514722);
    expect(w90.low).toBeGreaterThan(0.107791267406301);
    expect(w90.high).toBeLessThan(0.6032218525388546);
  });
  it('rejects impossible counts', () => {
    expect(() => wilson(3, 4)).toThrow(new RangeError('invalid counts: n=3, k=4 (need integers 0 ≤ k ≤ n)'));
    expect(() => wilson(3, 1.5)).toThrow(RangeError);
    expect(() => wilson(3, -1)).toThrow(RangeError);
    expect(() => wilson(-1, 0)).toThrow(RangeError);
    expect(() => wilson(2.5, 1)).toThrow(RangeError);
  });
});

describe('seeded PRNG and binomial sampler', () => {
  it('is reproducible per seed and differs across seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
  it('is xoshiro128** seeded through splitmix32 (known answers)', () => {
    // First outputs × 2³², from a Python transcription of Blackman & Vigna's reference xoshiro128starstar.c
    // (result = rotl(s1·5, 7)·9; t = s1 << 9; s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 11)),
    // its state filled by four splitmix32 steps (x += 0x9e3779b9; murmur3's fmix32) from the seed.
    const first = (seed: number) => {
      const rng = createRng(seed);
      return Array.from({ length: 6 }, () => rng.next() * 2 ** 32);
    };
    expect(first(0)).toEqual([3809008728, 1133695204, 53579671, 2891528803, 139681546, 2203266335]);
    expect(first(42)).toEqual([2837322924, 544945897, 479756282, 3500138142, 339756180, 113173290]);
    expect(first(2 ** 32 - 1)).toEqual([835879718, 1921286648, 2356205009, 1885780724, 980451116, 1053911718]);
  });
  // Exact pmf of Binomial(n, p) by the textbook formula (independent of random.ts).
  const exactPmf = (n: number, p: number) => {
    const choose = (k: number) => {
      let c = 1;
      for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
      return c;
    };
    return Array.from({ length: n + 1 }, (_, k) => choose(k) * p ** k * (1 - p) ** (n - k));
  };
  // Each value's frequency within 5 standard errors of its probability (B = 4000 draws).
  const expectFrequencies = (draw: () => number, n: number, p: number) => {
    const B = 4000;
    const counts = new Array<number>(n + 1).fill(0);
    for (let i = 0; i < B; i++) counts[draw()]!++;
    exactPmf(n, p).forEach((q, k) => {
      expect(Math.abs(counts[k]! / B - q)).toBeLessThanOrEqual(5 * Math.sqrt((q * (1 - q)) / B) + 1e-12);
    });
    expect(counts.reduce((a, c) => a + c, 0)).toBe(B);
  };
  it.each([
    [6, 1 / 6],
    [6, 5 / 6],
    [12, 0.5],
  ])('draws Binomial(%i, %f) with the exact frequencies, by chop-down and by the CDF table', (n, p) => {
    const rng = createRng(21);
    expectFrequencies(() => binomial(rng, n, p), n, p);
    const sampler = binomialSampler(n, p);
    expectFrequencies(() => sampler(rng), n, p);
  });
  it('the CDF-table sampler has the right mean and variance where its table starts above 0 (n = 10,000)', () => {
    const n = 10_000;
    const p = 0.3;
    const draw = binomialSampler(n, p);
    const rng = createRng(9);
    expectBinomialMoments(() => draw(rng), n, p);
    expect(binomialSampler(10, 0)(rng)).toBe(0);
    expect(binomialSampler(10, 1)(rng)).toBe(10);
    expect(binomialSampler(0, 0.5)(rng)).toBe(0);
  });
  it('ln n! agrees between table and Stirling series', () => {
    expect(logFactorial(10)).toBeCloseTo(Math.log(3628800), 12);
    // ln 257! = ln 256! + ln 257 crosses the table boundary
    expect(logFactorial(257)).toBeCloseTo(logFactorial(256) + Math.log(257), 10);
  });
  it('draws binomials with the right mean and variance', () => {
    // n = 2000 takes the Stirling branch of ln n! (n > 256); B = 4000 puts the ±10 % variance band at 4.5 SE
    // (SE of the variance ratio ≈ √(2/B)). n = 80,000: large-sample.test.ts.
    const rng = createRng(7);
    const n = 2000;
    const p = 0.3;
    expectBinomialMoments(() => binomial(rng, n, p), n, p);
    expect(binomial(rng, 10, 0)).toBe(0);
    expect(binomial(rng, 10, 1)).toBe(10);
  });
});

describe('basic bootstrap (scipy.stats.bootstrap method="basic")', () => {
  it('percentile interpolates linearly like numpy', () => {
    expect(percentileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentileSorted([1, 2, 3, 4], 0.975)).toBeCloseTo(3.925, 12);
    expect(percentileSorted([1, 2, 3], 1)).toBe(3);
    expect(percentileSorted([1, 2, 3], 0)).toBe(1);
  });
  it('basicInterval sorts a copy: the resamples it is given stay as they were', () => {
    const resampled = new Float64Array([0.7, 0.5, 0.6]);
    // q₂.₅ = 0.5 + 0.05·0.1 = 0.505, q₉₇.₅ = 0.6 + 0.95·0.1 = 0.695: [1.2 − 0.695, 1.2 − 0.505]
    const ci = basicInterval(0.6, resampled, 0.95);
    expect(ci.low).toBeCloseTo(0.505, 12);
    expect(ci.high).toBeCloseTo(0.695, 12);
    expect([...resampled]).toEqual([0.7, 0.5, 0.6]);
  });
  it('is reproducible with a seed', () => {
    const opts = (seed: number) => ({ seed, resamples: 500 });
    expect(basicBootstrap(1000, 620, opts(5))).toEqual(basicBootstrap(1000, 620, opts(5)));
    expect(basicBootstrap(1000, 620, opts(5))).not.toEqual(basicBootstrap(1000, 620, opts(6)));
    // the default seed is 0
    expect(basicBootstrap(1000, 620, { resamples: 500 })).toEqual(basicBootstrap(1000, 620, opts(0)));
  });
  // Resamples per case from the margin of its quantiles (see the top of this file); n = 50, k = 30 (margin
  // 0.0030) and n = 40, k = 3 (0.0028) need B ≈ 10⁵: large-sample.test.ts.
  const basicResamples: Record<string, number> = {
    '20/16': 8000,
    '5/4': 2000,
    '6/1': 2000,
    '12/10': 4000,
    '30/2': 3000,
  };
  it.each(reference.basic.filter((r) => `${r.n}/${r.k}` in basicResamples))(
    'converges to the exact basic interval for n = $n, k = $k, clipped to [0, 1]',
    ({ n, k, estimate, rawLow, rawHigh }) => {
      // Most of these are asymmetric around k/n (where basic and percentile intervals differ) and several raw
      // intervals leave [0, 1] (n = 5, k = 4: high 1.2; n = 6, k = 1: low −1/6).
      const ci = basicBootstrap(n, k, { seed: 11, resamples: basicResamples[`${n}/${k}`] });
      expect(ci.estimate).toBe(estimate);
      expectExactBasic(ci, { estimate, rawLow, rawHigh });
    },
  );
  it('differs from the percentile interval on a skewed case (n = 20, k = 16)', () => {
    // Exact: q₂.₅ = 12/20, q₉₇.₅ = 19/20 of Binomial(20, 0.8)/20. Percentile [0.6, 0.95]; basic reflects it:
    // [1.6 − 0.95, 1.6 − 0.6] = [0.65, 1.0]: 0.15 below and 0.2 above the estimate (margin 0.0071: B = 8000).
    const ci = basicBootstrap(20, 16, { seed: 4, resamples: 8000 });
    expect(ci.low).toBeCloseTo(0.65, 12);
    expect(ci.high).toBeCloseTo(1, 12);
    expect(ci.plusMinus).toBeCloseTo(0.2, 12);
    expect(ci.clipped).toBe(false);
  });
  it('uses the level it is given', () => {
    const wide = basicBootstrap(200, 120, { seed: 1, level: 0.99, resamples: 2000 });
    const narrow = basicBootstrap(200, 120, { seed: 1, level: 0.8, resamples: 2000 });
    expect(wide.high - wide.low).toBeGreaterThan(narrow.high - narrow.low);
  });
  it('is degenerate at k = 0 and k = n, uninformative at n = 0, and rejects bad counts', () => {
    expect(basicBootstrap(40, 40)).toEqual({ estimate: 1, low: 1, high: 1, plusMinus: 0, clipped: false });
    expect(basicBootstrap(40, 0)).toEqual({ estimate: 0, low: 0, high: 0, plusMinus: 0, clipped: false });
    expect(basicBootstrap(0, 0)).toEqual({ estimate: 0, low: 0, high: 1, plusMinus: 1, clipped: false });
    expect(() => basicBootstrap(10, 11)).toThrow(RangeError);
  });
});

describe('cluster bootstrap', () => {
  // Two and three clusters (margins 0.025 and 0.012: B = 1000 and 3000); the four-cluster cases (0.0055) are in
  // large-sample.test.ts.
  it.each(reference.cluster.filter((r) => r.clusters.length <= 3))(
    'converges to the exact basic interval over whole clusters ($clusters)',
    (ref) => {
      const ci = clusterBootstrap(ref.clusters, { seed: 5, resamples: ref.clusters.length === 2 ? 1000 : 3000 });
      expect(ci.estimate).toBeCloseTo(ref.estimate, 15);
      expect(ci.clusters).toBe(ref.clusters.length);
      expect(ci.fewClusters).toBe(true);
      expect(ci.unavailable).toBeNull();
      expect(ci.interval!.low).toBeCloseTo(Math.max(0, ref.rawLow), 12);
      expect(ci.interval!.high).toBeCloseTo(Math.min(1, ref.rawHigh), 12);
      expect(ci.interval!.plusMinus).toBeCloseTo(Math.abs(ref.rawHigh - ref.estimate), 12);
      expect(ci.interval!.clipped).toBe(ref.rawLow < -1e-12 || ref.rawHigh > 1 + 1e-12);
    },
  );
  it('with two equal-size clusters takes the exact basic interval of their mean', () => {
    // Resamples: {a,a}, {a,b}, {b,b} with probabilities ¼, ½, ¼, so θ* ∈ {0.2, 0.5, 0.8}: the 2.5th and
    // 97.5th percentiles are 0.2 and 0.8, and the basic interval is [2·0.5 − 0.8, 2·0.5 − 0.2] = [0.2, 0.8].
    const ci = clusterBootstrap(
      [
        { n: 10, k: 2 },
        { n: 10, k: 8 },
      ],
      { seed: 9 },
    );
    expect(ci.interval!.low).toBeCloseTo(0.2, 12);
    expect(ci.interval!.high).toBeCloseTo(0.8, 12);
  });
  it('equals the pooled accuracy and widens with between-cluster variation', () => {
    const homogeneous = Array.from({ length: 12 }, () => ({ n: 500, k: 300 }));
    expect(clusterBootstrap(homogeneous, { seed: 3 })).toEqual({
      estimate: 0.6,
      clusters: 12,
      fewClusters: false,
      interval: { estimate: 0.6, low: 0.6, high: 0.6, plusMinus: 0, clipped: false },
      unavailable: null,
    });
    const varied = [100, 450, 300, 350].flatMap((k) => [
      { n: 500, k },
      { n: 500, k },
      { n: 500, k },
    ]);
    const v = clusterBootstrap(varied, { seed: 3, resamples: 2000 });
    expect(v.estimate).toBe(0.6);
    expect(v.fewClusters).toBe(false);
    expect(v.interval!.plusMinus).toBeGreaterThan(wilson(6000, 3600).plusMinus * 3);
    expect(clusterBootstrap(varied, { seed: 3, resamples: 2000 })).toEqual(v);
    expect(clusterBootstrap(varied, { seed: 4, resamples: 2000 }).interval).not.toEqual(v.interval);
  });
  it('gives no interval below two clusters, with the reason, and flags few clusters', () => {
    expect(MIN_CLUSTERS).toBe(2);
    expect(FEW_CLUSTERS).toBe(10);
    const one = clusterBootstrap([
      { n: 40, k: 10 },
      { n: 0, k: 0 },
    ]);
    expect(one).toEqual({
      estimate: 0.25,
      clusters: 1,
      fewClusters: false,
      interval: null,
      unavailable: 'only 1 cluster: a cluster bootstrap needs at least 2 clusters to show between-cluster variation',
    });
    expect(clusterBootstrap([])).toEqual({
      estimate: 0,
      clusters: 0,
      fewClusters: false,
      interval: null,
      unavailable: 'no scored predictions',
    });
    const sized = (c: number) => Array.from({ length: c }, (_, i) => ({ n: 10, k: i % 10 }));
    expect(clusterBootstrap(sized(2)).fewClusters).toBe(true);
    expect(clusterBootstrap(sized(9)).fewClusters).toBe(true);
    expect(clusterBootstrap(sized(10)).fewClusters).toBe(false);
    expect(() => clusterBootstrap([{ n: 3, k: 4 }])).toThrow(RangeError);
  });
});

describe('macro accuracy', () => {
  it('averages per-class accuracies, skipping empty classes', () => {
    // (1/3 + 1 + 0) / 3
    expect(
      macroAccuracy([
        { n: 3, k: 1 },
        { n: 1, k: 1 },
        { n: 4, k: 0 },
        { n: 0, k: 0 },
      ]),
    ).toBeCloseTo(4 / 9, 15);
    expect(macroAccuracy([])).toBeNull();
  });
});

describe('exact McNemar', () => {
  it.each(reference.mcnemar)(
    'matches scipy binomtest / statsmodels mcnemar(exact) for b = $b, c = $c',
    ({ b, c, p }) => {
      expect(mcnemarExact(b, c) / p).toBeCloseTo(1, 9);
    },
  );
  it('matches exact binomial tail sums', () => {
    expect(mcnemarExact(7, 2)).toBeCloseTo(23 / 128, 15); // 2·(1+9+36)/2⁹
    expect(mcnemarExact(2, 7)).toBeCloseTo(23 / 128, 15);
    expect(mcnemarExact(12, 0)).toBeCloseTo(1 / 2048, 15);
    expect(mcnemarExact(5, 5)).toBe(1);
    expect(mcnemarExact(0, 0)).toBe(1);
    expect(mcnemarExact(30, 10)).toBeCloseTo(0.0022214337732293643, 14);
    expect(mcnemarExact(600, 500) / 0.0028195449914364275).toBeCloseTo(1, 10);
    expect(mcnemarExact(4, 2)).toBe(0.6875); // 2·(1+6+15)/2⁶, exact in binary
    // m = 3000 takes the log-space path: 2·P(X ≤ 1450), X ~ Bin(3000, ½) = 0.070669… (python fractions)
    expect(mcnemarExact(1450, 1550) / 0.07066904481175774).toBeCloseTo(1, 9);
  });
  it('rejects bad counts', () => {
    expect(() => mcnemarExact(-1, 2)).toThrow(new RangeError('invalid discordant counts: b=-1, c=2'));
    expect(() => mcnemarExact(2, -1)).toThrow(RangeError);
    expect(() => mcnemarExact(1.5, 2)).toThrow(RangeError);
    expect(() => mcnemarExact(2, 1.5)).toThrow(RangeError);
  });
});

describe('paired bootstrap for a difference in accuracy', () => {
  it('centres on (n10 − n01)/n and converges to the exact, asymmetric basic interval (clipped to [−1, 1])', () => {
    // n = 6: n11 = 1, n10 = 4, n01 = 1. θ* = (2X − D)/6 with D ~ Bin(6, 5/6), X | D ~ Bin(D, 4/5). Exact (scipy):
    // the 2.5% and 97.5% quantiles of θ* are −1/6 and 1 (margin 0.0104 from a CDF jump: B = 4000), so the raw
    // basic interval is [2·0.5 − 1, 2·0.5 + 1/6] = [0, 7/6]: 0.5 below, 2/3 above, clipped to 1.
    const ci = pairedBootstrapDifference({ n11: 1, n10: 4, n01: 1, n00: 0 }, { seed: 2, resamples: 4000 });
    expect(ci.estimate).toBe(0.5);
    expect(ci.low).toBeCloseTo(0, 12);
    expect(ci.high).toBe(1);
    expect(ci.plusMinus).toBeCloseTo(2 / 3, 12);
    expect(ci.clipped).toBe(true);
    // n = 5: n10 = 4, n01 = 1 (D = 5 always): quantiles −0.2 and 1 (margin 0.0183: B = 2000); raw [0.2, 1.4].
    const d = pairedBootstrapDifference({ n11: 0, n10: 4, n01: 1, n00: 0 }, { seed: 6, resamples: 2000 });
    expect(d.estimate).toBeCloseTo(0.6, 15);
    expect(d.low).toBeCloseTo(0.2, 12);
    expect(d.high).toBe(1);
    expect(d.plusMinus).toBeCloseTo(0.8, 12);
    // mirrored: A and B swapped gives the mirrored interval [−1, −0.2], clipped below
    const m = pairedBootstrapDifference({ n11: 0, n10: 1, n01: 4, n00: 0 }, { seed: 6, resamples: 2000 });
    expect(m.estimate).toBeCloseTo(-0.6, 15);
    expect(m.low).toBe(-1);
    expect(m.high).toBeCloseTo(-0.2, 12);
    expect(m.clipped).toBe(true);
  });
  it('is reproducible per seed', () => {
    const counts = { n11: 300, n10: 70, n01: 50, n00: 80 };
    const opts = (seed: number) => ({ seed, resamples: 1000 });
    expect(pairedBootstrapDifference(counts, opts(1))).toEqual(pairedBootstrapDifference(counts, opts(1)));
    expect(pairedBootstrapDifference(counts, opts(1))).not.toEqual(pairedBootstrapDifference(counts, opts(2)));
  });
  it('is zero-width with no discordant pairs and rejects bad counts', () => {
    expect(pairedBootstrapDifference({ n11: 5, n10: 0, n01: 0, n00: 5 })).toEqual({
      estimate: 0,
      low: 0,
      high: 0,
      plusMinus: 0,
      clipped: false,
    });
    expect(pairedBootstrapDifference({ n11: 0, n10: 0, n01: 0, n00: 0 })).toEqual({
      estimate: 0,
      low: -1,
      high: 1,
      plusMinus: 1,
      clipped: false,
    });
    expect(() => pairedBootstrapDifference({ n11: 1, n10: -1, n01: 0, n00: 0 })).toThrow(
      new RangeError('invalid paired counts: {"n11":1,"n10":-1,"n01":0,"n00":0}'),
    );
  });
});

describe('Benjamini–Hochberg', () => {
  it.each(reference.bh)('matches scipy false_discovery_control for $p', ({ p, q }) => {
    benjaminiHochberg(p).forEach((v, i) => expect(v).toBeCloseTo(q[i]!, 15));
  });
  it('adjusts step-up and returns input order', () => {
    // sorted .005,.01,.03,.04 → 4·.005/1, 4·.01/2, 4·.03/3, 4·.04/4 = .02,.02,.04,.04 (already monotone)
    const q = benjaminiHochberg([0.01, 0.04, 0.03, 0.005]);
    [0.02, 0.04, 0.04, 0.02].forEach((v, i) => expect(q[i]).toBeCloseTo(v, 15));
    // monotonicity: p = .02,.021 → 2·.02/1 = .04 capped by min with 2·.021/2 = .021
    const r = benjaminiHochberg([0.02, 0.021]);
    expect(r[0]).toBeCloseTo(0.021, 15);
    expect(r[1]).toBeCloseTo(0.021, 15);
    expect(benjaminiHochberg([0.9, 0.8])).toEqual([0.9, 0.9]);
    expect(benjaminiHochberg([])).toEqual([]);
    expect(() => benjaminiHochberg([1.2])).toThrow(new RangeError('invalid p-value: 1.2'));
    expect(() => benjaminiHochberg([-0.1])).toThrow(RangeError);
    expect(() => benjaminiHochberg([Number.NaN])).toThrow(RangeError);
    expect(benjaminiHochberg([0, 1])).toEqual([0, 1]);
  });
});

describe('runBootstrapJob (what a worker thread runs)', () => {
  it('runs each kind with the in-thread function, and counts its draws', () => {
    const clusters = [
      { n: 10, k: 2 },
      { n: 10, k: 8 },
    ];
    const counts = { n11: 3, n10: 4, n01: 1, n00: 2 };
    const options = { seed: 3, resamples: 200 };
    expect(runBootstrapJob({ kind: 'basic', n: 20, k: 16, options })).toStrictEqual(basicBootstrap(20, 16, options));
    expect(runBootstrapJob({ kind: 'cluster', clusters, options })).toStrictEqual(clusterBootstrap(clusters, options));
    expect(runBootstrapJob({ kind: 'paired', counts, options })).toStrictEqual(
      pairedBootstrapDifference(counts, options),
    );
    expect(drawsOf({ kind: 'basic', n: 20, k: 16, options })).toBe(200);
    expect(drawsOf({ kind: 'basic', n: 20, k: 16, options: {} })).toBe(9999);
  });
  it('answers a batch with its results in order, or the error message', () => {
    const options = { seed: 1, resamples: 100 };
    expect(
      answerBatch({
        id: 4,
        jobs: [
          { kind: 'basic', n: 10, k: 3, options },
          { kind: 'basic', n: 12, k: 7, options },
        ],
      }),
    ).toStrictEqual({ id: 4, results: [basicBootstrap(10, 3, options), basicBootstrap(12, 7, options)] });
    expect(answerBatch({ id: 5, jobs: [{ kind: 'basic', n: 3, k: 4, options }] })).toStrictEqual({
      id: 5,
      error: 'invalid counts: n=3, k=4 (need integers 0 ≤ k ≤ n)',
    });
  });
});

describe('competitionRanks', () => {
  it('names the score it cannot rank', () => {
    expect(() => competitionRanks([1, Number.NaN])).toThrow(new RangeError('cannot rank a non-finite score: NaN'));
  });
});
