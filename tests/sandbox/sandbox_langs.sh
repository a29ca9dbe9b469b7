#!/bin/bash
# sandbox_langs.sh: real language runtimes inside 'versus sandbox': network
# refused while their threads, workers and processes work; their crashes
# classified; compilers work under --policy build. A toolchain that is
# missing is skipped (77 when none is there).
set -uo pipefail
: "${VERSUS:?}" "${VERSUS_SOURCE_DIR:?}"
L=$VERSUS_SOURCE_DIR/tests/sandbox/programs/lang
tmp=$(mktemp -d /tmp/versus-langs-XXXXXX)
# searchable by any box uid: the build's handle and a later run's may get
# different ones while other versus processes hold slots
chmod 0755 "$tmp"
trap 'rm -rf "$tmp"' EXIT
fails=0 passes=0 ran=0
field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }
expect() { # name status [needle-in-stdout] -- versus sandbox args
	local name=$1 want=$2 needle=$3
	shift 4
	# the programs' sources are readable in the box wherever the clone
	# is (under /tmp the box's private /tmp would hide them)
	"$VERSUS" sandbox --wall-limit 60 --readable "$L" --stdout "$tmp/out" "$@" \
		>"$tmp/r.json" 2>"$tmp/err"
	local got
	got=$(field "$tmp/r.json" status 2>/dev/null)
	if [ "$got" = "$want" ] && { [ -z "$needle" ] || grep -q -- "$needle" "$tmp/out"; }; then
		echo "ok: $name ($got)"
		passes=$((passes + 1))
	else
		echo "FAIL: $name: status '$got', want '$want' (needle '$needle')"
		cat "$tmp/out" "$tmp/err" | head -20
		fails=$((fails + 1))
	fi
	ran=1
}
have() { command -v "$1" >/dev/null 2>&1; }

if have python3; then
	py=$(python3 -c 'import sys; print(sys.executable)')
	expect "python: network refused, multiprocessing works" OK "multiprocessing True" -- "$py" "$L/net.py"
	expect "python: uncaught exception" RE "" -- "$py" -c 'raise ValueError("x")'
	expect "python: memory hog" ML "" -- --memory-limit 64MiB -- "$py" -c 'b = bytearray(512 << 20)'
fi
if have go; then
	mkdir -p "$tmp/go" "$tmp/gocache"
	expect "go build under policy build" OK "" -- --policy build --workdir "$tmp/go" \
		--writable "$tmp" --env HOME="$tmp" --env GOCACHE="$tmp/gocache" --env GOPATH="$tmp/gopath" \
		--env GO111MODULE=off --wall-limit 300 --memory-limit 2GiB \
		-- "$(command -v go)" build -o "$tmp/go/net" "$L/net.go"
	if [ -x "$tmp/go/net" ]; then
		expect "go: network refused, goroutines work" OK "goroutines true" -- "$tmp/go/net"
		expect "go: panic" RE "" -- "$tmp/go/net" panic
	fi
fi
if have javac && have java; then
	mkdir -p "$tmp/java"
	expect "javac under policy build" OK "" -- --policy build --env HOME="$tmp" --writable "$tmp" \
		--memory-limit 2GiB -- "$(command -v javac)" -d "$tmp/java" "$L/Net.java"
	expect "java: network refused, threads work" OK "thread ok" -- --memory-limit 2GiB --readable "$tmp/java" \
		-- "$(readlink -f "$(command -v java)")" -cp "$tmp/java" Net
	expect "java: uncaught exception" RE "" -- --memory-limit 2GiB --readable "$tmp/java" \
		-- "$(readlink -f "$(command -v java)")" -cp "$tmp/java" Net throw
fi
if have node; then
	expect "node: network refused, workers work" OK "worker true" -- "$(command -v node)" "$L/net.js"
fi
if have rustc; then
	rustc=$(rustup which rustc 2>/dev/null || command -v rustc)
	expect "rustc under policy build" OK "" -- --policy build --env HOME="$tmp" \
		--workdir "$tmp" --memory-limit 2GiB -- "$rustc" -o "$tmp/panic" "$L/panic.rs"
	[ -x "$tmp/panic" ] && expect "rust: panic" RE "" -- "$tmp/panic"
fi
[ $ran -eq 0 ] && exit 77
echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
