#!/usr/bin/env bash
# The shipped suite at --size small: every implementation whose toolchain
# is present must be OK (built, every check passed, timed). In CI (CI set),
# scripts/install-deps.sh installed every toolchain, so none may be NA.
set -u
: "${VERSUS:?}" "${VERSUS_SOURCE_DIR:?}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
args=(run --no-progress --size small --runs 2 --warmup 1 --seed 5
	--build-root "$work/build" -o "$work/results" --format csv)
if [ -n "${CI:-}" ]; then
	args+=(--require-all)
fi
"$VERSUS" "${args[@]}" "$VERSUS_SOURCE_DIR/workloads/" >"$work/out.csv" 2>"$work/err.txt"
rc=$?
python3 - "$work/results" "${CI:-}" <<'PY'
import json, pathlib, sys
files = sorted(pathlib.Path(sys.argv[1]).glob("*.json"))
ci = bool(sys.argv[2])
bad, na, ok = [], [], 0
workloads = set()
for f in files:
    doc = json.loads(f.read_text())
    workloads.add(doc["workload"]["id"])
    for i in doc["implementations"]:
        if i["status"] == "OK":
            ok += 1
            assert i["stats"]["wall_ns"]["n"] == 2, (f.name, i["id"])
        elif i["status"] == "NA":
            na.append(f'{doc["workload"]["id"]}/{i["id"]}: {i["reason"]}')
        else:
            bad.append(f'{doc["workload"]["id"]}/{i["id"]}: {i["status"]} {i["reason"]}')
want = {"nbody", "spectralnorm", "fannkuchredux", "binarytrees", "mandelbrot", "fasta", "startup"}
print(f"{ok} implementations OK in {len(workloads)} workloads; {len(na)} NA; {len(bad)} failed")
for line in bad + na:
    print("  " + line)
missing = want - workloads
if missing:
    print("missing workloads:", sorted(missing))
sys.exit(1 if bad or missing or (ci and na) else 0)
PY
check=$?
if [ "$check" -ne 0 ] || { [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; }; then
	cat "$work/err.txt"
	exit 1
fi
# With everything OK (and no NA in CI), versus itself must say so.
if [ "$rc" -ne 0 ]; then
	echo "versus run exited $rc although every implementation is OK" >&2
	cat "$work/err.txt"
	exit 1
fi
echo "ok: the whole suite at --size small"
