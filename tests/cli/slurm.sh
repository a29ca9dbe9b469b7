#!/usr/bin/env bash
# versus slurm on a real single-node Slurm (tests/ci/slurm-lib.sh: Debian's
# slurm-wlm and munge, started here as root, stopped by PID at the end).
# 1. `versus slurm tests/data/slurm --shards 3 --submit --wait`: the plan,
#    three shard folders with each unit exactly once, a merged document
#    and its report; the merge equals an unsharded `versus run` of the same
#    suite (same implementations and statuses per workload; each time
#    ratio's CI overlaps the unsharded one's, or within a factor 2).
# 2. The node drained, a second submission, array task 1 cancelled before
#    it starts, the node resumed: the merge still runs (afterany) and its
#    document names the unit of shard 1 as missing, the report is still
#    rendered, and --wait exits 1 (the merge exits 1 with units missing).
# 2b. A running task killed (scancel): its unit is incomplete in the merge,
#    with the samples its versus wrote on SIGTERM; --wait exits 1.
# 3. Every daemon of the harness is stopped; none is left.
# Skipped (77) unless root with slurm-wlm and munge installed.
set -u
: "${VERSUS:?}" "${VERSUS_SOURCE_DIR:?}"
# shellcheck source=../ci/slurm-lib.sh
. "$VERSUS_SOURCE_DIR/tests/ci/slurm-lib.sh"

work=$(mktemp -d)
harness=
cleanup() {
	[ -n "$harness" ] && slurm_down "$harness"
	rm -rf "$work"
}
trap cleanup EXIT
fail=0
check() {
	local what=$1
	shift
	if "$@"; then
		echo "ok: $what"
	else
		echo "FAIL: $what"
		fail=1
	fi
}
not() { ! "$@"; }
# The array job id `versus slurm --submit` printed into $1, once it has
# printed the merge job too (empty after 20 s).
array_of() {
	local id
	for _ in $(seq 1 200); do
		id=$(sed -n 's/^array job \([0-9]*\):.*/\1/p' "$1")
		[ -n "$id" ] && grep -q '^merge job' "$1" && break
		sleep 0.1
	done
	echo "$id"
}
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }

t0=$EPOCHREALTIME
slurm_up
rc=$?
[ "$rc" -eq 77 ] && exit 77
[ "$rc" -eq 0 ] || { echo "FAIL: the Slurm harness did not start"; exit 1; }
harness=$SLURM_HARNESS_DIR
echo "harness up in $(since "$t0") s"

suite=$VERSUS_SOURCE_DIR/tests/data/slurm
run_args="--build-root $work/build"

# The reference: the same suite, unsharded, on this machine.
t0=$EPOCHREALTIME
"$VERSUS" run --no-progress --build-root "$work/build" -o "$work/unsharded" \
	"$suite" >"$work/unsharded.out" 2>&1
rc=$?
# 1: the suite's RE and CE are findings
check "unsharded run exits 1 (its RE and CE)" test "$rc" -eq 1
echo "unsharded run: $(since "$t0") s"

# 1. The whole suite through Slurm.
t0=$EPOCHREALTIME
"$VERSUS" slurm "$suite" --shards 3 --run-args "$run_args" -o "$work/out" \
	--submit --wait >"$work/slurm.out" 2>"$work/slurm.err"
rc=$?
echo "versus slurm --submit --wait: $(since "$t0") s"
check "versus slurm --submit --wait exits 0" test "$rc" -eq 0
check "it prints the array and merge jobs" \
	grep -q '^array job [0-9]*: 3 tasks' "$work/slurm.out"
check "it says where the merge goes" \
	grep -q "^merge job [0-9]*: .*$work/out/merged.json" "$work/slurm.out"
check "the merge job's report is there" test -s "$work/out/report.md"
python3 - "$work" <<'PY' || fail=1
import json, pathlib, sys
work = pathlib.Path(sys.argv[1])
out = work / "out"
bad = []
plan = json.loads((out / "plan.json").read_text())
pid = plan["plan_id"]
if plan["shard_count"] != 3:
    bad.append(f"plan shard_count {plan['shard_count']}")
