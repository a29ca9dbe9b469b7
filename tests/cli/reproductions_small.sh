#!/usr/bin/env bash
# The shipped reproductions (workloads/reproductions/) pass `versus check`
# and run at --size small with one timed run and no warm-up: every
# implementation of every manifest is OK, or NA when its toolchain is
# missing (versus maps a runner's exit 77 and a missing toolchain to NA).
# Nothing else (CE, WA, RE, TO, ...) passes. When every implementation is
# NA there was nothing to test: skip (77).
set -u
: "${VERSUS:?}" "${VERSUS_SOURCE_DIR:?}"
dir="$VERSUS_SOURCE_DIR/workloads/reproductions"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! "$VERSUS" check "$dir/" >"$work/check.txt" 2>&1; then
	echo "versus check $dir/ failed:" >&2
	cat "$work/check.txt" >&2
	exit 1
fi
"$VERSUS" run --no-progress --size small --runs 1 --warmup 0 --seed 7 \
	--build-root "$work/build" -o "$work/results" --format csv \
	"$dir/" >"$work/out.csv" 2>"$work/err.txt"
rc=$?
python3 - "$work/results" "$dir" <<'PY'
import json, pathlib, re, sys
results, manifests = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
# Implementation ids per workload, read from the manifests themselves.
want = {}
for m in sorted(manifests.glob("*.yaml")):
    text = m.read_text()
    wid = re.search(r"^workload:\s*(\S+)", text, re.M).group(1)
    want[wid] = set(re.findall(r"^\s*- id:\s*(\S+)", text, re.M))
got, bad, na, ok = {}, [], [], 0
for f in sorted(results.glob("*.json")):
    doc = json.loads(f.read_text())
    wid = doc["workload"]["id"]
    got[wid] = set()
    for i in doc["implementations"]:
        got[wid].add(i["id"])
        if i["status"] == "OK":
            ok += 1
            n = i["stats"]["wall_ns"]["n"]
            if n != 1:
                bad.append(f"{wid}/{i['id']}: {n} timed runs, not 1")
        elif i["status"] == "NA":
            na.append(f"{wid}/{i['id']}: {i['reason']}")
        else:
            bad.append(f"{wid}/{i['id']}: {i['status']} {i['reason']}")
for wid, ids in want.items():
    if wid not in got:
        bad.append(f"{wid}: no result file")
    elif ids != got[wid]:
        bad.append(f"{wid}: implementations {sorted(got[wid])}, "
                   f"manifest has {sorted(ids)}")
if len(want) < 6:
    bad.append(f"only {len(want)} manifests in {manifests}")
print(f"{ok} implementations OK in {len(got)} workloads; {len(na)} NA; "
      f"{len(bad)} problems")
for line in bad + na:
    print("  " + line)
sys.exit(1 if bad else (77 if ok == 0 else 0))
PY
check=$?
if [ "$check" -eq 77 ]; then
	echo "skip: no toolchain of any reproduction is installed"
	exit 77
fi
# versus exits 0 (all OK, NA allowed) or 1 only with a failed status,
# which the check above would have reported.
if [ "$check" -ne 0 ] || [ "$rc" -ne 0 ]; then
	echo "versus run exited $rc" >&2
	cat "$work/err.txt" >&2
	exit 1
fi
echo "ok: every reproduction at --size small"
