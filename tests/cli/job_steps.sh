#!/usr/bin/env bash
# One job step per run (docs/distributed.md, "One job step per run"),
# against a stand-in srun that runs its command as srun does (the options
# before `--` logged, SLURM_STEP_ID set, the command exec'd: signals reach
# it directly). The real Slurm is tests/cli/slurm_steps.sh.
# 1. --job-steps always: every status of statuses.yaml and hostile.yaml and
#    an iteration-mode workload come out as in a direct run; the record
#    says executor srun-step with one step per run the stand-in saw, and
#    its environment fingerprint differs from the direct run's.
# 2. auto: no steps outside a job, nor with working cgroups, nor with
#    --cgroups off; always outside a job: exit 3 and why.
# 3. A step srun cannot make: XX with srun's words; others go on. Slurm's
#    out-of-memory kill of a step: ML.
# 4. SIGTERM during a step: exit 130, samples kept, the step ended, no
#    folder of the steps left.
# 5. The step alone stopped from outside (scancel of a step): the same,
#    and the implementation is not failed for it.
set -u
: "${VERSUS:?}" "${VERSUS_SOURCE_DIR:?}"
command -v cc >/dev/null || { echo "skip: no cc"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
data=$VERSUS_SOURCE_DIR/tests/data/run
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
not_running() { ! pgrep -f "$work/build" >/dev/null; }
mkdir -p "$work/bin" "$work/runners" "$work/tmp"
cp "$VERSUS_SOURCE_DIR"/runners/*.yaml "$data"/runners/*.yaml "$work/runners/"
cat >"$work/bin/srun" <<'EOF'
#!/bin/sh
# stand-in srun: FAKE_SRUN_MODE fail (no step made) or oom (Slurm's OOM
# kill of the step), else run the command as a step
log=${FAKE_SRUN_LOG:?}
while [ $# -gt 0 ] && [ "$1" != -- ]; do echo "opt $1" >>"$log"; shift; done
shift
n=$(grep -c '^step' "$log")
echo "step $n $*" >>"$log"
case ${FAKE_SRUN_MODE:-} in
prolog)
	# a site's task prolog may print lines of its own first
	echo "prolog: {not a record}"
	SLURM_STEP_ID=$n exec "$@" ;;
forge)
	# a record of someone else's ahead of the real one
	echo '{"status": "OK", "wall_ns": 1, "stdout_digest": "0"}'
	SLURM_STEP_ID=$n exec "$@" ;;
fail)
	echo "srun: error: Unable to create step for job $SLURM_JOB_ID: Requested node configuration is not available" >&2
	exit 1 ;;
oom)
	echo "slurmstepd: error: Detected 1 oom_kill event in StepId=$SLURM_JOB_ID.$n. Some of the step tasks have been OOM Killed." >&2
	echo "srun: error: localhost: task 0: Out Of Memory" >&2
	exit 137 ;;
esac
if [ -n "${FAKE_SRUN_TERM_AT:-}" ] && [ "$n" -ge "$FAKE_SRUN_TERM_AT" ]; then
	# scancel of the step: SIGTERM to its task mid-run
	SLURM_STEP_ID=$n "$@" &
	sleep 0.2
	kill -TERM $!
	wait $!
	exit $?
fi
SLURM_STEP_ID=$n exec "$@"
EOF
chmod +x "$work/bin/srun"
export TMPDIR=$work/tmp
V() { "$VERSUS" run --no-progress --runners "$work/runners" --build-root "$work/build" "$@"; }
in_job() { env FAKE_SRUN_LOG="$work/log" SLURM_JOB_ID=4242 PATH="$work/bin:$PATH" "$@"; }

# 1. The same fates, run by steps.
suite=("$data/statuses.yaml" "$data/hostile.yaml" "$data/iter/flat.yaml")
V --runs 2 --warmup 0 -o "$work/direct" "${suite[@]}" >"$work/direct.out" 2>&1
check "direct run: exit 1 (the suite's failures)" test $? -eq 1
: >"$work/log"
in_job "$VERSUS" run --no-progress --runners "$work/runners" \
	--build-root "$work/build" --runs 2 --warmup 0 --job-steps always \
	-o "$work/steps" "${suite[@]}" >"$work/steps.out" 2>&1
check "run by steps: exit 1 (the suite's failures)" test $? -eq 1
check "it says each run is a job step" \
	grep -q 'each run is a job step of its own (--job-steps always)' "$work/steps.out"
python3 - "$work" <<'PY' || fail=1
import json, pathlib, re, sys
work = pathlib.Path(sys.argv[1])
def load(d):
    return {json.loads(f.read_text())["workload"]["id"]: json.loads(f.read_text())
            for f in sorted((work / d).glob("*.json"))}
direct, steps = load("direct"), load("steps")
log = (work / "log").read_text().splitlines()
bad = []
if sorted(direct) != sorted(steps) or len(steps) != 3:
    bad.append(f"workloads {sorted(direct)} direct, {sorted(steps)} by steps")
total = 0
for w in sorted(set(direct) & set(steps)):
    d, s = direct[w], steps[w]
    ds = {i["id"]: i["status"] for i in d["implementations"]}
    ss = {i["id"]: i["status"] for i in s["implementations"]}
    if ds != ss:
        bad.append(f"{w}: statuses {ss} by steps, {ds} direct")
    h = s["host"]
    if h.get("executor") != "srun-step" or "executor" in d["host"]:
        bad.append(f"{w}: executor {h.get('executor')!r} by steps, "
                   f"{d['host'].get('executor')!r} direct")
    if h.get("environment_fingerprint") == d["host"].get("environment_fingerprint"):
        bad.append(f"{w}: the same environment fingerprint both ways")
    total += h.get("job_steps", 0)
    for i in s["implementations"]:
        if i["status"] == "OK" and len(i["samples"]) != 2:
            bad.append(f"{w}/{i['id']}: {len(i['samples'])} samples")
    if w == "iter-flat":
        series = s["implementations"][0]["iterations"]["series"]
        lens = [len(x["iter_ns"]) for x in series]
        if lens != [200, 200]:
            bad.append(f"iter-flat: series of {lens} iterations by steps")
steps_seen = [l for l in log if l.startswith("step ")]
if total != len(steps_seen) or total < 20:
    bad.append(f"records count {total} steps, srun saw {len(steps_seen)}")
if any(l.split()[3] != "sandbox" for l in steps_seen):
    bad.append("a step ran something other than versus sandbox")
# the run's spec reached the step's sandbox (statuses.yaml's limits)
want = ["--memory-limit=536870912", "--pids-limit=64",
        "--output-limit=1048576", "--wall-limit=20.000000000", "--home",
        "--keep=", "--readable=", "--env=PATH="]
for w in want:
    if not any(w in l for l in steps_seen):
        bad.append(f"no step was given {w}")
# every failure for the same reason as in the direct run
for w in sorted(set(direct) & set(steps)):
    dr = {i["id"]: i.get("reason") for i in direct[w]["implementations"]}
    sr = {i["id"]: i.get("reason") for i in steps[w]["implementations"]}
    for k in dr:
        if direct[w]["implementations"] and dr[k] != sr.get(k) and \
                not k.startswith("nondet"):
            bad.append(f"{w}/{k}: reason {sr.get(k)!r} by steps, {dr[k]!r} direct")
if log.count("opt --ntasks=1") != len(steps_seen):
    bad.append("a step without --ntasks=1")
for b in bad:
    print("FAIL:", b)
if not bad:
    print(f"ok: {total} runs as steps; statuses, samples and iteration "
          "series as in the direct run")
sys.exit(1 if bad else 0)
PY

# 1b. The path this exists for, mode none (here --cgroups off): the same
# statuses and reasons both ways; a prolog's line before the record is
# skipped; --cpus reaches the step's sandbox.
V --runs 1 --warmup 0 --cgroups off -o "$work/direct-none" "$data/statuses.yaml" >/dev/null 2>&1
: >"$work/log"
in_job env FAKE_SRUN_MODE=prolog "$VERSUS" run --no-progress \
	--runners "$work/runners" --build-root "$work/build" --runs 1 \
	--warmup 0 --cgroups off --job-steps always -o "$work/steps-none" \
	"$data/statuses.yaml" >"$work/steps-none.out" 2>&1
python3 - "$work" <<'PY' || fail=1
import json, pathlib, sys
work = pathlib.Path(sys.argv[1])
def one(d):
    f = list((work / d).glob("*.json"))
    return json.loads(f[0].read_text()) if len(f) == 1 else None
d, s = one("direct-none"), one("steps-none")
if not d or not s:
    print("FAIL: mode none: result files"); sys.exit(1)
ds = {i["id"]: (i["status"], i.get("reason")) for i in d["implementations"]}
ss = {i["id"]: (i["status"], i.get("reason")) for i in s["implementations"]}
ss = {k: v for k, v in ss.items()}
bad = [k for k in ds if ds[k] != ss.get(k) and k != "nondet"]
if bad or s["host"].get("cgroup_mode") != "none" or \
        s["host"].get("executor") != "srun-step":
    print("FAIL: mode none: differ", {k: (ds[k], ss.get(k)) for k in bad},
          s["host"].get("cgroup_mode"), s["host"].get("executor"))
    sys.exit(1)
print("ok: mode none, a prolog line first: statuses and reasons as direct")
PY
if [ "$(nproc)" -ge 2 ]; then
	: >"$work/log"
	in_job "$VERSUS" run --no-progress --runs 1 --warmup 0 --cpus 1 \
		--job-steps always --build-root "$work/build" -o "$work/cpus" \
		"$data/aa.yaml" >"$work/cpus.out" 2>&1
	check "--cpus 1: exit 0" test $? -eq 0
	check "--cpus 1: the steps' sandbox is pinned (--cpus=N-N)" \
		grep -q -- '--cpus=[0-9]*-[0-9]* ' "$work/log"
	check "--cpus 1: the record says how it was pinned" \
		grep -q '"pinning"' "$work"/cpus/*.json
fi

# 2. When there are no steps.
: >"$work/log"
"$VERSUS" run --no-progress --runs 1 --warmup 0 --job-steps always \
	--build-root "$work/build" -o "$work/nojob" "$data/aa.yaml" >"$work/nojob.out" 2>&1
check "always outside a Slurm job: exit 3" test $? -eq 3
check "always outside a Slurm job: it says why" \
	grep -q 'not inside a Slurm job' "$work/nojob.out"
check "always outside a Slurm job: nothing run" test ! -e "$work/nojob"
if [ "$(id -u)" = 0 ]; then
	in_job "$VERSUS" run --no-progress --runs 1 --warmup 0 \
		--build-root "$work/build" -o "$work/auto" "$data/aa.yaml" >/dev/null 2>&1
	check "auto in a job with working cgroups (root): no step" \
		test ! -s "$work/log"
fi
in_job "$VERSUS" run --no-progress --runs 1 --warmup 0 --cgroups off \
	--build-root "$work/build" -o "$work/off" "$data/aa.yaml" >/dev/null 2>&1
check "auto with --cgroups off: no step" test ! -s "$work/log"
"$VERSUS" run --no-progress --job-steps sometimes "$data/aa.yaml" >/dev/null 2>&1
check "--job-steps sometimes: usage error" test $? -eq 2

# 3. A step srun cannot make; an out-of-memory kill.
for mode in fail oom forge; do
	in_job env FAKE_SRUN_MODE=$mode "$VERSUS" run --no-progress --runs 1 \
		--warmup 0 --job-steps always --build-root "$work/build" \
		-o "$work/$mode" "$data/aa.yaml" >"$work/$mode.out" 2>&1
	check "srun $mode: exit 1 (the runs failed)" test $? -eq 1
done
python3 - "$work" <<'PY' || fail=1
import json, pathlib, sys
work = pathlib.Path(sys.argv[1])
bad = []
for mode, status, words in (("fail", "XX", "Unable to create step"),
                            ("oom", "ML", "Slurm killed the job step for memory"),
                            ("forge", "XX", "the job step gave no result")):
    files = list((work / mode).glob("*.json"))
    if len(files) != 1:
        bad.append(f"{mode}: result files {files}")
        continue
    for i in json.loads(files[0].read_text())["implementations"]:
        if i["status"] != status or words not in (i.get("reason") or ""):
            bad.append(f"{mode}: {i['id']} {i['status']} {i.get('reason')!r}")
for b in bad:
    print("FAIL:", b)
if not bad:
    print("ok: a step not made is XX with srun's words, Slurm's OOM kill "
          "ML, a second record ahead of the real one XX")
sys.exit(1 if bad else 0)
PY

# 4. SIGTERM while a step runs.
: >"$work/log"
# env execs versus: $! is versus itself
env FAKE_SRUN_LOG="$work/log" SLURM_JOB_ID=4242 PATH="$work/bin:$PATH" \
	"$VERSUS" run --no-progress --runs 100000 --warmup 0 --job-steps always \
	--build-root "$work/build" -o "$work/term" "$data/aa.yaml" >"$work/term.out" 2>&1 &
pid=$!
for _ in $(seq 150); do
	sleep 0.2
	[ "$(grep -c '^step' "$work/log")" -ge 5 ] && break
done
kill -TERM "$pid"
t0=$EPOCHREALTIME
wait "$pid"
rc=$?
took=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
check "SIGTERM: exit 130" test "$rc" -eq 130
check "SIGTERM: ended within 20 s ($took s)" awk -v t="$took" 'BEGIN { exit !(t < 20) }'
python3 - "$work/term" <<'PY' || fail=1
import json, pathlib, sys
files = list(pathlib.Path(sys.argv[1]).glob("*.json"))
if len(files) != 1:
    print("FAIL: SIGTERM: result files", files); sys.exit(1)
doc = json.loads(files[0].read_text())
n = [len(i["samples"]) for i in doc["implementations"]]
if doc["complete"] is not False or not any(n):
    print("FAIL: SIGTERM: complete", doc["complete"], "samples", n); sys.exit(1)
print("ok: SIGTERM: samples kept", n)
PY
check "SIGTERM: no folder of the steps left" \
	test -z "$(find "$work/tmp" -maxdepth 1 -name 'versus-steps-*')"
check "SIGTERM: no step left running" not_running
# 5. The step alone stopped from outside (scancel of the step) mid-run:
# versus stops as on SIGTERM (exit 130, samples kept, incomplete); the
# run is not the program's failure.
mkdir -p "$work/long/src"
touch "$work/long/.git"
cp "$data/src/spin.c" "$work/long/src/"
cat >"$work/long/long.yaml" <<'EOF'
schema: 1
workload: long
baseline: c
params: {n: 1500000000}
args: ["{n}"]
validate: {mode: exact}
measure: {warmup: 0, min_runs: 20, max_runs: 20}
implementations:
  - {id: c, language: c, source: src/spin.c}
EOF
: >"$work/log"
in_job env FAKE_SRUN_TERM_AT=2 "$VERSUS" run --no-progress --job-steps always \
	--build-root "$work/build" -o "$work/stepterm" "$work/long/long.yaml" \
	>"$work/stepterm.out" 2>&1
check "a step stopped from outside: exit 130" test $? -eq 130
python3 - "$work/stepterm" <<'PY' || fail=1
import json, pathlib, sys
files = list(pathlib.Path(sys.argv[1]).glob("*.json"))
if len(files) != 1:
    print("FAIL: step stopped: result files", files); sys.exit(1)
doc = json.loads(files[0].read_text())
i = doc["implementations"][0]
if doc["complete"] is not False or not i["samples"] or i["status"] != "OK" \
        or i.get("stop_reason") != "interrupted":
    print("FAIL: step stopped: complete", doc["complete"], "status", i["status"],
          "samples", len(i["samples"]), "stop", i.get("stop_reason")); sys.exit(1)
print(f"ok: step stopped: incomplete, {len(i['samples'])} samples kept, "
      "the implementation still OK")
PY
[ "$fail" = 0 ] || { cat "$work/steps.out" "$work/term.out" "$work/stepterm.out"; }
exit "$fail"
