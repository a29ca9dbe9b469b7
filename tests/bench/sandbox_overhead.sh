#!/bin/bash
# sandbox_overhead.sh: what the sandbox costs per run and on CPU-bound
# programs (see sandbox_bench.c). A benchmark, not a test: it prints
# figures and checks nothing.
#   tests/bench/sandbox_overhead.sh [BUILD_DIR] [N] [REPEATS]
# Use a build without sanitizers for real figures:
#   cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release
#   cmake --build build-bench --target sandbox_bench
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build}
n=${2:-300}
repeats=${3:-7}
bench=$build/tests/bench/sandbox_bench
if [ ! -x "$bench" ]; then
	echo "sandbox_overhead: build the sandbox_bench target in $build first" >&2
	exit 2
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cpus"
"$bench" "$n" "$repeats"
# the same without the box (sandbox/README.md, "The box"): what it costs
echo "--- without the box"
SANDBOX_BENCH_NOBOX=1 "$bench" "$n" "$repeats"
