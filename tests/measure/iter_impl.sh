#!/bin/sh
# iter_impl.sh N start|nostart EXPECTED CMD [ARG...]: check one built
# implementation by hand in iteration mode. Runs CMD one-shot (stdout must
# equal the EXPECTED file, or the one-shot output when EXPECTED is "-"),
# then with VERSUS_ITERATIONS=N VERSUS_ITER_FD=3 (stdout must equal the
# one-shot output, fd 3 must pass iter_check.sh with N iterations and, for
# "start", a start line between CLOCK_MONOTONIC readings taken before and
# after). Exits 0 when all holds, 1 otherwise.
set -eu

if [ $# -lt 4 ]; then
	echo "usage: iter_impl.sh N start|nostart EXPECTED CMD [ARG...]" >&2
	exit 2
fi
n=$1
mode=$2
expect=$3
shift 3
here=$(dirname "$0")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# CPython's time.monotonic_ns is clock_gettime(CLOCK_MONOTONIC) on Linux.
# python3 may be a slow pyenv shim: resolve the interpreter once.
py=$(python3 -c 'import sys; print(sys.executable)')
mono() {
	"$py" -c 'import time; print(time.monotonic_ns())'
}

"$@" >"$tmp/one"
if [ "$expect" != - ] && ! cmp -s "$tmp/one" "$expect"; then
	echo "iter_impl: one-shot output differs from $expect" >&2
	exit 1
fi
lo=$(mono)
VERSUS_ITERATIONS=$n VERSUS_ITER_FD=3 "$@" >"$tmp/iter" 3>"$tmp/fd3"
hi=$(mono)
if ! cmp -s "$tmp/one" "$tmp/iter"; then
	echo "iter_impl: iteration-mode output differs from one-shot" >&2
	exit 1
fi
if [ "$mode" = start ]; then
	sh "$here/iter_check.sh" "$tmp/fd3" "$n" "$lo" "$hi"
else
	sh "$here/iter_check.sh" "$tmp/fd3" "$n"
	if grep -q '^start ' "$tmp/fd3"; then
		echo "iter_impl: unexpected start line" >&2
		exit 1
	fi
fi
