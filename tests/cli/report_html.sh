#!/usr/bin/env bash
# report_html.sh: the HTML report rendered by a real browser. Renders the
# synthetic suite, loads the page in headless Chromium with networking
# switched off, and checks from the rendered DOM that the charts are there;
# takes a screenshot (kept in $VERSUS_BUILD_DIR/report_html.png to look at).
# Exit 77 (skipped) where Chromium is not installed.
set -u
: "${VERSUS:?path of the versus binary}" "${VERSUS_SOURCE_DIR:?}"
browser=""
for b in chromium chromium-browser google-chrome; do
	if command -v "$b" >/dev/null 2>&1; then browser=$(command -v "$b"); break; fi
done
[ -n "$browser" ] || { echo "skip: no chromium"; exit 77; }

tmp=$(mktemp -d /tmp/versus-report-html-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
page="$tmp/report.html"
shot="${VERSUS_BUILD_DIR:-$tmp}/report_html.png"
"$VERSUS" report --format html -o "$page" "$VERSUS_SOURCE_DIR/tests/data/results/suite" || {
	echo "FAIL: versus report --format html"; exit 1; }

chrome() {
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking --disable-component-update \
		--disable-sync --user-data-dir="$tmp/profile" "$@" "file://$page" 2>"$tmp/chrome.err"
}

chrome --dump-dom >"$tmp/dom.html"
rc=$?
[ $rc = 0 ] || { echo "FAIL: chromium --dump-dom exit $rc"; tail "$tmp/chrome.err"; exit 1; }
fail=0
need() { # need PATTERN MIN_COUNT WHAT
	local n
	n=$(grep -o -- "$1" "$tmp/dom.html" | wc -l)
	if [ "$n" -ge "$2" ]; then echo "ok: $3 ($n)"; else echo "FAIL: $3: $n, want >= $2"; fail=1; fi
}
need '<svg ' 9 "SVG charts in the rendered DOM"
need 'class="bar"' 12 "ratio and memory bars"
need 'class="whisker"' 10 "CI whiskers"
need 'class="sample"' 100 "sample dots"
need '<table class="summary">' 2 "suite summary tables"
need 'geometric mean' 2 "geometric-mean column"
need '<script' 0 "no script (count shown)"
if grep -q '<script' "$tmp/dom.html"; then echo "FAIL: the page has a script"; fail=1; fi

chrome --screenshot="$shot" --window-size=1280,2000
if [ -s "$shot" ] && [ "$(head -c 8 "$shot" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; then
	echo "ok: screenshot $shot ($(stat -c %s "$shot") bytes)"
else
	echo "FAIL: no screenshot"; fail=1
fi
[ $fail = 0 ] && echo "report_html: passed" || echo "report_html: failed"
exit $fail
