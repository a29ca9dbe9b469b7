#!/usr/bin/env bash
# hyperfine_compare.sh: what versus costs per timed run next to hyperfine,
# in one interleaved session (issue 9, "Rootless and performance"). A
# benchmark, not a test: it prints figures and checks nothing.
#
#   tests/bench/hyperfine_compare.sh [BUILD_DIR] [RUNS] [ROUNDS]
#
# Each round, in turn:
#  (a) the whole tool's cost per timed run on a program that returns at
#      once (hyperfine/noop.yaml):
#        versus, marginal: (elapsed of `versus run --runs RUNS` - elapsed
#          of `versus run --runs 1`) / (RUNS - 1): everything a timed run
#          adds, in and out of the sandbox (the build is cached, so the
#          fixed costs, start-up, checks, the result file, cancel out);
#        versus, loop: the timed loop's own clock (`-v`: "N runs: X s
#          timing") / RUNS;
#        hyperfine: `hyperfine -N --runs RUNS` of the same binary: its
#          mean and median per run, and its elapsed / RUNS;
#  (b) a CPU-bound program (hyperfine/spin.yaml, ~100 ms): versus's median
#      wall time next to hyperfine's median, same binary, same argument
#      (the issue asks that they agree within 1%), and the ratio of its
#      CPU time, which a loaded machine does not blur as it does wall time.
# Then the medians over the rounds. Use a Release build:
#   cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release && cmake --build build
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$src/build}
runs=${2:-200}
rounds=${3:-5}
versus=$build/bin/versus
if ! command -v hyperfine >/dev/null; then
	echo "hyperfine_compare: hyperfine is not installed (scripts/install-deps.sh)" >&2
	exit 2
fi
if [ ! -x "$versus" ]; then
	echo "hyperfine_compare: no versus at $versus: build it first" >&2
	exit 2
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cpus; runs $runs, rounds $rounds"
exec python3 - "$versus" "$src/tests/bench/hyperfine" "$work" "$runs" "$rounds" <<'PY'
import json, pathlib, re, statistics, subprocess, sys, time

versus, manifests, work, runs, rounds = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
noop, spin = manifests / "noop.yaml", manifests / "spin.yaml"
build = work / "build"
spin_runs = max(10, runs // 10)

def versus_run(manifest, n, tag):
    out = work / f"res-{tag}"
    cmd = [versus, "run", "-v", "--no-progress", "--runs", str(n), "--warmup", "0",
           "--build-root", str(build), "-o", str(out), str(manifest)]
    t = time.monotonic()
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.monotonic() - t
    if p.returncode != 0:
        sys.exit(f"versus failed ({p.returncode}):\n{p.stderr}")
    m = re.search(r"\((\d+) runs: ([0-9.]+) s timing", p.stderr)
    loop = float(m.group(2)) / int(m.group(1)) if m else float("nan")
    files = sorted(out.glob("*.json"))
    doc = json.loads(files[-1].read_text())
    for f in files:
        f.unlink()
    return elapsed, loop, doc["implementations"][0]

def hyperfine(argv, n):
    js = work / "hf.json"
    t = time.monotonic()
    # one command line: with -N hyperfine splits it on spaces itself
    subprocess.run(["hyperfine", "-N", "--style", "none", "--warmup", "3", "--runs", str(n),
                    "--export-json", str(js), " ".join(argv)],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    elapsed = time.monotonic() - t
    r = json.loads(js.read_text())["results"][0]
    return elapsed, r["mean"], statistics.median(r["times"]), r["user"] + r["system"]

# Build once; the binaries versus built are the ones hyperfine runs.
versus_run(noop, 1, "warm")
versus_run(spin, 1, "warm")
noop_bin = str(build / "noop" / "c" / "main")
spin_bin = str(build / "spin" / "c" / "main")
spin_arg = "70000000"

ms = lambda s: s * 1e3
rows = []
print(f"{'round':>5}  {'versus marginal':>15}  {'versus loop':>11}  {'hf mean':>8}  {'hf median':>9}  {'hf elapsed':>10}  "
      f"{'ratio':>5}  {'spin versus':>11}  {'spin hf':>8}  {'spin ratio':>10}  {'cpu ratio':>9}")
for i in range(rounds):
    t1, _, _ = versus_run(noop, 1, "one")
    tn, loop, _ = versus_run(noop, runs, "n")
    marginal = (tn - t1) / (runs - 1)
    hf_el, hf_mean, hf_med, _ = hyperfine([noop_bin], runs)
    _, _, impl = versus_run(spin, spin_runs, "spin")
    v_spin = impl["stats"]["wall_ns"]["median"] / 1e9
    v_cpu = impl["stats"]["cpu_ns"]["median"] / 1e9
    _, _, hf_spin, hf_cpu = hyperfine([spin_bin, spin_arg], spin_runs)
    row = dict(marginal=marginal, loop=loop, hf_mean=hf_mean, hf_med=hf_med, hf_el=hf_el / runs,
               ratio=marginal / hf_mean, v_spin=v_spin, hf_spin=hf_spin, spin_ratio=v_spin / hf_spin,
               cpu_ratio=v_cpu / hf_cpu)
    rows.append(row)
    print(f"{i + 1:>5}  {ms(marginal):>12.3f} ms  {ms(loop):>8.3f} ms  {ms(hf_mean):>5.3f} ms  {ms(hf_med):>6.3f} ms  "
          f"{ms(row['hf_el']):>7.3f} ms  {row['ratio']:>5.2f}  {ms(v_spin):>8.2f} ms  {ms(hf_spin):>5.2f} ms  {row['spin_ratio']:>10.4f}  {row['cpu_ratio']:>9.4f}",
          flush=True)
med = lambda k: statistics.median(r[k] for r in rows)
print(f"\nmedians over {rounds} rounds:")
print(f"  per timed run: versus {ms(med('marginal')):.3f} ms (loop {ms(med('loop')):.3f} ms), "
      f"hyperfine {ms(med('hf_mean')):.3f} ms mean / {ms(med('hf_med')):.3f} ms median "
      f"({ms(med('hf_el')):.3f} ms elapsed per run); versus / hyperfine mean {med('ratio'):.2f}")
print(f"  CPU-bound median: versus {ms(med('v_spin')):.2f} ms, hyperfine {ms(med('hf_spin')):.2f} ms, "
      f"ratio {med('spin_ratio'):.4f} ({(med('spin_ratio') - 1) * 100:+.2f}%); "
      f"its CPU time (versus: the cgroup's, hyperfine: user + system mean) ratio {med('cpu_ratio'):.4f}")
PY
