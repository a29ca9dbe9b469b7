#!/usr/bin/env bash
# Every command's output fits 80 columns: with COLUMNS=80 (what a terminal
# of 80 columns gives versus through TIOCGWINSZ), run each command (run on
# two tiny manifests, report, compare, check, toolchains, doctor, sandbox,
# every --help) and fail when a line of its standard output is wider than
# 80 display columns. Widths are counted as a terminal does (East Asian
# wide characters 2, combining marks 0), by python3.
# Also checks that without COLUMNS and on a pipe nothing is wrapped or
# left out (the width is no limit there), so scripts see every column.
set -u
: "${VERSUS:?}" "${VERSUS_SOURCE_DIR:?}"
command -v python3 >/dev/null || { echo "skip: no python3"; exit 77; }
DATA=$VERSUS_SOURCE_DIR/tests/data
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
n=0

# too_wide FILE: print the lines of FILE wider than 80 columns; false if
# there is none.
too_wide() {
	python3 - "$1" <<'PY'
import sys, unicodedata
bad = False
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    line = line.rstrip("\n")
    w = 0
    for ch in line:
        if unicodedata.combining(ch):
            continue
        w += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    if w > 80:
        print(f"    {w}: {line}")
        bad = True
sys.exit(0 if bad else 1)
PY
}

# fits NAME WANT_EXITS -- ARGS...: run versus with COLUMNS=80; its exit
# code must be one of WANT_EXITS (comma-separated), its stdout not empty
# and no line wider than 80.
fits() {
	local name=$1 want=$2
	shift 3
	n=$((n + 1))
	COLUMNS=80 "$VERSUS" "$@" >"$work/out" 2>"$work/err" </dev/null
	local rc=$?
	if [[ ",$want," != *",$rc,"* ]]; then
		echo "FAIL: $name: exit $rc, wanted $want"
		sed 's/^/    /' "$work/err" | head -20
		fail=1
	elif [ ! -s "$work/out" ]; then
		echo "FAIL: $name: no output"
		fail=1
	elif too_wide "$work/out"; then
		echo "FAIL: $name: lines wider than 80 columns (above)"
		fail=1
	else
		echo "ok: $name ($(wc -l <"$work/out") lines)"
	fi
}

for cmd in "" run check sandbox report compare toolchains doctor; do
	fits "${cmd:-versus} --help" 0 -- $cmd --help
done

# run: two workloads (their tables, then the suite summary).
if command -v cc >/dev/null; then
	fits "run" 0,1 -- run --no-progress --runs 2 --warmup 0 --seed 3 \
		--build-dir "$work/build" -o "$work/results" \
		"$DATA/run/tiny.yaml" "$DATA/run/exact.yaml"
	grep -q "CPU" "$work/out" || { echo "FAIL: run: no CPU time column"; fail=1; }
else
	echo "skip: run (no cc)"
fi

fits "report suite" 0 -- report "$DATA/results/suite"
grep -q "CPU" "$work/out" || { echo "FAIL: report: no CPU time column"; fail=1; }
grep -q "left out to fit 80 columns" "$work/out" ||
	{ echo "FAIL: report: no word of the columns left out"; fail=1; }
fits "report hostile" 0 -- report "$DATA/results/hostile"
fits "report mixed" 0 -- report "$DATA/results/mixed"
fits "report history" 0 -- report "$DATA/results/history"
fits "report --rows language" 0 -- report --rows language "$DATA/results/suite"
fits "compare" 0,1 -- compare "$DATA/results/history/nbody-20261120T090000Z.json" \
	"$DATA/results/history/nbody-20261122T201500Z.json"
fits "compare --force" 0,1 -- compare --force "$DATA/results/suite" \
	"$DATA/results/mixed"
fits "check" 0 -- check --runners "$VERSUS_SOURCE_DIR/runners" \
	"$DATA/manifests/valid"
fits "check NA" 0 -- check --runners "$DATA/recipes/valid" \
	"$DATA/manifests/plan/plan.yaml"
fits "toolchains" 0 -- toolchains
fits "toolchains -v" 0 -- toolchains -v
fits "doctor" 0,1 -- doctor
fits "doctor --fingerprint" 0 -- doctor --fingerprint

# No COLUMNS, not a terminal: no limit, nothing left out.
unset COLUMNS
"$VERSUS" report "$DATA/results/suite" >"$work/full" 2>/dev/null </dev/null
if grep -q "left out to fit" "$work/full" ||
	! grep -qE "^id +language +status +runs +outliers" "$work/full"; then
	echo "FAIL: report on a pipe without COLUMNS was narrowed"
	fail=1
else
	echo "ok: report on a pipe without COLUMNS has every column"
fi

[ "$fail" = 0 ] && echo "all $n commands fit 80 columns"
exit "$fail"
