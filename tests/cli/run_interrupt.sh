#!/usr/bin/env bash
# Ctrl-C during `versus run`: the samples taken so far are written, the file
# says it is incomplete, the exit code is 130, and no cgroup or process of
# that versus is left behind.
set -u
: "${VERSUS:?}" "${VERSUS_SOURCE_DIR:?}"
command -v cc >/dev/null || { echo "skip: no cc"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$VERSUS" run --no-progress --runs 100000 --warmup 0 \
	--build-root "$work/build" -o "$work/results" \
	"$VERSUS_SOURCE_DIR/tests/data/run/aa.yaml" >"$work/out" 2>"$work/err" &
pid=$!
# Wait until timing has started: the builds and validation runs come first,
# one sandbox run each. A run's cgroup is versus-<pid>-<launcher>-<n>, n
# counting the runs of one handle; on cgroup v2 the leaf versus-<pid>-self
# (and versus-<pid>-home) exist from the start, so they say nothing. Once
# some handle is at its 4th run, the two validation runs are over.
# Without cgroups (mode none) nothing appears: the last resort is the time.
runs_seen() {
	find /sys/fs/cgroup -maxdepth 12 -name "versus-$pid-*-*" 2>/dev/null |
		sed -n "s/.*versus-$pid-[0-9]*-\([0-9]*\)\$/\1/p" | sort -n | tail -1
}
for _ in $(seq 300); do
	sleep 0.2
	n=$(runs_seen)
	[ -n "$n" ] && [ "$n" -ge 4 ] && break
done
sleep 1
kill -INT "$pid"
wait "$pid"
rc=$?
fail=0
[ "$rc" = 130 ] || { echo "FAIL: exit code $rc, want 130"; fail=1; }
grep -q "interrupted" "$work/err" || { echo "FAIL: no word of the interruption"; fail=1; }
python3 - "$work/results" <<'PY' || fail=1
import json, pathlib, sys
files = list(pathlib.Path(sys.argv[1]).glob("*.json"))
assert len(files) == 1, f"want one result file, got {files}"
doc = json.loads(files[0].read_text())
assert doc["complete"] is False, "complete should be false"
n = [len(i["samples"]) for i in doc["implementations"]]
assert all(k >= 1 for k in n), f"samples lost: {n}"
assert all(i["stop_reason"] == "interrupted" for i in doc["implementations"])
print("ok: interrupted run kept", n, "samples")
PY
left=$(find /sys/fs/cgroup -maxdepth 12 -name "versus-$pid-*" 2>/dev/null)
[ -z "$left" ] || { echo "FAIL: cgroups left: $left"; fail=1; }
if pgrep -f "$work/build" >/dev/null; then
	echo "FAIL: processes left"; fail=1
fi
[ "$fail" = 0 ] || cat "$work/err"
exit "$fail"
