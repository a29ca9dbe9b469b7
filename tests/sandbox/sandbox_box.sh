#!/bin/bash
# sandbox_box.sh: the box through 'versus sandbox' and 'versus doctor', as
# the caller is (root: the box uid) and, when root, as nobody (a user
# namespace): the view, a state-less HOME, the disk limit, the box key in
# the JSON, --box off, and the doctor's line. The attacks themselves are in
# check_sandbox_box.c. Skipped (77) where no box can be made.
set -uo pipefail
: "${VERSUS:?}" "${VERSUS_TEST_PROGRAMS:?}"
P=$VERSUS_TEST_PROGRAMS
fails=0
# in a folder the box sees (not /tmp), writable by nobody too
tmp=$(mktemp -d "${VERSUS_BUILD_DIR:-$PWD}/versus-box-XXXXXX")
chmod 1777 "$tmp"
trap 'rm -rf "$tmp"' EXIT
field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }
check() { # name expected actual
	if [ "$2" != "$3" ]; then
		echo "FAIL: $1: expected '$2', got '$3'"
		fails=$((fails + 1))
	else
		echo "ok: $1"
	fi
}

box=$("$VERSUS" sandbox -- /bin/true 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["box"])')
[ "$box" = none ] && { echo "skipped: no box here"; exit 77; }

as=("")
[ "$(id -u)" = 0 ] && as+=("setpriv --reuid=65534 --regid=65534 --clear-groups")
for who in "${as[@]}"; do
	name=${who:+nobody}
	name=${name:-$(id -un)}
	V=($who "$VERSUS")
	out=$tmp/out-$name
	want=$([ -n "$who" ] || [ "$(id -u)" != 0 ] && echo userns || echo root)
	"${V[@]}" sandbox --stdout "$out" -- /bin/sh -c 'pwd; echo "$HOME"; ls -A /tmp | tr "\n" " "; echo; id -u; cat /proc/1/comm 2>/dev/null || echo hidden; set -- /proc/[0-9]*; echo $#' >"$out.json" 2>"$out.err"
	check "$name: box" "$want" "$(field "$out.json" box)"
	check "$name: status" OK "$(field "$out.json" status)"
	mapfile -t lines <"$out"
	check "$name: cwd is the fresh work folder" /tmp/versus-run-box "${lines[0]}"
	check "$name: no HOME unless asked (versus sandbox)" "" "${lines[1]}"
	check "$name: a /tmp of its own" ".versus-shm .versus-var-tmp versus-run-box " "${lines[2]}"
	if [ "$want" = root ]; then
		[ "${lines[3]}" -ge 60000 ] && echo "ok: $name: box uid ${lines[3]}" || { echo "FAIL: uid ${lines[3]}"; fails=$((fails + 1)); }
	else
		check "$name: the caller's uid" "$(${who:-} id -u)" "${lines[3]}"
	fi
	# PID 1, the keeper, is there (its pid) but out of sight (hidepid)
	check "$name: PID 1, the keeper, is hidden" hidden "${lines[4]}"
	check "$name: only its own processes (sh)" 1 "${lines[5]}"
	# --home: HOME is the work folder; --workdir-read-only: input files
	# the program reads and cannot change
	"${V[@]}" sandbox --home --stdout "$out" -- /bin/sh -c 'echo "$HOME"' >/dev/null 2>&1
	check "$name: --home sets HOME to the work folder" /tmp/versus-run-box "$(cat "$out")"
	mkdir -p "$tmp/input-$name"
	echo data >"$tmp/input-$name/in"
	chmod -R a+rwX "$tmp/input-$name"
	"${V[@]}" sandbox --workdir "$tmp/input-$name" --workdir-read-only --stdout "$out" -- /bin/sh -c 'cat in; echo x >>in && echo wrote; echo x >new && echo made' >/dev/null 2>&1
	check "$name: --workdir-read-only: read, not written" data "$(cat "$out")"
	check "$name: --workdir-read-only: the input is as it was" data "$(cat "$tmp/input-$name/in")"
	# a note in the work folder is gone next run; the disk limit holds
	"${V[@]}" sandbox --stdout "$out" -- /bin/sh -c 'touch note /tmp/note /dev/shm/note' >/dev/null 2>&1
	"${V[@]}" sandbox --stdout "$out" -- /bin/sh -c 'ls note /tmp/note /dev/shm/note 2>&1 | grep -c "No such"' >/dev/null 2>&1
	check "$name: notes gone next run" 3 "$(cat "$out")"
	"${V[@]}" sandbox --disk-limit 4MiB --stdout "$out" -- /bin/sh -c 'head -c 8388608 /dev/zero > big; echo $?; wc -c < big' >/dev/null 2>&1
	mapfile -t lines <"$out"
	check "$name: a write past --disk-limit fails" 1 "${lines[0]}"
	[ "${lines[1]}" -le 4194304 ] && echo "ok: $name: at most 4 MiB written (${lines[1]})" || { echo "FAIL: ${lines[1]} bytes"; fails=$((fails + 1)); }
	# a build folder is writable, and what is written stays
	mkdir -p "$tmp/build-$name"
	[ -n "$who" ] && chown 65534:65534 "$tmp/build-$name"
	"${V[@]}" sandbox --workdir "$tmp/build-$name" -- /bin/sh -c 'echo built > out' >/dev/null 2>&1
	check "$name: --workdir is writable" built "$(cat "$tmp/build-$name/out" 2>/dev/null)"
	"${V[@]}" sandbox -- /bin/sh -c "echo x >> '$tmp/build-$name/out'" >/dev/null 2>&1
	check "$name: read-only to a run" built "$(cat "$tmp/build-$name/out" 2>/dev/null)"
	"${V[@]}" sandbox --box off -- /bin/true >"$out.json" 2>/dev/null
	check "$name: --box off" none "$(field "$out.json" box)"
	"${V[@]}" doctor >"$out.doctor" 2>&1
	grep -q "^  box  *$want" "$out.doctor" && echo "ok: $name: doctor's box line" || { echo "FAIL: $name: doctor"; cat "$out.doctor"; fails=$((fails + 1)); }
