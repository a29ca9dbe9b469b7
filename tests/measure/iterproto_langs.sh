#!/bin/bash
# iterproto_langs.sh LANG: the iteration protocol helper of one language
# (runners/iteration/) really follows the protocol. It is built, run once
# without the variables (one-shot: its output, nothing on fd 3), then with
# VERSUS_ITERATIONS=5 and 3, fd 3 a file and then a pipe; each stream is
# fed to the parser (iterproto_read) and must be clean, and a wrong count
# must be a protocol violation. Exit 77 when the toolchain is missing.
set -u
lang=${1:?usage: iterproto_langs.sh LANG}
src=${VERSUS_SOURCE_DIR:?}/runners/iteration
read_stream=${ITERPROTO_READ:?}
expected=331016704 # sum of i*i for i < 10^5, mod 10^9+7

need() {
	for t in "$@"; do
		command -v "$t" >/dev/null 2>&1 ||
			{ echo "SKIP: $t not found"; exit 77; }
	done
}

case $lang in
c) need gcc ;; cpp) need g++ ;; rust) need rustc ;; go) need go ;;
python) need python3 ;; pypy) need pypy3 ;; java) need javac java ;;
node) need node ;; *) echo "unknown language '$lang'"; exit 2 ;;
esac

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL ($lang): $*"; exit 1; }

has_start=1
case $lang in
c) gcc -O2 -std=gnu11 -Wall -Werror -o "$tmp/prog" "$src/c.c" ||
	fail build; run=("$tmp/prog") ;;
cpp) g++ -O2 -std=c++17 -Wall -Werror -o "$tmp/prog" \
	"$src/cpp.cpp" || fail build; run=("$tmp/prog") ;;
rust) has_start=0
	rustc --edition 2021 -O -o "$tmp/prog" "$src/rust.rs" || fail build
	run=("$tmp/prog") ;;
go) has_start=0
	# A cache that outlives the test: the standard library builds once.
	cache=${ITERPROTO_CACHE:-$tmp}
	GOCACHE=$cache/gocache GOPATH=$cache/gopath GOTOOLCHAIN=local \
		CGO_ENABLED=0 go build -o "$tmp/prog" "$src/go.go" || fail build
	run=("$tmp/prog") ;;
python) run=(python3 "$src/python.py") ;;
pypy) run=(pypy3 "$src/python.py") ;;
java) javac -d "$tmp" "$src/java.java" || fail build
	run=(java -cp "$tmp" Main) ;;
node) run=(node "$src/node.js") ;;
esac

# One-shot: the normal output, and nothing written to fd 3.
out=$(env -u VERSUS_ITERATIONS -u VERSUS_ITER_FD "${run[@]}" 3>"$tmp/none") ||
	fail "one-shot run failed"
[ "$out" = "$expected" ] || fail "one-shot output '$out', want $expected"
[ -s "$tmp/none" ] && fail "one-shot run wrote to fd 3"

check_stream() { # N FILE
	local got
	got=$("$read_stream" "$1" "$2") ||
		fail "N=$1: $got"$'\n'"$(head -c 600 "$2")"
	[ "$(head -n1 <<<"$got")" = "ok $1 iter lines" ] || fail "N=$1: $got"
	if [ $has_start = 1 ]; then
		grep -qx start <<<"$got" || fail "N=$1: no start line"
	fi
	echo "$lang N=$1: $(tr '\n' ' ' <<<"$got")"
}

for n in 5 3; do
	# fd 3 a file, as with bash `3>file`.
	out=$(VERSUS_ITERATIONS=$n VERSUS_ITER_FD=3 "${run[@]}" 3>"$tmp/file$n") ||
		fail "N=$n: run failed"
	[ "$out" = "$expected" ] || fail "N=$n: output '$out', want $expected once"
	check_stream $n "$tmp/file$n"
	# fd 3 a pipe, as the orchestrator gives it; stdout kept apart on fd 4.
	out=$( { VERSUS_ITERATIONS=$n VERSUS_ITER_FD=3 "${run[@]}" 3>&1 1>&4 |
		cat >"$tmp/pipe$n"; } 4>&1) || fail "N=$n: run on a pipe failed"
	[ "$out" = "$expected" ] || fail "N=$n pipe: output '$out'"
	check_stream $n "$tmp/pipe$n"
done

# The parser is not fooled: the 5-iteration stream is wrong for 4 and 6.
got=$("$read_stream" 4 "$tmp/file5") && fail "N=4 accepted 5 iterations"
[[ $got == "PV too-many-iters: "* ]] || fail "N=4: $got"
got=$("$read_stream" 6 "$tmp/file5") && fail "N=6 accepted 5 iterations"
[[ $got == "PV too-few-iters: "* ]] || fail "N=6: $got"
echo "PASS ($lang)"
