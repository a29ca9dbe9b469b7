#!/bin/bash
# sandbox_cpus.sh: CPU pinning read from inside the run. A pinned run's
# allowed CPUs (sched_getaffinity and Cpus_allowed_list, printed by
# programs/cpus.c) are the ones chosen; an attempt to widen them fails or
# stays confined; the cgroup files are out of reach; the mechanism is in
# versus sandbox's JSON and in a versus run result (limits.cpus,
# limits.pinning); Go, the JVM and Node see N. As the caller, and, when the
# caller is root, again as an unprivileged user (nobody). Parts whose
# toolchain is missing are skipped (77 when nothing could run).
set -uo pipefail
: "${VERSUS:?}" "${VERSUS_SOURCE_DIR:?}" "${VERSUS_TEST_PROGRAMS:?}"
L=$VERSUS_SOURCE_DIR/tests/sandbox/programs/lang
tmp=$(mktemp -d /tmp/versus-cpus-XXXXXX)
chmod 0755 "$tmp"
trap 'rm -rf "$tmp"' EXIT
fails=0 passes=0 ran=0
ok() { echo "ok: $1"; passes=$((passes + 1)); ran=1; }
bad() { echo "FAIL: $1"; fails=$((fails + 1)); ran=1; }
have() { command -v "$1" >/dev/null 2>&1; }
# the runtimes' own view (Go, Java, Node) is checked on the host; under
# emulation (tests/ci/cgroup2.sh) building and starting them takes minutes
have_runtime() { [ -z "${VERSUS_TEST_EMULATED:-}" ] && have "$1"; }
[ -n "${VERSUS_TEST_EMULATED:-}" ] &&
	echo "skip: the runtimes' CPU counts (Go, Java, Node): emulated machine"
field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get(sys.argv[2], ""))' "$1" "$2"; }
# The rule of cpulist_choose: the lowest-numbered allowed CPUs but 0,
# CPU 0 only when needed; as a list.
choose() {
	python3 - "$1" <<'EOF'
import os, sys
n = int(sys.argv[1])
allowed = sorted(os.sched_getaffinity(0))
pick = [c for c in allowed if c != 0][:n]
if len(pick) < n and 0 in allowed:
    pick = [0] + pick
pick.sort()
out, i = [], 0
while i < len(pick):
    j = i
    while j + 1 < len(pick) and pick[j + 1] == pick[j] + 1:
        j += 1
    out.append(str(pick[i]) if i == j else "%d-%d" % (pick[i], pick[j]))
    i = j + 1
print(",".join(out))
EOF
}
nallowed=$(python3 -c 'import os; print(len(os.sched_getaffinity(0)))')
cp "$VERSUS_TEST_PROGRAMS/cpus" "$tmp/cpus"

# as: run "$@" as the caller (as "") or as user nobody (as nobody)
as=""
run_as() {
	if [ -n "$as" ]; then
		setpriv --reuid nobody --regid nogroup --clear-groups -- \
			env HOME="$tmp" "$@"
	else
		"$@"
	fi
}

# pinned_sandbox NAME N|LIST WANT [versus sandbox options]: the program
# sees WANT, widening fails or stays in WANT, cgroup files refused.
pinned_sandbox() {
	local name=$1 cpus=$2 want=$3
	shift 3
	rm -f "$tmp/o"
	run_as "$VERSUS" sandbox --cpus "$cpus" --stdout "$tmp/o" "$@" -- "$tmp/cpus" \
		>"$tmp/r.json" 2>"$tmp/err"
	local status pin got
	status=$(field "$tmp/r.json" status 2>/dev/null)
	pin=$(field "$tmp/r.json" pinning 2>/dev/null)
	got=$(field "$tmp/r.json" cpus 2>/dev/null)
	if [ "$status" != OK ] || [ "$got" != "$want" ] ||
		! grep -qx "affinity $want" "$tmp/o" ||
		! grep -qx "status $want" "$tmp/o" ||
		! grep -qx "after $want" "$tmp/o"; then
		bad "$name: status '$status', cpus '$got', want $want"
		cat "$tmp/o" "$tmp/err" | head -20
		return
	fi
	case $pin in
	cpuset-v1 | cpuset-v2) ;; # the kernel clips a widening to the cpuset
	affinity)
		grep -q '^widen refused' "$tmp/o" ||
			{ bad "$name: widening not refused under affinity"; return; } ;;
	*) bad "$name: pinning '$pin'"; return ;;
	esac
	if [ "$(field "$tmp/r.json" box)" != none ] && ! grep -q '^cpuset-files: refused' "$tmp/o"; then
		bad "$name: $(grep cpuset-files "$tmp/o")"
		return
	fi
	echo "   ($name: $pin, $(grep '^widen' "$tmp/o"), $(grep '^cpuset-files' "$tmp/o"))"
	ok "$name"
	last_pin=$pin
	last_files=$(grep '^cpuset-files' "$tmp/o")
}

