#!/usr/bin/env bash
# versus plan and run --shard (docs/distributed.md): three small manifests
# (tests/data/shard/) planned into 2 shards, each shard run with --plan
# (one through --shard env, as a Slurm array task) into one results
# folder: every unit exactly once, with its shard fields; an implementation
# that fails leaves the exit status 0; an empty shard writes nothing and
# exits 0; a manifest edited after planning fails the shard with the
# digest message (exit 2) before anything runs; without --plan, the node
# makes the same plan as versus plan.
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
# The manifests in a folder of their own, so that one can be edited.
mkdir "$work/m"
cp "$VERSUS_SOURCE_DIR"/tests/data/run/src/{spin,crash}.c "$work/m/"
for f in "$VERSUS_SOURCE_DIR"/tests/data/shard/*.yaml; do
	sed 's|\.\./run/src/||' "$f" >"$work/m/$(basename "$f")"
done
opts=(--no-progress --runs 2 --warmup 0 --build-root "$work/build"
	--seed 3 -o "$work/results")

"$VERSUS" plan --shards 2 "$work/m" -o "$work/plan.json" \
	>"$work/plan.out" 2>"$work/plan.err"
check "versus plan exits 0" test $? -eq 0
check "versus plan prints the shards" grep -q "SHARD" "$work/plan.out"

# -o naming a pipe (or /dev/null) writes into it and never replaces it.
mkfifo "$work/fifo"
cat "$work/fifo" >"$work/fifo.out" &
"$VERSUS" plan --shards 2 "$work/m" -o "$work/fifo" >/dev/null 2>&1
check "versus plan -o FIFO exits 0" test $? -eq 0
wait
check "-o FIFO: still a FIFO" test -p "$work/fifo"
check "-o FIFO: the plan went through it" cmp -s "$work/fifo.out" "$work/plan.json"

"$VERSUS" run "${opts[@]}" --shard 0/2 --plan "$work/plan.json" \
	>"$work/s0.out" 2>"$work/s0.err"
rc0=$?
SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_COUNT=2 \
	"$VERSUS" run "${opts[@]}" --shard env --plan "$work/plan.json" \
	>"$work/s1.out" 2>"$work/s1.err"
rc1=$?
check "shard 0 exits 0 although gamma's b fails (RE)" test "$rc0" -eq 0
check "shard 1 (--shard env) exits 0" test "$rc1" -eq 0

python3 - "$work/plan.json" "$work/results" <<'PY'
import json, pathlib, sys
plan = json.load(open(sys.argv[1]))
files = sorted(pathlib.Path(sys.argv[2]).glob("*.json"))
where = {u: k for k, s in enumerate(plan["shards"]) for u in s}
assert set(where) == {"alpha", "beta", "gamma"}, where
seen = {}
for f in files:
    doc = json.loads(f.read_text())
    sh = doc.get("shard")
    assert sh, f"{f.name}: no shard object"
    assert sh["plan_id"] == plan["plan_id"], (f.name, sh)
    assert sh["count"] == 2, (f.name, sh)
    assert sh["index"] == where[sh["unit"]], (f.name, sh, where)
    assert doc["workload"]["id"] == sh["unit"], (f.name, sh)
    assert sh["canary_ns"] > 0, (f.name, sh)
    seen[sh["unit"]] = seen.get(sh["unit"], 0) + 1
    st = {i["id"]: i["status"] for i in doc["implementations"]}
    if sh["unit"] == "gamma":
        assert st == {"a": "OK", "b": "RE"}, st
    else:
        assert all(s == "OK" for s in st.values()), (f.name, st)
assert seen == {"alpha": 1, "beta": 1, "gamma": 1}, seen
print("ok: each unit once, with plan_id, index, count, unit and canary")
PY
check "the results of both shards" test $? -eq 0

# Groups: beta (3 implementations) in groups of 2, the baseline in each.
"$VERSUS" plan --shards 3 --unit group:2 "$work/m" -o "$work/groups.json" \
	>/dev/null 2>&1
for k in 0 1 2; do
	"$VERSUS" run "${opts[@]}" -o "$work/groups" --no-canary \
		--shard "$k/3" --plan "$work/groups.json" >/dev/null \
		2>"$work/g$k.err" || { echo "group shard $k:"; cat "$work/g$k.err"; fail=1; }
done
python3 - "$work/groups" <<'PY'
import json, pathlib, sys
got = {}
for f in pathlib.Path(sys.argv[1]).glob("*.json"):
    doc = json.loads(f.read_text())
    got[doc["shard"]["unit"]] = sorted(i["id"] for i in doc["implementations"])
    assert "canary_ns" not in doc["shard"] or doc["shard"]["canary_ns"] is None
want = {"alpha#g1": ["a", "b"], "beta#g1": ["base", "x"],
        "beta#g2": ["base", "y"], "gamma#g1": ["a", "b"]}
assert got == want, got
print("ok: group units ran their implementations and the anchor")
PY
check "group units" test $? -eq 0

# An empty shard: nothing written, exit 0, a note.
"$VERSUS" plan --shards 5 "$work/m" -o "$work/five.json" >/dev/null 2>&1
"$VERSUS" run "${opts[@]}" -o "$work/empty" --shard 4/5 \
	--plan "$work/five.json" >/dev/null 2>"$work/empty.err"
check "an empty shard exits 0" test $? -eq 0
check "an empty shard says so" grep -q "has no units" "$work/empty.err"
check "an empty shard writes nothing" test ! -e "$work/empty"

# Without --plan the node makes the plan versus plan makes.
"$VERSUS" run "${opts[@]}" -o "$work/noplan" --no-canary --shard 1/2 \
	"$work/m" >/dev/null 2>"$work/noplan.err"
check "run --shard without --plan exits 0" test $? -eq 0
check "without --plan: the same plan id" python3 -c '
import json, pathlib, sys
plan = json.load(open(sys.argv[1]))
docs = [json.loads(f.read_text()) for f in pathlib.Path(sys.argv[2]).glob("*.json")]
assert [d["shard"]["unit"] for d in docs] == plan["shards"][1], docs
assert all(d["shard"]["plan_id"] == plan["plan_id"] for d in docs)
' "$work/plan.json" "$work/noplan"

# Usage errors.
"$VERSUS" run --shard 2/2 "$work/m" >/dev/null 2>"$work/u1.err"
check "--shard 2/2 is a usage error" test $? -eq 2
"$VERSUS" run --plan "$work/plan.json" "$work/m" >/dev/null 2>"$work/u2.err"
check "--plan without --shard is a usage error" grep -q "goes with --shard" "$work/u2.err"
env -u SLURM_ARRAY_TASK_ID -u JOB_COMPLETION_INDEX \
	"$VERSUS" run --shard env --plan "$work/plan.json" >/dev/null 2>"$work/u3.err"
check "--shard env with no variable: exit 2" test $? -eq 2
check "--shard env names the variables" grep -q "SLURM_ARRAY_TASK_ID" "$work/u3.err"

# A manifest edited after planning: the shard fails before running.
old=$(sha256sum "$work/m/beta.yaml" | cut -d' ' -f1)
echo "# edited after planning" >>"$work/m/beta.yaml"
new=$(sha256sum "$work/m/beta.yaml" | cut -d' ' -f1)
"$VERSUS" run "${opts[@]}" -o "$work/edited" --shard 0/2 \
	--plan "$work/plan.json" >/dev/null 2>"$work/edited.err"
rc=$?
check "an edited manifest: exit 2 (got $rc)" test "$rc" -eq 2
check "the message names the manifest and both digests" grep -q \
	"$work/m/beta.yaml: manifest changed since the plan was made: sha256 $new here, $old in the plan" \
	"$work/edited.err"
check "an edited manifest: nothing run" test ! -e "$work/edited"

if [ "$fail" -ne 0 ]; then
	for f in "$work"/*.err; do echo "== $f"; cat "$f"; done
	exit 1
fi
