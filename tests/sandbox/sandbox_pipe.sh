#!/bin/bash
# sandbox_pipe.sh: the side pipe ('versus sandbox --pipe FILE', the fd 3
# of iteration mode) as root (box uid) and, when root, as nobody (user
# namespace), with and without the box: what the program writes on fd 3
# and through /dev/fd/3 (how Java opens it) arrives in order; without
# --pipe fd 3 (and the report pipe at 4) are closed; the pipe belongs to
# the program's uid; an endless writer is OL, not a hang; a child writing
# after the main process ended never holds the run.
set -uo pipefail
: "${VERSUS:?}"
fails=0
# in a folder nobody may write (the box sees /tmp as its own)
tmp=$(mktemp -d "${VERSUS_BUILD_DIR:-/var/tmp}/versus-pipe-XXXXXX")
chmod 777 "$tmp"
trap 'rm -rf "$tmp"' EXIT

field() {
	sed -n "s/^ *\"$2\": *\(.*\)\$/\1/p" "$1" | sed 's/,$//; s/^"//; s/"$//'
}
check() { # name expected actual
	if [ "$2" != "$3" ]; then
		echo "FAIL: $1: expected '$2', got '$3'"
		fails=$((fails + 1))
	else
		echo "ok: $1"
	fi
}

as=("")
[ "$(id -u)" = 0 ] && as+=("setpriv --reuid=65534 --regid=65534 --clear-groups")
for who in "${as[@]}"; do
	for box in auto off; do
		name=${who:+nobody}
		name="${name:-$(id -un)} box $box"
		V=($who "$VERSUS" sandbox --box "$box")
		f=$tmp/$RANDOM
		"${V[@]}" --pipe "$f.pipe" --stdout "$f.out" -- /bin/sh -c \
			'echo "start 1" >&3; echo "iter 5" >/dev/fd/3;
			 echo "iter 6" >>/proc/self/fd/3;
			 [ "$(stat -L -c %u /proc/self/fd/3)" = "$(id -u)" ] && echo owner;
			 echo done' >"$f.json" 2>/dev/null
		check "$name: status" OK "$(field "$f.json" status)"
		check "$name: fd 3, /dev/fd/3, /proc/self/fd/3" \
			"start 1|iter 5|iter 6|" "$(tr '\n' '|' <"$f.pipe")"
		check "$name: pipe_bytes" 22 "$(field "$f.json" pipe_bytes)"
		check "$name: the pipe is the program's uid's" "owner|done|" \
			"$(tr '\n' '|' <"$f.out")"

		"${V[@]}" --stdout "$f.none" -- /bin/sh -c \
			'for fd in 3 4; do [ -e /proc/self/fd/$fd ] && echo "open $fd"; done; echo closed' \
			>"$f.json" 2>/dev/null
		check "$name: no --pipe: fds 3 and 4 closed" "closed" "$(cat "$f.none")"
		check "$name: no --pipe: no pipe field" "" "$(field "$f.json" pipe_bytes)"

		start=$(date +%s)
		"${V[@]}" --wall-limit 20 --pipe "$f.yes" -- /bin/sh -c \
			'yes iter 1 >&3' >"$f.json" 2>/dev/null
		check "$name: endless writer: OL" OL "$(field "$f.json" status)"
		check "$name: endless writer: overflow" true "$(field "$f.json" pipe_overflow)"
		check "$name: endless writer: 16 MiB kept" 16777216 "$(stat -c %s "$f.yes")"
		check "$name: endless writer: fast" yes \
			"$([ $(($(date +%s) - start)) -lt 15 ] && echo yes)"
		"${V[@]}" --wall-limit 20 --pipe "$f.lim" --pipe-limit 1000 -- \
			/bin/sh -c 'yes iter 1 >&3' >"$f.json" 2>/dev/null
		check "$name: --pipe-limit 1000: OL" OL "$(field "$f.json" status)"
		check "$name: --pipe-limit 1000: 1000 bytes kept" 1000 "$(stat -c %s "$f.lim")"

		start=$(date +%s)
		"${V[@]}" --wall-limit 20 --pipe "$f.late" -- /bin/sh -c \
			'(sleep 5; echo "iter 9" >&3) & echo "iter 1" >&3; exit 0' \
			>"$f.json" 2>/dev/null
		check "$name: late child: status" OK "$(field "$f.json" status)"
		check "$name: late child: not waited for" yes \
			"$([ $(($(date +%s) - start)) -lt 4 ] && echo yes)"
		check "$name: late child: what the main process wrote" "iter 1" \
			"$(cat "$f.late")"
	done
done
[ "$fails" = 0 ] || { echo "$fails failure(s)"; exit 1; }
