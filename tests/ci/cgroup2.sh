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
# (sandbox_langs compiles every toolchain, sandbox_cpus runs a dozen boxes
# and a compiler: too slow under emulation; cpuset-v2 was checked by hand).
# check_sandbox (mode none) is left to the host: nothing in it is v2's.
TESTS='check_sandbox|sandbox_cli|run_interrupt|box|hostile'
SKIP='sandbox_langs|sandbox_cpus|^check_sandbox$'

inside() {
	local build=$1 who fail=0
	who=$(id -un)
	cd "$repo"
	echo "== [$who] $(sed -n 's/^0:://p' /proc/self/cgroup)"
	"$build/bin/versus" doctor | sed -n '2,4p'
	"$build/bin/versus" doctor | grep -q 'cgroup mode *cgroup2' ||
		{ echo "FAIL [$who]: doctor does not give mode cgroup2"; fail=1; }
	# emulated: sub-second timings stall at random (tests/sandbox/check_sandbox.c)
	export VERSUS_TEST_TIMING=loose
	# and compiling or starting Go, Java and Node takes minutes each
	# (tests/sandbox/sandbox_cpus.sh checks them on the host)
	export VERSUS_TEST_EMULATED=1
	echo "== [$who] ctest -R '$TESTS' -E '$SKIP'"
	ctest --test-dir "$build" --output-on-failure -R "$TESTS" -E "$SKIP" ||
		fail=1
	# the system's python3 first: a pyenv shim (a bash script) answers
	# 'python3 --version' too slowly under emulation (the 10 s probe)
	export PATH=/usr/local/bin:/usr/bin:/bin:$PATH
	echo "== [$who] versus run: nbody, c and python, small"
	local tmp
	tmp=$(mktemp -d)
	if "$build/bin/versus" run workloads/nbody.yaml --only c,python \
		--size small --runs 2 --no-progress -o "$tmp/results" \
		--build-root "$tmp/build" >"$tmp/out" 2>"$tmp/err"; then
		grep -q 'sandbox mode cgroup2' "$tmp/err" ||
			{ echo "FAIL [$who]: versus run not in mode cgroup2"; fail=1; }
		python3 - "$tmp/results" <<'PY' || fail=1
import json, pathlib, sys
files = list(pathlib.Path(sys.argv[1]).glob("*.json"))
assert len(files) == 1, f"want one result file, got {files}"
doc = json.loads(files[0].read_text())
st = {i["id"]: sorted({s["status"] for s in i["samples"]}) for i in doc["implementations"]}
bad = [{k: v for k, v in i.items() if k != "samples"}
       for i in doc["implementations"] if st[i["id"]] != ["OK"]]
assert st and not bad, f"statuses: {st}; {bad}"
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
# shared/ sits beside the clone (CI), or beside a folder above it (a git
# worktree under the clone's parent), or beside or above the local
# repository the clone was made from (a clone in mktemp -d)
find_vm() { # DIR: the first DIR/shared/tools/cgroup2-vm upwards, or fail
	local dir=$1
	while [ "$dir" != / ] && [ ! -x "$dir/shared/tools/cgroup2-vm" ]; do
		dir=$(dirname "$dir")
	done
	[ -x "$dir/shared/tools/cgroup2-vm" ] && echo "$dir/shared/tools/cgroup2-vm"
}
vm=${CGROUP2_VM:-}
if [ -z "$vm" ]; then
	vm=$(find_vm "$(dirname "$repo")") || vm=
	origin=$(git -C "$repo" config --get remote.origin.url 2>/dev/null || true)
	if [ -z "$vm" ] && [ -d "$origin" ]; then
		vm=$(find_vm "$(cd "$origin" && pwd)") || vm=
	fi
fi
if [ ! -x "$vm" ]; then
	echo "cgroup2.sh: no VM tool: shared/tools/cgroup2-vm must sit beside the repository ($(dirname "$repo")/shared), its origin, or a folder above them, or set CGROUP2_VM" >&2
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
