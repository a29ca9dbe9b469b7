#!/bin/bash
# iter_impls.sh: the shipped nbody, spectralnorm, binarytrees and
# fannkuchredux implementations in iteration mode (issue 13), for the
# languages that are quick to build here: C (gcc), C++ (g++) and Python
# (CPython). Each must print its expected output one-shot and, with
# VERSUS_ITERATIONS=4 VERSUS_ITER_FD=3, the same output once and a
# well-formed stream of 4 iterations with a CLOCK_MONOTONIC start line on
# fd 3 (tests/measure/iter_impl.sh). Also checks that iter_check.sh refuses
# malformed streams and that bad variables are refused. Skips (77) when
# gcc or python3 is missing; a missing g++ skips only C++.
set -u
: "${VERSUS_SOURCE_DIR:?source tree}"
SRC=$VERSUS_SOURCE_DIR
IMPL="$SRC/tests/measure/iter_impl.sh"
CHECK="$SRC/tests/measure/iter_check.sh"
EXP="$SRC/workloads/expected"
TMP=$(mktemp -d /tmp/versus-iter-impls-XXXXXX)
trap 'rm -rf "$TMP"' EXIT
failures=0

fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}

command -v gcc >/dev/null || { echo "skip: no gcc"; exit 77; }
command -v python3 >/dev/null || { echo "skip: no python3"; exit 77; }
# python3 may be a slow pyenv shim: resolve the interpreter once.
PY=$(python3 -c 'import sys; print(sys.executable)')

# workload:size pairs with an expected output file
CASES="nbody:1000 spectralnorm:100 binarytrees:10 fannkuchredux:7"

for c in $CASES; do
	w=${c%:*}
	gcc -O2 -std=gnu11 -Wall -Wextra -Werror -o "$TMP/$w-c" \
		"$SRC/implementations/$w/c/$w.c" -lm || fail "gcc $w"
	if command -v g++ >/dev/null; then
		g++ -O2 -std=c++17 -Wall -Wextra -Werror -o "$TMP/$w-cpp" \
			"$SRC/implementations/$w/cpp/$w.cpp" || fail "g++ $w"
	fi
done

for c in $CASES; do
	w=${c%:*}
	n=${c#*:}
	progs=("$TMP/$w-c")
	[ -x "$TMP/$w-cpp" ] && progs+=("$TMP/$w-cpp")
	for p in "${progs[@]}"; do
		sh "$IMPL" 4 start "$EXP/$w-$n.out" "$p" "$n" >/dev/null ||
			fail "$(basename "$p") $n"
	done
	sh "$IMPL" 4 start "$EXP/$w-$n.out" "$PY" \
		"$SRC/implementations/$w/python/$w.py" "$n" >/dev/null ||
		fail "python $w $n"
done

# Bad variables: refused with exit 2, nothing on stdout.
p="$TMP/nbody-c"
for env in "VERSUS_ITERATIONS=0 VERSUS_ITER_FD=3" \
	"VERSUS_ITERATIONS=3" "VERSUS_ITER_FD=3" \
	"VERSUS_ITERATIONS=+3 VERSUS_ITER_FD=3" \
	"VERSUS_ITERATIONS=3 VERSUS_ITER_FD=2" \
	"VERSUS_ITERATIONS=1000001 VERSUS_ITER_FD=3"; do
	env $env "$p" 10 >"$TMP/out" 2>/dev/null 3>/dev/null
	rc=$?
	[ $rc = 2 ] || fail "nbody-c with $env: exit $rc, want 2"
	[ -s "$TMP/out" ] && fail "nbody-c with $env printed output"
	env $env "$PY" "$SRC/implementations/nbody/python/nbody.py" 10 \
		>/dev/null 2>&1 3>/dev/null
	rc=$?
	[ $rc = 2 ] || fail "nbody.py with $env: exit $rc, want 2"
done

# The checker itself: good streams pass, each kind of bad one fails.
good() {
	printf "$1" >"$TMP/s"
	sh "$CHECK" "$TMP/s" "$2" >/dev/null 2>&1 || fail "iter_check refused: $1"
}
bad() {
	printf "$1" >"$TMP/s"
	sh "$CHECK" "$TMP/s" "$2" >/dev/null 2>&1 && fail "iter_check took: $1"
}
good 'iter 5\n' 1
good 'start 10\niter 5\niter 0\n' 2
good 'iter 5\nmetric gc_time 1.5e-3 s\nmetric heap 12 MB\n' 1
good 'iter 9223372036854775807\n' 1
bad '' 1
bad 'iter 5\n' 2
bad 'iter 5\niter 6\n' 1
bad 'iter 5' 1
bad 'iter 05\n' 1
bad 'iter -5\n' 1
bad 'iter 9223372036854775808\n' 1
bad 'iter  5\n' 1
bad 'iter 5 \n' 1
bad 'iter 5\nstart 1\n' 1
bad 'metric a 1 s\niter 5\n' 1
bad 'iter 5\nmetric A 1 s\n' 1
bad 'iter 5\nmetric a x s\n' 1
bad 'iter 5\nhello\n' 1
long=$(printf '%0130d' 0)
bad "iter 5\nmetric a $long s\n" 1
printf 'start 100\niter 1\n' >"$TMP/s"
sh "$CHECK" "$TMP/s" 1 099 101 >/dev/null 2>&1 || fail "start in window refused"
sh "$CHECK" "$TMP/s" 1 101 102 >/dev/null 2>&1 && fail "start out of window taken"

if [ $failures -ne 0 ]; then
	echo "$failures failure(s)" >&2
	exit 1
fi
echo "iter_impls: all good"
