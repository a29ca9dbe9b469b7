# versus iteration protocol (docs/iterations.md): the Python helper,
# for CPython and PyPy alike (time.monotonic_ns is CLOCK_MONOTONIC).
import os
import time

# --- helper ---
ITER_FD = int(os.environ.get("VERSUS_ITER_FD", "-1"))
ITERATIONS = int(os.environ.get("VERSUS_ITERATIONS", "1")) if ITER_FD >= 0 else 1
def iter_line(line):
    if ITER_FD >= 0: os.write(ITER_FD, (line + "\n").encode())
# --- end of helper ---


def work():
    total = 0
    for i in range(100000):
        total = (total + i * i) % 1000000007
    return total


def main():
    iter_line("start %d" % time.monotonic_ns())
    result = 0
    for _ in range(ITERATIONS):
        t0 = time.perf_counter_ns()
        result = work()
        ns = time.perf_counter_ns() - t0  # the timed region ends here
        iter_line("iter %d" % ns)
    if ITER_FD >= 0:
        os.close(ITER_FD)
    print(result)  # the normal output, once


main()
