# Sums 1..n and prints the total (same output as sum.c but the mean is
# printed with repr(), so it differs in form, not in value).
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
s = n * (n + 1) // 2
print("sum", s)
print("mean", s / n if n else 0.0)
