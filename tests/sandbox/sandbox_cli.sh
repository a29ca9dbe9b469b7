#!/bin/bash
# sandbox_cli.sh: 'versus sandbox' and 'versus doctor' end to end: JSON
# fields, statuses, exit codes, flags; nothing left behind. Runs in every
# cgroup mode this machine offers (here: cgroup1 when root, and none).
set -uo pipefail
: "${VERSUS:?}" "${VERSUS_TEST_PROGRAMS:?}"
P=$VERSUS_TEST_PROGRAMS
fails=0
tmp=$(mktemp -d /tmp/versus-cli-XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# One field of the JSON record, as Python would print it (True/False).
# sed, not python3: a Python start-up per field made this test take
# minutes in the emulated cgroup2 VM. `versus sandbox` prints one field a
# line.
field() {
	local v
	v=$(sed -n "s/^ *\"$2\": *\(.*\)\$/\1/p" "$1" | sed 's/,$//; s/^"//; s/"$//')
	case $v in true) v=True ;; false) v=False ;; esac
	grep -q "^ *\"$2\":" "$1" && echo "$v"
}
check() { # name expected actual
	if [ "$2" != "$3" ]; then
		echo "FAIL: $1: expected '$2', got '$3'"
		fails=$((fails + 1))
	else
		echo "ok: $1"
	fi
}

modes=(off)
if "$VERSUS" sandbox --cgroups required -- /bin/true >/dev/null 2>&1; then
	modes+=(required)
fi

for m in "${modes[@]}"; do
	S=("$VERSUS" sandbox --cgroups "$m")
	want_mode=none
	if [ "$m" != off ]; then
		"${S[@]}" -- /bin/true >"$tmp/mode.json" 2>/dev/null
		want_mode=$(field "$tmp/mode.json" mode)
	fi
	"${S[@]}" -- true >"$tmp/o.json" 2>"$tmp/e"
	check "$m: exit 0 for OK" 0 $?
	check "$m: status OK" OK "$(field "$tmp/o.json" status)"
	check "$m: mode" "$want_mode" "$(field "$tmp/o.json" mode)"
	for k in exit_code signal wall_ns user_ns sys_ns cpu_ns peak_memory_bytes memory_source max_rss_bytes oom_kills orphans_killed stdout_bytes stderr_bytes output_truncated message; do
		field "$tmp/o.json" $k >/dev/null 2>&1 || { echo "FAIL: missing $k"; fails=$((fails + 1)); }
	done
	if [ "$m" = off ]; then
		check "$m: one warning in mode none" 1 "$(grep -c 'warning' "$tmp/e")"
	fi
	"${S[@]}" -- "$P/probe" exit 3 >"$tmp/o.json" 2>/dev/null
	check "$m: exit 0 when the program failed" 0 $?
	check "$m: RE" RE "$(field "$tmp/o.json" status)"
	check "$m: exit_code" 3 "$(field "$tmp/o.json" exit_code)"
	"${S[@]}" --cpu-limit 300ms -- "$P/cpu" forever >"$tmp/o.json" 2>/dev/null
	check "$m: TO" TO "$(field "$tmp/o.json" status)"
	"${S[@]}" --wall-limit 0.3 -- "$P/cpu" sleep 5 >"$tmp/o.json" 2>/dev/null
	check "$m: TW" TW "$(field "$tmp/o.json" status)"
	"${S[@]}" --output-limit 64KiB -- "$P/output" flood >"$tmp/o.json" 2>/dev/null
	check "$m: OL" OL "$(field "$tmp/o.json" status)"
	check "$m: OL truncated" True "$(field "$tmp/o.json" output_truncated)"
	"${S[@]}" -- /nonexistent >"$tmp/o.json" 2>/dev/null
	check "$m: XX for a missing program" XX "$(field "$tmp/o.json" status)"
	"${S[@]}" -- "$P/probe" syscall reboot >"$tmp/o.json" 2>/dev/null
	check "$m: SV" SV "$(field "$tmp/o.json" status)"
	"${S[@]}" --policy none -- "$P/probe" net >"$tmp/o.json" 2>/dev/null
	check "$m: policy none allows sockets" RE "$(field "$tmp/o.json" status)"
	echo hello >"$tmp/in"
	"${S[@]}" --stdin "$tmp/in" --stdout "$tmp/out" --env A=b -- cat >"$tmp/o.json" 2>/dev/null
	check "$m: --stdin/--stdout" hello "$(cat "$tmp/out")"
	"${S[@]}" --env X=y --stdout "$tmp/out" -- "$P/probe" env >/dev/null 2>&1
	check "$m: explicit environment" "X=y PATH=/usr/local/bin:/usr/bin:/bin" "$(tr '\n' ' ' <"$tmp/out" | sed 's/ $//')"
	mkdir -p "$tmp/wd"
	"${S[@]}" --workdir "$tmp/wd" --stdout "$tmp/out" -- pwd >/dev/null 2>&1
	check "$m: --workdir" "$tmp/wd" "$(cat "$tmp/out")"
	if [ "$m" = required ]; then
		"${S[@]}" --memory-limit 64MiB -- "$P/mem" grow >"$tmp/o.json" 2>/dev/null
		check "$m: ML" ML "$(field "$tmp/o.json" status)"
		"${S[@]}" --memory-limit 64MiB -- python3 -c 'b = bytearray(256 << 20)' >"$tmp/o.json" 2>/dev/null
		check "$m: ML in Python" ML "$(field "$tmp/o.json" status)"
	fi
