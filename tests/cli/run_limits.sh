#!/usr/bin/env bash
# Names and limits: command-line values obey the manifest's ranges; the
# time budget counts warm-ups, as --help says; a workload named "cache"
# cannot build in (and empty) the cache folder that every build of a
# language shares.
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
mkdir "$work/src"
cat >"$work/src/nap.c" <<'C'
#include <stdio.h>
#include <time.h>
int main(void)
{
	struct timespec t = {0, 100 * 1000 * 1000};
	nanosleep(&t, NULL);
	puts("rested");
	return 0;
}
C
cat >"$work/nap.yaml" <<'YAML'
schema: 1
workload: nap
baseline: c
implementations:
  - {id: c, language: c, source: src/nap.c}
YAML

# 1. Options in the manifest's ranges (measure.warmup is 0 to 1000...).
usage() { # expected message part, then options
	local want=$1
	shift
	timeout 30 "$VERSUS" run --no-progress --build-root "$work/build" -o "$work/never" \
		"$@" "$work/nap.yaml" >/dev/null 2>"$work/usage.err"
	local rc=$?
	check "$* refused with exit 2 (got $rc)" test "$rc" = 2
	check "$* says: $want" grep -qF -- "$want" "$work/usage.err"
}
usage "--warmup: expected a whole number from 0 to 1000, not '5000'" --warmup 5000
usage "--min-runs: expected a whole number from 1 to 100000, not '0'" --min-runs 0
usage "--max-runs: expected a whole number from 1 to 100000, not '100001'" --max-runs 100001
usage "--runs: expected a whole number from 1 to 100000, not '100001'" --runs 100001
usage "--target-ci: expected a fraction above 0 and at most 1, not '1.5'" --target-ci 1.5
usage "--time-budget: expected a duration above 0 s and at most 1e+09 s, not '2e9'" --time-budget 2e9
check "a refused option does not create -o" test ! -e "$work/never"

# 2. The budget counts warm-ups: 1000 warm-ups of 0.1 s within 1 s.
start=$(date +%s)
timeout 120 "$VERSUS" run --no-progress --warmup 1000 --time-budget 1 \
	--build-root "$work/build" -o "$work/results-budget" \
	"$work/nap.yaml" >"$work/budget.out" 2>"$work/budget.err"
rc=$?
took=$(($(date +%s) - start))
check "budget: exit code 0 (got $rc)" test "$rc" = 0
check "budget: warm-ups stop at the budget (run took ${took}s)" test "$took" -lt 30
check "budget: the result file agrees" \
	python3 - "$work/results-budget" <<'PY'
import json, pathlib, sys
doc = json.loads(next(pathlib.Path(sys.argv[1]).glob("*.json")).read_text())
c = doc["implementations"][0]
assert doc["measure"]["warmup"] == 1000
# about 1 s / 0.1 s, with room for a slow machine; never 1000
assert 1 <= c["warmup_runs"] <= 11, c["warmup_runs"]
assert len(c["samples"]) >= 1 and c["stop_reason"] == "time_budget", c["stop_reason"]
PY

# 3. Build folders are never the shared cache folders. This recipe leaves a
# file in {cachedir} at each build; the cache must keep both.
mkdir "$work/runners"
cp "$VERSUS_SOURCE_DIR"/runners/*.yaml "$work/runners/"
cat >"$work/runners/cacheuser.yaml" <<'YAML'
schema: 1
language: cacheuser
title: a build that keeps a file in its cache folder
detect: [sh, -c, "echo cacheuser 1"]
build: [sh, -c, 'mkdir -p "$0" && mktemp "$0/kept-XXXXXX" >/dev/null && cp "$1" "$2"',
        "{cachedir}", "{source}", "{bin}"]
run: [sh, "{bin}"]
YAML
printf 'echo hello\n' >"$work/src/hello.sh"
for w in other cache; do
	cat >"$work/$w.yaml" <<YAML
schema: 1
workload: $w
baseline: cacheuser
implementations:
  - {id: cacheuser, language: cacheuser, source: src/hello.sh}
YAML
	"$VERSUS" run --no-progress --runs 2 --warmup 0 --runners "$work/runners" \
		--build-root "$work/cache-build" -o "$work/results-cache" \
		"$work/$w.yaml" >/dev/null 2>"$work/cache-$w.err"
	rc=$?
	check "workload '$w' runs (exit $rc)" test "$rc" = 0
done
kept=$(find "$work/cache-build" -name 'kept-*' | wc -l)
check "workload 'cache' left the shared cache alone ($kept of 2 files kept)" \
	test "$kept" = 2
[ "$fail" = 0 ] || cat "$work"/*.err
exit "$fail"
