# spectralnorm: spectral norm of the infinite matrix A(i,j) = 1/((i+j)(i+j+1)/2
# + i + 1) (Computer Language Benchmarks Game definition): 10 rounds of
# u = AtA v, v = AtA u by the power method from u = 1, then prints
# sqrt(u.v / v.v) as "%.9f". A is computed on the fly, never stored. No
# deviation: the triangular numbers (i+j)(i+j+1)/2 come from a table of 2n
# integers, and each term is (1.0 / d) * u[j] summed in index order, as in C.
import os
import sys
import time
from math import sqrt

START_NS = time.monotonic_ns()
PROG = "spectralnorm"


def times_a(u, n, base, sign):
    """Return A u (base = tri, sign = 1) or A-transposed u (base = tri_k, sign = -1).

    Row i of A has d = tri[i+j] + i + 1; row i of A transposed has
    d = tri[i+j] + j + 1 = tri_k[i+j] - i + 1 with tri_k[k] = tri[k] + k.
    """
    out = []
    for i in range(n):
        offset = sign * i + 1
        s = 0.0
        for b, uj in zip(base[i:i + n], u):
            s += 1.0 / (b + offset) * uj
        out.append(s)
    return out


def run(n):
    """One full run: the norm of the n x n block."""
    tri = [k * (k + 1) // 2 for k in range(2 * n)]
    tri_k = [t + k for k, t in enumerate(tri)]
    u = [1.0] * n
    v = u
    for _ in range(10):
        v = times_a(times_a(u, n, tri, 1), n, tri_k, -1)
        u = times_a(times_a(v, n, tri, 1), n, tri_k, -1)
    vbv = vv = 0.0
    for ue, ve in zip(u, v):
        vbv += ue * ve
        vv += ve * ve
    return sqrt(vbv / vv)


# Iteration mode (versus's iteration protocol): with VERSUS_ITERATIONS=N and
# VERSUS_ITER_FD=K set, the workload runs N times in this process; fd K gets
# "start <ns>" (time.monotonic_ns, clock_gettime(CLOCK_MONOTONIC) on Linux in
# CPython and PyPy, when the script began) and, after each run and outside
# its timed region, "iter <ns>". The output is printed once, after the last
# run. Without the variables: one run, no protocol.
def fail(message, status):
    sys.stderr.write("%s: %s\n" % (PROG, message))
    sys.exit(status)


def env_num(name, lo, hi):
    s = os.environ.get(name, "")
    v = int(s) if s.isascii() and s.isdigit() and len(s) <= 10 else -1
    if not lo <= v <= hi:
        fail("%s must be a number in %d..%d" % (name, lo, hi), 2)
    return v


def iter_line(fd, data):
    try:
        os.write(fd, data)
    except OSError as e:
        fail("iteration fd: %s" % e.strerror, 1)


def iterate(run):
    """Call run() once, or N times in iteration mode; return the last result.

    Runs that disagree are an error.
    """
    fd = -1
    runs = 1
    if "VERSUS_ITERATIONS" in os.environ or "VERSUS_ITER_FD" in os.environ:
        fd = env_num("VERSUS_ITER_FD", 3, 2**31 - 1)
        runs = env_num("VERSUS_ITERATIONS", 1, 1000000)
        iter_line(fd, b"start %d\n" % START_NS)
    result = last = None
    for i in range(runs):
        t0 = time.monotonic_ns()
        result = run()
        t1 = time.monotonic_ns()
        if i > 0 and result != last:
            fail("runs gave different results", 1)
        last = result
        if fd >= 0:
            iter_line(fd, b"iter %d\n" % (t1 - t0))
    return result


def main():
    n = int(sys.argv[1])
    sys.stdout.write("%.9f\n" % iterate(lambda: run(n)))

main()
