"""Reference values for src/statistics tests, computed independently of Stratum's code.

    python3 -m venv .venv && .venv/bin/pip install scipy statsmodels numpy
    .venv/bin/python src/statistics/__fixtures__/reference.py > src/statistics/__fixtures__/reference.json

Wilson: statsmodels proportion_confint(method="wilson") and scipy binomtest(...).proportion_ci("wilson").
McNemar: scipy binomtest on the discordant pairs (two-sided, p = 1/2) and statsmodels mcnemar(exact=True).
Benjamini-Hochberg: scipy.stats.false_discovery_control(method="bh").
Basic bootstrap limits (B -> infinity): the exact distribution of the resampled statistic (scipy binom pmfs, or
enumeration for cluster and paired resampling), its quantiles, and 2*estimate - quantile (scipy.stats.bootstrap
method="basic" computes the same from B draws; numpy's linear percentile converges to the exact quantile when
alpha/2 and 1 - alpha/2 are not CDF values). Every quantile is checked to sit at least MARGIN away from a CDF
jump, so a 99,999-resample bootstrap lands on it exactly.
"""

import itertools
import math
import json
from fractions import Fraction

import numpy as np
from scipy import stats
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.proportion import proportion_confint

MARGIN = 0.002


def wilson(n, k):
    lo, hi = proportion_confint(k, n, alpha=0.05, method="wilson")
    ci = stats.binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    assert abs(lo - ci.low) < 1e-12 and abs(hi - ci.high) < 1e-12, (n, k)
    return {"n": n, "k": k, "low": float(lo), "high": float(hi)}


def quantiles(dist, level=0.95):
    """dist: list of (value, probability). Exact lower quantiles at alpha/2 and 1 - alpha/2, with margin check."""
    dist = sorted(dist)
    merged = []
    for v, p in dist:
        if merged and abs(merged[-1][0] - v) < 1e-15:
            merged[-1][1] += p
        else:
            merged.append([v, p])
    alpha = 1 - level
    out = []
    for q in (alpha / 2, 1 - alpha / 2):
        cdf = 0.0
        for v, p in merged:
            cdf += p
            if cdf >= q:
                assert cdf - q > MARGIN and (cdf - p) < q - MARGIN, ("quantile too close to a jump", q, cdf)
                out.append(v)
                break
    return out


def basic(n, k):
    p = k / n
    dist = [(x / n, stats.binom.pmf(x, n, p)) for x in range(n + 1)]
    q_lo, q_hi = quantiles(dist)
    return {"n": n, "k": k, "estimate": p, "rawLow": 2 * p - q_hi, "rawHigh": 2 * p - q_lo}


def cluster(clusters):
    c = len(clusters)
    est = sum(k for _, k in clusters) / sum(n for n, _ in clusters)
    dist = []
    for draw in itertools.product(range(c), repeat=c):
        n = sum(clusters[i][0] for i in draw)
        k = sum(clusters[i][1] for i in draw)
        dist.append((k / n, 1 / c**c))
    q_lo, q_hi = quantiles(dist)
    return {
        "clusters": [{"n": n, "k": k} for n, k in clusters],
        "estimate": est,
        "rawLow": 2 * est - q_hi,
        "rawHigh": 2 * est - q_lo,
    }


def paired(n11, n10, n01, n00):
    n = n11 + n10 + n01 + n00
    m = n10 + n01
    est = (n10 - n01) / n
    dist = []
    for d in range(n + 1):
        pd = stats.binom.pmf(d, n, m / n)
        for x in range(d + 1):
            dist.append(((2 * x - d) / n, pd * stats.binom.pmf(x, d, n10 / m)))
    q_lo, q_hi = quantiles(dist)
    return {
        "counts": {"n11": n11, "n10": n10, "n01": n01, "n00": n00},
        "estimate": est,
        "rawLow": 2 * est - q_hi,
        "rawHigh": 2 * est - q_lo,
    }


def mcnemar_exact(b, c):
    p = stats.binomtest(min(b, c), b + c, 0.5).pvalue if b + c else 1.0
    sm = mcnemar(np.array([[0, b], [c, 0]]), exact=True).pvalue
    assert abs(p - sm) < 1e-12, (b, c, p, sm)
    # exact rational value of 2 * P(X <= min(b, c)), capped at 1
    m = b + c
    exact = min(Fraction(1), 2 * sum(Fraction(math.comb(m, i), 2**m) for i in range(min(b, c) + 1)))
    return {"b": b, "c": c, "p": float(exact)}


out = {
    "wilson": [wilson(n, k) for n, k in [(10, 3), (100, 95), (20, 0), (20, 20), (1, 1), (1, 0), (7, 2), (24, 16), (9999, 1)]],
    "basic": [basic(n, k) for n, k in [(50, 30), (20, 16), (5, 4), (6, 1), (40, 3), (12, 10), (30, 2)]],
    "cluster": [cluster(c) for c in [[(10, 2), (10, 8)], [(10, 1), (10, 9), (20, 20)], [(5, 0), (30, 12), (12, 11), (8, 8)], [(3, 0), (5, 5), (8, 6), (2, 1)]]],
    "paired": [paired(*c) for c in [(40, 20, 8, 12), (5, 14, 1, 5), (5, 2, 0, 1)]],
    "mcnemar": [mcnemar_exact(b, c) for b, c in [(7, 2), (2, 7), (12, 0), (5, 5), (30, 10), (600, 500), (1450, 1550), (0, 1)]],
    "bh": [
        {"p": ps, "q": [float(v) for v in stats.false_discovery_control(ps, method="bh")]}
        for ps in [[0.01, 0.04, 0.03, 0.005], [0.02, 0.021], [0.9, 0.8], [0.001, 0.2, 0.03, 0.5, 0.04, 0.049]]
    ],
}
print(json.dumps(out, indent=1))