done
# As root the box runs as a uid of its own: a program and a build folder
# behind a folder only root may search (a checkout in a 0700 folder that is
# not /tmp, as CI may have) are still reached, read-only and writable.
if [ "$(id -u)" = 0 ]; then
	closed=$(mktemp -d "${VERSUS_BUILD_DIR:-$PWD}/closed.XXXXXX")
	chmod 700 "$closed"
	mkdir -m 755 "$closed/bin" "$closed/build"
	cp /bin/true "$closed/bin/t"
	"$VERSUS" sandbox -- "$closed/bin/t" >"$tmp/closed.json" 2>/dev/null
	check "root: a program behind a 0700 folder runs" OK "$(field "$tmp/closed.json" status)"
	"$VERSUS" sandbox --workdir "$closed/build" -- /bin/sh -c 'echo built > out' >/dev/null 2>&1
	check "root: a build folder behind a 0700 folder is writable" built "$(cat "$closed/build/out" 2>/dev/null)"
	# a user whose PATH names a folder it may not reach still runs
	setpriv --reuid=65534 --regid=65534 --clear-groups "$VERSUS" sandbox \
		--env "PATH=$closed/bin:/usr/bin:/bin" -- /bin/true >"$tmp/closed-user.json" 2>/dev/null
	check "nobody: a PATH entry it cannot reach is skipped" OK "$(field "$tmp/closed-user.json" status)"
	rm -rf "$closed"
	# the same inside a home the box covers: root's default build root is
	# ~/.cache/versus, and ~/.cache is 0700 (a home below /home here, so
	# that nothing of root's own is touched)
	home=$(mktemp -d /home/versus-test.XXXXXX)
	mkdir -m 700 "$home/.cache"
	mkdir -p -m 755 "$home/.cache/versus/w/c"
	cp /bin/true "$home/.cache/versus/w/c/main"
	"$VERSUS" sandbox -- "$home/.cache/versus/w/c/main" >"$tmp/home.json" 2>/dev/null
	check "root: a program in a home's 0700 cache folder runs" OK "$(field "$tmp/home.json" status)"
	rm -rf "$home"
fi
left=$(ls /tmp /dev/shm 2>/dev/null | grep -c '^note$')
check "nothing left in /tmp or /dev/shm" 0 "$left"
[ $fails -eq 0 ]