want_units = sorted(u["id"] for u in plan["units"])
# each unit exactly once over the shard folders, in its planned shard
seen = []
for k in range(3):
    files = sorted((out / "shards" / str(k)).glob("*.json"))
    if not files:
        bad.append(f"shards/{k}: no result file")
    for f in files:
        d = json.loads(f.read_text())
        s = d.get("shard", {})
        if s.get("plan_id") != pid or s.get("index") != k or s.get("count") != 3:
            bad.append(f"{f}: shard {s}")
        seen.append(s.get("unit"))
if sorted(seen) != want_units:
    bad.append(f"units run {sorted(seen)}, planned {want_units}")

def table(records):
    """workload -> {impl: (status, ratio value, ci_low, ci_high)}"""
    t = {}
    for d in records:
        rows = {}
        for i in d["implementations"]:
            r = (i.get("ratio") or {}).get("time") or {}
            rows[i["id"]] = (i["status"], r.get("value"), r.get("ci_low"),
                             r.get("ci_high"))
        t[d["workload"]["id"]] = rows
    return t

ref = table(json.loads(f.read_text())
            for f in sorted((work / "unsharded").glob("*.json")))
merged = json.loads((out / "merged.json").read_text())
missing = [u["id"] for u in merged["units"] if u["status"] == "missing"]
if missing:
    bad.append(f"merged: units missing {missing}")
got = table(merged["results"])
if sorted(got) != sorted(ref):
    bad.append(f"workloads: merged {sorted(got)}, unsharded {sorted(ref)}")
for w in sorted(set(got) & set(ref)):
    g, r = got[w], ref[w]
    gs = {i: v[0] for i, v in g.items()}
    rs = {i: v[0] for i, v in r.items()}
    if gs != rs:
        bad.append(f"{w}: statuses {gs} merged, {rs} unsharded")
        continue
    for i in sorted(g):
        (_, gv, gl, gh), (_, rv, rl, rh) = g[i], r[i]
        if gv is None or rv is None:
            if (gv is None) != (rv is None):
                bad.append(f"{w}/{i}: ratio {gv} merged, {rv} unsharded")
            continue
        overlap = gl is not None and rl is not None and gl <= rh and rl <= gh
        close = max(gv, rv) / min(gv, rv) <= 2
        print(f"  {w}/{i}: merged {gv:.3g} [{gl:.3g}, {gh:.3g}], "
              f"unsharded {rv:.3g} [{rl:.3g}, {rh:.3g}]"
              f"{'' if overlap else ' (CIs apart; within a factor 2)' if close else ''}")
        if not (overlap or close):
            bad.append(f"{w}/{i}: ratio {gv:.3g} merged, {rv:.3g} unsharded")
for b in bad:
    print("FAIL:", b)
if not bad:
    print(f"ok: plan {pid[:12]}: units {want_units} once each; the merge "
          "equals the unsharded run")
sys.exit(1 if bad else 0)
PY

# 2. A cancelled task: the merge is partial and says so. The node is
# drained first so that task 1 is surely still pending when cancelled.
t0=$EPOCHREALTIME
scontrol update nodename=localhost state=drain reason=versus-test
"$VERSUS" slurm "$suite" --shards 3 --run-args "$run_args" -o "$work/out2" \
	--submit --wait >"$work/slurm2.out" 2>"$work/slurm2.err" &
bg=$!
array=$(array_of "$work/slurm2.out")
check "second submission printed its array id" test -n "$array"
[ -n "$array" ] && scancel "${array}_1"
scontrol update nodename=localhost state=resume
wait "$bg"
rc=$?
echo "versus slurm, task 1 cancelled: $(since "$t0") s"
check "partial: versus slurm --wait exits 1 (merge: units missing)" \
	test "$rc" -eq 1
check "partial: the report is still rendered" test -s "$work/out2/report.md"
check "partial: it says a task did not complete" \
	grep -q '1 array task did not complete' "$work/slurm2.err"
check "complete: no task is said to have failed" \
	not grep -q 'did not complete' "$work/slurm.err"
python3 - "$work/out2" <<'PY' || fail=1
import json, pathlib, sys
out = pathlib.Path(sys.argv[1])
plan = json.loads((out / "plan.json").read_text())
lost = sorted(plan["shards"][1])
merged = json.loads((out / "merged.json").read_text())
missing = sorted(u["id"] for u in merged["units"] if u["status"] == "missing")
present = sorted(u["id"] for u in merged["units"] if u["status"] != "missing")
log = (out / "logs" / "merge.out").read_text()
bad = []
if list((out / "shards").glob("1/*.json")):
    bad.append("shards/1 holds a result: task 1 was not cancelled in time")
