# binarytrees: allocate and walk perfect binary trees (Computer Language
# Benchmarks Game definition): bottom-up creation allocating every node,
# min depth 4, a stretch tree of depth max+1, a long-lived tree of depth
# max, and 2^(max-depth+min) trees per depth in steps of 2. No deviation.
# A node is a (left, right) tuple, a leaf (None, None) built from names: a
# literal (None, None) would be one shared constant, not a node per leaf.
# The default garbage collector settings are kept.
import os
import sys
import time

START_NS = time.monotonic_ns()
PROG = "binarytrees"
MIN_DEPTH = 4


def make_tree(depth, no_child=None):
    if depth == 0:
        return (no_child, no_child)
    depth -= 1
    return (make_tree(depth), make_tree(depth))


def check_tree(node):
    left, right = node
    if left is None:
        return 1
    return 1 + check_tree(left) + check_tree(right)


def run(max_depth):
    """One full run up to max_depth: the checks it prints, in order (the
    stretch tree, one per depth MIN_DEPTH, MIN_DEPTH + 2, ..., the
    long-lived tree)."""
    checks = [check_tree(make_tree(max_depth + 1))]
    long_lived = make_tree(max_depth)
    for depth in range(MIN_DEPTH, max_depth + 1, 2):
        iterations = 1 << (max_depth - depth + MIN_DEPTH)
        check = 0
        for _ in range(iterations):
            check += check_tree(make_tree(depth))
        checks.append(check)
    checks.append(check_tree(long_lived))
    return checks


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
    max_depth = max(MIN_DEPTH + 2, n)
    stretch_depth = max_depth + 1
    checks = iterate(lambda: run(max_depth))
    write = sys.stdout.write
    write("stretch tree of depth %d\t check: %d\n" % (stretch_depth, checks[0]))
    for c, depth in enumerate(range(MIN_DEPTH, max_depth + 1, 2), 1):
        iterations = 1 << (max_depth - depth + MIN_DEPTH)
        write("%d\t trees of depth %d\t check: %d\n" % (iterations, depth, checks[c]))
    write("long lived tree of depth %d\t check: %d\n" % (max_depth, checks[-1]))

main()
