#!/usr/bin/env bash
# versus slurm without a cluster: the files it writes, its #SBATCH lines,
# the job scripts run by hand (as Slurm would, with SLURM_ARRAY_TASK_ID)
# from a folder whose name needs quoting, and every refusal and sbatch
# failure with its message. tests/cli/slurm.sh submits to a real Slurm.
set -u
: "${VERSUS:?}" "${VERSUS_SOURCE_DIR:?}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
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

# The suite in a folder with a blank and a quote in its name.
weird="$work/we ird'dir"
mkdir -p "$weird/data/run" "$weird/.git" "$work/bin"
cp -r "$VERSUS_SOURCE_DIR/tests/data/slurm" "$weird/data/"
cp -r "$VERSUS_SOURCE_DIR/tests/data/run/src" "$weird/data/run/"
suite="$weird/data/slurm"
out=$work/out
run_args="--build-root '$work/build' --no-canary"

"$VERSUS" slurm "$suite" --shards 2 --run-args "$run_args" -o "$out" \
	>"$work/o" 2>"$work/e"
rc=$?
check "writes the files, exit 0" test "$rc" -eq 0
for f in plan.json array.sbatch merge.sbatch; do
	check "$f written" test -s "$out/$f"
done
check "logs/ and shards/ made" test -d "$out/logs" -a -d "$out/shards"
check "prints how to submit" grep -q 'sbatch --dependency=afterany' "$work/o"
check "array.sbatch parses (sh -n)" sh -n "$out/array.sbatch"
check "merge.sbatch parses (sh -n)" sh -n "$out/merge.sbatch"
check "--array=0-1" grep -qx '#SBATCH --array=0-1' "$out/array.sbatch"
check "--exclusive by default" grep -qx '#SBATCH --exclusive' "$out/array.sbatch"
check "task logs in logs/" \
	grep -qxF "#SBATCH --output=$out/logs/shard-%a.out" "$out/array.sbatch"
check "the merge is not exclusive" not grep -q exclusive "$out/merge.sbatch"
check "the array runs this versus" grep -qF "$VERSUS run" "$out/array.sbatch"

# Run the tasks and the merge as Slurm would.
for k in 0 1; do
	SLURM_ARRAY_TASK_ID=$k sh "$out/array.sbatch" >"$work/task$k" 2>&1
	check "task $k by hand exits 0" test "$?" -eq 0
	check "task $k wrote its results" \
		test -n "$(ls "$out/shards/$k/"*.json 2>/dev/null)"
done
sh "$out/array.sbatch" >"$work/notask" 2>&1
check "outside an array task: refused" test "$?" -ne 0
check "... saying why" grep -q 'not an array task' "$work/notask"
sh "$out/merge.sbatch" >"$work/merge" 2>&1
rc=$?
check "merge.sbatch by hand exits 0" test "$rc" -eq 0
check "merged.json written" test -s "$out/merged.json"
check "report.md written" test -s "$out/report.md"
check "the merge has every unit" grep -q 'merged 3 of 3 units' "$work/merge"
[ "$fail" -eq 0 ] || cat "$work/task0" "$work/task1" "$work/merge"

# Again into the same folder: old shard results are not mixed in.
"$VERSUS" slurm "$suite" --shards 2 -o "$out" >"$work/o" 2>"$work/e"
check "a folder with shard results: exit 2" test "$?" -eq 2
check "... saying so" grep -q 'already holds shard results' "$work/e"

# The sbatch options.
"$VERSUS" slurm "$suite" --shards 3 -o "$work/o3" --no-exclusive \
	--max-parallel 2 --partition bench --time 30 --mem 4G \
	--constraint epyc >/dev/null 2>&1
check "all options: exit 0" test "$?" -eq 0
a3=$work/o3/array.sbatch
check "--array=0-2%2" grep -qx '#SBATCH --array=0-2%2' "$a3"
check "--no-exclusive" not grep -q exclusive "$a3"
for o in partition=bench time=30 mem=4G constraint=epyc; do
	check "--$o" grep -qx "#SBATCH --$o" "$a3"
