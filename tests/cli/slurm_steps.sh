#!/usr/bin/env bash
# One job step per run on a real single-node Slurm (tests/ci/slurm-lib.sh;
# docs/distributed.md, "One job step per run").
# The harness runs Slurm's own cgroup plugins (cgroup/v1: a cgroup per job
# and step, memory constrained, as most sites run Slurm) where the host
# has v1 freezer and memory hierarchies; else none (those checks say skip).
# 1. As root, a batch job runs the same small suite with --job-steps
#    always and then directly: every run of the first is a job step of
#    its own (the record's job_steps equals the steps slurmd launched for
#    it), the statuses are the same and the C/Python ratios agree; the
#    cost of a step per run is printed (not checked: a shared machine).
# 2. As nobody, whose jobs can write no cgroup here: `versus doctor` in the
#    job says runs will be job steps, and `versus run` (auto) makes every
#    run one, in mode none with a user-namespace box, results complete.
# 3. With the cgroup plugin, a job of 400 MB runs a program that touches
#    1 GiB: as root versus's run cgroups are made beneath the job's and
#    the run is ML (a limit above the run's ran out), none is left after;
#    as nobody the run's step is killed by Slurm's OOM killer: ML.
# 4. scancel during a run, as root and as nobody: the result is written,
#    incomplete, with its samples; no run cgroup, process or step is left.
# 5. Every daemon of the harness and its cgroups are gone.
# Skipped (77) unless root with slurm-wlm and munge installed.
set -u
: "${VERSUS:?}" "${VERSUS_SOURCE_DIR:?}"
# shellcheck source=../ci/slurm-lib.sh
. "$VERSUS_SOURCE_DIR/tests/ci/slurm-lib.sh"
command -v cc >/dev/null || { echo "skip: no cc"; exit 77; }

# a folder nobody's jobs can read (the build may sit in a 0700 folder)
work=$(mktemp -d)
chmod 755 "$work"
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
not_running() { ! pgrep -f "$1" >/dev/null; }
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }

cg=none
slurm_v1_usable && cg=v1
SLURM_HARNESS_CGROUP=$cg slurm_up
rc=$?
[ "$rc" -eq 77 ] && exit 77
[ "$rc" -eq 0 ] || { echo "FAIL: the Slurm harness did not start"; exit 1; }
harness=$SLURM_HARNESS_DIR
echo "Slurm's cgroup plugin: $cg"

# versus, its runners and the suite where any user reads them
mkdir -p "$work/bin" "$work/suite/src" "$work/root" "$work/nobody"
cp "$VERSUS" "$work/bin/versus"
cp -r "$VERSUS_SOURCE_DIR/runners" "$work/runners"
cp "$VERSUS_SOURCE_DIR"/tests/data/run/src/sum.c \
	"$VERSUS_SOURCE_DIR"/tests/data/run/src/sum.py "$work/suite/src/"
sed 's|\.\./run/src/|src/|; s|min_runs: 8, max_runs: 8|min_runs: 6, max_runs: 6|' \
	"$VERSUS_SOURCE_DIR/tests/data/slurm/sum.yaml" >"$work/suite/sum.yaml"
chmod -R a+rX "$work"
chown nobody "$work/nobody"
run="$work/bin/versus run --no-progress --seed 7"

# Wait for job $1 to end (sbatch --wait polls every few seconds); true when
# it COMPLETED (exit 0).
wait_job() {
	local state
	for _ in $(seq 1 1500); do
		state=$(scontrol show job "$1" -o 2>/dev/null | grep -o 'JobState=[A-Z_]*')
		case $state in
		JobState=PENDING | JobState=RUNNING | JobState=CONFIGURING | JobState=COMPLETING | "") sleep 0.1 ;;
		*) break ;;
		esac
	done
	[ "$state" = JobState=COMPLETED ]
}

# The steps slurmd launched for job $1 (its batch script not counted).
launched() {
	grep -c "launch task StepId=$1\.[0-9]" "$harness/log/slurmd.log"
}

