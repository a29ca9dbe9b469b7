#!/usr/bin/env python3
"""Reference values for tests/analysis/check_stats.c, computed once.

Writes tests/data/stats/reference.json: every input sample and the figure
numpy / scipy / statsmodels give for it. check_stats.c reads that file and
never runs Python. Regenerate (only when a case is added) with:

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install numpy scipy statsmodels
    /tmp/venv/bin/python tests/analysis/reference.py > tests/data/stats/reference.json

Deterministic figures (quantiles, summaries, Mann-Whitney, Holm, the point
value of a ratio or geometric mean) are compared exactly (1e-12 relative).
Bootstrap intervals are random: scipy.stats.bootstrap (percentile method,
95%) with many resamples gives the reference endpoints and the bootstrap
standard error "se"; the test allows a fraction of se (see check_stats.c).
"""
import json
import sys

import numpy as np
import scipy
import scipy.stats as st
import statsmodels
from statsmodels.stats.multitest import multipletests

RESAMPLES = 50000


def fl(a):
    return [float(v) for v in a]


def summary(name, x):
    x = np.asarray(x, dtype=float)
    if len(x) == 0:
        return None
    q1, med, q3 = np.quantile(x, [0.25, 0.5, 0.75])
    iqr = q3 - q1
    return {
        "name": name,
        "x": fl(x),
        "median": float(med),
        "mean": float(np.mean(x)),
        "stddev": float(np.std(x, ddof=1)) if len(x) > 1 else 0.0,
        "mad": float(st.median_abs_deviation(x, scale=1.0)),
        "min": float(np.min(x)),
        "max": float(np.max(x)),
        "q1": float(q1),
        "q3": float(q3),
        "outliers": int(np.sum((x < q1 - 1.5 * iqr) | (x > q3 + 1.5 * iqr))),
    }


def boot(samples, statistic, seed):
    res = st.bootstrap(samples, statistic, vectorized=True, paired=False,
                       confidence_level=0.95, method="percentile",
                       n_resamples=RESAMPLES, batch=2000,
                       random_state=np.random.default_rng(seed))
    ci = res.confidence_interval
    return float(ci.low), float(ci.high), float(res.standard_error)