one=$(choose 1)
for as in "" nobody; do
	if [ -n "$as" ]; then
		{ [ "$(id -u)" = 0 ] && have setpriv && id nobody >/dev/null 2>&1; } || continue
		chmod 0777 "$tmp"
	fi
	who=${as:-$(id -un)}
	pinned_sandbox "$who: --cpus 1" 1 "$one"
	pin_of_caller=$last_pin files_of_caller=$last_files
	pinned_sandbox "$who: --cpus $nallowed (all)" "$nallowed" "$(choose "$nallowed")"
	pinned_sandbox "$who: --cpus $one-$one (a list)" "$one-$one" "$one"
	pinned_sandbox "$who: --cgroups off: affinity" 1 "$one" --cgroups off
	[ "$last_pin" = affinity ] || bad "$who: --cgroups off pinned by '$last_pin'"
	if run_as "$VERSUS" sandbox --cpus $((nallowed + 1)) -- /bin/true >/dev/null 2>"$tmp/err"; then
		bad "$who: --cpus $((nallowed + 1)) accepted"
	elif grep -q "CPUs asked, but versus may use only $nallowed" "$tmp/err"; then
		ok "$who: --cpus $((nallowed + 1)) refused"
	else
		bad "$who: --cpus $((nallowed + 1)): $(cat "$tmp/err")"
	fi
	run_as "$VERSUS" doctor >"$tmp/doctor" 2>&1 # exits 1 on a problem
	if grep -q "cpu pinning *$pin_of_caller: " "$tmp/doctor"; then
		ok "$who: doctor says $pin_of_caller"
	else
		bad "$who: doctor: $(grep -A1 'cpu pinning' "$tmp/doctor")"
	fi

	# versus run: limits.cpus, the check's expected output is what a run
	# pinned to $one prints; the result records the CPUs and how
	if have cc || have gcc; then
		w=$tmp/w-${as:-caller}
		mkdir -p "$w/res"
		cp "$VERSUS_SOURCE_DIR/tests/sandbox/programs/cpus.c" "$w/cpus.c"
		widen="widen refused (Operation not permitted)"
		case $pin_of_caller in cpuset-*) widen="widen ok" ;; esac
		printf 'affinity %s\nstatus %s\nnprocs %s\n%s\nafter %s\n%s\n' "$one" "$one" \
			"$(getconf _NPROCESSORS_ONLN)" "$widen" "$one" "$files_of_caller" >"$w/expected.txt"
		cat >"$w/pin.yaml" <<EOF
schema: 1
workload: pin
baseline: c
limits: {cpus: 1}
checks:
  - expect: expected.txt
measure: {warmup: 0, min_runs: 2, max_runs: 2}
implementations:
  - {id: c, language: c, source: cpus.c}
EOF
		mkdir -p "$w-build"
		[ -n "$as" ] && chmod -R a+rwX "$w" "$w-build"
		if run_as "$VERSUS" run --no-progress --build-root "$w-build" -o "$w/res" "$w/pin.yaml" >"$w/out" 2>&1; then
			res=$(ls "$w"/res/pin-*.json | head -1)
			lim=$(python3 -c 'import json,sys; l=json.load(open(sys.argv[1]))["limits"]; print(l.get("cpus"), l.get("pinning"))' "$res")
			if [ "$lim" = "$one $pin_of_caller" ]; then
				ok "$who: versus run pinned to $one, recorded: $lim"
			else
				bad "$who: versus run recorded '$lim', want '$one $pin_of_caller'"
			fi
		else
			bad "$who: versus run with limits.cpus"
			head -20 "$w/out"
		fi
	fi
done
as=""

# Runtimes that size themselves from the CPUs they may use see 1.
rt() { # name needle -- sandbox args
	local name=$1 needle=$2
	shift 3
	# $L readable in the box wherever the clone is (see sandbox_langs.sh)
	"$VERSUS" sandbox --cpus 1 --wall-limit 120 --readable "$L" --stdout "$tmp/o" \
		"$@" >"$tmp/r.json" 2>"$tmp/err"
	if [ "$(field "$tmp/r.json" status)" = OK ] && grep -qx "$needle" "$tmp/o"; then
		ok "$name: $(cat "$tmp/o") ($(field "$tmp/r.json" pinning))"
	else
		bad "$name: want '$needle': $(cat "$tmp/o" "$tmp/err" | head -5)"
	fi
}
if have_runtime go; then
	mkdir -p "$tmp/go" "$tmp/gocache"
	"$VERSUS" sandbox --policy build --workdir "$tmp/go" --writable "$tmp" --readable "$L" \
		--env HOME="$tmp" --env GOCACHE="$tmp/gocache" --env GOPATH="$tmp/gopath" \
		--env GO111MODULE=off --wall-limit 300 --memory-limit 2GiB \
		-- "$(command -v go)" build -o "$tmp/go/ncpu" "$L/ncpu.go" >/dev/null 2>&1
	if [ -x "$tmp/go/ncpu" ]; then
		rt "go: runtime.NumCPU, GOMAXPROCS" "numcpu 1 gomaxprocs 1" -- "$tmp/go/ncpu"
		rt "go, affinity alone" "numcpu 1 gomaxprocs 1" -- --cgroups off -- "$tmp/go/ncpu"
	else
		bad "go: build of ncpu.go"
	fi
fi
if have_runtime javac && have_runtime java; then
	mkdir -p "$tmp/java"
	"$VERSUS" sandbox --policy build --env HOME="$tmp" --writable "$tmp" --readable "$L" \
		--memory-limit 2GiB --wall-limit 300 -- "$(command -v javac)" -d "$tmp/java" "$L/Ncpu.java" \
		>/dev/null 2>&1
	rt "java: availableProcessors" "processors 1" -- --memory-limit 2GiB --readable "$tmp/java" \
		-- "$(readlink -f "$(command -v java)")" -cp "$tmp/java" Ncpu
fi
if have_runtime node; then
	rt "node: os.availableParallelism" "parallelism 1" -- --memory-limit 2GiB -- "$(command -v node)" "$L/ncpu.js"
	rt "node, affinity alone" "parallelism 1" -- --cgroups off -- "$(command -v node)" "$L/ncpu.js"
fi
[ $ran -eq 0 ] && exit 77
echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
