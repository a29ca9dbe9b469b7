#!/usr/bin/env bash
# CI stage: the sandbox on a pure cgroup v2 kernel, in the throwaway VM of
# ../shared/tools/cgroup2-vm (beside the repository), twice: as root from
# the VM's busy service cgroup, and as an unprivileged user from a busy
# cgroup in a delegated subtree. Each pass runs the sandbox tests, a small
# `versus run` with two languages in cgroup2 mode, and checks that no
# versus cgroup is left. The VM is emulated here (TCG): slow, so only what
# matters. Needs root (the VM tool does) and a built tree.
#
# Usage: tests/ci/cgroup2.sh [BUILD_DIR]      (default: build-test)
#        tests/ci/cgroup2.sh --inside BUILD_DIR  (in the VM; used by the above)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)

# The tests that matter on v2: the sandbox suites and CLI, an interrupted
# run, and the adversarial (box, hostile) tests; not the per-language ones
# (sandbox_langs compiles every toolchain: too slow under emulation).
TESTS='check_sandbox|sandbox_cli|run_interrupt|box|hostile'
SKIP='sandbox_langs'

inside() {
	local build=$1 who fail=0
	who=$(id -un)
	cd "$repo"
	echo "== [$who] $(sed -n 's/^0:://p' /proc/self/cgroup)"
	"$build/bin/versus" doctor | sed -n '2,4p'
	"$build/bin/versus" doctor | grep -q 'cgroup mode *cgroup2' ||
		{ echo "FAIL [$who]: doctor does not give mode cgroup2"; fail=1; }
	echo "== [$who] ctest -R '$TESTS' -E '$SKIP'"
	ctest --test-dir "$build" --output-on-failure -R "$TESTS" -E "$SKIP" ||
		fail=1
	echo "== [$who] versus run: nbody, c and python, small"
	local tmp
	tmp=$(mktemp -d)
	if "$build/bin/versus" run workloads/nbody.yaml --only c,python \
		--size small --runs 2 --no-progress -o "$tmp/results" \
		--build-dir "$tmp/build" >"$tmp/out" 2>"$tmp/err"; then
		grep -q 'sandbox mode cgroup2' "$tmp/err" ||
			{ echo "FAIL [$who]: versus run not in mode cgroup2"; fail=1; }
		python3 - "$tmp/results" <<'PY' || fail=1
import json, pathlib, sys
files = list(pathlib.Path(sys.argv[1]).glob("*.json"))
assert len(files) == 1, f"want one result file, got {files}"
doc = json.loads(files[0].read_text())
st = {i["id"]: sorted({s["status"] for s in i["samples"]}) for i in doc["implementations"]}
assert st and all(v == ["OK"] for v in st.values()), f"statuses: {st}"
print("ok: versus run", st)
PY
	else
		echo "FAIL [$who]: versus run failed"
		fail=1
	fi
	[ "$fail" = 0 ] || cat "$tmp/err"
	rm -rf "$tmp"
	echo "== [$who] leftover cgroups"
	local left
	left=$(find /sys/fs/cgroup -name 'versus*' 2>/dev/null || true)
	if [ -n "$left" ]; then
		echo "FAIL [$who]: cgroups left behind:"
		echo "$left"
		fail=1
	fi
	return "$fail"
}

if [ "${1:-}" = --inside ]; then
	inside "${2:?build folder}"
	exit
fi

build=${1:-build-test}
vm=${CGROUP2_VM:-$(dirname "$repo")/shared/tools/cgroup2-vm}
if [ ! -x "$vm" ]; then
	echo "cgroup2.sh: no VM tool at '$vm' (shared/tools/ must sit beside the repository, or set CGROUP2_VM)" >&2
	exit 1
fi
[ -x "$repo/$build/bin/versus" ] || {
	echo "cgroup2.sh: no '$build/bin/versus': build first" >&2
	exit 1
}
cd "$repo"
start=$(date +%s)
rc=0
"$vm" --timeout 1200 -- bash tests/ci/cgroup2.sh --inside "$build" || rc=1
"$vm" --timeout 1200 --user versus-ci -- bash tests/ci/cgroup2.sh --inside "$build" || rc=1
echo "== cgroup2 stage: $([ $rc = 0 ] && echo passed || echo FAILED) in $(($(date +%s) - start)) s"
exit "$rc"
