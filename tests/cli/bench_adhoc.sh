#!/usr/bin/env bash
# `versus bench`: ad-hoc comparison of command lines, driven as a user
# coming from hyperfine would. grep and awk printing the same count: an OK
# table and a result file; outputs that differ: WA, unless --no-check;
# grep with no match exits 1: RE, unless --ignore-failure; a -L sweep: one
# workload per value; --save-manifest, then `versus run` on it; `versus
# run 'grep -c x f'` points at bench; from a project folder, relative data
# paths are found (the folder is the runs' cwd, read-only), the programs
# are executed directly (not through env), a missing one is "command not
# found"; --ignore-failure's codes are said; --show-output shows stderr.
set -u
: "${VERSUS:?}"
command -v grep >/dev/null && command -v awk >/dev/null ||
	{ echo "skip: no grep or awk"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
check() { # description, then a command that must succeed
	local what=$1
	shift
	if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; fail=1; fi
}
printf 'x\nxx\ny\nx\nzx\n' >"$work/data.txt"
fast=(--runs 3 --warmup 0 --cgroups off --no-progress)
count_awk="awk '/x/ {n++} END {print n+0}'"

# Same output (4): OK, a table and one result file.
"$VERSUS" bench "${fast[@]}" -o "$work/r1" --input "$work/data.txt" \
	'grep -c x' "$count_awk" >"$work/out1" 2>"$work/err1"
rc=$?
cat "$work/out1" "$work/err1"
check "same count: exit 0" test "$rc" = 0
check "same count: grep OK" grep -qE '^grep +command +OK' "$work/out1"
check "same count: awk OK" grep -qE '^awk +command +OK' "$work/out1"
check "same count: one result file" \
	test "$(ls "$work/r1" | grep -c '^bench-.*\.json$')" = 1
check "result records the bench command" \
	grep -q '"bench"' "$work/r1"/bench-*.json

# Different outputs: WA (exit 1), with names; --no-check: OK.
"$VERSUS" bench "${fast[@]}" -o "$work/r2" --input "$work/data.txt" \
	-n count-x -n count-y 'grep -c x' "awk '/y/ {n++} END {print n+0}'" \
	>"$work/out2" 2>&1
rc=$?
cat "$work/out2"
check "differing outputs: exit 1" test "$rc" = 1
check "differing outputs: WA, named" \
	grep -qE '^count-y +command +WA' "$work/out2"
"$VERSUS" bench "${fast[@]}" -o "$work/r2" --input "$work/data.txt" \
	--no-check 'grep -c x' "awk '/y/ {n++} END {print n+0}'" \
	>"$work/out3" 2>&1
rc=$?
check "--no-check: exit 0" test "$rc" = 0
check "--no-check: awk OK" grep -qE '^awk +command +OK' "$work/out3"
check "--no-check: the table says outputs were not compared" \
	grep -q "outputs not compared" "$work/out3"
check "with the check: no such word" \
	sh -c '! grep -q "outputs not compared" "$1"' sh "$work/out2"

# grep with no match exits 1: RE; --ignore-failure: OK.
"$VERSUS" bench "${fast[@]}" -o "$work/r3" --input "$work/data.txt" \
	'grep -c nomatch' "awk '/nomatch/ {n++} END {print n+0}'" \
	>"$work/out4" 2>&1
rc=$?
check "grep no match: exit 1" test "$rc" = 1
check "grep no match: RE" grep -qE '^grep +command +RE' "$work/out4"
"$VERSUS" bench "${fast[@]}" -o "$work/r3" --input "$work/data.txt" \
	--ignore-failure 'grep -c nomatch' \
	"awk '/nomatch/ {n++} END {print n+0}'" >"$work/out5" 2>&1
rc=$?
cat "$work/out5"
check "--ignore-failure: exit 0" test "$rc" = 0
check "--ignore-failure: grep OK" grep -qE '^grep +command +OK' "$work/out5"

# -L: one workload per value, {pat} substituted.
"$VERSUS" bench "${fast[@]}" -o "$work/r4" --input "$work/data.txt" \
	-L pat x,y 'grep -c {pat}' "awk '/{pat}/ {n++} END {print n+0}'" \
	>"$work/out6" 2>&1
rc=$?
cat "$work/out6"
check "-L: exit 0" test "$rc" = 0
check "-L: two result files" \
	test "$(ls "$work/r4" | grep -c '\.json$')" = 2
check "-L: workload per value" \
	grep -q '^bench-pat-x ' "$work/out6"
check "-L: second value" grep -q '^bench-pat-y ' "$work/out6"

# --save-manifest, then versus run on it.
"$VERSUS" bench "${fast[@]}" -o "$work/r5" --input "$work/data.txt" \
	--save-manifest "$work/saved/cmp.yaml" 'grep -c x' "$count_awk" \
	>"$work/out7" 2>&1
rc=$?
check "--save-manifest: exit 0" test "$rc" = 0
check "--save-manifest: written" test -f "$work/saved/cmp.yaml"
"$VERSUS" run "${fast[@]}" -o "$work/r6" --allow-outside-project \
	"$work/saved/cmp.yaml" >"$work/out8" 2>&1
rc=$?
cat "$work/out8"
check "run on the saved manifest: exit 0" test "$rc" = 0
check "run on the saved manifest: awk OK" \
	grep -qE '^awk +command +OK' "$work/out8"

# A command given to run: pointed at bench, exit 2.
"$VERSUS" run 'grep -c x f' 'awk x' >"$work/out9" 2>&1
rc=$?
check "run 'CMD': exit 2" test "$rc" = 2
check "run 'CMD': points at bench" grep -q "versus bench" "$work/out9"

# --shell: a pipe works (without it, '|' is an argument: grep fails).
"$VERSUS" bench "${fast[@]}" -o "$work/r7" --input "$work/data.txt" \
	--shell 'grep x | wc -l' "$count_awk" >"$work/out11" 2>&1
rc=$?
check "--shell: exit 0" test "$rc" = 0
check "--shell: named after the program" \
	grep -qE '^grep +command +OK' "$work/out11"
"$VERSUS" bench "${fast[@]}" -o "$work/r7" --input "$work/data.txt" \
	'grep x | wc -l' "$count_awk" >"$work/out12" 2>&1
rc=$?
check "no shell: '|' is an argument, grep fails" test "$rc" = 1

# --setup, --prepare, --cleanup: on the host, outside the timing; prepare
# before each timed run and each warm-up but the validating first.
"$VERSUS" bench --runs 3 --warmup 2 --cgroups off --no-progress \
	-o "$work/r8" --input "$work/data.txt" \
	--setup "sh -c 'echo setup >>$work/hooks'" \
	--prepare "sh -c 'echo prepare >>$work/hooks'" \
	--cleanup "sh -c 'echo cleanup >>$work/hooks'" \
	'grep -c x' "$count_awk" >"$work/out13" 2>&1
rc=$?
cat "$work/out13"
check "hooks: exit 0" test "$rc" = 0
check "--setup once per command" test "$(grep -c setup "$work/hooks")" = 2
check "--prepare per run (2 x (1 + 3))" \
	test "$(grep -c prepare "$work/hooks")" = 8
check "--cleanup once per command" \
	test "$(grep -c cleanup "$work/hooks")" = 2
check "--setup first, --cleanup last" \
	test "$(head -1 "$work/hooks")/$(tail -1 "$work/hooks")" = setup/cleanup
"$VERSUS" bench "${fast[@]}" -o "$work/r8" --input "$work/data.txt" \
	--prepare false 'grep -c x' "$count_awk" >"$work/out14" 2>&1
rc=$?
check "failing --prepare: exit 1" test "$rc" = 1
check "failing --prepare: RE, said" \
	grep -q "RE --prepare 'false' exited with 1" "$work/out14"

# --show-output: each command's output before the table.
"$VERSUS" bench "${fast[@]}" -o "$work/r9" --input "$work/data.txt" \
	--show-output 'grep -c x' "awk '/x/ {n++} END {print n+0}'" \
	>"$work/out15" 2>&1
check "--show-output: grep's" grep -A1 -q '^output of grep' "$work/out15"
check "--show-output: the count" \
	test "$(grep -A1 '^output of awk' "$work/out15" | tail -1)" = 4

# Quoting errors are usage errors.
"$VERSUS" bench 'grep "x' 'awk x' >"$work/out10" 2>&1
rc=$?
check "unterminated quote: exit 2" test "$rc" = 2
check "unterminated quote: said" \
	grep -q "unterminated double quote" "$work/out10"
# Like hyperfine, from the folder holding the data: relative paths work.
mkdir -p "$work/proj"
cp "$work/data.txt" "$work/proj/data.txt"
(cd "$work/proj" && "$VERSUS" bench "${fast[@]}" -o "$work/r20" \
	'grep -c x data.txt' "awk '/x/ {n++} END {print n+0}' data.txt" \
	--show-output) >"$work/out20" 2>&1
rc=$?
cat "$work/out20"
check "relative data path: exit 0" test "$rc" = 0
check "relative data path: awk OK" grep -qE '^awk +command +OK' "$work/out20"
check "relative data path: the count" \
	test "$(grep -A1 '^output of grep' "$work/out20" | tail -1)" = 4
argv0=$(tr -d ' \n\t' <"$work/r20"/bench-*.json |
	grep -o '"run_argv":\["[^"]*"' | sed 's/.*\["//; s/"$//' | sort -u | tr '\n' ' ')
check "the programs themselves are run, not env ($argv0)" \
	sh -c 'case "$1" in */grep\ */awk\ |*/awk\ */grep\ ) exit 0;; esac; exit 1' sh "$argv0"
# The folder is read-only to the commands; nothing of theirs lands there.
(cd "$work/proj" && "$VERSUS" bench "${fast[@]}" -o "$work/r21" --no-check \
	--ignore-failure --show-output 'touch new.txt' 'cat data.txt') \
	>"$work/out21" 2>&1
rc=$?
cat "$work/out21"
check "read-only folder: exit 0 with --ignore-failure" test "$rc" = 0
check "read-only folder: touch created nothing" test ! -e "$work/proj/new.txt"
check "--show-output shows stderr" grep -q "Read-only file system" "$work/out21"
check "--ignore-failure: the exit code is said" \
	grep -qE "touch exited with code 1 in 3 of 3 runs" "$work/out21"
# --time-unit: every time of the table in that unit, as hyperfine's.
(cd "$work/proj" && "$VERSUS" bench "${fast[@]}" -o "$work/r24" \
	--time-unit s 'grep -c x data.txt' 'grep -c x data.txt') \
	>"$work/out25" 2>&1
check "--time-unit s: medians in seconds" \
	grep -qE '^grep +command +OK +3 +[0-9]+ +[0-9.]+ s ±' "$work/out25"
"$VERSUS" report --time-unit us "$work/r24" >"$work/out26" 2>&1
check "report --time-unit us" \
	grep -qE '^grep +command +OK +3 +[0-9]+ +[0-9.]+ us ±' "$work/out26"
"$VERSUS" report --time-unit minutes "$work/r24" >"$work/out27" 2>&1
check "--time-unit minutes: exit 2" test $? = 2
# As root the runs have a uid of their own: a folder closed to others is
# not their cwd, and bench says why instead of failing obscurely.
if [ "$(id -u)" = 0 ]; then
	mkdir -m 700 "$work/closed"
	(cd "$work/closed" && "$VERSUS" bench "${fast[@]}" -o "$work/r25" \
		pwd pwd) >"$work/out28" 2>&1
	check "closed folder: said, with the fix" \
		grep -q "closed to other users.*chmod o+rx" "$work/out28"
fi
# A program not on PATH: command not found, exit 2.
(cd "$work/proj" && "$VERSUS" bench "${fast[@]}" 'grep -c x data.txt' \
	'no-such-program-x data.txt') >"$work/out22" 2>&1
rc=$?
check "not on PATH: exit 2" test "$rc" = 2
check "not on PATH: command not found" \
	grep -q "command not found: 'no-such-program-x'" "$work/out22"
# The saved manifest keeps the folder: run from elsewhere, it still works.
(cd "$work/proj" && "$VERSUS" bench "${fast[@]}" -o "$work/r22" \
	--save-manifest "$work/saved2/rel.yaml" 'grep -c x data.txt' \
	"awk '/x/ {n++} END {print n+0}' data.txt") >"$work/out23" 2>&1
check "saved manifest: workdir" grep -q "^workdir: \"$work/proj\"" "$work/saved2/rel.yaml"
(cd / && "$VERSUS" run "${fast[@]}" -o "$work/r23" --allow-outside-project \
	"$work/saved2/rel.yaml") >"$work/out24" 2>&1
rc=$?
cat "$work/out24"
check "saved manifest run from /: exit 0" test "$rc" = 0
exit $fail
