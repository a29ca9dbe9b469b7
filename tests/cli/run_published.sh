#!/usr/bin/env bash
# versus run and report on a tiny workload with a published section
# (tests/data/run/published.yaml): b does three times a's work and is
# published at 3x (REPRODUCED), c does the same work but is published at
# 0.5x (NOT REPRODUCED), d is published but left out (NOT RUN); the result
# file carries the figures; --require-reproduced makes run and report exit
# 1 only when an implementation is NOT REPRODUCED.
set -u
: "${VERSUS:?}" "${VERSUS_SOURCE_DIR:?}"
command -v cc >/dev/null || { echo "skip: no cc"; exit 77; }
manifest="$VERSUS_SOURCE_DIR/tests/data/run/published.yaml"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
check() { # description, then a command that must succeed
	local what=$1
	shift
	if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; fail=1; fi
}
run() { # name, then versus run arguments; exit code in $work/name.rc
	local name=$1
	shift
	COLUMNS=200 "$VERSUS" run --no-progress --build-root "$work/build" \
		-o "$work/results-$name" --seed 7 "$@" "$manifest" \
		>"$work/$name.out" 2>"$work/$name.err"
	echo $? >"$work/$name.rc"
}
line_of() { # run name, implementation id: its row of the verdict table
	sed -n '/^reproduction:/,$p' "$work/$1.out" | grep -E "^$2 "
}

run all --only a,b,c --require-reproduced
check "run: exit 1 with --require-reproduced and c not reproduced" \
	test "$(cat "$work/all.rc")" = 1
check "run: b REPRODUCED" grep -qE 'x/÷1\.5 +REPRODUCED' <(line_of all b)
check "run: c NOT REPRODUCED" grep -q 'NOT REPRODUCED' <(line_of all c)
check "run: d NOT RUN, left out" grep -q 'NOT RUN (not in this run)' \
	<(line_of all d)
check "run: the source and the rule are printed" \
	grep -q 'reproduction: A. Nonymous, Spinning in circles, 2026' \
	"$work/all.out"
check "run: the overall verdict" \
	grep -q 'verdict: NOT REPRODUCED: 1 reproduced, 1 not reproduced, 1 not run' \
	"$work/all.out"
check "run: rank agreement names the swapped pair" \
	grep -q 'swapped (lower as published first): c/a' "$work/all.out"
check "result file: published figures carried" python3 - \
	"$work/results-all" <<'PY'
import json, pathlib, sys
doc = json.loads(next(pathlib.Path(sys.argv[1]).glob("*.json")).read_text())
p = doc["published"]
assert p["citation"] == "A. Nonymous, Spinning in circles, 2026", p
assert p["metric"] == "cpu" and p["baseline"] == "a" and p["kind"] == "ratio"
v = {x["id"]: x for x in p["values"]}
assert v["b"]["value"] == 3 and v["c"]["value"] == 0.5, v
assert v["c"]["toolchain"] == "cc -O3" and v["c"]["tolerance"] == 1.5, v
PY

# The same file, reported: the verdict is a pure function of the record.
COLUMNS=200 "$VERSUS" report "$work/results-all" >"$work/report.out" 2>&1
check "report: exit 0 without --require-reproduced" test $? = 0
check "report: same verdict table as run" \
	diff <(sed -n '/^reproduction:/,$p' "$work/all.out") \
	<(sed -n '/^reproduction:/,$p' "$work/report.out")
"$VERSUS" report --require-reproduced "$work/results-all" >/dev/null 2>&1
check "report: exit 1 with --require-reproduced" test $? = 1
"$VERSUS" report -f json "$work/results-all" >"$work/report.json"
check "report json: verdicts" python3 - "$work/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["workloads"][0]["reproduction"]
v = {x["id"]: x["verdict"] for x in r["implementations"]}
assert v == {"b": "REPRODUCED", "c": "NOT REPRODUCED", "d": "NOT RUN"}, v
assert r["verdict"] == "NOT REPRODUCED" and r["not_run"] == 1, r
assert r["rank_agreement"]["swapped"] == [["c", "a"]], r
assert 2 < [x for x in r["implementations"] if x["id"] == "b"][0]["measured"]["value"] < 4.5
PY
"$VERSUS" report -f html -o "$work/report.html" "$work/results-all"
check "report html: the log-scale chart with its band" \
	grep -q 'class="chart repro"' "$work/report.html"
"$VERSUS" report -f md "$work/results-all" >"$work/report.md"
check "report md: the verdict" \
	grep -q '\*\*Verdict: NOT REPRODUCED' "$work/report.md"

# Without c: nothing is outside its tolerance, d still did not run.
run some --only a,b --require-reproduced
check "run: exit 0 with --require-reproduced when only b is judged" \
	test "$(cat "$work/some.rc")" = 0
check "run: INCOMPLETE overall" \
	grep -q 'verdict: INCOMPLETE: 1 reproduced, 0 not reproduced, 2 not run' \
	"$work/some.out"
exit $fail
