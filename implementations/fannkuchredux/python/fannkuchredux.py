# fannkuchredux: indexed-access to tiny integer sequences (Computer Language
# Benchmarks Game definition): visits all n! permutations of 0..n-1 in the
# published countdown order, counts prefix-reversal flips until the first
# element is 0, prints the alternating-sign checksum of the flip counts and
# "Pfannkuchen(n) = max flips". No deviation: reversal by slice assignment
# and rotation by pop/insert are the list operations CPython runs fastest.
import os
import sys
import time

START_NS = time.monotonic_ns()
PROG = "fannkuchredux"


def fannkuch(n):
    """Return (checksum, max_flips) over all permutations of range(n)."""
    perm1 = list(range(n))
    count = [0] * n
    max_flips = 0
    checksum = 0
    even = True
    r = n
    while True:
        while r != 1:
            count[r - 1] = r
            r -= 1
        perm = perm1[:]
        flips = 0
        k = perm[0]
        while k:
            perm[:k + 1] = perm[k::-1]
            flips += 1
            k = perm[0]
        if flips > max_flips:
            max_flips = flips
        checksum += flips if even else -flips
        even = not even
        # next permutation: rotate the first r+1 elements left until a
        # counter is not exhausted
        while True:
            if r == n:
                return checksum, max_flips
            perm1.insert(r, perm1.pop(0))
            count[r] -= 1
            if count[r] > 0:
                break
            r += 1


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
    checksum, max_flips = iterate(lambda: fannkuch(n))
    sys.stdout.write("%d\nPfannkuchen(%d) = %d\n" % (checksum, n, max_flips))

main()