done
check "the merge gets --partition and --time only" \
	test "$(grep -c '^#SBATCH --\(partition\|time\|mem\|constraint\)' \
		"$work/o3/merge.sbatch")" -eq 2

# Refusals: exit 2, nothing submitted.
usage() {
	local what=$1 want=$2
	shift 2
	"$VERSUS" slurm "$@" >"$work/o" 2>"$work/e"
	local rc=$?
	if [ "$rc" -eq 2 ] && grep -qF -- "$want" "$work/e"; then
		echo "ok: $what"
	else
		echo "FAIL: $what: exit $rc, want 2 and '$want' in:"
		cat "$work/e"
		fail=1
	fi
}
usage "no --shards" "--shards N is required" "$suite"
usage "--wait alone" "--wait goes with --submit" "$suite" --shards 2 --wait
usage "both exclusives" "contradict" "$suite" --shards 2 --exclusive \
	--no-exclusive
usage "a blank in --partition" "--partition: 'a b' cannot go" "$suite" \
	--shards 2 --partition 'a b'
usage "a folder with a blank" "cannot go on an #SBATCH line" "$suite" \
	--shards 2 -o "$work/with blank"
usage "--run-args with --size" "the plan decides it" "$suite" \
	--shards 2 --run-args "--size=small"
usage "--run-args with --require-all" "the plan decides it" "$suite" \
	--shards 2 --run-args "--require-all"
usage "a folder with a %" "Slurm expands in #SBATCH --output" "$suite" \
	--shards 2 -o "$work/run%j"
usage "--run-args with --shard" "versus slurm sets --shard" "$suite" \
	--shards 2 --run-args "--shard 1/2"
usage "--run-args with -o" "versus slurm sets --shard" "$suite" \
	--shards 2 --run-args "-o x"
usage "--run-args with --out=" "versus slurm sets --shard" "$suite" \
	--shards 2 --run-args "--out=x"
usage "--run-args unterminated" "--run-args:" "$suite" --shards 2 \
	--run-args "'x"
usage "a manifest that is not there" "$work/nothere" "$work/nothere" \
	--shards 2

# sbatch missing, failing, or failing on the merge only: exit 3.
PATH=$work/bin "$VERSUS" slurm "$suite" --shards 2 -o "$work/o4" \
	--submit >"$work/o" 2>"$work/e"
check "no sbatch on PATH: exit 3" test "$?" -eq 3
check "... saying so" grep -q "'sbatch' is not on PATH" "$work/e"
check "... the scripts are still written" test -s "$work/o4/array.sbatch"

cat >"$work/bin/sbatch" <<'EOF'
#!/bin/sh
echo "sbatch: error: Batch job submission failed: Invalid partition name specified" >&2
exit 1
EOF
chmod +x "$work/bin/sbatch"
PATH=$work/bin "$VERSUS" slurm "$suite" --shards 2 -o "$work/o5" \
	--submit >"$work/o" 2>"$work/e"
check "sbatch fails: exit 3" test "$?" -eq 3
check "... with sbatch's own message" \
	grep -q "array.sbatch: sbatch exited with status 1: sbatch: error: Batch job submission failed: Invalid partition" "$work/e"

cat >"$work/bin/sbatch" <<'EOF'
#!/bin/sh
case "$*" in
*--dependency=afterany:4242*) echo "sbatch: error: merge refused" >&2; exit 1 ;;
*array.sbatch) echo "4242;cluster" ;;
*) echo "unexpected: $*" >&2; exit 1 ;;
esac
EOF
PATH=$work/bin "$VERSUS" slurm "$suite" --shards 2 -o "$work/o6" \
	--submit >"$work/o" 2>"$work/e"
check "the merge's sbatch fails: exit 3" test "$?" -eq 3
check "... naming the submitted array and the command to finish" \
	grep -qF "the array job 4242 is submitted; submit the merge by hand: sbatch --dependency=afterany:4242 $work/o6/merge.sbatch" "$work/e"

