#!/usr/bin/env bash
# A results folder that cannot take the result (a full 1 MiB tmpfs, or one
# remounted read-only while the run measures) must not lose the
# measurement: the table is printed, the result goes to a fallback file
# under $TMPDIR whose path is printed, and the exit code is 3.
# When $TMPDIR is full as well, the table is still printed and the record
# itself goes to stderr. Needs root (mount); skipped otherwise.
set -u
: "${VERSUS:?}" "${VERSUS_SOURCE_DIR:?}"
[ "$(id -u)" = 0 ] || { echo "skip: needs root to mount a tmpfs"; exit 77; }
command -v cc >/dev/null || { echo "skip: no cc"; exit 77; }
command -v python3 >/dev/null || { echo "skip: no python3"; exit 77; }
work=$(mktemp -d)
cleanup() {
	umount "$work/full" "$work/tmpfull" "$work/ro/out" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
fail=0
check() { # description, then a command that must succeed
	local what=$1
	shift
	if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; fail=1; fi
}
full_tmpfs() { # a 1 MiB tmpfs at $1, filled up
	mkdir -p "$1"
	mount -t tmpfs -o size=1m tmpfs "$1" || { echo "skip: cannot mount a tmpfs"; exit 77; }
	dd if=/dev/zero of="$1/fill" bs=4k count=1024 2>/dev/null
	true
}
full_tmpfs "$work/full"
mkdir "$work/tmp"
run() { # name, then environment assignments for versus
	local name=$1
	shift
	env "$@" "$VERSUS" run --no-progress --runs 2 --warmup 0 --seed 3 \
		--build-root "$work/build" -o "$work/full" \
		"$VERSUS_SOURCE_DIR/tests/data/run/tiny.yaml" \
		>"$work/$name.out" 2>"$work/$name.err"
	echo $? >"$work/$name.rc"
}

run full TMPDIR="$work/tmp"
check "full folder: exit code 3 (got $(cat "$work/full.rc"))" test "$(cat "$work/full.rc")" = 3
check "full folder: the error names ENOSPC" grep -q "No space left on device" "$work/full.err"
check "full folder: the table is printed" grep -qE "^a +c +OK" "$work/full.out"
saved=$(sed -n 's/^versus: the result is saved in \(.*\) instead.*/\1/p' "$work/full.err")
check "full folder: the fallback path is printed ($saved)" test -n "$saved"
check "full folder: the fallback file is under \$TMPDIR" test "$(dirname "$saved")" = "$work/tmp"
check "full folder: only the user may read the fallback file" \
	test "$(stat -c %a "$saved")" = 600
check "full folder: the fallback file holds every sample" \
	python3 - "$saved" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["workload"]["id"] == "tiny" and doc["complete"] is True
assert [len(i["samples"]) for i in doc["implementations"]] == [2, 2]
PY
check "full folder: nothing half-written is left in it" \
	test "$(ls -A "$work/full")" = fill

# A folder that turns read-only while the run measures (EROFS).
mkdir -p "$work/ro/src" "$work/ro/out"
mount -t tmpfs -o size=1m tmpfs "$work/ro/out" || { echo "skip: cannot mount a tmpfs"; exit 77; }
cat >"$work/ro/src/nap.c" <<'C'
#include <stdio.h>
#include <time.h>
int main(void)
{
	struct timespec t = {0, 100 * 1000 * 1000};
	nanosleep(&t, NULL);
	puts("rested");
	return 0;
}
C
printf 'schema: 1\nworkload: nap\nbaseline: c\nimplementations:\n  - {id: c, language: c, source: src/nap.c}\n' >"$work/ro/nap.yaml"
TMPDIR="$work/tmp" "$VERSUS" run --no-progress --runs 15 --warmup 0 \
	--build-root "$work/build" -o "$work/ro/out" "$work/ro/nap.yaml" \
	>"$work/ro.out" 2>"$work/ro.err" &
pid=$!
for _ in $(seq 200); do # the folder is checked before the seed is printed
	grep -q "^versus: seed" "$work/ro.err" 2>/dev/null && break
	sleep 0.05
done
mount -o remount,ro "$work/ro/out"
wait "$pid"
rc=$?
umount "$work/ro/out"
check "read-only folder: exit code 3 (got $rc)" test "$rc" = 3
check "read-only folder: the error names EROFS" grep -q "Read-only file system" "$work/ro.err"
check "read-only folder: the table is printed" grep -qE "^c +c +OK +15" "$work/ro.out"
check "read-only folder: the result is in \$TMPDIR" \
	grep -q "saved in $work/tmp/nap-.*\.json instead" "$work/ro.err"

# $TMPDIR full too: the table and the whole record still reach the user.
full_tmpfs "$work/tmpfull"
run both TMPDIR="$work/tmpfull"
check "both full: exit code 3" test "$(cat "$work/both.rc")" = 3
check "both full: the table is printed" grep -qE "^b +c +OK" "$work/both.out"
check "both full: the record is on stderr" \
	python3 - "$work/both.err" <<'PY'
import json, sys
text = open(sys.argv[1]).read()
start = text.index("here it is:\n") + len("here it is:\n")
doc, _ = json.JSONDecoder().raw_decode(text[start:])
assert [len(i["samples"]) for i in doc["implementations"]] == [2, 2]
PY
[ "$fail" = 0 ] || { cat "$work"/*.err; }
exit "$fail"