if missing != lost:
    bad.append(f"missing {missing}, want shard 1's units {lost}")
if len(present) != len(plan["units"]) - len(lost):
    bad.append(f"present {present}")
if not all(u in log for u in lost):
    bad.append(f"the merge job's log does not name {lost}: {log!r}")
for b in bad:
    print("FAIL:", b)
if not bad:
    print(f"ok: task 1 cancelled: the merge names {lost} missing, "
          f"has {present}")
sys.exit(1 if bad else 0)
PY

# 2b. A task killed while it runs: its unit is incomplete in the merge
# (its versus, sent SIGTERM by scancel, wrote what it had), the other
# unit complete, the report rendered, --wait exits 1.
ks=$work/killsuite
mkdir -p "$ks/src"
touch "$ks/.git" # the suite's own project
cp "$VERSUS_SOURCE_DIR/tests/data/run/src/sum.c" "$ks/src/"
for w in long short; do
	runs=$([ "$w" = long ] && echo 100000 || echo 3)
	cat >"$ks/$w.yaml" <<EOF
schema: 1
workload: $w
baseline: c
params: {n: 1000000}
args: ["{n}"]
validate: {mode: exact}
measure: {warmup: 0, min_runs: $runs, max_runs: $runs}
implementations:
  - {id: c, language: c, source: src/sum.c}
EOF
done
t0=$EPOCHREALTIME
"$VERSUS" slurm "$ks" --shards 2 --run-args "$run_args" -o "$work/out3" \
	--submit --wait >"$work/slurm3.out" 2>"$work/slurm3.err" &
bg=$!
array=$(array_of "$work/slurm3.out")
k=$(python3 -c 'import json,sys; p=json.load(open(sys.argv[1])); print([i for i,s in enumerate(p["shards"]) if "long" in s][0])' "$work/out3/plan.json" 2>/dev/null)
check "third submission: an array and the shard of 'long' ($k)" test -n "$array" -a -n "$k"
# killed once it has run a while (its build done, samples taken)
for _ in $(seq 1 300); do
	[ "$(squeue -h -j "${array}_$k" -o %t 2>/dev/null)" = R ] && break
	sleep 0.1
done
sleep 3
[ -n "$array" ] && scancel "${array}_$k"
wait "$bg"
rc=$?
echo "versus slurm, a running task killed: $(since "$t0") s"
check "killed task: versus slurm --wait exits 1" test "$rc" -eq 1
check "killed task: the report is still rendered" test -s "$work/out3/report.md"
python3 - "$work/out3" <<'PY' || fail=1
import json, pathlib, sys
out = pathlib.Path(sys.argv[1])
merged = json.loads((out / "merged.json").read_text())
units = {u["id"]: u["status"] for u in merged["units"]}
bad = []
if units.get("long") != "incomplete" or units.get("short") != "present":
    bad.append(f"units {units}")
long = [r for r in merged["results"] if r["workload"]["id"] == "long"]
if not long or not long[0]["implementations"][0]["samples"]:
    bad.append("the killed unit's samples are not in the merge")
for b in bad:
    print("FAIL: killed task:", b)
if not bad:
    n = len(long[0]["implementations"][0]["samples"])
    print(f"ok: killed task: 'long' incomplete with its {n} samples, "
          f"units {units}")
sys.exit(1 if bad else 0)
PY

# 3. Nothing of the harness is left.
t0=$EPOCHREALTIME
pids=$(cat "$harness"/run/*.daemon)
slurm_down "$harness"
rc=$?
harness=
echo "harness down in $(since "$t0") s"
check "slurm_down stopped everything" test "$rc" -eq 0
left=
for p in $pids; do
	slurm__alive "$p" && left="$left $p"
done
check "no daemon of the harness is left (pids $(echo $pids))" test -z "$left"

if [ "$fail" -ne 0 ]; then
	echo "--- versus slurm (1)"
	cat "$work/slurm.out" "$work/slurm.err"
	echo "--- versus slurm (2)"
	cat "$work/slurm2.out" "$work/slurm2.err"
	echo "--- versus slurm (2b)"
	cat "$work/slurm3.out" "$work/slurm3.err"
	for f in "$work"/out*/logs/*; do
		echo "--- $f"
		tail -n 20 "$f"
	done
	exit 1
fi
