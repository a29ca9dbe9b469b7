#!/usr/bin/env bash
# Two `versus run` at once. Into one results folder (same workload, started
# in the same second, with fsync slowed down to widen the race): both exit
# 0 and leave two distinct files. Sharing one build folder, with different
# sources under the same workload and implementation ids: both end OK (no
# XX, no ND), each times its own source, and the one that comes second
# says it waits. A run waiting for the lock ends on Ctrl-C.
set -u
: "${VERSUS:?}" "${VERSUS_SOURCE_DIR:?}"
command -v cc >/dev/null || { echo "skip: no cc"; exit 77; }
command -v python3 >/dev/null || { echo "skip: no python3"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
check() { # description, then a command that must succeed
	local what=$1
	shift
	if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; fail=1; fi
}
# The same workload twice, differing only in what the program prints.
for side in a b; do
	mkdir -p "$work/$side/src"
	cat >"$work/$side/src/p.c" <<C
#include <stdio.h>
#include <time.h>
int main(void)
{
	struct timespec t = {0, 40 * 1000 * 1000};
	nanosleep(&t, NULL);
	puts("side $side");
	return 0;
}
C
	cat >"$work/$side/w.yaml" <<YAML
schema: 1
workload: shared
baseline: c
implementations:
  - {id: c, language: c, source: src/p.c}
  - {id: d, language: c, source: src/p.c}
YAML
done
versus_run() { # name, build folder, results folder, manifest
	"$VERSUS" run --no-progress --runs 4 --warmup 1 --seed 5 \
		--build-root "$2" -o "$3" "$4" >"$work/$1.out" 2>"$work/$1.err"
	echo $? >"$work/$1.rc"
}
slow_fsync=()
if command -v strace >/dev/null &&
	strace -o /dev/null -e trace=fsync -e inject=fsync:delay_enter=1 true 2>/dev/null; then
	# Only versus's own thread is traced: that is where results are written.
	# (LeakSanitizer cannot run under ptrace: off in a sanitised build.)
	slow_fsync=(env ASAN_OPTIONS=detect_leaks=0 strace -o /dev/null
		-e trace=fsync -e inject=fsync:delay_enter=300000)
else
	echo "note: no strace with fault injection; the race window is narrower"
fi
# Build once in each build folder so that both runs start timing at once.
versus_run warm1 "$work/build1" "$work/warm" "$work/a/w.yaml"
versus_run warm2 "$work/build2" "$work/warm" "$work/a/w.yaml"

# 1. One results folder: three tries, each started at the top of a second
# so that both runs stamp the same second.
for try in 1 2 3; do
	out="$work/results-$try"
	python3 -c 'import time; time.sleep(1.05 - time.time() % 1)'
	"${slow_fsync[@]}" "$VERSUS" run --no-progress --runs 2 --warmup 0 \
		--build-root "$work/build1" -o "$out" "$work/a/w.yaml" \
		>"$work/r1-$try.out" 2>"$work/r1-$try.err" &
	p1=$!
	"${slow_fsync[@]}" "$VERSUS" run --no-progress --runs 2 --warmup 0 \
		--build-root "$work/build2" -o "$out" "$work/a/w.yaml" \
		>"$work/r2-$try.out" 2>"$work/r2-$try.err" &
	p2=$!
	wait "$p1"; rc1=$?
	wait "$p2"; rc2=$?
	check "one results folder, try $try: both exit 0 ($rc1, $rc2)" \
		test "$rc1" = 0 -a "$rc2" = 0
	check "one results folder, try $try: two files" \
		test "$(ls "$out" | grep -c '\.json$')" = 2
	w1=$(sed -n 's/^versus: wrote //p' "$work/r1-$try.err")
	w2=$(sed -n 's/^versus: wrote //p' "$work/r2-$try.err")
	check "one results folder, try $try: two distinct paths printed" \
		test -n "$w1" -a -n "$w2" -a "$w1" != "$w2"
	check "one results folder, try $try: no temporary file left" \
		test -z "$(ls -A "$out" | grep -v '\.json$')"
done

# 2. One build folder, two different sources under the same ids.
versus_run sa "$work/shared-build" "$work/results-a" "$work/a/w.yaml" &
p1=$!
sleep 0.3
versus_run sb "$work/shared-build" "$work/results-b" "$work/b/w.yaml" &
p2=$!
wait "$p1" "$p2"
for side in a b; do
	check "shared build folder: run $side exits 0 (got $(cat "$work/s$side.rc"))" \
		test "$(cat "$work/s$side.rc")" = 0
	# the digest of that side's output, as the sandbox makes it
	"$VERSUS" sandbox -- /usr/bin/printf "side $side\n" \
		>"$work/digest-$side.json"
	check "shared build folder: run $side timed its own program" \
		python3 - "$work/results-$side" "$work/digest-$side.json" <<'PY'
import json, pathlib, sys
files = list(pathlib.Path(sys.argv[1]).glob("*.json"))
assert len(files) == 1, files
doc = json.loads(files[0].read_text())
box = json.loads(pathlib.Path(sys.argv[2]).read_text())
want = {"algorithm": box["stdout_digest_algorithm"],
        "value": box["stdout_digest"]}
assert want["algorithm"] == "xxh3-128", want
for i in doc["implementations"]:
    assert i["status"] == "OK", (i["id"], i["status"], i["reason"])
    assert i["output_digest"] == want, (i["id"], "timed the other side's program")
    assert len(i["samples"]) == 4, len(i["samples"])
PY
done
# (b starts later, but on a loaded machine a may reach the lock second)
check "shared build folder: the second run says it waits" \
	grep -q "waiting for build folder .*another versus run is using it" "$work/sa.err" "$work/sb.err"
# 3. Waiting for the lock (held here by flock(1), which takes the same
# lock): Ctrl-C ends the wait at once, exit 130, nothing written.
if command -v flock >/dev/null; then
	mkdir -p "$work/held/shared"
	exec 9<"$work/held/shared"
	flock 9
	"$VERSUS" run --no-progress --runs 2 --warmup 0 --build-root "$work/held" \
		-o "$work/results-held" "$work/a/w.yaml" >/dev/null 2>"$work/held.err" &
	pid=$!
	for _ in $(seq 100); do
		grep -q "waiting for build folder" "$work/held.err" && break
		sleep 0.1
	done
	check "held lock: versus says it waits" grep -q "waiting for build folder $work/held/shared" "$work/held.err"
	kill -INT "$pid"
	wait "$pid"
	rc=$?
	check "held lock: Ctrl-C ends the wait with exit 130 (got $rc)" test "$rc" = 130
	check "held lock: no result file" test -z "$(ls "$work/results-held" 2>/dev/null)"
	exec 9<&-
fi
[ "$fail" = 0 ] || tail -n 5 "$work"/*.err
exit "$fail"