# 1. As root: steps, then directly, in one job.
cat >"$work/root/job.sh" <<EOF
#!/bin/sh
export VERSUS_RUNNERS=$work/runners
t0=\$(date +%s.%N)
$run --job-steps always --build-root $work/root/build -o $work/root/steps $work/suite/sum.yaml >$work/root/steps.out 2>&1
echo "steps rc \$? \$(echo "\$(date +%s.%N) - \$t0" | bc)" >$work/root/times
t0=\$(date +%s.%N)
$run --job-steps never --build-root $work/root/build -o $work/root/direct $work/suite/sum.yaml >$work/root/direct.out 2>&1
echo "direct rc \$? \$(echo "\$(date +%s.%N) - \$t0" | bc)" >>$work/root/times
EOF
chmod 755 "$work/root/job.sh"
t0=$EPOCHREALTIME
job=$(cd "$work/root" && sbatch --parsable -o "$work/root/job.out" "$work/root/job.sh")
check "root: the job ran (exit 0)" wait_job "$job"
echo "root job $job: $(since "$t0") s"
cat "$work/root/times"
check "root: both runs exit 0" \
	test "$(grep -c ' rc 0 ' "$work/root/times")" -eq 2
python3 - "$work/root" "$(launched "$job")" <<'PY' || fail=1
import json, pathlib, sys
d = pathlib.Path(sys.argv[1])
launched = int(sys.argv[2])
bad = []
def one(name):
    files = list((d / name).glob("*.json"))
    if len(files) != 1:
        bad.append(f"{name}: result files {files}")
        return None
    return json.loads(files[0].read_text())
steps, direct = one("steps"), one("direct")
if steps and direct:
    hs, hd = steps["host"], direct["host"]
    if hs.get("executor") != "srun-step" or "executor" in hd:
        bad.append(f"executor {hs.get('executor')!r} / {hd.get('executor')!r}")
    n = hs.get("job_steps", 0)
    runs = sum(len(i["samples"]) + i.get("warmup_runs", 0)
               for i in steps["implementations"])
    if n != launched or n < runs:
        bad.append(f"job_steps {n}, slurmd launched {launched}, "
                   f"{runs} timed and warm-up runs")
    st = {i["id"]: i["status"] for i in steps["implementations"]}
    dt = {i["id"]: i["status"] for i in direct["implementations"]}
    if st != dt or set(st.values()) != {"OK"}:
        bad.append(f"statuses {st} by steps, {dt} direct")
    def ratio(doc):
        i = [i for i in doc["implementations"] if i["id"] == "python"][0]
        r = i["ratio"]["time"]
        return r["value"], r["ci_low"], r["ci_high"]
    (sv, sl, sh), (dv, dl, dh) = ratio(steps), ratio(direct)
    print(f"  python/c: {sv:.3g} [{sl:.3g}, {sh:.3g}] by steps, "
          f"{dv:.3g} [{dl:.3g}, {dh:.3g}] direct")
    if not (sl <= dh and dl <= sh) and max(sv, dv) / min(sv, dv) > 2:
        bad.append("the ratios disagree")
    print(f"  {n} runs as job steps (slurmd launched {launched})")
for b in bad:
    print("FAIL: root:", b)
if not bad:
    print("ok: root: every run a job step; statuses and ratio as direct")
sys.exit(1 if bad else 0)
PY
read -r _ _ _ steps_s < <(grep '^steps' "$work/root/times")
read -r _ _ _ direct_s < <(grep '^direct' "$work/root/times")
n=$(python3 -c 'import json,glob,sys; print(json.load(open(glob.glob(sys.argv[1])[0]))["host"]["job_steps"])' "$work/root/steps/*.json" 2>/dev/null)
[ -n "$n" ] && [ -n "$steps_s" ] && [ -n "$direct_s" ] &&
	echo "cost of a job step per run: ($steps_s - $direct_s) s / $n = $(echo "scale=1; ($steps_s - $direct_s) * 1000 / $n" | bc) ms"

# 2. As nobody: no cgroup is writable, so runs are steps by themselves.
cat >"$work/nobody/job.sh" <<EOF
#!/bin/sh
export VERSUS_RUNNERS=$work/runners HOME=$work/nobody
$work/bin/versus doctor >$work/nobody/doctor.out 2>&1
exec $run --build-root $work/nobody/build -o $work/nobody/out $work/suite/sum.yaml >$work/nobody/run.out 2>&1
EOF
chmod 755 "$work/nobody/job.sh"
t0=$EPOCHREALTIME
job=$(cd "$work/nobody" && setpriv --reuid=nobody --regid=nogroup --clear-groups \
	sbatch --parsable -o "$work/nobody/job.out" "$work/nobody/job.sh")
check "nobody: the job ran and versus exited 0" wait_job "$job"
echo "nobody job $job: $(since "$t0") s"
check "nobody: doctor says runs will be job steps" \
	grep -q "slurm job .*each run is a job step of its own" "$work/nobody/doctor.out"
