#!/usr/bin/env bash
# `run -o` names a folder for result files: a name that looks like a report
# file (out.md, x.json, page.html) is refused with a hint (--format, or
# `versus report -o`) and nothing is created, unless that folder already
# exists or the name ends in "/". Other names are taken as folders.
set -u
: "${VERSUS:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
missing=$tmp/no-such-manifest.yaml
refused() { # -o value, then a text the error must hold
	"$VERSUS" run -o "$1" "$missing" >"$tmp/out" 2>"$tmp/err"
	local rc=$?
	if [ $rc = 2 ] && grep -qF "looks like a file name" "$tmp/err" &&
		grep -qF -- "$2" "$tmp/err" && grep -qF "versus report -o $1" "$tmp/err" &&
		[ ! -e "$1" ]; then
		echo "ok: -o $1 refused"
	else
		echo "FAIL: -o $1: exit $rc, created: $([ -e "$1" ] && echo yes || echo no)"
		cat "$tmp/err"
		fail=1
	fi
}
taken() { # -o value: not refused for its name (the missing manifest is)
	"$VERSUS" run -o "$1" "$missing" >"$tmp/out" 2>"$tmp/err"
	if grep -qF "looks like a file name" "$tmp/err" || ! grep -qF "no-such-manifest" "$tmp/err"; then
		echo "FAIL: -o $1 should be taken as a folder"
		cat "$tmp/err"
		fail=1
	else
		echo "ok: -o $1 taken as a folder"
	fi
}
refused "$tmp/out.md" "'--format md > $tmp/out.md'"
refused "$tmp/x.json" "'--format json > $tmp/x.json'"
refused "$tmp/T.CSV" "'--format csv > $tmp/T.CSV'"
refused "$tmp/page.html" "after the run"
if grep -qF -- "--format html" "$tmp/err"; then
	echo "FAIL: run has no html format, yet the hint suggests it"
	fail=1
fi
refused "$tmp/notes.txt" "after the run"
mkdir "$tmp/old.md"
taken "$tmp/old.md"
taken "$tmp/new.md/"
taken "$tmp/results.v2"
taken "$tmp/results"
exit $fail