cat >"$work/bin/sbatch" <<'EOF'
#!/bin/sh
echo "Submitted batch job 7"
EOF
PATH=$work/bin "$VERSUS" slurm "$suite" --shards 2 -o "$work/o7" \
	--submit >"$work/o" 2>"$work/e"
check "sbatch prints no parsable id: exit 3" test "$?" -eq 3
check "... saying so" grep -q "printed no job id: Submitted batch job 7" \
	"$work/e"

# --wait reads scontrol: a fake one with each ending of the merge job.
cat >"$work/bin/sbatch" <<'EOF'
#!/bin/sh
case "$*" in
*--dependency=afterany:10*) echo 11 ;;
*) echo 10 ;;
esac
EOF
cat >"$work/bin/scontrol" <<'EOF'
#!/bin/sh
# show job -o ID
case "$4" in
10) echo "JobId=10 ArrayJobId=10 ArrayTaskId=0 JobState=COMPLETED Reason=None ExitCode=0:0"
    echo "JobId=12 ArrayJobId=10 ArrayTaskId=1 JobState=FAILED Reason=NonZeroExitCode ExitCode=2:0" ;;
11) case "$FAKE_MERGE" in
    lost) echo "slurm_load_jobs error: Invalid job id specified" >&2; exit 1 ;;
    *) echo "JobId=11 JobName=versus-merge JobState=$FAKE_MERGE Reason=None ExitCode=$FAKE_CODE" ;;
    esac ;;
esac
EOF
chmod +x "$work/bin/scontrol"
wait_case() {
	local what=$1 want_rc=$2 want_msg=$3 n=$4
	FAKE_MERGE=$5 FAKE_CODE=${6:-0:0} PATH=$work/bin "$VERSUS" slurm \
		"$suite" --shards 2 -o "$work/w$n" --submit --wait \
		>"$work/o" 2>"$work/e"
	local rc=$?
	if [ "$rc" -eq "$want_rc" ] && grep -qF -- "$want_msg" "$work/e"; then
		echo "ok: --wait, $what"
	else
		echo "FAIL: --wait, $what: exit $rc, want $want_rc and '$want_msg' in:"
		cat "$work/e"
		fail=1
	fi
}
wait_case "merge completed: exit 0, the failed task named" 0 \
	"1 array task did not complete" 1 COMPLETED
wait_case "merge failed with status 2: exit 2" 2 "merge job 11: FAILED" 2 \
	FAILED 2:0
wait_case "merge cancelled: exit 3" 3 "merge job 11 ended CANCELLED" 3 \
	CANCELLED
wait_case "merge killed by a signal: exit 3" 3 "(signal 9)" 4 FAILED 0:9
wait_case "merge forgotten by Slurm: exit 3" 3 \
	"the merge job's exit status is lost" 5 lost

# versus doctor inside a Slurm job says what the job's cgroup gives
SLURM_JOB_ID=4242 "$VERSUS" doctor >"$work/doc" 2>&1
check "doctor in a job: a 'slurm job' line" \
	grep -q "^  slurm job  *4242: " "$work/doc"
"$VERSUS" doctor >"$work/doc2" 2>&1
check "doctor outside a job: no 'slurm job' line" \
	not grep -q "slurm job" "$work/doc2"
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null &&
	setpriv --reuid=nobody --regid=nogroup --clear-groups true 2>/dev/null &&
	setpriv --reuid=nobody --regid=nogroup --clear-groups \
		test -x "$VERSUS"; then
	# nobody here has no cgroup it may write (a job whose cgroup the
	# site does not delegate)
	setpriv --reuid=nobody --regid=nogroup --clear-groups \
		env SLURM_JOB_ID=4242 "$VERSUS" doctor >"$work/doc3" 2>&1
	if grep -q "^  cgroup mode  *none" "$work/doc3"; then
		check "doctor in a job without a writable cgroup says so" \
			grep -q "4242: no cgroup of this job is writable" \
			"$work/doc3"
	else
		echo "skip: nobody has a writable cgroup here"
	fi
fi

exit "$fail"
