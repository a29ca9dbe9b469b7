#!/usr/bin/env bash
# SIGTERM and SIGHUP during `versus run` (issue 9, item 6): like Ctrl-C,
# the samples taken so far are written, the file says it is incomplete,
# the exit code is 130, nothing of that versus is left; a second SIGTERM
# does not cut the clean stop short; and versus ends within a bound.
set -u
: "${VERSUS:?}" "${VERSUS_SOURCE_DIR:?}"
command -v cc >/dev/null || { echo "skip: no cc"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0

one() { # SIGNAL [SIGNAL...]: send each, 0.05 s apart, once timing started
	local out=$work/$(echo "$*" | tr ' ' _)
	mkdir -p "$out"
	"$VERSUS" run --no-progress --runs 100000 --warmup 0 \
		--build-root "$work/build" -o "$out/results" \
		"$VERSUS_SOURCE_DIR/tests/data/run/aa.yaml" >"$out/out" 2>"$out/err" &
	local pid=$!
	# timing has started once a sample exists: wait for run cgroups, then 1 s
	for _ in $(seq 150); do
		sleep 0.2
		[ -n "$(find /sys/fs/cgroup -maxdepth 6 -name "versus-$pid-*" 2>/dev/null | head -1)" ] && break
		[ -n "$(find /tmp -maxdepth 1 -name 'versus-run-*' -newer "$out/err" 2>/dev/null | head -1)" ] && break
	done
	sleep 1
	local t0=$(date +%s.%N)
	for sig in "$@"; do
		kill "-$sig" "$pid" 2>/dev/null
		sleep 0.05
	done
	wait "$pid"
	local rc=$?
	local took=$(echo "$(date +%s.%N) - $t0" | bc)
	[ "$rc" = 130 ] || { echo "FAIL $*: exit code $rc, want 130"; fail=1; }
	# bounded: a run in progress is killed, then the file is written
	[ "$(echo "$took < 10" | bc)" = 1 ] || { echo "FAIL $*: took $took s"; fail=1; }
	grep -q "interrupted" "$out/err" || { echo "FAIL $*: no word of the interruption"; fail=1; }
	python3 - "$out/results" "$*" <<'PY' || fail=1
import json, pathlib, sys
files = list(pathlib.Path(sys.argv[1]).glob("*.json"))
assert len(files) == 1, f"{sys.argv[2]}: want one result file, got {files}"
doc = json.loads(files[0].read_text())
assert doc["complete"] is False, "complete should be false"
n = [len(i["samples"]) for i in doc["implementations"]]
assert all(k >= 1 for k in n), f"samples lost: {n}"
assert all(i["stop_reason"] == "interrupted" for i in doc["implementations"])
print(f"ok: {sys.argv[2]}: kept", n, "samples")
PY
	left=$(find /sys/fs/cgroup -maxdepth 6 -name "versus-$pid-*" 2>/dev/null)
	[ -z "$left" ] || { echo "FAIL $*: cgroups left: $left"; fail=1; }
	if pgrep -f "$work/build" >/dev/null; then
		echo "FAIL $*: processes left"; fail=1
	fi
	[ "$fail" = 0 ] || cat "$out/err"
}

# Build once first: the signalled runs then find their builds cached and
# start timing at once, so that on a loaded machine a signal cannot land
# in a slow build (which has no samples to keep).
"$VERSUS" run -q --no-progress --runs 1 --warmup 0 --build-root "$work/build" \
	-o "$work/prebuild" "$VERSUS_SOURCE_DIR/tests/data/run/aa.yaml" >/dev/null ||
	{ echo "FAIL: the first build and run"; exit 1; }

one TERM
one HUP
one TERM TERM TERM
exit "$fail"
