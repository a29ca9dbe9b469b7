# Numerically the right answer on every run, but not the same bytes: must
# be ND. (It cannot count its runs: each run's HOME and work folder are
# fresh and nothing else is writable, so the formatting is random.)
import random

n = int(__import__("sys").argv[1]) if len(__import__("sys").argv) > 1 else 1000
s = n * (n + 1) // 2
print("sum", s)
print("mean", "%.*f" % (random.randint(1, 40), s / n))
