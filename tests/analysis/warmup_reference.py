#!/usr/bin/env python3
"""
warmup_reference.py: reference changepoints for check_warmup.c.

Run once by hand; its output files under tests/data/warmup/ are the test
data, and the C test never runs Python. R's changepoint package (the
reference the issue names) is not packaged in Debian bookworm, so the
reference is ruptures (PyPI, version printed in every file): Pelt with its
Normal cost without the small diagonal bias, min_size 2, jump 1, penalty
15 * log(n). Its cost, m * log(var) with divisor m, differs from
cpt.meanvar's m * (log(2 pi) + log(var) + 1) by a constant per value, so
both pick the same segmentation. Each answer is checked against an exact
optimal partitioning (no pruning) written here, so the reference does not
rest on one implementation.

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install ruptures
    /tmp/venv/bin/python tests/analysis/warmup_reference.py tests/data/warmup

The same call in R, where changepoint is installed:
    cpts(cpt.meanvar(x, test.stat = "Normal", method = "PELT",
                     penalty = "Manual", pen.value = 15 * log(length(x)),
                     minseglen = 2))
"""
import math
import os
import sys

import numpy as np
import ruptures as rpt


def exact_op(x, pen, min_size=2):
    """Optimal partitioning, O(n^2): the same optimum PELT must find."""
    n = len(x)
    s = np.concatenate([[0.0], np.cumsum(x)])
    q = np.concatenate([[0.0], np.cumsum(x * x)])
    floor = 1e-11 * x.var()
    f = [math.inf] * (n + 1)
    f[0] = -pen
    last = [0] * (n + 1)
    for t in range(min_size, n + 1):
        for tau in range(0, t - min_size + 1):
            if tau != 0 and tau < min_size:
                continue
            m = t - tau
            mu = (s[t] - s[tau]) / m
            var = max((q[t] - q[tau]) / m - mu * mu, floor)
            c = f[tau] + m * math.log(var) + pen
            if c < f[t]:
                f[t], last[t] = c, tau
    cpts, t = [], last[n]
    while t > 0:
        cpts.append(t)
        t = last[t]
    return sorted(cpts)


def cases():
    rng = np.random.default_rng(20261207)
    yield "flat", rng.normal(10.0, 1.0, 300)
    yield "mean_shift", np.concatenate(
        [rng.normal(10.0, 1.0, 200), rng.normal(12.0, 1.0, 200)])
    yield "var_shift", np.concatenate(
        [rng.normal(5.0, 1.0, 250), rng.normal(5.0, 3.0, 250)])
    yield "warmup", np.concatenate(
        [rng.normal(3.0, 0.06, 20), rng.normal(1.0, 0.02, 480)])
    segs = [(100, 4.0, 0.2), (80, 2.5, 0.1), (150, 2.0, 0.05),
            (120, 2.2, 0.3), (150, 2.0, 0.05)]
    yield "five_segments", np.concatenate(
        [rng.normal(m, s, k) for k, m, s in segs])
    i = np.arange(400)
    yield "decay", 1.0 + 2.0 * np.exp(-i / 25.0) + rng.normal(0, 0.03, 400)
    yield "integer_ns", np.round(np.concatenate(
        [rng.normal(1.2e7, 6e4, 500), rng.normal(1.0e7, 5e4, 500)]))
    yield "short", np.array([5.0, 5.1, 4.9, 5.05, 9.0, 9.2, 8.9, 9.1, 9.05,
                             8.95])


def main(outdir):
    for name, x in cases():
        n = len(x)
        pen = 15.0 * math.log(n)
        algo = rpt.Pelt(custom_cost=rpt.costs.CostNormal(add_small_diag=False),
                        min_size=2, jump=1).fit(x)
        got = [int(c) for c in algo.predict(pen=pen)[:-1]]
        want = exact_op(x, pen)
        assert got == want, (name, got, want)
        path = os.path.join(outdir, "pelt_%s.txt" % name)
        with open(path, "w") as out:
            out.write("# %s: ruptures %s Pelt(normal, min_size=2, jump=1), "
                      "pen=15*log(n); checked by exact optimal partitioning\n"
                      % (name, rpt.__version__))
            out.write("cpts %s\n" % " ".join(str(c) for c in got))
            for v in x:
                out.write("%.17g\n" % v)
        print(name, n, got)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