check "nobody: versus run says each run is a job step" \
	grep -q "no cgroup of this job is writable: each run is a job step" \
	"$work/nobody/run.out"
python3 - "$work/nobody/out" "$(launched "$job")" <<'PY' || fail=1
import json, pathlib, sys
files = list(pathlib.Path(sys.argv[1]).glob("*.json"))
launched = int(sys.argv[2])
if len(files) != 1:
    print("FAIL: nobody: result files", files); sys.exit(1)
doc = json.loads(files[0].read_text())
h = doc["host"]
bad = []
if h.get("executor") != "srun-step" or h.get("job_steps") != launched:
    bad.append(f"executor {h.get('executor')!r}, job_steps {h.get('job_steps')}, "
               f"slurmd launched {launched}")
if h.get("cgroup_mode") != "none" or h.get("box") != "userns":
    bad.append(f"mode {h.get('cgroup_mode')}, box {h.get('box')}")
st = {i["id"]: (i["status"], len(i["samples"])) for i in doc["implementations"]}
if st != {"c": ("OK", 6), "python": ("OK", 6)} or doc.get("complete") is not True:
    bad.append(f"implementations {st}, complete {doc.get('complete')}")
for b in bad:
    print("FAIL: nobody:", b)
if not bad:
    print(f"ok: nobody: {launched} runs as job steps, mode none, box userns")
sys.exit(1 if bad else 0)
PY

# 3. Out of memory, where Slurm constrains memory.
mkdir -p "$work/hog" "$work/hogsrc"
cat >"$work/hogsrc/hog.c" <<'EOF'
#include <stdio.h>
#include <stdlib.h>
/* touch MIB MiB (a build flag), then say ok */
int main(void)
{
	size_t n = (size_t)MIB << 20;
	volatile char *p = malloc(n);
	if (!p)
		return 2;
	for (size_t i = 0; i < n; i += 4096)
		p[i] = 1;
	puts("ok");
	return 0;
}
EOF
cat >"$work/hogsrc/hog.yaml" <<'EOF'
schema: 1
workload: hog
baseline: small
validate: {mode: exact}
measure: {warmup: 0, min_runs: 2, max_runs: 2}
implementations:
  - {id: small, language: c, source: hog.c, build_flags: [-DMIB=32]}
  - {id: big, language: c, source: hog.c, build_flags: [-DMIB=1024]}
EOF
chmod -R a+rX "$work/hog" "$work/hogsrc"
# who, options of versus run: the job's result in $work/hog/<who>
hog_job() {
	local who=$1 as=()
	shift
	mkdir -p "$work/hog/$who"
	[ "$who" = nobody ] && chown nobody "$work/hog/$who" &&
		as=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
	cat >"$work/hog/$who/job.sh" <<EOF
#!/bin/sh
export VERSUS_RUNNERS=$work/runners HOME=$work/hog/$who
( while sleep 0.05; do find /sys/fs/cgroup/memory/slurm_localhost -name 'versus-*' 2>/dev/null; done ) >$work/hog/$who/seen &
$run $* --build-root $work/hog/$who/build -o $work/hog/$who/out $work/hogsrc/hog.yaml >$work/hog/$who/run.out 2>&1
echo \$? >$work/hog/$who/rc
kill \$!
EOF
	chmod 755 "$work/hog/$who/job.sh"
	job=$(cd "$work/hog/$who" && "${as[@]}" sbatch --parsable --mem=400M \
		-o "$work/hog/$who/job.out" "$work/hog/$who/job.sh")
	wait_job "$job"
	echo "$job"
}
if [ "$cg" = v1 ]; then
	job=$(hog_job root)
	check "root, 400 MB job: versus exits 1 (an ML)" test "$(cat "$work/hog/root/rc")" = 1
	check "root: run cgroups were made beneath the job's" \
		grep -q "/slurm_localhost/uid_0/job_$job/.*/versus-" "$work/hog/root/seen"
	check "root: no run cgroup is left" \
		test -z "$(find /sys/fs/cgroup/*/slurm_localhost -name 'versus-*' 2>/dev/null)"
	job=$(hog_job nobody)
	check "nobody, 400 MB job: versus exits 1 (an ML)" test "$(cat "$work/hog/nobody/rc")" = 1
	python3 - "$work/hog" <<'PY' || fail=1
