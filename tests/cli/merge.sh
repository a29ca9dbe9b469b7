#!/usr/bin/env bash
# versus merge on real result files: the shipped test suite results (plain
# runs) and a small suite planned in two group:2 shards, each shard run
# with --runs 3. The merge is the same bytes in any order and when merges
# are merged; a missing shard leaves a document with the unit missing
# (exit 0, listed on stderr); a requeued duplicate is dropped by the rule;
# another plan, another machine in a workload, a plain run among shards
# are refused (exit 2, both named, nothing written) unless --allow-mixed;
# versus report and compare read the merged document.
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
# versus merge ARGS...: its exit code in $rc, stderr in $work/err
merge() {
	"$VERSUS" merge "$@" 2>"$work/err"
	rc=$?
}
# jq-like: python3 expression over the document d (a file) printed
q() { # FILE EXPR
	python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}
suite=$VERSUS_SOURCE_DIR/tests/data/results/suite

# ---- plain runs ----
merge "$suite" -o "$work/plain.json"
check "plain runs merge (exit 0)" test "$rc" = 0
check "three units, no plan" test "$(q "$work/plain.json" 'len(d["units"]), d["plan_id"]')" = "(3, None)"
files=("$suite"/*.json)
merge "${files[2]}" "${files[0]}" "${files[1]}" -o "$work/plain2.json"
check "input order does not matter" cmp -s "$work/plain.json" "$work/plain2.json"
merge "$work/plain.json" "$work/plain.json" "${files[1]}" -o "$work/plain3.json"
check "merge(merge(x), merge(x), y in x) = merge(x)" cmp -s "$work/plain.json" "$work/plain3.json"
"$VERSUS" report "$work/plain.json" >"$work/report.txt" 2>&1
check "report reads the merged document" grep -q "suite summary" "$work/report.txt"
"$VERSUS" report --format json "$suite" >"$work/r1.json" 2>/dev/null
"$VERSUS" report --format json "$work/plain.json" >"$work/r2.json" 2>/dev/null
check "report of the merge = report of the files (but file names)" \
	python3 - "$work/r1.json" "$work/r2.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
def strip(x):
    if isinstance(x, dict):
        return {k: strip(v) for k, v in x.items() if k != "file"}
    if isinstance(x, list):
        return [strip(v) for v in x]
    return x
sys.exit(strip(a) != strip(b))
PY
"$VERSUS" compare "$suite" "$work/plain.json" >"$work/cmp.txt" 2>&1
check "compare reads the merged document (no regression)" test $? = 0

# versus history reads the records of a merge document as it reads the
# files merged (indexes of their own, none in the source tree)
"$VERSUS" history --index "$work/i1.sqlite" "$suite" >"$work/h1.txt" 2>&1
"$VERSUS" history --index "$work/i2.sqlite" "$work/plain.json" \
	>"$work/h2.txt" 2>&1
check "history of the merged document equals history of its files" \
	cmp -s "$work/h1.txt" "$work/h2.txt"
check "history lists the merged workloads" grep -q "^spectralnorm/rust " "$work/h2.txt"

# ---- a planned suite in two shards ----
mkdir -p "$work/suite/src"
cp "$VERSUS_SOURCE_DIR/tests/data/run/src/spin.c" "$work/suite/src/"
for w in alpha beta; do
	cat >"$work/suite/$w.yaml" <<YAML
schema: 1
workload: $w
baseline: a
args: ["200000"]
validate: {mode: exact}
implementations:
  - {id: a, language: c, source: src/spin.c}
  - {id: b, language: c, source: src/spin.c}
  - {id: c, language: c, source: src/spin.c}
YAML
done
cd "$work/suite" || exit 1
"$VERSUS" plan --shards 2 --unit group:2 -o plan.json alpha.yaml beta.yaml >/dev/null 2>&1
check "plan written" test -s plan.json
for k in 0 1; do
	"$VERSUS" run --no-progress -q --shard $k/2 --plan plan.json --runs 3 \
		--warmup 1 --build-root "$work/build" -o shards/$k >/dev/null 2>"$work/run$k.err"
	check "shard $k ran" test $? = 0
done
merge --plan plan.json shards -o merged.json
check "shards merge (exit 0)" test "$rc" = 0
check "four units present" test "$(q merged.json '[u["status"] for u in d["units"]].count("present")')" = 4
check "summary on stderr" grep -q "merged 4 of 4 units (2 shards of plan" "$work/err"
check "groups pooled or reported apart with a note" test \
	"$(q merged.json 'all(a["agree"] == any(t["pooled"] and t["workload"] == a["workload"] for t in d["tables"]) for a in d["anchors"]) and len(d["anchors"]) == 2')" = True
check "records carry the canary" test "$(q merged.json 'all(r["shard"]["canary_ns"] > 0 for r in d["results"])')" = True
merge shards/1 shards/0 -o m10.json
merge --plan plan.json m10.json -o again.json
check "with or without --plan, in any order: same bytes" cmp -s merged.json again.json
merge shards/0 -o m0.json
merge shards/1 -o m1.json
merge m1.json m0.json -o m01.json
check "merge(merge(shard 0), merge(shard 1)) = merge(all)" cmp -s merged.json m01.json
"$VERSUS" report --format json merged.json >report.json 2>"$work/report.err"
check "report of the shards' merge" test $? = 0
check "report: a pooled workload is one table of every implementation" \
	python3 - merged.json report.json <<'PY'
import json, sys
m, r = (json.load(open(p)) for p in sys.argv[1:3])
pooled = {a["workload"] for a in m["anchors"] if a["agree"]}
shown = {w["workload"]: sorted(i["id"] for i in w["implementations"]) for w in r["workloads"]}
for w in ("alpha", "beta"):
    want = ["a", "b", "c"] if w in pooled else None
    if want and shown[w] != want:
        sys.exit(f"{w}: {shown[w]}")
    if not want and len(shown[w]) != 2:
        sys.exit(f"{w} not pooled: {shown[w]}")
PY

# a requeued task: the same unit again, finished later
one=$(ls shards/1/*.json | head -1)
mkdir requeue
python3 - "$one" requeue/again.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["finished_at"] = "2099-01-01T00:00:00Z"
json.dump(d, open(sys.argv[2], "w"), indent=2)
PY
merge --plan plan.json shards requeue -o dup.json
check "duplicate merged (exit 0)" test "$rc" = 0
check "one duplicate dropped, the later kept" test \
	"$(q dup.json 'len(d["duplicates"]), len(d["duplicates"][0]["dropped"]), [r["finished_at"] for r in d["results"]].count("2099-01-01T00:00:00Z")')" = "(1, 1, 1)"
merge dup.json shards -o dup2.json
check "the dropped one stays dropped when merged again" cmp -s dup.json dup2.json

# a missing shard: partial document, exit 1 (0 with --allow-missing),
# missing units named
merge --plan plan.json shards/0 -o partial.json
check "partial merge exits 1, the document written" test "$rc" = 1 -a -s partial.json
check "units of shard 1 missing" test "$(q partial.json '[u["id"] for u in d["units"] if u["status"] == "missing"]')" = "['alpha#g2', 'beta#g2']"
check "missing units on stderr" grep -q "2 of 4 units missing: alpha#g2 (shard 1), beta#g2 (shard 1)" "$work/err"
merge --plan plan.json --allow-missing shards/0 -o partial2.json
check "--allow-missing: exit 0" test "$rc" = 0 -a -s partial2.json
check "--allow-missing: the same document" cmp -s partial.json partial2.json
merge --plan plan.json shards -o all.json
check "every unit: exit 0" test "$rc" = 0

# a unit whose task stopped mid-run (complete: false) is partial output
mkdir -p cut/0 cut/1
cp shards/0/*.json cut/0/ && cp shards/1/*.json cut/1/
one=$(ls cut/1/*.json | head -1)
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
d["complete"] = False
json.dump(d, open(sys.argv[1], "w"), indent=2)' "$one"
merge --plan plan.json cut -o cut.json
check "an incomplete unit: exit 1, the document written" test "$rc" = 1 -a -s cut.json
check "an incomplete unit: status incomplete" test "$(q cut.json '[u["status"] for u in d["units"]].count("incomplete")')" = 1
check "an incomplete unit named on stderr" grep -q "1 of 4 units incomplete" "$work/err"

# a merge document of no record merges (it crashed once), and a merge of
# a plan's missing units keeps its plan when merged again
printf '%s\n' '{"schema":1,"kind":"versus-merge","units":[],"duplicates":[],"results":[]}' >"$work/none.json"
merge "$work/none.json" -o none2.json
check "an empty merge document merges (exit 0)" test "$rc" = 0 -a -s none2.json
mkdir -p "$work/no-shards"
merge --plan plan.json "$work/no-shards" -o nothing.json
merge nothing.json -o nothing2.json
check "re-merging a merge of no record keeps its plan and units" \
	cmp -s nothing.json nothing2.json

# refusals: nothing is written
mkdir other
python3 - "$one" other/plan2.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["shard"]["plan_id"] = "f" * 64
json.dump(d, open(sys.argv[2], "w"), indent=2)
PY
merge shards/0 other/plan2.json -o refused.json
check "another plan refused (exit 2)" test "$rc" = 2
check "both files and ids named" grep -q "different plans: '.*shards/0/.*' is of plan [0-9a-f]\{64\}, 'other/plan2.json' of plan f\{64\}" "$work/err"
check "nothing written" test ! -e refused.json

mkdir node
g2=$(grep -l '"unit": "alpha#g2"' shards/1/*.json)
python3 - "$g2" node/moved.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["host"]["hostname"] = "node-elsewhere"
d["host"]["cpu_model"] = "Another CPU"
d["host"]["hardware_fingerprint"] = "e" * 64
json.dump(d, open(sys.argv[2], "w"), indent=2)
PY
merge --plan plan.json shards/0 node -o refused.json
check "another machine within a workload refused (exit 2)" test "$rc" = 2
check "both nodes and the fact named" grep -q "'alpha#g1' (node '.*') and 'alpha#g2' (node 'node-elsewhere') ran on a different hardware (cpu_model" "$work/err"
check "nothing written" test ! -e refused.json
merge --plan plan.json --allow-mixed --allow-missing shards/0 node -o mixed.json
check "--allow-mixed merges (exit 0; beta#g2 missing allowed)" test "$rc" = 0
check "--allow-mixed: alpha's groups in tables of their own" test \
	"$(q mixed.json '[(t["workload"], t["pooled"]) for t in d["tables"]]')" = "[('alpha', False), ('alpha', False), ('beta', False)]"
check "--allow-mixed: one summary per hardware" test "$(q mixed.json 'len(d["summaries"])')" = 2

merge "${files[0]}" shards/0 -o refused.json
check "a plain run among shards refused (exit 2)" test "$rc" = 2
check "the plain run named" grep -q "is a plain run" "$work/err"

printf '{"schema": 1, "kind": "versus-merge", "units": [], "duplicates": [], "results": [{"schema": 1}]}\n' >bad.json
merge bad.json -o refused.json
check "a bad record in a merge document: exit 2, located" grep -q "bad.json: results\[0\]: not a versus result file" "$work/err"
check "nothing written" test ! -e refused.json

exit $fail
