#!/usr/bin/env bash
# Terminal and Markdown injection (issue 11): a manifest title, a program's
# output quoted in a WA reason and a compiler diagnostic that carry ESC,
# BEL and HTML reach neither the terminal nor a Markdown report raw, from
# `versus run` (table, md, stderr) or from `versus report`.
set -u
: "${VERSUS:?}" "${VERSUS_SOURCE_DIR:?}"
data="$VERSUS_SOURCE_DIR/tests/data/run"
for tool in cc python3; do
	command -v "$tool" >/dev/null || { echo "skip: no $tool"; exit 77; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
check() { # description, then a command that must succeed
	local what=$1
	shift
	if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; fail=1; fi
}
raw_controls() { # FILE: whether it holds ESC, BEL or a C1 CSI
	grep -qaP '\x1b|\x07|\xc2\x9b' "$1"
}

for fmt in table md; do
	"$VERSUS" run --no-progress --runners "$VERSUS_SOURCE_DIR/runners" \
		--build-root "$work/build" -o "$work/results-$fmt" --seed 3 \
		--format "$fmt" "$data/hostile.yaml" >"$work/$fmt.out" 2>"$work/$fmt.err"
	rc=$?
	check "run --format $fmt: exit 1 (WA and CE)" test "$rc" = 1
	check "run --format $fmt: no raw control bytes on stdout" \
		eval '! raw_controls "$work/$fmt.out"'
	check "run --format $fmt: no raw control bytes on stderr" \
		eval '! raw_controls "$work/$fmt.err"'
done
check "run: the WA reason is shown, escaped" \
	grep -qF '<img/src=x/onerror=alert(1)>\x1b]52;c;aGFja2Vk\x07' "$work/table.out"
check "run: the CE diagnostic is shown, escaped" \
	grep -qF '\x1b]0;pwned\x07' "$work/table.err"
check "run --format md: no raw HTML from the program" \
	eval '! grep -qF "<img" "$work/md.out"'
check "run --format md: the HTML is shown as text" \
	grep -qF '&lt;img/src=x/onerror=alert(1)&gt;\\x1b]52;c;aGFja2Vk\\x07' "$work/md.out"

for fmt in table md csv html; do
	"$VERSUS" report --format "$fmt" "$work/results-table" >"$work/r.$fmt" 2>"$work/r.err"
	check "report --format $fmt: no raw control bytes" \
		eval '! raw_controls "$work/r.$fmt"'
	case $fmt in md | html)
		check "report --format $fmt: no raw <img" \
			eval '! grep -qF "<img" "$work/r.$fmt"'
		;;
	esac
done
check "report: the title is shown, escaped" \
	grep -qF 'Hostile \x1b]52;c;aGFja2Vk\x07 title \x1b[2J' "$work/r.table"

[ "$fail" = 0 ] || { echo "--- table.out"; cat "$work/table.out"; echo "--- table.err"; cat "$work/table.err"; }
exit "$fail"
