#!/bin/bash
# output_hash.sh: what capturing and hashing a run's stdout costs (see
# output_hash_bench.c): a writer of MIB MiB in 64 KiB writes, timed under
# the sandbox and into a plain pipe, interleaved, R rounds. A benchmark,
# not a test: it prints figures and checks that every run wrote all its
# bytes and that every sandboxed run's digest is the output's (made once,
# untimed, from the whole output in memory); ctest runs it small for that
# check (bench_output_hash_equal; exit 77 where no sandbox can be made). The digest's correctness is tested in tests/sandbox
# (check_sandbox: test_output_counts_and_hash, test_output_digest_known).
#   tests/bench/output_hash.sh [BUILD_DIR] [MIB] [R]
# To tell where a difference comes from, OUTPUT_BENCH_CGROUPS=off and
# OUTPUT_BENCH_BOX=off run the sandboxed side without cgroups or without
# the box (each says so in the mode line); OUTPUT_BENCH_PIPE_BYTES=1048576
# makes the plain pipe as deep as the sandbox's.
# Use a build without sanitizers for real figures:
#   cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release
#   cmake --build build-bench --target output_hash_bench output_writer
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build}
mib=${2:-200}
rounds=${3:-9}
bench=$build/tests/bench/output_hash_bench
writer=$build/tests/bench/output_writer
if [ ! -x "$bench" ] || [ ! -x "$writer" ]; then
	echo "output_hash: build the output_hash_bench and output_writer" \
		"targets in $build first" >&2
	exit 2
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cpus"
rc=0
"$bench" "$writer" "$mib" "$rounds" || rc=$?
[ "$rc" = 3 ] && exit 77 # no sandbox here
[ "$rc" = 0 ] || exit "$rc"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
