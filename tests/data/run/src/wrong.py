# Prints a wrong sum: must be WA.
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
print("sum", n * (n + 1) // 2 + 1)
print("mean", (n + 1) / 2)
