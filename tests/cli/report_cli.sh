#!/usr/bin/env bash
# report_cli.sh: 'versus report' and 'versus compare' as a user runs them:
# formats, exit codes, bad input named on stderr, and compare telling an
# unchanged run from a regressed one (the regressed copy is made here by
# scaling one implementation's samples).
set -u
: "${VERSUS:?path of the versus binary}" "${VERSUS_SOURCE_DIR:?}"
DATA="$VERSUS_SOURCE_DIR/tests/data/results"
tmp=$(mktemp -d /tmp/versus-report-cli-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

check() { # check NAME WANT_EXIT GOT_EXIT [grep-pattern file]...
	local name=$1 want=$2 got=$3
	shift 3
	local ok=1
	[ "$want" = "$got" ] || { ok=0; echo "  exit $got, want $want"; }
	while [ $# -ge 2 ]; do
		grep -q -- "$1" "$2" || { ok=0; echo "  no '$1' in $2:"; sed 's/^/    /' "$2" | head -20; }
		shift 2
	done
	if [ $ok = 1 ]; then pass=$((pass + 1)); echo "ok: $name"; else fail=$((fail + 1)); echo "FAIL: $name"; fi
}

"$VERSUS" report "$DATA/suite" >"$tmp/out" 2>"$tmp/err"
check "report table of a folder" 0 $? "geometric mean" "$tmp/out" "spectralnorm" "$tmp/out"

for f in md csv json html bmf github-action; do
	"$VERSUS" report --format "$f" -o "$tmp/r.$f" "$DATA/suite" >"$tmp/out" 2>"$tmp/err"
	check "report --format $f -o" 0 $? "." "$tmp/r.$f"
done
python3 -c 'import json,sys; [json.load(open(p)) for p in sys.argv[1:]]' \
	"$tmp/r.json" "$tmp/r.bmf" "$tmp/r.github-action" 2>"$tmp/err"
check "json exports parse" 0 $?

"$VERSUS" report "$DATA/suite" "$DATA/bad" >"$tmp/out" 2>"$tmp/err"
check "bad files: exit 2, named, good ones still rendered" 2 $? \
	"truncated.json:[0-9]*:[0-9]*: not valid JSON" "$tmp/err" \
	"newer-schema.json: schema 2 is newer than this versus understands (1)" "$tmp/err" \
	"foreign.json: not a versus result file (no 'schema' key)" "$tmp/err" \
	"geometric mean" "$tmp/out"

# Noise: go's median in results/exports has a 95% CI of -11%/+30% (half-width
# 20%); the suite's widest is under 10%, so no warning there.
"$VERSUS" report "$DATA/exports" >"$tmp/out" 2>"$tmp/err"
check "noise warning under the table" 0 $? \
	"WARNING: noisy: go ± 20% (95% CI of the median time wider than ± 10%)" "$tmp/out"
"$VERSUS" report --format md "$DATA/exports" >"$tmp/out" 2>"$tmp/err"
check "noise warning in Markdown" 0 $? "> \*\*WARNING:\*\* noisy: go ± 20%" "$tmp/out"
"$VERSUS" report "$DATA/suite" >"$tmp/out" 2>"$tmp/err"
if grep -q "noisy" "$tmp/out"; then
	fail=$((fail + 1)); echo "FAIL: a noise warning on quiet results"
else
	pass=$((pass + 1)); echo "ok: no noise warning on quiet results"
fi

mkdir "$tmp/empty"
"$VERSUS" report "$tmp/empty" >"$tmp/out" 2>"$tmp/err"
check "empty folder" 2 $? "empty: folder holds no result files" "$tmp/err"

"$VERSUS" report --format pdf "$DATA/suite" >"$tmp/out" 2>"$tmp/err"
check "unknown format" 2 $? "--format: expected table, md, csv, json, html, bmf or github-action, not 'pdf'" "$tmp/err"

"$VERSUS" report >"$tmp/out" 2>"$tmp/err"
check "no arguments" 2 $? "no result files given" "$tmp/err"

"$VERSUS" report --help >"$tmp/out" 2>"$tmp/err"
check "report --help" 0 $? "github-action" "$tmp/out" "bmf" "$tmp/out"

"$VERSUS" compare --help >"$tmp/out" 2>"$tmp/err"
check "compare --help" 0 $? "--threshold" "$tmp/out" "--alpha" "$tmp/out"

# An unchanged rerun: the same results compared with themselves.
"$VERSUS" compare "$DATA/suite" "$DATA/suite" >"$tmp/out" 2>"$tmp/err"
check "compare unchanged" 0 $? "0 regressions" "$tmp/out"

# A regressed copy: rust 15% slower in nbody, everything else resampled.
mkdir "$tmp/new"
python3 - "$DATA/suite" "$tmp/new" <<'PY'
import json, os, random, sys
src, dst = sys.argv[1:]
rng = random.Random(7)
for name in sorted(os.listdir(src)):
    d = json.load(open(os.path.join(src, name)))
    d["seed"] = 4321
    for im in d["implementations"]:
        for s in im["samples"]:
            f = rng.gauss(1, 0.01)
            if d["workload"]["id"] == "nbody" and im["id"] == "rust":
                f *= 1.15
            s["wall_ns"] = int(s["wall_ns"] * f)
    json.dump(d, open(os.path.join(dst, name), "w"))
PY
"$VERSUS" compare "$DATA/suite" "$tmp/new" >"$tmp/out" 2>"$tmp/err"
check "compare regressed" 1 $? "nbody *rust .*REGRESSION" "$tmp/out" "1 regression," "$tmp/out"
"$VERSUS" compare --format json "$DATA/suite" "$tmp/new" >"$tmp/out" 2>"$tmp/err"
check "compare --format json" 1 $? '"regressions": 1' "$tmp/out"
"$VERSUS" compare --threshold 20 "$DATA/suite" "$tmp/new" >"$tmp/out" 2>"$tmp/err"
check "compare --threshold 20 hides a 15% change" 0 $? "0 regressions" "$tmp/out"

# A different host: refused (exit 2) unless --force, which marks the rows.
python3 - "$DATA/suite/nbody-20261122T201500Z.json" "$tmp/otherhost.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); d["host"]["fingerprint"] = "0" * 64
d["host"]["hostname"] = "laptop"
json.dump(d, open(sys.argv[2], "w"))
PY
"$VERSUS" compare "$DATA/suite/nbody-20261122T201500Z.json" "$tmp/otherhost.json" >"$tmp/out" 2>"$tmp/err"
check "compare refuses another host" 2 $? "host fingerprint '5f0c1a9e3b7d (bench-01, .*)' in BASE, '000000000000 (laptop, .*)' in NEW" "$tmp/err" \
	"--force compares anyway" "$tmp/err"
"$VERSUS" compare --force "$DATA/suite/nbody-20261122T201500Z.json" "$tmp/otherhost.json" >"$tmp/out" 2>"$tmp/err"
check "compare --force on another host" 0 $? "measured differently (--force)" "$tmp/err" \
	"no change (!)" "$tmp/out" "(!) nbody/c: host fingerprint" "$tmp/out"

# Issue 11: a root run (cgroup1, cgroup memory) against a user's (mode none,
# ru_maxrss, several times larger): never "memory +531% REGRESSION".
python3 - "$DATA/suite/nbody-20261122T201500Z.json" "$tmp/user.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); d["host"]["cgroup_mode"] = "none"
for im in d["implementations"]:
    for s in im["samples"]:
        s["memory_source"] = "rusage ru_maxrss (main process only)"
        s["peak_memory_bytes"] = int(s["peak_memory_bytes"] * 6.3)
json.dump(d, open(sys.argv[2], "w"))
PY
"$VERSUS" compare "$DATA/suite/nbody-20261122T201500Z.json" "$tmp/user.json" >"$tmp/out" 2>"$tmp/err"
check "compare refuses another cgroup mode and memory source" 2 $? \
	"cgroup mode 'cgroup1' in BASE, 'none' in NEW; memory source 'cgroup1:memory.max_usage_in_bytes' in BASE, 'rusage ru_maxrss (main process only)' in NEW" "$tmp/err"
grep -q REGRESSION "$tmp/out" && { fail=$((fail + 1)); echo "FAIL: refused compare printed a regression"; }

# A toolchain change refuses that implementation's pair.
python3 - "$DATA/suite/nbody-20261122T201500Z.json" "$tmp/py.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for im in d["implementations"]:
    if im["id"] == "python":
        im["toolchain"]["version"] = "Python 3.11.2"
json.dump(d, open(sys.argv[2], "w"))
PY
"$VERSUS" compare "$DATA/suite/nbody-20261122T201500Z.json" "$tmp/py.json" >"$tmp/out" 2>"$tmp/err"
check "compare refuses a toolchain change" 2 $? \
	"implementation 'python': toolchain version '.*' in BASE, 'Python 3.11.2' in NEW: not compared" "$tmp/err" \
	"NOT COMPARABLE" "$tmp/out"

# A FIFO named *.json must not hang report or compare.
mkdir "$tmp/withfifo" && cp "$DATA/suite/nbody-20261122T201500Z.json" "$tmp/withfifo/" && mkfifo "$tmp/withfifo/zz.json"
timeout 20 "$VERSUS" report "$tmp/withfifo" >"$tmp/out" 2>"$tmp/err"
check "report: a FIFO named *.json is refused, the rest rendered" 2 $? \
	"zz.json: not a regular file" "$tmp/err" "nbody" "$tmp/out"
timeout 20 "$VERSUS" compare "$tmp/withfifo/zz.json" "$DATA/suite" >"$tmp/out" 2>"$tmp/err"
check "compare: a FIFO named *.json is refused" 2 $? "zz.json: not a regular file" "$tmp/err"

# Wrong types are refused with a located message; the good files still render.
"$VERSUS" report "$DATA/bad/string-median.json" "$DATA/suite/spectralnorm-20261122T201930Z.json" >"$tmp/out" 2>"$tmp/err"
check "report: a string median is refused, located" 2 $? \
	"string-median.json: implementations\[3\].stats.wall_ns.median: expected a number" "$tmp/err" \
	"spectralnorm" "$tmp/out"
"$VERSUS" compare "$DATA/suite/nbody-20261122T201500Z.json" "$DATA/bad/samples-lots.json" >"$tmp/out" 2>"$tmp/err"
check "compare: samples \"lots\" is refused" 2 $? "samples: expected an array" "$tmp/err"

# Another workload version: refused with exit 2.
python3 - "$DATA/suite/nbody-20261122T201500Z.json" "$tmp/v2.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); d["workload"]["version"] = 2
json.dump(d, open(sys.argv[2], "w"))
PY
"$VERSUS" compare "$DATA/suite/nbody-20261122T201500Z.json" "$tmp/v2.json" >"$tmp/out" 2>"$tmp/err"
check "compare refuses another workload version" 2 $? "different workload versions are never compared" "$tmp/err"

"$VERSUS" compare "$DATA/history" "$DATA/suite" >"$tmp/out" 2>"$tmp/err"
check "compare refuses two files of one workload" 2 $? "exactly one per workload" "$tmp/err"

"$VERSUS" compare "$DATA/suite/nbody-20261122T201500Z.json" "$DATA/bad/truncated.json" >"$tmp/out" 2>"$tmp/err"
check "compare with a truncated file" 2 $? "truncated.json" "$tmp/err"

"$VERSUS" compare "$DATA/suite/nbody-20261122T201500Z.json" "$DATA/suite/fannkuch-20261122T201700Z.json" >"$tmp/out" 2>"$tmp/err"
check "compare different workloads" 2 $? "no workload in common" "$tmp/err"

"$VERSUS" compare --alpha 2 a b >"$tmp/out" 2>"$tmp/err"
check "compare bad --alpha" 2 $? "--alpha" "$tmp/err"

# Iteration mode (issue 13): every format renders an iteration record; the
# failed implementation (PV) makes compare say so, not fail.
for f in table md csv json html bmf github-action; do
	"$VERSUS" report --format "$f" -o "$tmp/it.$f" "$DATA/iterations" >"$tmp/out" 2>"$tmp/err"
	check "report --format $f of an iteration record" 0 $? "." "$tmp/it.$f"
done
"$VERSUS" report "$DATA/iterations" >"$tmp/out" 2>"$tmp/err"
check "iteration section in the table" 0 $? "warmup 5" "$tmp/out" "ratios to c" "$tmp/out"
"$VERSUS" compare "$DATA/iterations" "$DATA/iterations" >"$tmp/out" 2>"$tmp/err"
check "compare iteration records" 0 $? "failed in both (PV -> PV)" "$tmp/out" "0 regressions" "$tmp/out"

echo "report_cli: $pass passed, $fail failed"
[ $fail = 0 ]
