#!/usr/bin/env bash
# run_progress.sh: the progress line of `versus run` on a terminal (a pty
# from script(1)) during runs of 2.5 s each: it must be redrawn at least
# every second while a run goes on (no frozen line), and its estimate of
# the time left must be near the time the runs then took.
set -u
: "${VERSUS:?}"
for tool in script python3; do
	command -v "$tool" >/dev/null || { echo "skip: no $tool"; exit 77; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/src"
cat >"$work/src/nap.py" <<'PY'
import sys, time
time.sleep(float(sys.argv[1]))
print("slept")
PY
cat >"$work/src/nap.yaml" <<'YAML'
schema: 1
workload: nap
baseline: a
params: {t: 2.5}
args: ["{t}"]
validate: {mode: exact}
measure: {warmup: 0, min_runs: 2, max_runs: 2}
implementations:
  - {id: a, language: python, source: nap.py}
YAML
cmd="'$VERSUS' run --build-root '$work/build' -o '$work/results' '$work/src/nap.yaml'"
start=$(date +%s.%N)
script -qfec "$cmd" /dev/null >"$work/tty.out" 2>&1
rc=$?
end=$(date +%s.%N)
[ $rc = 0 ] || { echo "FAIL: versus run exit $rc"; cat "$work/tty.out"; exit 1; }
python3 - "$work/tty.out" "$start" "$end" <<'PY'
import re, sys
text = open(sys.argv[1], "rb").read().decode("utf-8", "replace")
total = float(sys.argv[3]) - float(sys.argv[2])
lines = re.findall(r"nap: (\w[\w-]*) a \(run (\d+)\), (\d+)s elapsed(?:, ~(\d+)s left)?", text)
fail = 0
def check(ok, what):
    global fail
    print(("ok: " if ok else "FAIL: ") + what)
    fail |= not ok
secs = [int(l[2]) for l in lines]
check(len(lines) >= 6, f"progress redrawn {len(lines)} times in {total:.1f} s")
gaps = [b - a for a, b in zip(secs, secs[1:])]
check(secs and max(gaps or [0]) <= 1 and min(gaps or [0]) >= 0,
      f"elapsed counts up by at most 1 s a redraw: {secs}")
timing = [l for l in lines if l[0] == "timing"]
check(timing and timing[0][3], "an estimate while timing")
if timing and timing[0][3]:
    left = int(timing[0][3])
    # What was really left: from that line to the end of the last run
    # (the total less the elapsed shown and the report after it, < 1 s).
    real = total - int(timing[0][2])
    check(0.5 * real <= left <= 2 * real + 1,
          f"first estimate ~{left}s left, really ~{real:.1f}s")
sys.exit(1 if fail else 0)
PY
rc=$?
[ $rc = 0 ] && echo "run_progress: passed" || { echo "run_progress: failed"; cat -v "$work/tty.out" | head -30; }
exit $rc
