# Right answer on the first runs... then a different one: must be ND.
import os, sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
s = n * (n + 1) // 2
print("sum", s)
print("mean", s / n)
# Each run's work folder is new, so count runs in a file beside the build.
path = os.path.join(os.environ.get("HOME", "/tmp"), "nondet-count")
try:
    with open(path) as f:
        count = int(f.read() or 0)
except OSError:
    count = 0
with open(path, "w") as f:
    f.write(str(count + 1))
if count >= 2:
    print("run", count)
