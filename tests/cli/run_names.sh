#!/usr/bin/env bash
# Names derived from manifest ids: the longest ids the loader accepts (200
# bytes) run and write their result file; longer ones are refused by
# `check` and `run` alike, with the location and the limit, before anything
# is measured and without creating the -o folder.
set -u
: "${VERSUS:?}" "${VERSUS_SOURCE_DIR:?}"
command -v cc >/dev/null || { echo "skip: no cc"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
check() { # description, then a command that must succeed
	local what=$1
	shift
	if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; fail=1; fi
}
mkdir "$work/src"
cp "$VERSUS_SOURCE_DIR/tests/data/run/src/spin.c" "$work/src/"
manifest() { # file, workload id, implementation id
	cat >"$1" <<YAML
schema: 1
workload: $2
baseline: $3
args: ["1000"]
implementations:
  - {id: $3, language: c, source: src/spin.c}
YAML
}
w200=$(printf 'w%.0s' $(seq 200))
i200=$(printf 'i%.0s' $(seq 200))
manifest "$work/max.yaml" "$w200" "$i200"
"$VERSUS" run --no-progress --runs 2 --warmup 0 --build-root "$work/build" \
	-o "$work/results" "$work/max.yaml" >"$work/max.out" 2>"$work/max.err"
rc=$?
check "200-byte ids: exit code 0 (got $rc)" test "$rc" = 0
check "200-byte ids: the result file is written" \
	test "$(ls "$work/results" | grep -c "^$w200-.*\.json$")" = 1
check "200-byte ids: the build folder exists" test -d "$work/build/$w200/$i200"

manifest "$work/long.yaml" "w$w200" "i$i200"
"$VERSUS" check "$work/long.yaml" >/dev/null 2>"$work/check.err"
rc=$?
check "201-byte ids: check exits 2 (got $rc)" test "$rc" = 2
check "201-byte ids: check names the workload id's line, column and limit" \
	grep -q "long.yaml:2:11: workload id is 201 bytes long; at most 200" "$work/check.err"
check "201-byte ids: check names the implementation id's" \
	grep -q "long.yaml:6:10: implementation id is 201 bytes long; at most 200" "$work/check.err"
"$VERSUS" run --no-progress --build-root "$work/build" -o "$work/new/results" \
	"$work/long.yaml" >/dev/null 2>"$work/run.err"
rc=$?
check "201-byte ids: run exits 2 (got $rc)" test "$rc" = 2
# (run may warn about the sandbox first, e.g. without cgroups)
check "201-byte ids: run gives the same messages" \
	test "$(grep -cFxf "$work/check.err" "$work/run.err")" = "$(wc -l <"$work/check.err")"
check "an invalid manifest does not create -o" test ! -e "$work/new"
[ "$fail" = 0 ] || cat "$work"/*.err
exit "$fail"