import json, pathlib, sys
d = pathlib.Path(sys.argv[1])
bad = []
for who, words in (("root", "a limit above it ran out"),
                   ("nobody", "Slurm killed the job step for memory")):
    files = list((d / who / "out").glob("*.json"))
    if len(files) != 1:
        bad.append(f"{who}: result files {files}")
        continue
    doc = json.loads(files[0].read_text())
    st = {i["id"]: (i["status"], i.get("reason") or "") for i in doc["implementations"]}
    if st.get("small", ("",))[0] != "OK" or st.get("big", ("",))[0] != "ML" \
            or words not in st["big"][1]:
        bad.append(f"{who}: {st}")
    if (who == "nobody") != (doc["host"].get("executor") == "srun-step"):
        bad.append(f"{who}: executor {doc['host'].get('executor')}")
for b in bad:
    print("FAIL: out of memory:", b)
if not bad:
    print("ok: out of memory in a 400 MB job: ML as root (nested) and as "
          "nobody (Slurm's OOM kill of the step)")
sys.exit(1 if bad else 0)
PY
else
	echo "skip: out of memory under Slurm's cgroup plugin (no v1 freezer and memory here)"
fi

# 4. scancel while runs go on: versus writes what it has (incomplete),
# and leaves no run cgroup, job step or process.
cat >"$work/suite/long.yaml" <<'EOF'
schema: 1
workload: long
baseline: c
params: {n: 3000000}
args: ["{n}"]
validate: {mode: exact}
measure: {warmup: 0, min_runs: 100000, max_runs: 100000}
implementations:
  - {id: c, language: c, source: src/sum.c}
EOF
chmod a+r "$work/suite/long.yaml"
for who in root nobody; do
	d=$work/cancel-$who
	mkdir -p "$d"
	as=()
	[ "$who" = nobody ] && chown nobody "$d" &&
		as=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
	cat >"$d/job.sh" <<EOF
#!/bin/sh
export VERSUS_RUNNERS=$work/runners HOME=$d
exec $run --build-root $d/build -o $d/out $work/suite/long.yaml >$d/run.out 2>&1
EOF
	chmod 755 "$d/job.sh"
	job=$(cd "$d" && "${as[@]}" sbatch --parsable -o "$d/job.out" "$d/job.sh")
	# cancelled once timing has gone on for a while
	for _ in $(seq 1 300); do
		[ "$(grep -c "launch task StepId=$job\." "$harness/log/slurmd.log")" -ge 5 ] && break
		[ "$who" = root ] && [ -n "$(find /sys/fs/cgroup/memory/slurm_localhost /sys/fs/cgroup/memory -maxdepth 6 -path "*job_$job*" -name 'versus-*' 2>/dev/null | head -1)" ] && sleep 1 && break
		sleep 0.1
	done
	scancel "$job"
	wait_job "$job"
	python3 - "$d/out" "$who" <<'PY' || fail=1
import json, pathlib, sys
files = list(pathlib.Path(sys.argv[1]).glob("*.json"))
who = sys.argv[2]
if len(files) != 1:
    print(f"FAIL: scancel {who}: result files {files}"); sys.exit(1)
doc = json.loads(files[0].read_text())
n = [len(i["samples"]) for i in doc["implementations"]]
if doc["complete"] is not False or not all(n):
    print(f"FAIL: scancel {who}: complete {doc['complete']}, samples {n}"); sys.exit(1)
print(f"ok: scancel {who}: the result is written, incomplete, samples kept {n}")
PY
	check "scancel $who: no run cgroup left" \
		test -z "$(find /sys/fs/cgroup -maxdepth 7 -name 'versus-*' -path '*slurm*' 2>/dev/null)"
	check "scancel $who: no process of the run left" \
		not_running "$d/build"
	check "scancel $who: no job step left (no slurmstepd of the job)" \
		not_running "slurmstepd: \[$job\."
done

# 5. Nothing of the harness is left.
pids=$(cat "$harness"/run/*.daemon)
slurm_down "$harness"
rc=$?
harness=
check "slurm_down stopped everything" test "$rc" -eq 0
left=
for p in $pids; do
	slurm__alive "$p" && left="$left $p"
done
check "no daemon of the harness is left" test -z "$left"
check "no cgroup of the harness is left" \
	test -z "$(find /sys/fs/cgroup/*/slurm_localhost -maxdepth 0 2>/dev/null)"
if [ "$fail" -ne 0 ]; then
	for f in "$work"/root/*.out "$work"/nobody/*.out "$work"/hog/*/*.out; do
		echo "--- $f"
		tail -n 30 "$f"
	done
fi
exit "$fail"