done

# usage errors: exit 2
"$VERSUS" sandbox --memory-limit lots -- true >/dev/null 2>&1
check "bad size is a usage error" 2 $?
"$VERSUS" sandbox --policy open -- true >/dev/null 2>&1
check "bad policy is a usage error" 2 $?
"$VERSUS" sandbox >/dev/null 2>&1
check "no command is a usage error" 2 $?
"$VERSUS" sandbox -- no-such-command-anywhere >/dev/null 2>&1
check "unknown command is a usage error" 2 $?
"$VERSUS" sandbox --workdir-read-only -- true >/dev/null 2>&1
check "--workdir-read-only without --workdir is a usage error" 2 $?
"$VERSUS" sandbox --pipe-limit 10 -- true >/dev/null 2>&1
check "--pipe-limit without --pipe is a usage error" 2 $?
# the sandbox itself failing: exit 3
"$VERSUS" sandbox --stdin /nonexistent/in -- true >/dev/null 2>&1
check "unreadable stdin is a sandbox failure" 3 $?
"$VERSUS" sandbox --help | grep -q -- '--memory-limit'
check "help lists the options" 0 $?
"$VERSUS" doctor >"$tmp/doctor" 2>&1
rc=$?
grep -q "cgroup mode" "$tmp/doctor"
check "doctor reports the cgroup mode" 0 $?
[ "$rc" -le 1 ]
check "doctor exits 0 or 1" 0 $?

# SIGINT and SIGTERM tear the run down, cgroups included
for sig in INT TERM; do
	# a small tree (two children and the main process); the signal comes
	# once the main sleep is seen (fixed delays fail in an emulated VM,
	# where versus starts slowly). Not a fork bomb: its processes would
	# spin for the whole wait and starve the machine.
	"$VERSUS" sandbox -- /bin/sh -c "sleep 28.5 & sleep 28.5 & exec sleep 29.5" >"$tmp/o.json" 2>/dev/null &
	pid=$!
	for _ in $(seq 300); do
		pgrep -f '^sleep 29.5$' >/dev/null && break
		sleep 0.1
	done
	kill -$sig $pid
	wait $pid
	check "SIG$sig: exit 3" 3 $?
	sleep 0.2
	check "SIG$sig: nothing of the run is left" 0 "$(pgrep -f '^sleep (28|29)\.5$' | wc -l)"
	check "SIG$sig: no cgroup of that versus is left" "" \
		"$(find /sys/fs/cgroup -maxdepth 12 -name "versus-$pid-*" 2>/dev/null)"
done
# cgroups of versus processes still running (other users') are theirs; a
# user's cgroups sit deeper than root's (user@UID.service/app.slice/...)
left=0
for d in $(find /sys/fs/cgroup -maxdepth 12 -name 'versus-*' 2>/dev/null); do
	owner=$(basename "$d" | cut -d- -f2)
	[ -d "/proc/$owner" ] && continue
	# a versus that exited after find listed it removes it at exit
	sleep 1
	[ -d "$d" ] && { echo "left: $d"; left=$((left + 1)); }
done
check "no versus cgroup of a dead versus is left" 0 "$left"

echo "$((fails == 0 ? 1 : 0)) passed, $fails failed"
[ $fails -eq 0 ]
