#!/usr/bin/env bash
# export_validate.sh: the exports of a fresh run, checked against the
# formats Bencher and github-action-benchmark document (the validator is
# tests/render/check_exports.c run on one file). A small C and Python
# workload with a wrong and a crashing implementation, exported both by
# `versus run --format` and by `versus report -f`: every export must
# validate, and the failed implementations must be in it.
set -u
: "${VERSUS:?}" "${VERSUS_SOURCE_DIR:?}" "${VERSUS_BUILD_DIR:?}"
data="$VERSUS_SOURCE_DIR/tests/data/run"
check_exports="$VERSUS_BUILD_DIR/tests/check_exports"
for tool in cc python3; do
	command -v "$tool" >/dev/null || { echo "skip: no $tool"; exit 77; }
done
[ -x "$check_exports" ] || { echo "FAIL: no $check_exports"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$data/src" "$work/src"
cp -r "$data/expected" "$work/expected"
# statuses.yaml without the implementations that need node or a runner of
# the test data.
grep -v -e 'id: node' -e 'id: nondet' -e 'id: broken' -e 'id: ghost' \
	"$data/statuses.yaml" >"$work/exports.yaml"
fail=0
check() { # description, then a command that must succeed
	local what=$1
	shift
	if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; fail=1; fi
}

for fmt in bmf github-action; do
	"$VERSUS" run --no-progress --build-root "$work/build" \
		-o "$work/results-$fmt" --format "$fmt" --seed 7 \
		"$work/exports.yaml" >"$work/run.$fmt.json" 2>"$work/run.$fmt.err"
	rc=$?
	check "run --format $fmt: exit 1 (an implementation failed; got $rc)" test $rc = 1
	results=("$work/results-$fmt"/*.json)
	check "run --format $fmt validates" \
		"$check_exports" "$fmt" "$work/run.$fmt.json" "${results[@]}"
	"$VERSUS" report -f "$fmt" -o "$work/report.$fmt.json" "$work/results-$fmt"
	check "report -f $fmt validates" \
		"$check_exports" "$fmt" "$work/report.$fmt.json" "${results[@]}"
done
check "bmf: the wrong implementation is exported as failed" \
	grep -A3 '"statuses/wrong"' "$work/report.bmf.json"
check "github-action: the crash is a status entry of 1000" \
	python3 - "$work/report.github-action.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
e = next(x for x in doc if x["name"] == "statuses/crash status")
assert e["value"] == 1000 and e["extra"].startswith("RE"), e
ok = next(x for x in doc if x["name"] == "statuses/c status")
assert ok["value"] == 1, ok
PY
[ $fail = 0 ] && echo "export_validate: passed" || echo "export_validate: failed"
exit $fail
