#!/bin/sh
# iter_check.sh FILE N [LO HI]: check that FILE holds a well-formed
# iteration-protocol stream (version 1) of exactly N iterations: an
# optional "start <ns>" first, then N "iter <ns>" lines, each optionally
# followed by "metric <name> <value> <unit>" lines (at most 16), every
# line ending in \n and at most 128 bytes. With LO and HI (CLOCK_MONOTONIC
# ns read before and after the program ran), a start line must be present
# and lie in [LO, HI]. Prints the first problem and exits 1; exits 0 and
# prints a one-line summary when the stream is good. A hand tool for the
# shipped implementations, not the orchestrator's parser.
set -eu

if [ $# -ne 2 ] && [ $# -ne 4 ]; then
	echo "usage: iter_check.sh FILE N [LO HI]" >&2
	exit 2
fi
file=$1
n=$2
lo=${3:-}
hi=${4:-}

if [ -s "$file" ] && [ "$(tail -c 1 "$file" | od -An -c | tr -d ' ')" != '\n' ]; then
	echo "iter_check: $file: last line does not end with a newline" >&2
	exit 1
fi

LC_ALL=C awk -v n="$n" -v lo="$lo" -v hi="$hi" -v file="$file" '
function fail(msg) {
	printf "iter_check: %s:%d: %s\n", file, NR, msg > "/dev/stderr"
	bad = 1
	exit 1
}
function ns_ok(v) {
	# 0 <= ns < 2^63: at most 19 digits, no leading zero but "0"
	return v ~ /^(0|[1-9][0-9]*)$/ && (length(v) < 19 || \
	       (length(v) == 19 && v "" <= "9223372036854775807"))
}
{
	if (length($0) + 1 > 128)
		fail("line longer than 128 bytes")
	if ($0 ~ /^start [^ ]+$/) {
		if (NR != 1)
			fail("start is not the first line")
		if (!ns_ok($2))
			fail("bad start value \"" $2 "\"")
		start = $2
		next
	}
	if ($0 ~ /^iter [^ ]+$/) {
		if (!ns_ok($2))
			fail("bad iter value \"" $2 "\"")
		iters++
		metrics = 0
		if (iters > n)
			fail("more than " n " iter lines")
		sum += $2
		if (iters == 1 || $2 + 0 < min)
			min = $2 + 0
		if ($2 + 0 > max)
			max = $2 + 0
		next
	}
	if ($0 ~ /^metric [a-z0-9_.-]+ [^ ]+ [A-Za-z%\/_]+$/) {
		if (iters == 0)
			fail("metric before the first iter line")
		if (length($2) > 32 || length($4) > 16)
			fail("metric name or unit too long")
		if ($3 !~ /^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$/)
			fail("bad metric value \"" $3 "\"")
		if (++metrics > 16)
			fail("more than 16 metric lines after one iter")
		next
	}
	fail("not a protocol line: \"" substr($0, 1, 40) "\"")
}
END {
	if (bad)
		exit 1
	if (iters != n) {
		printf "iter_check: %s: %d iter lines, expected %d\n", file, \
			iters, n > "/dev/stderr"
		exit 1
	}
	if (lo != "") {
		if (start == "") {
			printf "iter_check: %s: no start line\n", file > "/dev/stderr"
			exit 1
		}
		# compare as numbers of equal width: avoid float rounding
		if (length(start) != length(lo) || length(start) != length(hi) || \
		    start "" < lo "" || start "" > hi "") {
			printf "iter_check: %s: start %s not in [%s, %s]\n", file, \
				start, lo, hi > "/dev/stderr"
			exit 1
		}
	}
	printf "%s: %d iterations, min %.3f ms, mean %.3f ms, max %.3f ms%s\n", \
		file, iters, min / 1e6, sum / iters / 1e6, max / 1e6, \
		(start == "" ? ", no start" : ", start " start)
}' "$file"