def main():
    rng = np.random.default_rng(20261207)
    out = {"generator": "tests/analysis/reference.py",
           "versions": {"numpy": np.__version__, "scipy": scipy.__version__,
                        "statsmodels": statsmodels.__version__}}

    skewed = 1.0 + rng.exponential(0.1, 37)
    out["summaries"] = [
        summary("one", [7.5]),
        summary("all equal", [3, 3, 3, 3]),
        summary("zeros", [0, 0, 0]),
        summary("ten", [3.1, 1.2, 9.9, 4.4, 4.4, 2.0, 7.5, 100.0, 5.2,
                        3.3]),
        summary("four", [5.0, 1.0, 4.0, 2.0]),
        summary("skewed 37", skewed),
    ]

    qx = rng.normal(10, 3, 23)
    ps = [0, 0.01, 0.025, 0.25, 0.5, 0.6180339887498949, 0.975, 1]
    out["quantiles"] = {"x": fl(qx), "p": ps,
                        "q": fl(np.quantile(qx, ps))}

    def mwu(name, a, b):
        n = len(a) + len(b)
        ties = len(np.unique(np.concatenate([a, b]))) < n
        method = "exact" if not ties and n <= 60 else "asymptotic"
        if len(np.unique(np.concatenate([a, b]))) == 1:
            p = 1.0  # scipy gives nan: no evidence at all
        else:
            p = st.mannwhitneyu(a, b, alternative="two-sided",
                                use_continuity=True, method=method).pvalue
        return {"name": name, "a": fl(a), "b": fl(b), "method": method,
                "p": float(p)}

    seq = lambda n, mul, mod, add: [float(i * mul % mod) + add
                                    for i in range(n)]
    out["mann_whitney"] = [
        mwu("separated", [1, 2, 3, 4, 5], [6, 7, 8, 9, 10]),
        mwu("separated reversed", [6, 7, 8, 9, 10], [1, 2, 3, 4, 5]),
        mwu("mixed", [1.1, 2.5, 3.3, 4.0, 7.2, 8.1],
            [2.0, 5.5, 6.1, 9.0, 9.5, 10.2, 11.0]),
        mwu("one each", [1.0], [2.0]),
        mwu("ties", [1, 2, 2, 3, 3, 3, 4], [2, 3, 4, 4, 5, 5, 6, 7]),
        mwu("all equal", [1, 1, 1], [1, 1]),
        mwu("80 values", seq(40, 37, 101, 0.5), seq(40, 53, 103, 25.25)),
        mwu("60 values", seq(30, 7, 31, 0.5), seq(30, 11, 37, 4.25)),
        mwu("61 values", seq(30, 7, 31, 0.5), seq(31, 11, 37, 4.25)),
    ]

    holm = []
    for p in ([0.01, 0.04, 0.03, 0.005], [0.6, 0.7, 0.1], [0.5, 0.4],
              [0.02, 0.02], [0.3], [0.0, 1.0], fl(rng.uniform(0, 0.2, 9))):
        adj = multipletests(p, method="holm")[1]
        holm.append({"p": fl(p), "adjusted": fl(adj)})
    out["holm"] = holm

    # Bootstrap CI of a median (stats_summarize).
    x = 1.0 + rng.exponential(0.1, 301)
    lo, hi, se = boot((x,), lambda s, axis: np.median(s, axis=axis), 1)
    out["bootstrap_median"] = {"x": fl(x), "median": float(np.median(x)),
                               "ci_low": lo, "ci_high": hi, "se": se}

    # Ratio of medians, both samples resampled independently.
    a = 2.0 + rng.exponential(0.3, 151)
    b = 1.0 + rng.exponential(0.1, 201)
    lo, hi, se = boot((a, b), lambda s, t, axis: np.median(s, axis=axis) /
                      np.median(t, axis=axis), 2)
    out["ratio"] = {"a": fl(a), "b": fl(b),
                    "value": float(np.median(a) / np.median(b)),
                    "ci_low": lo, "ci_high": hi, "se": se}

    # Geometric mean over workloads of ratios of medians: every workload's
    # two samples resampled independently; one workload is a fixed ratio
    # (the baseline against itself) that a resample leaves alone.
    work = []
    for k, (na, nb, sa, sb) in enumerate([(41, 37, 0.2, 0.1),
                                          (31, 45, 0.5, 0.05),
                                          (120, 80, 0.05, 0.3)]):
        wa = (1.0 + k * 0.7) * (1.0 + rng.exponential(sa, na))
        wb = 1.0 + rng.exponential(sb, nb)
        work.append((wa, wb))
    fixed = 1.0
    samples = tuple(v for pair in work for v in pair)

    def geo(*s, axis):
        logs = [np.log(np.median(s[i], axis=axis) /
                       np.median(s[i + 1], axis=axis))
                for i in range(0, len(s), 2)]
        return np.exp((sum(logs) + np.log(fixed)) / (len(logs) + 1))

    value = st.gmean([np.median(wa) / np.median(wb) for wa, wb in work] +
                     [fixed])
    lo, hi, se = boot(samples, geo, 3)
    out["geomean"] = {
        "workloads": [{"a": fl(wa), "b": fl(wb)} for wa, wb in work] +
                     [{"fixed": fixed}],
        "value": float(value), "ci_low": lo, "ci_high": hi, "se": se}

    ratios = [0.9, 1.1, 1.3, 0.8, 1.05, 1.2]
    out["geomean_fixed"] = {"ratios": ratios,
                            "value": float(st.gmean(ratios))}

    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
