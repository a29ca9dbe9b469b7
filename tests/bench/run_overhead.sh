#!/usr/bin/env bash
# The cost of versus itself per timed run (everything beyond sandbox_run:
# scheduling, stopping rule, bookkeeping), on a workload of ~5 ms runs,
# and the cost of the statistics on 10,000 samples. Not a test: run it by
# hand from a Release build and read the figures.
#   tests/bench/run_overhead.sh [BUILD_DIR] [RUNS]
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$src/build}
runs=${2:-300}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$build/bin/versus" run -v --no-progress --runs "$runs" --seed 1 \
	--build-root "$work/build" -o "$work/results" \
	"$src/tests/data/run/tiny.yaml" 2>&1 >/dev/null |
	grep -E "orchestrator overhead" || true
python3 - "$work/results" <<'PY'
import json, pathlib, sys
doc = json.loads(next(pathlib.Path(sys.argv[1]).glob("*.json")).read_text())
for i in doc["implementations"]:
    print(f'{i["id"]}: median wall {i["stats"]["wall_ns"]["median"] / 1e6:.2f} ms over {i["stats"]["wall_ns"]["n"]} runs')
PY
if [ -x "$build/tests/stats_bench" ] || cmake --build "$build" --target stats_bench >/dev/null 2>&1; then
	"$build/tests/stats_bench"
fi
